using System.Text.Json;
using PolicyLang.Operations.Audit;
using PolicyLang.Semantics;

namespace PolicyLang.Cli.Commands
{
    /// <summary>
    /// <c>policyc audit [paths…] --logs FILE… [--since T] [--until T] [--format text|json|markdown] [--suggest PATCH]</c>:
    /// reads flow logs as streams and reports, against the policy, the allow flows no traffic used, the traffic the policy
    /// denies grouped by zone pair and service, traffic that passed although denied or was dropped although allowed,
    /// addresses no zone owns, and DSCP that differs from the flow's class.
    /// </summary>
    public static class AuditCommand
    {
        /// <summary>Groups listed per kind in text and markdown (JSON lists them all).</summary>
        public const int Listed = 20;

        public static Command Create(CliContext context)
        {
            var paths = CommonOptions.Paths("Policy files or folders holding one policy. Default: the current folder.");
            var logs = new Option<string[]>("--logs")
            {
                Description = "Flow-log files or folders (every file inside): AWS VPC flow logs (default or custom format, gzip as delivered to S3), nftables kernel log lines "
                    + "(journalctl -k, dmesg, syslog), conntrack -L/-E output, GCP VPC flow logs as Cloud Logging exports them (JSON lines or an array), Azure NSG and VNet flow logs (JSON blobs), "
                    + "switch ACL messages in syslog (EOS, NX-OS, Junos). The format is recognized per file.",
                Required = true,
                AllowMultipleArgumentsPerToken = true,
            };
            var since = new Option<string>("--since") { Description = "Only records that start at or after this time (ISO 8601, e.g. 2026-11-01 or 2026-11-01T12:00:00Z)." };
            var until = new Option<string>("--until") { Description = "Only records that start before this time (ISO 8601)." };
            var format = new Option<string>("--format") { Description = "Output: text, json or markdown.", DefaultValueFactory = _ => "text" };
            format.AcceptOnlyFromAmong("text", "json", "markdown");
            var suggest = new Option<string>("--suggest")
            {
                Description = "Write the suggested policy edit to this file as a unified diff (git apply / patch -p1): an allow line per group of traffic the policy denies by default "
                    + "between two zones on a port, and the removal of allow flows no record used. Nothing is changed otherwise.",
            };
            var failOn = new Option<string>("--fail-on")
            {
                Description = "Exit 1 on: 'none' (the default: an audit informs), 'exposure' (traffic the policy denies passed) or 'drift' (that, or traffic the policy allows was dropped).",
                DefaultValueFactory = _ => "none",
            };
            failOn.AcceptOnlyFromAmong("none", "exposure", "drift");
            var keep = new Option<bool>("--keep-unused") { Description = "With --suggest: do not suggest removing unused flows (logs that cover only part of the network see only part of the traffic)." };
            var command = CommonOptions.Command("audit",
                "Compare flow logs with the policy: allow flows without traffic, denied traffic that looks like a missing flow, traffic that passed although denied "
                + "or was dropped although allowed, addresses no zone owns, and DSCP that differs from the flow's class.",
                paths, logs, since, until, format, suggest, keep, failOn);
            command.SetAction(parse => Run(context, parse.PathsOf(paths), parse.GetValue(logs) ?? new string[0], parse.GetValue(since), parse.GetValue(until),
                parse.GetValue(format) ?? "text", parse.GetValue(suggest), parse.GetValue(keep), parse.GetValue(failOn) ?? "none"));
            return command;
        }

