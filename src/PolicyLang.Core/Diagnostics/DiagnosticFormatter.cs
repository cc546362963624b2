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
        public static string Format(Diagnostic diagnostic, SourceText? text, string? displayPath = null)
        {
            var path = displayPath ?? diagnostic.Path;
            string location = path;
            if (text != null && diagnostic.Span.Start <= text.Length)
            {
                var p = text.GetLinePosition(diagnostic.Span.Start);
                location = string.Format(CultureInfo.InvariantCulture, "{0}({1},{2})", path, p.Line + 1, p.Column);
            }
            var prefix = location.Length > 0 ? location + ": " : "";
            return prefix + Severity(diagnostic.Severity) + " " + diagnostic.Id + ": " + diagnostic.Message;
        }
    }
}
