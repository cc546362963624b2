using System.Text.Json;
using PolicyLang.Diagnostics;
using PolicyLang.Text;

namespace PolicyLang.Cli
{
    /// <summary>Prints diagnostics in the canonical text form or as JSON.</summary>
    public static class DiagnosticPrinter
    {
        /// <param name="related">In text, each diagnostic's related locations follow it on indented lines (verify: the flow of the
        /// policy that decides the witness, so a finding names the flow it breaks).</param>
        public static void Print(TextWriter output, IEnumerable<Diagnostic> diagnostics, IReadOnlyDictionary<string, SourceText> texts, string format,
            bool related = false)
        {
            var ordered = diagnostics.OrderBy(d => CliContext.DisplayPath(d.Path), System.StringComparer.Ordinal).ThenBy(d => d).ToList();
            if (format == "json")
            {
                PrintJson(output, ordered, texts);
                return;
            }
            if (format == "sarif")
            {
                SarifPrinter.Print(output, ordered, texts);
                return;
            }
            foreach (var d in ordered)
            {
                texts.TryGetValue(d.Path, out var text);
                output.WriteLine(DiagnosticFormatter.Format(d, text, d.Path.Length > 0 ? CliContext.DisplayPath(d.Path) : ""));
                if (!related) continue;
                foreach (var r in d.Related)
                {
                    texts.TryGetValue(r.Path, out var relatedText);
                    output.WriteLine("  " + DiagnosticFormatter.Prefix(r.Path.Length > 0 ? CliContext.DisplayPath(r.Path) : "", r.Span, relatedText) + r.Message);
                }
            }
        }

        private static void PrintJson(TextWriter output, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyDictionary<string, SourceText> texts)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteStartArray("diagnostics");
                foreach (var d in diagnostics)
                {
                    w.WriteStartObject();
                    w.WriteString("path", d.Path.Length > 0 ? CliContext.DisplayPath(d.Path) : "");
                    if (texts.TryGetValue(d.Path, out var text) && d.Span.End <= text.Length)
                    {
                        var start = text.GetLinePosition(d.Span.Start);
                        var end = text.GetLinePosition(d.Span.End);
                        w.WriteNumber("line", start.Line + 1);
                        w.WriteNumber("column", start.Column);
                        w.WriteNumber("endLine", end.Line + 1);
                        w.WriteNumber("endColumn", end.Column);
                        w.WriteNumber("offset", d.Span.Start);
                        w.WriteNumber("length", d.Span.Length);
                    }
                    w.WriteString("severity", DiagnosticFormatter.Severity(d.Severity));
                    w.WriteString("code", d.Id);
                    w.WriteString("message", d.Message);
                    w.WriteString("helpUri", d.Descriptor.HelpLink);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteNumber("errors", diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
                w.WriteNumber("warnings", diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning));
                w.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        }

        public static string Summary(IReadOnlyCollection<Diagnostic> diagnostics, int files)
        {
            int errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            int warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
            return $"{Plural(errors, "error")}, {Plural(warnings, "warning")} in {Plural(files, "file")}";
        }

        private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
    }
}
