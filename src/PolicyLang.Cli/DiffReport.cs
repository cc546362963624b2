using System.Text.Json;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Review;
using PolicyLang.Semantics;
using Side = PolicyLang.Cli.Commands.DiffCommand.Side;

namespace PolicyLang.Cli
{
    /// <summary>
    /// The output of <c>policyc diff</c> in each format. Every value that comes from a policy (names, flow text,
    /// diagnostics' messages) is escaped for the format it lands in: markdown is posted to pull requests, where raw HTML
    /// or a stray '|' would change the page.
    /// </summary>
    internal sealed class DiffReport(Side before, Side after, IReadOnlyList<PolicyDiffResult> diffs, IReadOnlyList<ArtifactChange> artifacts, bool showArtifacts)
    {
        public const string SchemaId = "https://policylang.dev/schemas/diff-1.json";

        /// <summary>Lines of a change's traffic shown before "and N more".</summary>
        public const int MaxPieces = 6;

        /// <summary>Prefixes shown per address set before "and N more prefixes".</summary>
        public const int MaxPrefixes = 6;

        private static string Kind(TrafficChangeKind k) => k switch
        {
            TrafficChangeKind.NewlyAllowed => "newly-allowed",
            TrafficChangeKind.NewlyDenied => "newly-denied",
            _ => "treatment",
        };

        private static string Verdict(FlowAction a) => a == FlowAction.Allow ? "allowed" : "denied";

        private static (int Line, int Column) Position(SourceLocation l)
        {
            var p = l.Text.GetLinePosition(l.Span.Start);
            return (p.Line + 1, p.Column);
        }

        private string Place(Side side, SourceLocation l)
        {
            var (line, column) = Position(l);
            return side.Display(l.Path) + "(" + line.ToString(CultureInfo.InvariantCulture) + "," + column.ToString(CultureInfo.InvariantCulture) + ")";
        }

        /// <summary>"denied by the default action" / "allowed by flows.netpolicy(12,1): allow a -> b : tcp/22", with the treatment of an allow.</summary>
        private string Decider(Side side, FlowAction verdict, FlowRule? flow)
        {
            var text = Verdict(verdict) + " by " + (flow == null ? "the default action" : Place(side, flow.Location) + ": " + PolicyQuery.Written(flow));
            var treatment = PolicyDiff.Treatment(verdict, flow);
            return verdict == FlowAction.Allow ? text + " [" + (treatment.Length == 0 ? "no class" : treatment) + "]" : text;
        }

        private static string Count(int n, string one, string many) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);

        private int Changed(Func<PolicyDiffResult, int> f) => diffs.Sum(f);

        // ---------------------------------------------------------------- text

        public void WriteText(TextWriter o)
        {
            o.WriteLine("diff: " + before.Label + " -> " + after.Label);
            foreach (var d in diffs)
            {
                o.WriteLine();
                o.WriteLine("policy " + d.Policy + Status(d) + ": " + Summary(d));
                if (d.OldDefault != d.NewDefault) o.WriteLine("  default action: " + d.OldDefault + " -> " + d.NewDefault);
                if (d.NewErrors > 0) o.WriteLine("  note: the new policy has " + Count(d.NewErrors, "error", "errors") + "; its traffic is compared as far as it could be bound");
                foreach (var m in d.Moves)
                    o.WriteLine("  addresses " + PolicyQuery.Addresses(m.Addresses, MaxPrefixes) + ": zone " + (m.OldZone ?? PolicyDiff.NoZone) + " -> " + (m.NewZone ?? PolicyDiff.NoZone));
                foreach (var t in d.Traffic)
                {
                    o.WriteLine();
                    o.WriteLine("  " + Headline(t.Kind) + "  " + t.SourceZone + " -> " + t.DestinationZone);
                    var lines = PolicyQuery.Describe(t.Packets, MaxPieces, out int more, MaxPrefixes);
                    foreach (var line in lines) o.WriteLine("    traffic: " + line);
                    if (more > 0) o.WriteLine("    traffic: and " + Count(more, "more part", "more parts"));
                    o.WriteLine("    for example: " + t.Witness);
                    o.WriteLine("    before: " + Decider(before, t.OldVerdict, t.OldFlow));
                    o.WriteLine("    after:  " + Decider(after, t.NewVerdict, t.NewFlow));
                }
                if (d.Results.Count > 0) o.WriteLine();
                foreach (var r in d.Results)
                    o.WriteLine("  " + r.Kind + " " + DiagnosticText.Escape(DiagnosticText.Cap(r.Text)) + ": " + (r.OldResult ?? "absent") + " -> " + (r.NewResult ?? "absent")
                        + (r.NewLocation is { } at ? " (" + Place(after, at) + ")" : ""));
                if (d.NewDiagnostics.Count + d.ResolvedDiagnostics.Count > 0) o.WriteLine();
                foreach (var x in d.NewDiagnostics) o.WriteLine("  new:      " + DiagnosticLine(after, x));
                foreach (var x in d.ResolvedDiagnostics) o.WriteLine("  resolved: " + DiagnosticLine(before, x));
            }
            o.WriteLine();
            WriteArtifactsText(o);
        }

