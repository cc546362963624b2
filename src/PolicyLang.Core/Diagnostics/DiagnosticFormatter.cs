using PolicyLang.Text;

namespace PolicyLang.Diagnostics
{
    /// <summary>The canonical one-line form that MSBuild, editors and CI annotators parse: <c>path(line,col): error NP0012: message</c>.</summary>
    public static class DiagnosticFormatter
    {
        public static string Severity(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "info",
            _ => "hidden",
        };

        /// <summary>Formats with a one-based line and column when the text is known, else with the path alone.</summary>
        public static string Format(Diagnostic diagnostic, SourceText? text, string? displayPath = null) =>
            Prefix(displayPath ?? diagnostic.Path, diagnostic.Span, text) + Severity(diagnostic.Severity) + " " + diagnostic.Id + ": " + diagnostic.Message;

        /// <summary><c>path(line,col): </c> of a span (one-based line) when the text is known, <c>path: </c> without it, and
        /// nothing without a path or text: the location part of <see cref="Format"/>, also used for related locations.</summary>
        public static string Prefix(string path, TextSpan span, SourceText? text)
        {
            string location = path;
            if (text != null && span.Start <= text.Length)
            {
                var p = text.GetLinePosition(span.Start);
                location = string.Format(CultureInfo.InvariantCulture, "{0}({1},{2})", path, p.Line + 1, p.Column);
            }
            return location.Length > 0 ? location + ": " : "";
        }
    }
}
