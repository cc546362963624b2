using System.Text.Json;
using PolicyLang.Review;
using PolicyLang.Semantics;

namespace PolicyLang.Cli.Commands
{
    /// <summary><c>policyc query [paths…] --from X --to Y [--service S]</c>: what the policy does with that traffic, and why.</summary>
    public static class QueryCommand
    {
        /// <summary>Lines of a piece's traffic printed before "and N more".</summary>
        public const int MaxLines = 8;

        /// <summary>Prefixes of an address set printed before "and N more prefixes" (the JSON output lists them all).</summary>
        public const int MaxPrefixes = 8;

        public static Command Create(CliContext context)
        {
            var paths = CommonOptions.Paths("Policy files or folders holding one policy. Default: the current folder.");
            var from = new Option<string>("--from") { Description = "Source: 'any', a zone, zone.segment, a prefix list, an address or a prefix.", Required = true };
            var to = new Option<string>("--to") { Description = "Destination: 'any', a zone, zone.segment, a prefix list, an address or a prefix.", Required = true };
            var service = new Option<string>("--service", "-s")
            {
                Description = "A service of the policy, service text as a flow writes it (tcp/443, 'udp/53, tcp/53', 'icmp echo-request') or 'any' (the default).",
                DefaultValueFactory = _ => "any",
            };
            var maxTargets = new Option<int>("--max-targets")
            {
                Description = "Targets listed per part (in name order); the rest are counted. 0 lists them all. Default: " + PolicyQuery.DefaultMaxTargets.ToString(CultureInfo.InvariantCulture) + ".",
                DefaultValueFactory = _ => PolicyQuery.DefaultMaxTargets,
            };
            var format = CommonOptions.Format();
            var command = CommonOptions.Command("query", "Show which of the traffic from --from to --to the policy allows or denies, the flow that decides each part, its class, and the targets, devices and ACLs that enforce it.",
                paths, from, to, service, maxTargets, format);
            command.SetAction(parse => Run(context, parse.PathsOf(paths), parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(service) ?? "any",
                parse.GetValue(format) ?? "text", parse.GetValue(maxTargets)));
            return command;
        }

        public static int Run(CliContext context, string[] paths, string fromText, string toText, string serviceText, string format, int maxTargets = PolicyQuery.DefaultMaxTargets)
        {
            if (maxTargets < 0)
            {
                context.Error.WriteLine("policyc: error: --max-targets must be 0 (all) or more");
                return ExitCodes.UsageOrIoError;
            }
            if (PolicyLoader.TryLoadOne(context, paths, "query", "text", out var compilation, out _) is int stop) return stop;
            var from = PolicyQuery.Endpoint(compilation, fromText, out var error);
            var to = from == null ? null : PolicyQuery.Endpoint(compilation, toText, out error);
            var services = from == null || to == null ? null : PolicyQuery.Service(compilation, serviceText, out error);
            if (error.Length > 0)
            {
                context.Error.WriteLine("policyc: error: " + error);
                return ExitCodes.UsageOrIoError;
            }
            var pieces = PolicyQuery.Ask(compilation, from!, to!, services, maxTargets == 0 ? int.MaxValue : maxTargets);
            if (format == "json") PrintJson(context.Out, from!, to!, serviceText, pieces);
            else PrintText(context.Out, from!, to!, serviceText, pieces);
            return ExitCodes.Success;
        }

        private static string Verdict(FlowAction a) => a == FlowAction.Allow ? "allow" : "deny";

        private static string Decider(QueryPiece p) => p.DecidedBy == null
            ? "the default action (no flow matches)"
            : "flow at " + CliContext.DisplayPath(p.DecidedBy.Location.Path) + Position(p.DecidedBy) + ": " + PolicyQuery.Written(p.DecidedBy);

        private static string Position(FlowRule f)
        {
            var pos = f.Location.Text.GetLinePosition(f.Location.Span.Start);
            return "(" + (pos.Line + 1).ToString(CultureInfo.InvariantCulture) + "," + pos.Column.ToString(CultureInfo.InvariantCulture) + ")";
        }

