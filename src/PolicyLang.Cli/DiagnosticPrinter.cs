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
            // A path is shown the same way for each of its diagnostics: worked out once (a large policy has thousands).
            var shown = new Dictionary<string, string>(System.StringComparer.Ordinal);
            string Display(string path)
            {
                if (path.Length == 0) return "";
                if (!shown.TryGetValue(path, out var display)) shown[path] = display = CliContext.DisplayPath(path);
                return display;
            }
            var ordered = diagnostics.OrderBy(d => Display(d.Path), System.StringComparer.Ordinal).ThenBy(d => d).ToList();
            if (format == "json")
            {
                PrintJson(output, ordered, texts, Display);
                return;
            }
            if (format == "sarif")
            {
                SarifPrinter.Print(output, ordered, texts);
                return;
            }
            // Lines are written in blocks, not one by one: the console flushes every line it is given (a write to the
            // terminal or pipe each), and a check of a large policy prints thousands.
            var block = new System.Text.StringBuilder();
            foreach (var d in ordered)
            {
                texts.TryGetValue(d.Path, out var text);
                block.Append(DiagnosticFormatter.Format(d, text, Display(d.Path))).Append(output.NewLine);
                if (related)
                {
                    foreach (var r in d.Related)
                    {
                        texts.TryGetValue(r.Path, out var relatedText);
                        block.Append("  ").Append(DiagnosticFormatter.Prefix(Display(r.Path), r.Span, relatedText)).Append(r.Message).Append(output.NewLine);
                    }
                }
                if (block.Length >= BlockSize)
                {
                    output.Write(block.ToString());
                    block.Clear();
                }
            }
            if (block.Length > 0) output.Write(block.ToString());
        }

        private const int BlockSize = 64 * 1024;

        private static void PrintJson(TextWriter output, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyDictionary<string, SourceText> texts, Func<string, string> display)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteStartArray("diagnostics");
                foreach (var d in diagnostics)
                {
                    w.WriteStartObject();
                    w.WriteString("path", display(d.Path));
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