        private static string Headline(TrafficChangeKind k) => k switch
        {
            TrafficChangeKind.NewlyAllowed => "+ newly allowed",
            TrafficChangeKind.NewlyDenied => "- newly denied ",
            _ => "~ treatment    ",
        };

        private static string Status(PolicyDiffResult d) => d.Added ? " (new)" : d.Removed ? " (removed)" : "";

        private static string Summary(PolicyDiffResult d)
        {
            if (d.IsEmpty) return "no change";
            var parts = new List<string>();
            int allowed = d.Traffic.Count(t => t.Kind == TrafficChangeKind.NewlyAllowed);
            int denied = d.Traffic.Count(t => t.Kind == TrafficChangeKind.NewlyDenied);
            int treated = d.Traffic.Count(t => t.Kind == TrafficChangeKind.Treatment);
            if (allowed > 0) parts.Add(Count(allowed, "newly allowed", "newly allowed"));
            if (denied > 0) parts.Add(Count(denied, "newly denied", "newly denied"));
            if (treated > 0) parts.Add(Count(treated, "treatment change", "treatment changes"));
            if (d.Moves.Count > 0) parts.Add(Count(d.Moves.Count, "address move", "address moves"));
            if (d.Results.Count > 0) parts.Add(Count(d.Results.Count, "assertion or test changed", "assertions or tests changed"));
            if (d.NewDiagnostics.Count > 0) parts.Add(Count(d.NewDiagnostics.Count, "new diagnostic", "new diagnostics"));
            if (d.ResolvedDiagnostics.Count > 0) parts.Add(Count(d.ResolvedDiagnostics.Count, "resolved diagnostic", "resolved diagnostics"));
            return parts.Count == 0 ? "no change to traffic" : string.Join(", ", parts);
        }

        private static string DiagnosticLine(Side side, DiagnosticChange x)
        {
            var (line, column) = x.Position;
            var where = x.Diagnostic.Path.Length == 0 ? "" : side.Display(x.Diagnostic.Path) + "(" + line.ToString(CultureInfo.InvariantCulture) + "," + column.ToString(CultureInfo.InvariantCulture) + "): ";
            return where + x.Diagnostic.Severity.ToString().ToLowerInvariant() + " " + x.Diagnostic.Id + ": " + x.Diagnostic.Message;
        }

        private string BuildState(Side side) =>
            side.Build == null ? "not built" : side.Build.Succeeded ? "built" : "does not build (" + Count(side.Build.Diagnostics.Count(d => d.IsError), "error", "errors") + ")";

        private void WriteArtifactsText(TextWriter o)
        {
            if (!before.Build!.Succeeded || !after.Build!.Succeeded)
            {
                o.WriteLine("generated files: not compared: " + before.Label + " " + BuildState(before) + ", " + after.Label + " " + BuildState(after));
                return;
            }
            if (artifacts.Count == 0)
            {
                o.WriteLine("generated files: no change");
                return;
            }
            o.WriteLine("generated files: " + Count(artifacts.Count, "file changes", "files change") + " in " + Count(artifacts.Select(a => a.Target).Distinct().Count(), "target", "targets"));
            foreach (var g in artifacts.GroupBy(a => (a.Target, a.Platform)))
            {
                o.WriteLine("  target " + g.Key.Target + " (" + g.Key.Platform + ")");
                foreach (var a in g)
                {
                    var (added, removed) = a.Lines;
                    o.WriteLine("    " + a.Status + " " + a.Path + " (+" + added.ToString(CultureInfo.InvariantCulture) + " -" + removed.ToString(CultureInfo.InvariantCulture) + " lines"
                        + RulesText(a) + ")");
                }
            }
            if (!showArtifacts) return;
            foreach (var a in artifacts)
            {
                o.WriteLine();
                o.Write(a.Diff());
            }
        }

