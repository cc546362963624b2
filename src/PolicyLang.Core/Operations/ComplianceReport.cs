using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.State;
using PolicyLang.Platforms;
using PolicyLang.Review;
using PolicyLang.Semantics;

namespace PolicyLang.Operations
{
    /// <summary>One cell of the reachability matrix: what the policy allows from one zone to another, and which flows decide it.</summary>
    public sealed class MatrixCell(ZoneSymbol from, ZoneSymbol to, IReadOnlyList<string> services, IReadOnlyList<FlowRule> allowedBy, IReadOnlyList<FlowRule> deniedBy, bool moreServices)
    {
        public ZoneSymbol From { get; } = from;
        public ZoneSymbol To { get; } = to;

        /// <summary>"tcp 443", "udp 53", "icmp 8", "any": the allowed services, fewest first; empty when nothing is allowed.</summary>
        public IReadOnlyList<string> Services { get; } = services;
        public bool MoreServices { get; } = moreServices;
        public IReadOnlyList<FlowRule> AllowedBy { get; } = allowedBy;

        /// <summary>Deny flows that decide part of the traffic (the default action is not listed).</summary>
        public IReadOnlyList<FlowRule> DeniedBy { get; } = deniedBy;
        public bool Allows => Services.Count > 0;
    }

    /// <summary>Where one target enforces: its platform, zones, generated files with their rule counts, and the budget they are held to.</summary>
    /// <summary>A baseline's standing in the report: its assertions (one per zone a selector picked) by verdict.</summary>
    /// <param name="Unapplied">Selectors of the baseline that pick no zone of this policy: their assertions check nothing.</param>
    public sealed record BaselineStanding(string Name, string? Title, string? Reference, string ImportedFrom, int Holds, int Fails, int Other, IReadOnlyList<string> Unapplied)
    {
        public int Total => Holds + Fails + Other;
    }

    /// <param name="VerbatimLines">Lines of the target's verbatim blocks: written into its files unread, so not verified.</param>
    public sealed record TargetCoverage(string Target, string Platform, IReadOnlyList<string> Zones, IReadOnlyList<(string File, int? Rules)> Files, string Budget, int VerbatimLines = 0);

    /// <summary>
    /// <c>policyc report</c>: the compliance evidence of a policy, as data: the zone-to-zone reachability matrix with the
    /// deciding flows, assertion and test results, per-target coverage, and with running state the drift per device.
    /// Rendered as one self-contained HTML file (<see cref="ReportHtml"/>), a Graphviz graph (<see cref="Dot"/>) or JSON
    /// (by the CLI). Deterministic: the same policy and state give the same bytes (no time stamps).
    /// </summary>
    public sealed class ComplianceReport
    {
        public const int MaxServicesPerCell = 6;

        public string Policy { get; private set; } = "";
        public string PolicyHash { get; private set; } = "";
        public string DefaultAction { get; private set; } = "";
        public IReadOnlyList<ZoneSymbol> Zones { get; private set; } = Array.Empty<ZoneSymbol>();
        public IReadOnlyList<MatrixCell> Cells { get; private set; } = Array.Empty<MatrixCell>();
        public IReadOnlyList<(string Kind, string Text, string Result, SourceLocation Location)> Results { get; private set; } = Array.Empty<(string, string, string, SourceLocation)>();
        public IReadOnlyList<TargetCoverage> Coverage { get; private set; } = Array.Empty<TargetCoverage>();

        /// <summary>The baselines the policy imports or declares, with how many of their assertions hold.</summary>
        public IReadOnlyList<BaselineStanding> Baselines { get; private set; } = Array.Empty<BaselineStanding>();
        public IReadOnlyList<Diagnostics.Diagnostic> Diagnostics { get; private set; } = Array.Empty<Diagnostics.Diagnostic>();

        /// <summary>The drift per device when the report was given running state; null otherwise.</summary>
        public VerificationResult? Drift { get; private set; }

        public MatrixCell Cell(ZoneSymbol from, ZoneSymbol to) => Cells.First(c => c.From == from && c.To == to);