        public static int Run(CliContext context, string[] paths, string[] logs, string? since, string? until, string format, string? suggest = null, bool keepUnused = false,
            string failOn = "none")
        {
            long? from = null, to = null;
            if (since != null && (from = Time(since)) == null || until != null && (to = Time(until)) == null)
            {
                context.Error.WriteLine("policyc: error: --since and --until take ISO 8601 times (2026-11-01, 2026-11-01T12:00:00Z)");
                return ExitCodes.UsageOrIoError;
            }
            var files = new List<string>();
            foreach (var l in logs)
            {
                if (Directory.Exists(l)) files.AddRange(Directory.EnumerateFiles(l, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal));
                else if (File.Exists(l)) files.Add(l);
                else
                {
                    context.Error.WriteLine("policyc: error: no log file or folder '" + l + "'");
                    return ExitCodes.UsageOrIoError;
                }
            }
            if (PolicyLoader.TryLoadOne(context, paths, "audit", "text", out var compilation, out _) is int stop) return stop;

            var audit = new PolicyAudit(compilation, from, to);
            var reader = new FlowLogReader(audit.Malformed);
            foreach (var file in files)
            {
                try
                {
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                    using var text = FlowLogReader.Open(stream);
                    foreach (var record in reader.Read(text, CliContext.DisplayPath(file))) audit.Add(record);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    context.Error.WriteLine("policyc: error: cannot read '" + CliContext.DisplayPath(file) + "': " + e.Message);
                    return ExitCodes.UsageOrIoError;
                }
            }
            var report = audit.Finish(reader.Skipped);

            if (suggest != null)
            {
                var suggestion = AuditSuggestion.Suggest(compilation, report, CliContext.DisplayPath, removeUnused: !keepUnused);
                var patch = suggestion.Patch;
                try
                {
                    PolicyLang.IO.AtomicFile.WriteAllText(suggest, patch);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    context.Error.WriteLine("policyc: error: cannot write '" + suggest + "': " + e.Message);
                    return ExitCodes.UsageOrIoError;
                }
                context.Error.WriteLine("policyc: " + (patch.Length == 0 ? "nothing to suggest; wrote an empty patch to " : "wrote the suggested edit (" + suggestion.Kept.Count + " change(s)) to ")
                    + CliContext.DisplayPath(suggest) + (suggestion.Dropped.Count > 0 ? "; left out " + suggestion.Dropped.Count + " edit(s) the policy's checks refuse:" : ""));
                foreach (var d in suggestion.Dropped) context.Error.WriteLine("  " + d);
            }

            if (format == "json") WriteJson(context.Out, compilation, report, files.Count);
            else WriteText(context.Out, compilation, report, files.Count, format == "markdown");
            if (report.MalformedCount > 0)
                context.Error.WriteLine("policyc: " + report.MalformedCount + " malformed record(s) skipped; the first: " + report.Malformed[0].File + ":" + report.Malformed[0].Line + ": " + report.Malformed[0].Reason);
            bool fail = (failOn != "none" && report.Of(TrafficKind.DeniedButPassed).Any()) || (failOn == "drift" && report.Of(TrafficKind.AllowedButDropped).Any());
            return fail ? ExitCodes.PolicyErrors : ExitCodes.Success;
        }

        /// <summary>Unix seconds of an ISO 8601 time (UTC unless it names an offset), or null.</summary>
        public static long? Time(string text) =>
            DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t.ToUnixTimeSeconds() : null;

        private static readonly (TrafficKind Kind, string Title, string Note)[] s_sections =
        {
            (TrafficKind.DeniedButPassed, "Traffic the policy denies that passed", "the network is more open than the intent: run policyc verify on the device that logged it"),
            (TrafficKind.AllowedButDropped, "Traffic the policy allows that was dropped", "an outage, or enforcement that drifted from the build"),
            (TrafficKind.Denied, "Traffic the policy denies", "by volume; a group denied by default may be a dependency the policy is missing (--suggest writes an allow line for it)"),
            (TrafficKind.Unowned, "Addresses no zone owns", "traffic from or to addresses the policy does not describe"),
            (TrafficKind.DscpMismatch, "DSCP that differs from the flow's class", "marked by the hosts or re-marked on the way"),
        };

        private static void WriteText(TextWriter o, PolicyCompilation compilation, AuditReport r, int files, bool markdown)
        {
            string H(string s) => markdown ? "## " + s : s;
            string Item(string s) => (markdown ? "- " : "  ") + s;
            o.WriteLine((markdown ? "# " : "") + "Audit of policy '" + compilation.Name + "': " + N(r.Records) + " record(s) in " + files + " file(s)"
                + (r.First != null ? ", " + AuditSuggestion.Time(r.First.Value) + " to " + AuditSuggestion.Time(r.Last!.Value) : ""));
            o.WriteLine(Item(N(r.Records - r.OutsideWindow) + " in the window, " + N(r.OutsideWindow) + " outside it, " + N(r.Untimed) + " without a time; "
                + N(r.Skipped) + " line(s) not records; " + N(r.MalformedCount) + " malformed"));
            foreach (var m in r.Malformed.Take(5)) o.WriteLine(Item("malformed: " + m.File + ":" + m.Line + ": " + m.Reason));
            o.WriteLine();

            var unused = r.Unused.ToList();
            o.WriteLine(H("Allow flows without traffic in the window (" + unused.Count + " of " + r.Flows.Count(f => f.Flow.Action == FlowAction.Allow) + ")"));
            foreach (var u in unused.Take(Listed * 5))
                o.WriteLine(Item(u.Flow.Location.Display + ": " + u.Flow.Describe() + (u.LastSeen != null ? " (last seen " + AuditSuggestion.Time(u.LastSeen.Value) + ")" : " (never seen)")));
            if (unused.Count > Listed * 5) o.WriteLine(Item("… and " + (unused.Count - Listed * 5) + " more (--format json lists all)"));
            o.WriteLine();

            foreach (var (kind, title, note) in s_sections)
            {
                var groups = r.Of(kind).ToList();
                if (groups.Count == 0) continue;
                o.WriteLine(H(title + " (" + groups.Count + " group(s); " + note + ")"));
                foreach (var g in groups.Take(Listed))
                {
                    var by = g.DecidedBy != null ? g.DecidedBy.Location.Display + " " + g.DecidedBy.Describe() : "the default " + compilation.Model.DefaultAction.ToString().ToLowerInvariant();
                    var dscp = kind == TrafficKind.DscpMismatch ? ", DSCP " + g.SeenDscp + " where the class marks " + g.ExpectedDscp : "";
                    o.WriteLine(Item(g.Source + " -> " + g.Destination + " " + g.Service + ": " + N(g.Records) + " record(s), " + N(g.Bytes) + " bytes" + dscp
                        + "; decided by " + by + "; e.g. " + g.Witness.Where + " " + g.Witness));
                }
                if (groups.Count > Listed) o.WriteLine(Item("… and " + (groups.Count - Listed) + " more (--format json lists all)"));
                o.WriteLine();
            }
            if (r.Ungrouped > 0) o.WriteLine(Item(N(r.Ungrouped) + " record(s) past " + N(PolicyAudit.MaxGroups) + " groups were counted but not grouped"));
        }