        /// <summary>", rules 12 -> 14" (nothing for files that hold no rules).</summary>
        private static string RulesText(ArtifactChange a) =>
            a.OldRules == null && a.NewRules == null ? "" : ", rules " + Rules(a.OldRules) + " -> " + Rules(a.NewRules);

        private static string Rules(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "-";

        // ---------------------------------------------------------------- markdown

        public void WriteMarkdown(TextWriter o)
        {
            o.WriteLine("### PolicyLang change review");
            o.WriteLine();
            o.WriteLine(Md(before.Label) + " → " + Md(after.Label));
            o.WriteLine();
            o.WriteLine("| Policy | Newly allowed | Newly denied | Treatment changed | Assertions and tests | New diagnostics | Resolved diagnostics |");
            o.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var d in diffs)
                o.WriteLine("| " + Md(d.Policy + Status(d)) + " | " + Cell(d, TrafficChangeKind.NewlyAllowed) + " | " + Cell(d, TrafficChangeKind.NewlyDenied) + " | "
                    + Cell(d, TrafficChangeKind.Treatment) + " | " + d.Results.Count.ToString(CultureInfo.InvariantCulture) + " | "
                    + d.NewDiagnostics.Count.ToString(CultureInfo.InvariantCulture) + " | " + d.ResolvedDiagnostics.Count.ToString(CultureInfo.InvariantCulture) + " |");
            o.WriteLine();
            if (!before.Build!.Succeeded || !after.Build!.Succeeded)
                o.WriteLine("**Generated files:** not compared: " + Md(before.Label) + " " + Md(BuildState(before)) + ", " + Md(after.Label) + " " + Md(BuildState(after)) + ".");
            else if (artifacts.Count == 0) o.WriteLine("**Generated files:** no change.");
            else
                o.WriteLine("**Generated files:** " + Count(artifacts.Count, "file changes", "files change") + " in "
                    + string.Join(", ", artifacts.Select(a => a.Target).Distinct().Select(Md)) + ".");
            foreach (var d in diffs)
            {
                if (d.IsEmpty) continue;
                o.WriteLine();
                o.WriteLine("#### " + Md(d.Policy + Status(d)));
                if (d.OldDefault != d.NewDefault) o.WriteLine("Default action: " + Md(d.OldDefault ?? "") + " → " + Md(d.NewDefault ?? "") + ".");
                if (d.NewErrors > 0) o.WriteLine("> **The new policy has " + Count(d.NewErrors, "error", "errors") + "**; its traffic is compared as far as it could be bound.");
                foreach (TrafficChangeKind kind in new[] { TrafficChangeKind.NewlyAllowed, TrafficChangeKind.NewlyDenied, TrafficChangeKind.Treatment })
                {
                    var title = kind == TrafficChangeKind.NewlyAllowed ? "Newly allowed" : kind == TrafficChangeKind.NewlyDenied ? "Newly denied" : "Treatment changed";
                    Table(o, title, open: kind == TrafficChangeKind.NewlyAllowed, new[] { "From → to", "Traffic", "For example", "Before", "After" },
                        d.Traffic.Where(t => t.Kind == kind).Select(t =>
                        {
                            var lines = PolicyQuery.Describe(t.Packets, MaxPieces, out int more, MaxPrefixes).Select(Md).ToList();
                            if (more > 0) lines.Add("and " + Count(more, "more part", "more parts"));
                            return new[] { Md(t.SourceZone) + " → " + Md(t.DestinationZone), string.Join("<br>", lines), Md(t.Witness.ToString()),
                                Md(Decider(before, t.OldVerdict, t.OldFlow)), Md(Decider(after, t.NewVerdict, t.NewFlow)) };
                        }).ToList());
                }
                Table(o, "Addresses that changed zone", open: false, new[] { "Addresses", "Before", "After" },
                    d.Moves.Select(m => new[] { Md(PolicyQuery.Addresses(m.Addresses, MaxPrefixes)), Md(m.OldZone ?? PolicyDiff.NoZone), Md(m.NewZone ?? PolicyDiff.NoZone) }).ToList());
                Table(o, "Assertions and tests", open: true, new[] { "Kind", "Statement", "Before", "After" },
                    d.Results.Select(r => new[] { r.Kind, Md(r.Text), Md(r.OldResult ?? "absent"), Md(r.NewResult ?? "absent") }).ToList());
                foreach (var (title, list, side) in new[] { ("New diagnostics", d.NewDiagnostics, after), ("Resolved diagnostics", d.ResolvedDiagnostics, before) })
                {
                    if (list.Count == 0) continue;
                    o.WriteLine();
                    o.WriteLine("<details><summary>" + title + " (" + list.Count.ToString(CultureInfo.InvariantCulture) + ")</summary>");
                    o.WriteLine();
                    foreach (var x in list) o.WriteLine("- " + Md(DiagnosticLine(side, x)));
                    o.WriteLine();
                    o.WriteLine("</details>");
                }
            }
            if (artifacts.Count > 0 && before.Build!.Succeeded && after.Build!.Succeeded)
            {
                o.WriteLine();
                o.WriteLine("<details><summary>Generated files (" + artifacts.Count.ToString(CultureInfo.InvariantCulture) + ")</summary>");
                o.WriteLine();
                o.WriteLine("| Target | File | Change | Lines | Rules before | Rules after |");
                o.WriteLine("|---|---|---|---:|---:|---:|");
                foreach (var a in artifacts)
                {
                    var (added, removed) = a.Lines;
                    o.WriteLine("| " + Md(a.Target + " (" + a.Platform + ")") + " | " + Md(a.Path) + " | " + a.Status + " | +" + added.ToString(CultureInfo.InvariantCulture)
                        + " −" + removed.ToString(CultureInfo.InvariantCulture) + " | " + Rules(a.OldRules) + " | " + Rules(a.NewRules) + " |");
                }
                o.WriteLine();
                if (showArtifacts)
                {
                    foreach (var a in artifacts)
                    {
                        var diff = a.Diff();
                        var fence = Fence(diff);
                        o.WriteLine("<details><summary>" + Md(a.Path) + "</summary>");
                        o.WriteLine();
                        o.WriteLine(fence + "diff");
                        o.Write(diff);
                        o.WriteLine(fence);
                        o.WriteLine();
                        o.WriteLine("</details>");
                        o.WriteLine();
                    }
                }
                o.WriteLine("</details>");
            }
        }

