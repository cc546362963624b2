namespace PolicyLang.LanguageServer.Features
{
    /// <summary>
    /// Where a symbol is declared and referenced: in the document's own policy (its imports included) and in every
    /// other open document whose policy sees the same declaration (files that import the declaring file).
    /// </summary>
    public sealed class SymbolOccurrences
    {
        private SymbolOccurrences(Symbol symbol, IReadOnlyList<SourceLocation> declaration, IReadOnlyList<SourceLocation> references, IReadOnlyList<PolicyCompilation> compilations)
        {
            Symbol = symbol;
            Declaration = declaration;
            References = references;
            Compilations = compilations;
        }

        public Symbol Symbol { get; }
        public IReadOnlyList<SourceLocation> Declaration { get; }
        public IReadOnlyList<SourceLocation> References { get; }

        /// <summary>The compilations that see the declaration (for checking a new name against each).</summary>
        public IReadOnlyList<PolicyCompilation> Compilations { get; }

        public static SymbolOccurrences? Find(PolicyWorkspace workspace, OpenDocument document, int offset, CancellationToken cancellationToken)
        {
            var compilation = workspace.CompilationFor(document, cancellationToken);
            var symbol = SymbolLookup.At(compilation.Model, document.Path, offset, out _);
            if (symbol == null || symbol.Location.Text == null) return null;
            var path = symbol.Location.Path;
            var start = symbol.Location.Span.Start;
            var seen = new HashSet<(string, int)>();
            var declaration = new List<SourceLocation>();
            var references = new List<SourceLocation>();
            var seeing = new List<PolicyCompilation>();
            var compilations = new List<PolicyCompilation> { compilation };
            foreach (var other in workspace.OpenDocuments)
            {
                if (string.Equals(other.Uri, document.Uri, StringComparison.Ordinal)) continue;
                cancellationToken.ThrowIfCancellationRequested();
                compilations.Add(workspace.CompilationFor(other, cancellationToken));
            }
            foreach (var c in compilations)
            {
                var same = ModelSymbols.Named(c.Model).FirstOrDefault(s => s.Kind == symbol.Kind && s.Location.Text != null
                    && s.Location.Span.Start == start && string.Equals(s.Location.Path, path, StringComparison.Ordinal));
                if (same == null) continue;
                seeing.Add(c);
                if (seen.Add((path, start))) declaration.Add(same.Location);
                if (!c.Model.References.TryGetValue(same, out var locations)) continue;
                foreach (var l in locations)
                    if (l.Text != null && seen.Add((l.Path, l.Span.Start))) references.Add(l);
            }
            references.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path) is var p && p != 0 ? p : a.Span.Start.CompareTo(b.Span.Start));
            return new SymbolOccurrences(symbol, declaration, references, seeing);
        }
    }
}
