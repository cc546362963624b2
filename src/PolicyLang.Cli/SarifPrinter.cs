using System.Text.Json;
using PolicyLang.Diagnostics;
using PolicyLang.Text;

namespace PolicyLang.Cli
{
    /// <summary>
    /// Diagnostics as a SARIF 2.1.0 log, the format CI systems show in pull requests: one run of policyc, the rules of the
    /// catalog that the results use (title, documentation, help, default level), and one result per diagnostic with its
    /// exact region (UTF-16 columns, 1-based, end exclusive), the places it speaks of as related locations, and a
    /// fingerprint that survives edits elsewhere in the file. Paths under the current folder are relative to SRCROOT.
    /// The output is byte-identical across runs: no timestamps, no machine names, stable order.
    /// </summary>
    public static class SarifPrinter
    {
        public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

        public static void Print(TextWriter output, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyDictionary<string, SourceText> texts)
        {
            var rules = diagnostics.Select(d => d.Descriptor).Distinct().OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
            var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
            var fingerprints = new DiagnosticFingerprint(path => ArtifactUri(path.Length > 0 ? path : ".").Uri, path => texts.TryGetValue(path, out var t) ? t : null);
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("$schema", SchemaUri);
                w.WriteString("version", "2.1.0");
                w.WriteStartArray("runs");
                w.WriteStartObject();
                WriteTool(w, rules);
                w.WriteStartObject("originalUriBaseIds");
                w.WriteStartObject("SRCROOT");
                w.WriteString("uri", FileUri(Path.GetFullPath(Environment.CurrentDirectory), directory: true));
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteString("columnKind", "utf16CodeUnits");
                w.WriteStartArray("results");
                foreach (var d in diagnostics)
                {
                    texts.TryGetValue(d.Path, out var text);
                    w.WriteStartObject();
                    w.WriteString("ruleId", d.Id);
                    w.WriteNumber("ruleIndex", ruleIndex[d.Id]);
                    w.WriteString("level", Level(d.Severity));
                    w.WriteStartObject("message");
                    w.WriteString("text", d.Message);
                    w.WriteEndObject();
                    if (d.Path.Length > 0)
                    {
                        w.WriteStartArray("locations");
                        w.WriteStartObject();
                        WritePhysicalLocation(w, d.Path, d.Span, text);
                        w.WriteEndObject();
                        w.WriteEndArray();
                    }
                    if (d.Related.Count > 0)
                    {
                        w.WriteStartArray("relatedLocations");
                        int id = 0;
                        foreach (var r in d.Related)
                        {
                            w.WriteStartObject();
                            w.WriteNumber("id", ++id);
                            texts.TryGetValue(r.Path, out var relatedText);
                            WritePhysicalLocation(w, r.Path, r.Span, relatedText);
                            w.WriteStartObject("message");
                            w.WriteString("text", r.Message);
                            w.WriteEndObject();
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                    }
                    w.WriteStartObject("partialFingerprints");
                    w.WriteString("policylang/v1", fingerprints.Of(d));
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        }

        private static void WriteTool(Utf8JsonWriter w, IReadOnlyList<DiagnosticDescriptor> rules)
        {
            var version = typeof(SarifPrinter).Assembly.GetName().Version;
            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", "policyc");
            w.WriteString("fullName", "PolicyLang compiler (policyc)");
            w.WriteString("informationUri", "https://policylang.dev/");
            if (version != null) w.WriteString("semanticVersion", version.Major + "." + version.Minor + "." + version.Build);
            w.WriteStartArray("rules");
            foreach (var r in rules)
            {
                w.WriteStartObject();
                w.WriteString("id", r.Id);
                w.WriteString("name", RuleName(r.Title));
                w.WriteStartObject("shortDescription");
                w.WriteString("text", r.Title);
                w.WriteEndObject();
                w.WriteStartObject("fullDescription");
                w.WriteString("text", r.Description);
                w.WriteEndObject();
                w.WriteString("helpUri", r.HelpLink);
                w.WriteStartObject("help");
                w.WriteString("text", r.Title + ". Message: " + r.MessageFormat.Replace("{{", "{").Replace("}}", "}") + ". " + r.Description
                    + " Run 'policyc explain " + r.Id + "' for this text offline.");
                w.WriteEndObject();
                w.WriteStartObject("defaultConfiguration");
                w.WriteString("level", Level(r.DefaultSeverity));
                w.WriteEndObject();
                w.WriteStartObject("properties");
                w.WriteString("category", r.Category);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static void WritePhysicalLocation(Utf8JsonWriter w, string path, TextSpan span, SourceText? text)
        {
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation");
            var (uri, relative) = ArtifactUri(path);
            w.WriteString("uri", uri);
            if (relative) w.WriteString("uriBaseId", "SRCROOT");
            w.WriteEndObject();
            if (text != null && span.End <= text.Length)
            {
                var start = text.GetLinePosition(span.Start);
                var end = text.GetLinePosition(span.End);
                w.WriteStartObject("region");
                w.WriteNumber("startLine", start.Line + 1);
                w.WriteNumber("startColumn", start.Character + 1);
                w.WriteNumber("endLine", end.Line + 1);
                w.WriteNumber("endColumn", end.Character + 1);
                w.WriteNumber("charOffset", span.Start);
                w.WriteNumber("charLength", span.Length);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        public static string Level(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "note",
            _ => "none",
        };

        /// <summary>"Unknown name" → "UnknownName": SARIF rule names are identifiers, the title stays the short description.</summary>
        private static string RuleName(string title)
        {
            var sb = new StringBuilder();
            bool upper = true;
            foreach (char c in title)
            {
                if (!char.IsLetterOrDigit(c)) { upper = true; continue; }
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            return sb.ToString();
        }

        /// <summary>
        /// A path under the current folder as a relative URI (against SRCROOT), anything else as an absolute file URI.
        /// Each segment is percent-encoded, so spaces and '#' stay part of the name.
        /// </summary>
        private static (string Uri, bool Relative) ArtifactUri(string path)
        {
            var full = Path.GetFullPath(path);
            var cwd = Path.GetFullPath(Environment.CurrentDirectory);
            var rel = Path.GetRelativePath(cwd, full).Replace('\\', '/');
            if (!rel.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(rel))
                return (string.Join("/", rel.Split('/').Select(Uri.EscapeDataString)), true);
            return (FileUri(full, directory: false), false);
        }

        private static string FileUri(string fullPath, bool directory)
        {
            var segments = fullPath.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString);
            var uri = "file://" + (fullPath.StartsWith("/", StringComparison.Ordinal) ? "" : "/") + string.Join("/", segments);
            return directory && !uri.EndsWith("/", StringComparison.Ordinal) ? uri + "/" : uri;
        }
    }
}