        /// <summary>A collapsible section holding a table (nothing when there are no rows); cells are already escaped.</summary>
        private static void Table(TextWriter o, string title, bool open, string[] header, List<string[]> rows)
        {
            if (rows.Count == 0) return;
            o.WriteLine();
            o.WriteLine("<details" + (open ? " open" : "") + "><summary>" + title + " (" + rows.Count.ToString(CultureInfo.InvariantCulture) + ")</summary>");
            o.WriteLine();
            o.WriteLine("| " + string.Join(" | ", header) + " |");
            o.WriteLine("|" + string.Concat(header.Select(_ => "---|")));
            foreach (var row in rows) o.WriteLine("| " + string.Join(" | ", row) + " |");
            o.WriteLine();
            o.WriteLine("</details>");
        }

        private static string Cell(PolicyDiffResult d, TrafficChangeKind kind) => d.Traffic.Count(t => t.Kind == kind).ToString(CultureInfo.InvariantCulture);

        /// <summary>A code fence longer than any run of backticks in the text, so generated files cannot close it.</summary>
        private static string Fence(string text)
        {
            int longest = 0, run = 0;
            foreach (char c in text)
            {
                run = c == '`' ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }
            return new string('`', Math.Max(3, longest + 1));
        }

        /// <summary>
        /// Text from a policy in a markdown table cell, heading or list item: one line, HTML special characters as entities,
        /// and the punctuation that starts emphasis, code, links, strike-through or a new cell escaped, so it reads as
        /// written and cannot add markup, links or cells. (Line-start syntax cannot occur: the text never starts a line.)
        /// </summary>
        public static string Md(string text)
        {
            var sb = new StringBuilder();
            foreach (char c in DiagnosticText.Escape(text))
            {
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~':
                        sb.Append('\\').Append(c);
                        break;
                    default: sb.Append(c); break;
                }
            }
            return sb.ToString();
        }

        // ---------------------------------------------------------------- JSON

        public void WriteJson(TextWriter output)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("$schema", SchemaId);
                w.WriteString("old", before.Label);
                w.WriteString("new", after.Label);
                w.WriteStartObject("summary");
                w.WriteNumber("newlyAllowed", Changed(d => d.Traffic.Count(t => t.Kind == TrafficChangeKind.NewlyAllowed)));
                w.WriteNumber("newlyDenied", Changed(d => d.Traffic.Count(t => t.Kind == TrafficChangeKind.NewlyDenied)));
                w.WriteNumber("treatmentChanged", Changed(d => d.Traffic.Count(t => t.Kind == TrafficChangeKind.Treatment)));
                w.WriteNumber("addressMoves", Changed(d => d.Moves.Count));
                w.WriteNumber("resultsChanged", Changed(d => d.Results.Count));
                w.WriteNumber("newDiagnostics", Changed(d => d.NewDiagnostics.Count));
                w.WriteNumber("resolvedDiagnostics", Changed(d => d.ResolvedDiagnostics.Count));
                w.WriteNumber("artifactsChanged", artifacts.Count);
                w.WriteBoolean("widens", diffs.Any(d => d.Widens));
                w.WriteBoolean("empty", diffs.All(d => d.IsEmpty) && artifacts.Count == 0);
                w.WriteEndObject();
                w.WriteStartArray("policies");
                foreach (var d in diffs) WritePolicy(w, d);
                w.WriteEndArray();
                w.WriteStartObject("artifacts");
                w.WriteString("old", BuildState(before));
                w.WriteString("new", BuildState(after));
                w.WriteStartArray("changes");
                foreach (var a in artifacts)
                {
                    var (added, removed) = a.Lines;
                    w.WriteStartObject();
                    w.WriteString("target", a.Target);
                    w.WriteString("platform", a.Platform);
                    w.WriteString("path", a.Path);
                    w.WriteString("status", a.Status);
                    w.WriteNumber("linesAdded", added);
                    w.WriteNumber("linesRemoved", removed);
                    if (a.OldRules is { } before) w.WriteNumber("rulesBefore", before); else w.WriteNull("rulesBefore");
                    if (a.NewRules is { } after) w.WriteNumber("rulesAfter", after); else w.WriteNull("rulesAfter");
                    if (showArtifacts) w.WriteString("diff", a.Diff());
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        }

        private void WritePolicy(Utf8JsonWriter w, PolicyDiffResult d)
        {
            w.WriteStartObject();
            w.WriteString("name", d.Policy);
            w.WriteString("status", d.Added ? "added" : d.Removed ? "removed" : d.IsEmpty ? "unchanged" : "changed");
            if (d.OldDefault != d.NewDefault)
            {
                w.WriteStartObject("defaultAction");
                w.WriteString("old", d.OldDefault);
                w.WriteString("new", d.NewDefault);
                w.WriteEndObject();
            }
            w.WriteNumber("oldErrors", d.OldErrors);
            w.WriteNumber("newErrors", d.NewErrors);
            w.WriteStartArray("traffic");
            foreach (var t in d.Traffic)
            {
                w.WriteStartObject();
                w.WriteString("kind", Kind(t.Kind));
                w.WriteString("from", t.SourceZone);
                w.WriteString("to", t.DestinationZone);
                w.WriteStartArray("pieces");
                var lines = PolicyQuery.Describe(t.Packets, MaxPieces, out int more, MaxPrefixes);
                foreach (var line in lines) w.WriteStringValue(line);
                w.WriteEndArray();
                w.WriteNumber("morePieces", more);
                WritePacket(w, "witness", t.Witness);
                WriteDecision(w, "old", before, t.OldVerdict, t.OldFlow);
                WriteDecision(w, "new", after, t.NewVerdict, t.NewFlow);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("addressMoves");
            foreach (var m in d.Moves)
            {
                w.WriteStartObject();
                w.WriteString("addresses", m.Addresses.ToString());
                w.WriteString("old", m.OldZone);
                w.WriteString("new", m.NewZone);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("results");
            foreach (var r in d.Results)
            {
                w.WriteStartObject();
                w.WriteString("kind", r.Kind);
                w.WriteString("text", r.Text);
                w.WriteString("old", r.OldResult);
                w.WriteString("new", r.NewResult);
                if (r.NewLocation is { } at) WriteLocation(w, "location", after, at);
                else if (r.OldLocation is { } was) WriteLocation(w, "location", before, was);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteDiagnostics(w, "newDiagnostics", d.NewDiagnostics, after);
            WriteDiagnostics(w, "resolvedDiagnostics", d.ResolvedDiagnostics, before);
            w.WriteEndObject();
        }

        private static void WritePacket(Utf8JsonWriter w, string name, Packet p)
        {
            w.WriteStartObject(name);
            w.WriteString("text", p.ToString());
            w.WriteString("source", p.Src.ToString());
            w.WriteString("destination", p.Dst.ToString());
            w.WriteNumber("protocol", p.Protocol);
            w.WriteNumber("port", p.DstPort);
            w.WriteNumber("sourcePort", p.SrcPort);
            w.WriteNumber("icmpType", p.IcmpType);
            w.WriteNumber("icmpCode", p.IcmpCode);
            w.WriteEndObject();
        }

        private void WriteDecision(Utf8JsonWriter w, string name, Side side, FlowAction verdict, FlowRule? flow)
        {
            w.WriteStartObject(name);
            w.WriteString("verdict", verdict == FlowAction.Allow ? "allow" : "deny");
            if (flow == null) w.WriteNull("flow");
            else
            {
                w.WriteStartObject("flow");
                w.WriteString("text", PolicyQuery.Written(flow));
                var (line, column) = Position(flow.Location);
                w.WriteString("file", side.Display(flow.Location.Path));
                w.WriteNumber("line", line);
                w.WriteNumber("column", column);
                w.WriteEndObject();
            }
            w.WriteString("treatment", PolicyDiff.Treatment(verdict, flow));
            w.WriteEndObject();
        }

        private static void WriteLocation(Utf8JsonWriter w, string name, Side side, SourceLocation l)
        {
            var (line, column) = Position(l);
            w.WriteStartObject(name);
            w.WriteString("file", side.Display(l.Path));
            w.WriteNumber("line", line);
            w.WriteNumber("column", column);
            w.WriteEndObject();
        }

        private static void WriteDiagnostics(Utf8JsonWriter w, string name, List<DiagnosticChange> list, Side side)
        {
            w.WriteStartArray(name);
            foreach (var x in list)
            {
                var (line, column) = x.Position;
                w.WriteStartObject();
                w.WriteString("code", x.Diagnostic.Id);
                w.WriteString("severity", x.Diagnostic.Severity.ToString().ToLowerInvariant());
                w.WriteString("file", x.Diagnostic.Path.Length == 0 ? "" : side.Display(x.Diagnostic.Path));
                w.WriteNumber("line", line);
                w.WriteNumber("column", column);
                w.WriteString("message", x.Diagnostic.Message);
                w.WriteString("fingerprint", x.Fingerprint);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        // ---------------------------------------------------------------- SARIF

        /// <summary>
        /// The change's findings as diagnostics of the new side: traffic newly allowed (at the flow that allows it),
        /// newly denied (at the deny that cuts it, or without a place when an allow was removed), treatment changes,
        /// flipped assertions and tests, and the diagnostics that are new.
        /// </summary>
        public IReadOnlyList<PolicyLang.Diagnostics.Diagnostic> Findings()
        {
            var list = new List<PolicyLang.Diagnostics.Diagnostic>();
            foreach (var d in diffs)
            {
                foreach (var t in d.Traffic)
                {
                    var pieces = PolicyQuery.Describe(t.Packets, 1, out int more, MaxPrefixes);
                    var traffic = (pieces.Count > 0 ? pieces[0] : "") + (more > 0 ? " and " + Count(more, "more part", "more parts") : "");
                    var was = Decider(before, t.OldVerdict, t.OldFlow);
                    var at = t.NewFlow?.Location;
                    PolicyLang.Diagnostics.Diagnostic diagnostic = t.Kind switch
                    {
                        TrafficChangeKind.NewlyAllowed => Finding(DiagnosticCatalog.ChangeAllowsTraffic, at, t.SourceZone, t.DestinationZone, traffic, t.Witness, was),
                        TrafficChangeKind.NewlyDenied => Finding(DiagnosticCatalog.ChangeDeniesTraffic, at, t.SourceZone, t.DestinationZone, traffic, t.Witness, was),
                        _ => Finding(DiagnosticCatalog.ChangeAltersTreatment, at, t.SourceZone, t.DestinationZone, traffic, t.Witness,
                            t.NewTreatment.Length == 0 ? "no class" : t.NewTreatment, t.OldTreatment.Length == 0 ? "no class" : t.OldTreatment),
                    };
                    list.Add(diagnostic);
                }
                foreach (var r in d.Results)
                    list.Add(Finding(DiagnosticCatalog.ChangeFlipsResult, r.NewLocation, r.Kind, r.Text, r.NewResult ?? "absent", r.OldResult ?? "absent"));
                list.AddRange(d.NewDiagnostics.Select(x => x.Diagnostic));
            }
            return list;
        }

        private static PolicyLang.Diagnostics.Diagnostic Finding(DiagnosticDescriptor descriptor, SourceLocation? at, params object?[] args) =>
            PolicyLang.Diagnostics.Diagnostic.Create(descriptor, at?.Path ?? "", at?.Span ?? default, args);
    }
}
