using System.Text.Json;
using PolicyLang.Diagnostics;
using PolicyLang.Emit.State;
using PolicyLang.Operations;
using PolicyLang.Review;

namespace PolicyLang.Cli.Commands
{
    /// <summary>
    /// <c>policyc report [paths…] [--state DIR] -o report.html</c>: the compliance report of a policy as one
    /// self-contained HTML file (and the zone graph as Graphviz DOT beside it), or <c>--format json</c> for other tools.
    /// </summary>
    public static class ReportCommand
    {
        public static Command Create(CliContext context)
        {
            var paths = CommonOptions.Paths("Policy files or folders holding one policy. Default: the current folder.");
            var state = new Option<string>("--state") { Description = "A folder of exported running state (as for policyc verify): the report then shows the drift per device." };
            var output = new Option<string>("--output", "-o") { Description = "The report file (html: also writes the zone graph as FILE.dot). json without -o prints to standard output." };
            var format = new Option<string>("--format") { Description = "html (the default) or json.", DefaultValueFactory = _ => "html" };
            format.AcceptOnlyFromAmong("html", "json");
            var command = CommonOptions.Command("report",
                "Write the policy's compliance report: the zone-to-zone reachability matrix with the deciding flows, a zone graph (SVG, and Graphviz DOT), "
                + "assertion and test results, per-target coverage with rule counts, and with --state the drift per device.",
                paths, state, output, format);
            command.SetAction(parse => Run(context, parse.PathsOf(paths), parse.GetValue(state), parse.GetValue(output), parse.GetValue(format) ?? "html"));
            return command;
        }

        public static int Run(CliContext context, string[] paths, string? stateDir, string? output, string format)
        {
            if (format == "html" && string.IsNullOrEmpty(output))
            {
                context.Error.WriteLine("policyc: error: the html report needs -o FILE");
                return ExitCodes.UsageOrIoError;
            }
            if (stateDir != null && !Directory.Exists(stateDir))
            {
                context.Error.WriteLine("policyc: error: the state folder '" + stateDir + "' does not exist");
                return ExitCodes.UsageOrIoError;
            }
            if (PolicyLoader.TryLoadOne(context, paths, "report", "text", out var compilation, out _) is int stop) return stop;
            VerificationResult? drift = null;
            ComplianceReport report;
            try
            {
                if (stateDir != null)
                {
                    var states = VerifyCommand.ReadStates(context, compilation, stateDir, Array.Empty<string>(), out var failed);
                    if (failed) return ExitCodes.UsageOrIoError;
                    drift = StateVerification.Verify(compilation, states, strays: VerifyCommand.StrayEntries(compilation, stateDir, everyTarget: true));
                }
                report = ComplianceReport.Create(compilation, drift);
            }
            catch (Exception e) when (stateDir != null && VerifyCommand.ReadFailure(e) is { } io)
            {
                return VerifyCommand.ReadFailed(context, io, "report");
            }
            try
            {
                if (format == "json")
                {
                    var json = Json(report);
                    if (string.IsNullOrEmpty(output)) context.Out.Write(json);
                    else WriteAtomically(output!, json);
                }
                else
                {
                    WriteAtomically(output!, ReportHtml.Render(report));
                    var dot = Path.ChangeExtension(output!, ".dot");
                    WriteAtomically(dot, report.Dot());
                    context.Out.WriteLine("wrote " + CliContext.DisplayPath(output!) + " and " + CliContext.DisplayPath(dot));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine("policyc: error: cannot write the report: " + e.Message);
                return ExitCodes.UsageOrIoError;
            }
            return ExitCodes.Success;
        }

        /// <summary>Writes a file through a temporary one beside it, so a reader never sees half a report.</summary>
        private static void WriteAtomically(string path, string text)
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
            File.WriteAllText(temp, text, new UTF8Encoding(false));
            File.Move(temp, full, overwrite: true);
        }

