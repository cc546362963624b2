namespace PolicyLang.LanguageServer.Features
{
    /// <summary>Finds the symbol whose name is written at a position: a declaration's name or a reference to it.</summary>
    public static class SymbolLookup
    {
        public static Symbol? At(PolicyModel model, string path, int offset, out TextSpan nameSpan)
        {
            foreach (var symbol in ModelSymbols.Named(model))
            {
                if (Hits(symbol.Location, path, offset))
                {
                    nameSpan = symbol.Location.Span;
                    return symbol;
                }
            }
            foreach (KeyValuePair<Symbol, IReadOnlyList<SourceLocation>> entry in model.References)
            {
                foreach (var location in entry.Value)
                {
                    if (Hits(location, path, offset) && ModelSymbols.WrittenAsName(location, entry.Key))
                    {
                        nameSpan = location.Span;
                        return entry.Key;
                    }
                }
            }
            nameSpan = default;
            return null;
        }

        /// <summary>Whether the cursor is on the name: inside it or just after its last character.</summary>
        private static bool Hits(SourceLocation location, string path, int offset) =>
            location.Text != null && offset >= location.Span.Start && offset <= location.Span.End
            && string.Equals(location.Path, path, StringComparison.Ordinal);
    }
}
