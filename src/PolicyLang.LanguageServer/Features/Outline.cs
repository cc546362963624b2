namespace PolicyLang.LanguageServer.Features
{
    /// <summary>Folding ranges of a document and the workspace's symbol search.</summary>
    public static class Outline
    {
        public const int MaxWorkspaceSymbols = 500;

        /// <summary>Blocks that span lines (folded up to the line before the closing brace) and runs of two or more comment lines.</summary>
        public static FoldingRange[] Folding(PolicySyntaxTree tree, CancellationToken cancellationToken)
        {
            var text = tree.Text;
            var ranges = new List<FoldingRange>();
            foreach (var declaration in tree.Declarations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var block in declaration.DescendantNodes().OfType<BlockSyntax>())
                {
                    if (block.CloseBrace.Text.Length == 0 || block.OpenBrace.Text.Length == 0) continue;
                    int startLine = text.GetLineIndex(declaration.AbsoluteSpan(block.OpenBrace).Start);
                    int endLine = text.GetLineIndex(declaration.AbsoluteSpan(block.CloseBrace).Start) - 1;
                    if (endLine > startLine) ranges.Add(new FoldingRange(startLine, endLine, null));
                }
            }
            int runStart = -1;
            for (int line = 0; line <= text.LineCount; line++)
            {
                bool comment = line < text.LineCount && IsCommentLine(text, line);
                if (comment && runStart < 0) runStart = line;
                else if (!comment && runStart >= 0)
                {
                    if (line - 1 > runStart) ranges.Add(new FoldingRange(runStart, line - 1, "comment"));
                    runStart = -1;
                }
            }
            return ranges.OrderBy(r => r.StartLine).ThenBy(r => r.EndLine).ToArray();
        }

        private static bool IsCommentLine(SourceText text, int line)
        {
            int i = text.LineStarts[line];
            int end = line + 1 < text.LineCount ? text.LineStarts[line + 1] : text.Length;
            while (i < end && (text[i] == ' ' || text[i] == '\t')) i++;
            return i < end && text[i] == '#';
        }

        /// <summary>Names declared in the open documents containing <paramref name="query"/> (ignoring case).</summary>
        public static SymbolInformation[] WorkspaceSymbols(PolicyWorkspace workspace, string query, CancellationToken cancellationToken)
        {
            var seen = new HashSet<(string, int)>();
            var result = new List<SymbolInformation>();
            foreach (var document in workspace.OpenDocuments.OrderBy(d => d.Uri, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var model = workspace.CompilationFor(document, cancellationToken).Model;
                foreach (var symbol in ModelSymbols.Named(model))
                {
                    var location = symbol.Location;
                    if (location.Text == null || !string.Equals(location.Path, document.Path, StringComparison.Ordinal)) continue;
                    var name = symbol is SegmentSymbol s ? s.QualifiedName : symbol.Name;
                    if (query.Length > 0 && name.IndexOf(query, StringComparison.OrdinalIgnoreCase) < 0) continue;
                    if (!seen.Add((location.Path, location.Span.Start))) continue;
                    result.Add(new SymbolInformation(symbol.Name, KindOf(symbol.Kind),
                        new Location(document.Uri, Conversions.ToRange(location.Text, location.Span)),
                        symbol is SegmentSymbol segment ? segment.Zone.Name : null));
                    if (result.Count >= MaxWorkspaceSymbols) return result.ToArray();
                }
            }
            return result.ToArray();
        }

        private static int KindOf(Semantics.SymbolKind kind) => kind switch
        {
            Semantics.SymbolKind.Policy => SymbolKindCode.Module,
            Semantics.SymbolKind.PrefixList => SymbolKindCode.Array,
            Semantics.SymbolKind.PortList => SymbolKindCode.Array,
            Semantics.SymbolKind.Service => SymbolKindCode.Interface,
            Semantics.SymbolKind.Class => SymbolKindCode.Class,
            Semantics.SymbolKind.Zone => SymbolKindCode.Namespace,
            Semantics.SymbolKind.Segment => SymbolKindCode.Struct,
            Semantics.SymbolKind.Baseline => SymbolKindCode.Package,
            _ => SymbolKindCode.Object,
        };
    }
}
