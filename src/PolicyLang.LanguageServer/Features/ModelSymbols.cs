namespace PolicyLang.LanguageServer.Features
{
    /// <summary>The symbols an editor can point at by name.</summary>
    public static class ModelSymbols
    {
        /// <summary>
        /// Every declared name of a model: <see cref="PolicyModel.AllSymbols"/> and the baselines, which it leaves out (a
        /// baseline's name is never referenced, but it is declared, hovered, outlined and found by workspace symbols).
        /// </summary>
        public static IEnumerable<Symbol> Named(PolicyModel model) => model.AllSymbols().Concat(model.Baselines);

        /// <summary>
        /// Whether a reference is written as the symbol's name (or the name quoted). A <c>zones with …</c> selector references
        /// every zone it picks over its whole text: that is no place the name stands, so lookups by position, colouring and
        /// renaming pass it by (<see cref="Constructs"/> answers for the selector).
        /// </summary>
        public static bool WrittenAsName(SourceLocation location, Symbol symbol)
        {
            int length = location.Span.Length;
            if (location.Text == null || (length != symbol.Name.Length && length != symbol.Name.Length + 2)) return false;
            var written = location.Text.ToString(location.Span);
            return string.Equals(written, symbol.Name, StringComparison.Ordinal) || string.Equals(written, "\"" + symbol.Name + "\"", StringComparison.Ordinal);
        }
    }
}