        private static string N(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

        private static void WriteJson(TextWriter output, PolicyCompilation compilation, AuditReport r, int files)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("policy", compilation.Name);
                w.WriteNumber("files", files);
                w.WriteNumber("records", r.Records);
                w.WriteNumber("outsideWindow", r.OutsideWindow);
                w.WriteNumber("untimed", r.Untimed);
                w.WriteNumber("skippedLines", r.Skipped);
                w.WriteNumber("malformed", r.MalformedCount);
                if (r.First != null) w.WriteString("first", AuditSuggestion.Time(r.First.Value));
                if (r.Last != null) w.WriteString("last", AuditSuggestion.Time(r.Last.Value));
                w.WriteStartArray("malformedRecords");
                foreach (var m in r.Malformed)
                {
                    w.WriteStartObject();
                    w.WriteString("file", m.File);
                    w.WriteNumber("line", m.Line);
                    w.WriteString("reason", m.Reason);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("flows");
                foreach (var f in r.Flows)
                {
                    w.WriteStartObject();
                    w.WriteString("flow", f.Flow.Describe());
                    JsonFlow.WriteName(w, "name", f.Flow);
                    w.WriteString("at", f.Flow.Location.Display);
                    w.WriteNumber("records", f.Records);
                    w.WriteNumber("bytes", f.Bytes);
                    if (f.LastSeen != null) w.WriteString("lastSeen", AuditSuggestion.Time(f.LastSeen.Value));
                    else w.WriteNull("lastSeen");
                    w.WriteBoolean("unused", f.Flow.Action == FlowAction.Allow && f.Records == 0);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("groups");
                foreach (var g in r.Groups)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", g.Kind switch
                    {
                        TrafficKind.Denied => "denied",
                        TrafficKind.DeniedButPassed => "denied-but-passed",
                        TrafficKind.AllowedButDropped => "allowed-but-dropped",
                        TrafficKind.Unowned => "unowned",
                        _ => "dscp-mismatch",
                    });
                    w.WriteString("source", g.Source);
                    w.WriteString("destination", g.Destination);
                    w.WriteString("service", g.Service);
                    w.WriteNumber("records", g.Records);
                    w.WriteNumber("bytes", g.Bytes);
                    if (g.DecidedBy != null)
                    {
                        w.WriteString("decidedBy", g.DecidedBy.Describe());
                        w.WriteString("decidedAt", g.DecidedBy.Location.Display);
                    }
                    else w.WriteString("decidedBy", "default " + compilation.Model.DefaultAction.ToString().ToLowerInvariant());
                    JsonFlow.WriteName(w, "decidedByName", g.DecidedBy);
                    if (g.Kind == TrafficKind.DscpMismatch)
                    {
                        w.WriteNumber("dscp", g.SeenDscp);
                        w.WriteNumber("classDscp", g.ExpectedDscp);
                    }
                    w.WriteStartObject("witness");
                    w.WriteString("at", g.Witness.Where);
                    w.WriteString("packet", g.Witness.ToString());
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteNumber("ungrouped", r.Ungrouped);
                w.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        }
    }
}