        private static string Json(ComplianceReport r)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("policy", r.Policy);
                w.WriteString("policyHash", r.PolicyHash);
                w.WriteString("defaultAction", r.DefaultAction);
                w.WriteStartArray("zones");
                foreach (var z in r.Zones)
                {
                    w.WriteStartObject();
                    w.WriteString("name", z.Name);
                    w.WriteBoolean("external", z.IsExternal);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("matrix");
                foreach (var c in r.Cells)
                {
                    w.WriteStartObject();
                    w.WriteString("from", c.From.Name);
                    w.WriteString("to", c.To.Name);
                    w.WriteStartArray("services");
                    foreach (var s in c.Services) w.WriteStringValue(s);
                    w.WriteEndArray();
                    w.WriteBoolean("moreServices", c.MoreServices);
                    WriteFlows(w, "allowedBy", c.AllowedBy);
                    WriteFlows(w, "deniedBy", c.DeniedBy);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("results");
                foreach (var (kind, text, result, location) in r.Results)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", kind);
                    w.WriteString("statement", text);
                    w.WriteString("result", result);
                    w.WriteString("at", location.Display);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("baselines");
                foreach (var b in r.Baselines)
                {
                    w.WriteStartObject();
                    w.WriteString("name", b.Name);
                    if (b.Title != null) w.WriteString("title", b.Title);
                    if (b.Reference != null) w.WriteString("reference", b.Reference);
                    w.WriteString("at", b.ImportedFrom);
                    w.WriteNumber("holds", b.Holds);
                    w.WriteNumber("fails", b.Fails);
                    w.WriteNumber("other", b.Other);
                    w.WriteStartArray("checksNothing");
                    foreach (var u in b.Unapplied) w.WriteStringValue(u);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("coverage");
                foreach (var t in r.Coverage)
                {
                    w.WriteStartObject();
                    w.WriteString("target", t.Target);
                    w.WriteString("platform", t.Platform);
                    w.WriteStartArray("zones");
                    foreach (var z in t.Zones) w.WriteStringValue(z);
                    w.WriteEndArray();
                    w.WriteStartArray("files");
                    foreach (var (file, rules) in t.Files)
                    {
                        w.WriteStartObject();
                        w.WriteString("file", file);
                        if (rules != null) w.WriteNumber("rules", rules.Value); else w.WriteNull("rules");
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteString("budget", t.Budget);
                    w.WriteNumber("verbatimLines", t.VerbatimLines);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (r.Drift != null)
                {
                    w.WriteStartArray("drift");
                    foreach (var d in r.Drift.Devices)
                    {
                        w.WriteStartObject();
                        w.WriteString("target", d.Target);
                        w.WriteString("device", d.Device);
                        w.WriteString("platform", d.Platform);
                        w.WriteBoolean("clean", d.IsClean);
                        w.WriteNumber("exposures", d.Findings.Count(f => f.Kind == DriftKind.Exposure));
                        w.WriteNumber("outages", d.Findings.Count(f => f.Kind == DriftKind.Outage));
                        w.WriteNumber("treatment", d.Findings.Count(f => f.Kind == DriftKind.Treatment));
                        w.WriteNumber("unreadable", d.Findings.Count(f => f.Kind == DriftKind.Unreadable));
                        // Each finding as verify reports it, with the policy's decision for its witness (the flow it breaks).
                        w.WriteStartArray("findings");
                        foreach (var x in d.Diagnostics)
                        {
                            w.WriteStartObject();
                            w.WriteString("code", x.Id);
                            w.WriteString("severity", DiagnosticFormatter.Severity(x.Severity));
                            w.WriteString("message", x.Message);
                            if (x.Related.Count > 0) w.WriteString("policy", x.Related[0].Message);
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
        }

        /// <summary>A named array of flows: each as written and where ("flows.netpolicy(16,1)").</summary>
        private static void WriteFlows(Utf8JsonWriter w, string name, IEnumerable<Semantics.FlowRule> flows)
        {
            w.WriteStartArray(name);
            foreach (var f in flows)
            {
                w.WriteStartObject();
                w.WriteString("flow", PolicyQuery.Written(f));
                w.WriteString("at", CliContext.DisplayPath(f.Location.Path) + Position(f));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static string Position(Semantics.FlowRule f)
        {
            var p = f.Location.Text.GetLinePosition(f.Location.Span.Start);
            return "(" + (p.Line + 1).ToString(CultureInfo.InvariantCulture) + "," + p.Column.ToString(CultureInfo.InvariantCulture) + ")";
        }
    }
}
