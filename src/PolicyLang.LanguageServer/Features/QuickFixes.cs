using PolicyLang.Diagnostics;

namespace PolicyLang.LanguageServer.Features
{
    /// <summary>Quick fixes for the document's own diagnostics that touch the requested range.</summary>
    public static class QuickFixes
    {
        private static readonly Regex s_didYouMean = new Regex("did you mean '([^']+)'\\?$", RegexOptions.CultureInvariant);
        private static readonly Regex s_hostBits = new Regex("^'([^']+)' has host bits set; did you mean '([^']+)'\\?$", RegexOptions.CultureInvariant);

        public static CodeAction[] For(OpenDocument document, IReadOnlyList<Diagnostic> diagnostics, TextSpan range)
        {
            var text = document.Tree.Text;
            var actions = new List<CodeAction>();
            foreach (var d in diagnostics)
            {
                if (!string.Equals(d.Path, document.Path, StringComparison.Ordinal)) continue;
                if (d.Span.End < range.Start || d.Span.Start > range.End) continue;
                var lsp = new LspDiagnostic(Conversions.ToRange(text, d.Span), Conversions.ToSeverity(d.Severity), d.Id,
                    new CodeDescription(d.Descriptor.HelpLink), "policylang", d.Message);
                switch (d.Id)
                {
                    case "NP1001":
                    {
                        var m = s_didYouMean.Match(d.Message);
                        if (!m.Success) break;
                        var name = m.Groups[1].Value;
                        actions.Add(Fix(document, "Replace with '" + name + "'", lsp, Conversions.ToRange(text, d.Span), name));
                        break;
                    }
                    case "NP2005":
                    {
                        var m = s_hostBits.Match(d.Message);
                        if (!m.Success) break;
                        var written = m.Groups[1].Value;
                        var intended = m.Groups[2].Value;
                        var span = d.Span;
                        var at = text.ToString(span).IndexOf(written, StringComparison.Ordinal);
                        if (at < 0) break;
                        span = new TextSpan(span.Start + at, written.Length);
                        actions.Add(Fix(document, "Replace with '" + intended + "'", lsp, Conversions.ToRange(text, span), intended));
                        break;
                    }
                    case "NP3001":
                    {
                        int firstLine = text.GetLineIndex(d.Span.Start);
                        int lastLine = text.GetLineIndex(Math.Max(d.Span.Start, d.Span.End - 1));
                        var end = lastLine + 1 < text.LineCount ? new Position(lastLine + 1, 0) : Conversions.ToPosition(text, text.Length);
                        actions.Add(Fix(document, "Delete the flow that never takes effect", lsp, new Range(new Position(firstLine, 0), end), ""));
                        break;
                    }
                }
            }
            return actions.ToArray();
        }

        private static CodeAction Fix(OpenDocument document, string title, LspDiagnostic diagnostic, Range range, string newText) =>
            new CodeAction(title, "quickfix", new[] { diagnostic }, true,
                new WorkspaceEdit(new Dictionary<string, TextEdit[]>(StringComparer.Ordinal) { [document.Uri] = new[] { new TextEdit(range, newText) } }));
    }
}