        private static void PrintText(TextWriter output, QueryEndpoint from, QueryEndpoint to, string service, IReadOnlyList<QueryPiece> pieces)
        {
            output.WriteLine($"query: from {from.Text} to {to.Text}, service {service}: {pieces.Count} part{(pieces.Count == 1 ? "" : "s")}");
            foreach (var p in pieces)
            {
                output.WriteLine();
                var witness = p.Packets.TryGetWitness(out var packet) ? " (for example " + packet + ")" : "";
                output.WriteLine(Verdict(p.Verdict).ToUpperInvariant() + witness);
                output.WriteLine("  decided by " + Decider(p));
                var treatment = PolicyDiff.Treatment(p.Verdict, p.DecidedBy);
                if (treatment.Length > 0) output.WriteLine("  treatment: " + treatment);
                var lines = PolicyQuery.Describe(p.Packets, MaxLines, out int more, MaxPrefixes);
                foreach (var line in lines) output.WriteLine("  traffic: " + line);
                if (more > 0) output.WriteLine($"  traffic: and {more} more part{(more == 1 ? "" : "s")}");
                if (p.Enforcement.Count == 0) output.WriteLine("  enforced by: no target of the policy covers this traffic");
                foreach (var e in p.Enforcement) output.WriteLine("  enforced by: " + e);
                if (p.MoreTargets > 0) output.WriteLine($"  enforced by: and {p.MoreTargets} more target{(p.MoreTargets == 1 ? "" : "s")} (--max-targets 0 lists them all)");
            }
        }

        private static void PrintJson(TextWriter output, QueryEndpoint from, QueryEndpoint to, string service, IReadOnlyList<QueryPiece> pieces)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("from", from.Text);
                w.WriteString("to", to.Text);
                w.WriteString("service", service);
                w.WriteStartArray("parts");
                foreach (var p in pieces)
                {
                    w.WriteStartObject();
                    w.WriteString("verdict", Verdict(p.Verdict));
                    if (p.DecidedBy is { } f)
                    {
                        var pos = f.Location.Text.GetLinePosition(f.Location.Span.Start);
                        w.WriteStartObject("decidedBy");
                        w.WriteString("flow", PolicyQuery.Written(f));
                        JsonFlow.WriteName(w, "name", f);
                        w.WriteString("path", CliContext.DisplayPath(f.Location.Path));
                        w.WriteNumber("line", pos.Line + 1);
                        w.WriteNumber("column", pos.Column);
                        w.WriteEndObject();
                        if (f.Action == FlowAction.Allow && f.Class != null)
                        {
                            w.WriteStartObject("class");
                            w.WriteString("name", f.Class.Name);
                            if (f.Class.Dscp != null) w.WriteNumber("dscp", f.Class.Dscp.Value.Value);
                            w.WriteNumber("queue", f.Class.EffectiveQueue);
                            w.WriteEndObject();
                        }
                        if (f.Action == FlowAction.Allow && f.Rate != null) w.WriteString("rate", f.Rate.Value.Value.ToString());
                        if (f.Action == FlowAction.Allow) w.WriteBoolean("log", f.Log);
                    }
                    else w.WriteNull("decidedBy");
                    if (p.Packets.TryGetWitness(out var packet)) w.WriteString("witness", packet.ToString());
                    w.WriteStartArray("traffic");
                    var lines = PolicyQuery.Describe(p.Packets, MaxLines, out int more);
                    foreach (var line in lines) w.WriteStringValue(line);
                    w.WriteEndArray();
                    w.WriteNumber("moreTraffic", more);
                    w.WriteStartArray("enforcedBy");
                    foreach (var e in p.Enforcement) w.WriteStringValue(e);
                    w.WriteEndArray();
                    w.WriteNumber("moreTargets", p.MoreTargets);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        }
    }
}