        public static ComplianceReport Create(PolicyCompilation compilation, VerificationResult? drift = null)
        {
            var zones = compilation.Model.Zones.ToList();
            var cells = new MatrixCell[zones.Count * zones.Count];
            System.Threading.Tasks.Parallel.For(0, cells.Length, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                var from = zones[i / zones.Count];
                var to = zones[i % zones.Count];
                var src = compilation.Addresses.Of(from);
                var dst = compilation.Addresses.Of(to);
                var pieces = src.IsEmpty || dst.IsEmpty ? new List<QueryPiece>() : PolicyQuery.Decide(compilation, src, dst, PacketSpace.Between(src, dst));
                var allowed = PacketSet.UnionAll(pieces.Where(p => p.Verdict == FlowAction.Allow).Select(p => p.Packets));
                var services = Services(allowed, out bool more);
                cells[i] = new MatrixCell(from, to, services,
                    pieces.Where(p => p.Verdict == FlowAction.Allow && p.DecidedBy != null).Select(p => p.DecidedBy!).Distinct().OrderBy(f => f.Index).ToList(),
                    pieces.Where(p => p.Verdict == FlowAction.Deny && p.DecidedBy != null).Select(p => p.DecidedBy!).Distinct().OrderBy(f => f.Index).ToList(),
                    more);
            });
            var build = PolicyBuilder.Build(new[] { compilation });
            var results = PolicyDiff.ResultsOf(compilation);
            var baselines = compilation.Model.Baselines.Select(b =>
            {
                var mine = results.Where(x => x.Kind == "baseline " + b.Name).ToList();
                return new BaselineStanding(b.Name, b.Title, b.Reference, (b.ImportedAt ?? b.Location).Display,
                    mine.Count(x => x.Result == "holds"), mine.Count(x => x.Result == "fails"), mine.Count(x => x.Result != "holds" && x.Result != "fails"), b.Unapplied);
            }).ToList();
            var coverage = compilation.Model.Targets.Select(t => CoverageOf(t, build)).ToList();
            return new ComplianceReport
            {
                Policy = compilation.Name,
                PolicyHash = PolicyBuilder.PolicyHash(compilation),
                DefaultAction = compilation.Model.DefaultAction == FlowAction.Allow ? "allow" : "deny",
                Zones = zones,
                Cells = cells,
                Results = results,
                Baselines = baselines,
                Coverage = coverage,
                Diagnostics = build.Diagnostics,
                Drift = drift,
            };
        }

        private static TargetCoverage CoverageOf(TargetSymbol target, BuildResult build)
        {
            var files = build.Artifacts.Where(a => a.Target == target.Name && a.Rules != null)
                .Select(a => (a.RelativePath, a.Rules)).OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
            var platform = PlatformRegistry.Describe(target.Platform.Value);
            string budget = "";
            if (platform?.Switch is { } limits)
            {
                var option = target.Option(FabricTarget.AclBudgetOption)?.Value.Value;
                budget = (option ?? limits.DefaultAclBudget.ToString(CultureInfo.InvariantCulture)) + " entries per ACL" + (option != null ? " (option acl-budget)" : " (platform default)");
            }
            return new TargetCoverage(target.Name, target.Platform.Value, target.Zones.Select(z => z.Name).ToList(), files, budget, target.Verbatim.Sum(v => v.Lines.Count));
        }

        /// <summary>The services of a packet set, as short text: protocol with its ports or ICMP types.</summary>
        public static IReadOnlyList<string> Services(PacketSet packets, out bool more)
        {
            var names = new SortedSet<string>(StringComparer.Ordinal);
            more = false;
            foreach (var cube in packets.Cubes)
            {
                if (names.Count > 64) { more = true; break; }
                if (cube.Protocols.IsFull) { names.Add("any"); continue; }
                foreach (var r in cube.Protocols.Ranges)
                    for (ulong p = r.Start; p <= r.End && names.Count <= 64; p++)
                    {
                        var name = ServiceMatch.ProtocolName((int)p);
                        if (p == 6 || p == 17 || p == 132)
                            names.Add((cube.DstPorts.IsFull ? name : name + " " + Ranges(cube.DstPorts)) + (cube.SrcPorts.IsFull ? "" : " from " + Ranges(cube.SrcPorts)));
                        else if (p == 1 || p == 58) names.Add(cube.IcmpTypes.IsFull ? name : name + " " + Ranges(cube.IcmpTypes));
                        else names.Add(name);
                    }
            }
            var list = names.Contains("any") ? new List<string> { "any" } : names.ToList();
            if (list.Count > MaxServicesPerCell) { more = true; list = list.Take(MaxServicesPerCell).ToList(); }
            return list;
        }

        private static string Ranges(IntervalSet set) =>
            string.Join(",", set.Ranges.Take(4).Select(r => r.Start == r.End ? r.Start.ToString(CultureInfo.InvariantCulture) : r.Start.ToString(CultureInfo.InvariantCulture) + "-" + r.End.ToString(CultureInfo.InvariantCulture)))
            + (set.Ranges.Count > 4 ? ",…" : "");

        /// <summary>The zone graph in Graphviz: a node per zone (external ones dashed), an edge per allowed zone pair labelled with its services.</summary>
        public string Dot()
        {
            var sb = new StringBuilder();
            sb.Append("digraph ").Append(DotId(Policy)).Append(" {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
            foreach (var z in Zones)
                sb.Append("  ").Append(DotId(z.Name)).Append(z.IsExternal ? " [style=\"rounded,dashed\"]" : "").Append(";\n");
            foreach (var c in Cells.Where(c => c.Allows))
                sb.Append("  ").Append(DotId(c.From.Name)).Append(" -> ").Append(DotId(c.To.Name)).Append(" [label=").Append(DotId(string.Join(", ", c.Services) + (c.MoreServices ? ", …" : ""))).Append("];\n");
            sb.Append("}\n");
            return sb.ToString();
        }

        private static string DotId(string s)
        {
            var sb = new StringBuilder("\"");
            foreach (var ch in s)
            {
                if (ch == '"' || ch == '\\') sb.Append('\\').Append(ch);
                else if (ch < ' ') sb.Append(' ');
                else sb.Append(ch);
            }
            return sb.Append('"').ToString();
        }
    }
}
