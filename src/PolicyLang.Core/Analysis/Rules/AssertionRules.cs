using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Semantics;

namespace PolicyLang.Analysis.Rules
{
    /// <summary>Assertions: a failing one is an error with a concrete packet and the flow that decides it.</summary>
    internal static class AssertionRules
    {
        /// <summary>A segment without an mtu setting runs at the Ethernet default.</summary>
        public const int DefaultMtu = 1500;

        public static void Check(CheckContext c)
        {
            foreach (var a in c.Model.Assertions)
            {
                c.CancellationToken.ThrowIfCancellationRequested();
                var r = Verdict(c, a);
                switch (r.Result)
                {
                    case AssertionResult.Vacuous: c.Report(DiagnosticCatalog.AssertionVacuous, a.ReportAt, Origin(a) + Describe(a), r.Why); break;
                    case AssertionResult.Fails: c.Report(DiagnosticCatalog.AssertionFailed, a.ReportAt, Origin(a) + r.Why); break;
                    case AssertionResult.Suspended: c.Report(DiagnosticCatalog.QuarantineSuspends, a.ReportAt, "assertion '" + Describe(a) + "'", r.SuspendedBy, r.Why); break;
                }
            }
        }

        /// <summary>One assertion's verdict with the reason.</summary>
        internal static AssertionResult Verdict(CheckContext c, Assertion a)
        {
            // A quarantine suspends reachability; the design is checked without it (and the suspension is a warning).
            var design = a.Kind == AssertionKind.Reachable ? c.WithoutQuarantines : c;
            var vacuous = Vacuous(design, a);
            if (vacuous != null) return new AssertionResult(a, AssertionResult.Vacuous, vacuous);
            var failure = Evaluate(design, a);
            if (failure != null) return new AssertionResult(a, AssertionResult.Fails, failure);
            if (!ReferenceEquals(design, c) && Evaluate(c, a, out var packet) is { } suspended)
                return new AssertionResult(a, AssertionResult.Suspended, suspended) { SuspendedBy = QuarantineOf(c, packet) };
            return new AssertionResult(a, AssertionResult.Holds, "");
        }

        /// <summary>Which quarantine denies a packet, for a message.</summary>
        internal static string QuarantineOf(CheckContext c, Packet p)
        {
            foreach (var q in c.Model.Quarantines)
            {
                if (!c.Flows.Matches(q.Outbound, p) && !c.Flows.Matches(q.Inbound, p)) continue;
                return "the quarantine of " + q.Address + " (at " + q.Location.Display + (q.Expires is { } e ? ", until " + PolicyClock.Format(e.Value) : ", with no end date")
                    + (q.Reason != null ? ": " + q.Reason : "") + ")";
            }
            return "a quarantine";
        }

        /// <summary>Names the baseline and the zones a selector picked, before the failure.</summary>
        internal static string Origin(Assertion a) =>
            (a.Baseline != null ? "baseline '" + a.Baseline.Name + "'" + (a.Baseline.ImportedAt != null ? " (" + a.Location.Display + ")" : "") + ": " : "")
            + (a.Selection != null ? "for " + a.Selection + ": " : "");

        /// <summary>
        /// Why an assertion would hold only because what it is about is empty (a zone without addresses or segments,
        /// sides without a common address family, services of a family the sides lack); null when it checks something.
        /// </summary>
        public static string? Vacuous(CheckContext c, Assertion a)
        {
            switch (a.Kind)
            {
                case AssertionKind.Mtu:
                    return a.Zone!.Segments.Count == 0 ? "zone '" + a.Zone.Name + "' has no segments" : null;
                case AssertionKind.Isolated:
                    return c.Addresses.Of(a.Zone!).IsEmpty ? "zone '" + a.Zone!.Name + "' has no addresses" : null;
                default:
                {
                    foreach (var e in new[] { a.Source!, a.Destination! })
                        if (!e.IsAny && c.Addresses.Of(e).IsEmpty) return FlowRules.WhyEmpty(c, a.Source!, a.Destination!);
                    var services = a.Kind == AssertionKind.Only ? null : a.Services;
                    return c.Flows.Match(a.Source!, a.Destination!, services).IsEmpty ? FlowRules.WhyEmpty(c, a.Source!, a.Destination!) : null;
                }
            }
        }

        /// <summary>Null when the assertion holds, else why not.</summary>
        public static string? Evaluate(CheckContext c, Assertion a) => Evaluate(c, a, out _);

        /// <summary>Null when the assertion holds, else why not, with the packet that shows it (default when there is none).</summary>
        public static string? Evaluate(CheckContext c, Assertion a, out Packet witness)
        {
            witness = default;
            switch (a.Kind)
            {
                case AssertionKind.Logged:
                case AssertionKind.Classified:
                {
                    var region = c.Flows.Match(a.Source!, a.Destination!, a.Services);
                    var allowed = c.Flows.AllowedBetween(a.Source!, a.Destination!, a.Services, region);
                    bool logged = a.Kind == AssertionKind.Logged;
                    // Every flow that allows a packet must treat it: targets that stop at the first matching rule (nftables,
                    // cloud firewalls) may pick any of them, so one untreated allow is enough to lose the log or the class.
                    var allows = c.Flows.Candidates(a.Source!, a.Destination!, a.Services).Where(f => f.Action == FlowAction.Allow).OrderBy(f => f.Index).ToList();
                    var byFlow = PacketSet.UnionAll(allows.Select(f => c.Flows.Of(f).Intersect(region)));
                    if (Witness(allowed.Except(byFlow), out witness))
                        return Describe(a) + ": " + witness + " is allowed by the default action (allow), which " + (logged ? "logs nothing" : "sets no class");
                    foreach (var f in allows)
                    {
                        if (logged ? f.Log : f.Class != null) continue;
                        if (!Witness(allowed.Intersect(c.Flows.Of(f)), out witness)) continue;
                        return Describe(a) + ": " + witness + " is allowed by " + FlowCitation.WithText(f) + ", which "
                            + (logged ? "does not log it" : "carries no class");
                    }
                    return null;
                }
                case AssertionKind.Unclassified:
                {
                    var region = c.Flows.Match(a.Source!, a.Destination!, a.Services);
                    var allowed = c.Flows.AllowedBetween(a.Source!, a.Destination!, a.Services, region);
                    foreach (var f in c.Flows.Candidates(a.Source!, a.Destination!, a.Services).Where(f => f.Action == FlowAction.Allow && f.Class != null).OrderBy(f => f.Index))
                    {
                        if (!Witness(allowed.Intersect(c.Flows.Of(f)), out witness)) continue;
                        return Describe(a) + ": " + witness + " is allowed by " + FlowCitation.WithText(f) + ", which puts it in class '" + f.Class!.Name + "'";
                    }
                    return null;
                }
                case AssertionKind.Explicit:
                {
                    var region = c.Flows.Match(a.Source!, a.Destination!, null);
                    var allowed = c.Flows.AllowedBetween(a.Source!, a.Destination!, null, region);
                    var allows = c.Flows.Candidates(a.Source!, a.Destination!, null).Where(f => f.Action == FlowAction.Allow).OrderBy(f => f.Index).ToList();
                    // A default allow is the widest rule of all.
                    if (Witness(allowed.Except(PacketSet.UnionAll(allows.Select(f => c.Flows.Of(f).Intersect(region)))), out witness))
                        return Describe(a) + ": " + witness + " is allowed by the default action (allow), which allows any traffic no flow names";
                    foreach (var f in allows)
                    {
                        var wide = Wide(f);
                        if (wide == null || !Witness(allowed.Intersect(c.Flows.Of(f)), out witness)) continue;
                        return Describe(a) + ": " + FlowCitation.WithText(f) + " allows " + witness + " and " + wide;
                    }
                    return null;
                }
                case AssertionKind.Only:
                {
                    var region = c.Flows.Match(a.Source!, a.Destination!, null);
                    var allowed = c.Flows.AllowedBetween(a.Source!, a.Destination!, null, region);
                    var permitted = a.Segments == null
                        ? c.Flows.Match(a.Source!, a.Destination!, a.Services)
                        : PacketSet.UnionAll(a.Segments.Select(s => c.Flows.Match(a.Source!, new Endpoint(s.Zone, s, a.Location), a.Services)));
                    if (!Witness(allowed.Except(permitted), out witness)) return null;
                    var outside = a.Segments != null && a.Services != null ? "outside the listed segments and services"
                        : a.Segments != null ? "outside the listed segments" : "on a service not listed";
                    return Describe(a) + ": " + witness + " is allowed " + By(c, witness) + ", " + outside;
                }
                case AssertionKind.Never:
                {
                    var bad = c.Flows.AllowedBetween(a.Source!, a.Destination!, a.Services, c.Flows.Match(a.Source!, a.Destination!, a.Services));
                    return Witness(bad, out witness) ? Describe(a) + ": " + witness + " is allowed " + By(c, witness) : null;
                }
                case AssertionKind.Reachable:
                {
                    var region = c.Flows.Match(a.Source!, a.Destination!, a.Services);
                    var missing = region.Except(c.Flows.AllowedBetween(a.Source!, a.Destination!, a.Services, region));
                    return Witness(missing, out witness) ? Describe(a) + ": " + witness + " is denied " + By(c, witness) : null;
                }
                case AssertionKind.Isolated:
                {
                    var zone = c.Addresses.Of(a.Zone!);
                    AddressRangeSet Others()
                    {
                        var others = AddressRangeSet.All.Except(zone);
                        foreach (var e in a.Except) others = others.Except(c.Addresses.Of(e));
                        return others;
                    }
                    var z = a.Zone!;
                    var inside = new HashSet<ZoneSymbol>(a.Except) { z };
                    // The groups to z (or to 'any') from outside, and from z (or 'any') to outside, looked up by zone.
                    var only = new[] { z };
                    var bad = c.Flows.AllowedFromTo(Others, () => zone, only, bySource: false, where: (s, d) => s == null || !inside.Contains(s))
                        .Union(c.Flows.AllowedFromTo(() => zone, Others, only, bySource: true, where: (s, d) => d == null || !inside.Contains(d)));
                    return Witness(bad, out witness) ? Describe(a) + ": " + witness + " is allowed " + By(c, witness) : null;
                }
                default:
                {
                    foreach (var s in a.Zone!.Segments)
                    {
                        int mtu = s.Mtu?.Value ?? DefaultMtu;
                        if (!Compare(mtu, a.Comparison, a.MtuValue))
                            return Describe(a) + ": segment '" + s.QualifiedName + "' has MTU " + mtu + (s.Mtu == null ? " (not set; the default is 1500)" : "");
                    }
                    return null;
                }
            }
        }

        /// <summary>
        /// A packet of the set that reads like a real one: the set's lowest addresses are usually network addresses
        /// (10.50.0.0), so a host address next to them is taken when the set holds it.
        /// </summary>
        internal static bool Witness(PacketSet set, out Packet packet)
        {
            if (!set.TryGetWitness(out packet)) return false;
            foreach (ulong step in new ulong[] { 10, 1 })
            {
                var src = new IpAddress128(packet.Src.High, packet.Src.Low + step);
                var candidate = new Packet(src, packet.Dst, packet.Protocol, packet.DstPort, packet.IcmpType, packet.IcmpCode);
                if (src.Low > packet.Src.Low && set.Contains(candidate)) { packet = candidate; break; }
            }
            foreach (ulong step in new ulong[] { 10, 1 })
            {
                var dst = new IpAddress128(packet.Dst.High, packet.Dst.Low + step);
                var candidate = new Packet(packet.Src, dst, packet.Protocol, packet.DstPort, packet.IcmpType, packet.IcmpCode);
                if (dst.Low > packet.Dst.Low && set.Contains(candidate)) { packet = candidate; break; }
            }
            return true;
        }

        private static PacketSet Between(AddressRangeSet src, AddressRangeSet dst) => PacketSpace.Between(src, dst);

        private static bool Compare(int value, string op, int bound) => op switch
        {
            ">=" => value >= bound,
            "<=" => value <= bound,
            ">" => value > bound,
            "<" => value < bound,
            _ => value == bound,
        };

        internal static string By(CheckContext c, Packet p)
        {
            var (verdict, flow) = c.Flows.Evaluate(p);
            return flow != null
                ? "by " + FlowCitation.WithText(flow)
                : "by the default action (" + (verdict == FlowAction.Allow ? "allow" : "deny") + ")";
        }

        /// <summary>Why an allow flow is not explicit (it names 'any', or a protocol on every port); null when it is.</summary>
        internal static string? Wide(FlowRule f)
        {
            if (f.Source.IsAny) return "names 'any' as its source";
            if (f.Destination.IsAny) return "names 'any' as its destination";
            foreach (var s in f.Services)
            {
                if (s.IsAny) return "names 'any' as a service";
                if (s.HasPorts && s.Ports == null) return "allows " + s + " on every port";
                // tcp/0-65535 or tcp/1-65535 is 'tcp' spelt out: every port a connection can use.
                if (s.HasPorts && IntervalSet.FromRanges(s.Ports!, IntervalSet.PortMax).Ranges is var r && r.Count == 1 && r[0].Start <= 1 && r[0].End == IntervalSet.PortMax)
                    return "allows " + s + ", every port";
            }
            return null;
        }

        internal static string Describe(Assertion a) => a.Kind switch
        {
            AssertionKind.Logged => "logged " + a.Source + " -> " + a.Destination + Services(a.Services),
            AssertionKind.Only => "only " + a.Source + " -> " + a.Destination + (a.Segments != null ? " on " + string.Join(", ", a.Segments.Select(s => s.Name)) : "") + Services(a.Services),
            AssertionKind.Explicit => "explicit " + a.Source + " -> " + a.Destination,
            AssertionKind.Classified => "classified " + a.Source + " -> " + a.Destination + Services(a.Services),
            AssertionKind.Unclassified => "unclassified " + a.Source + " -> " + a.Destination + Services(a.Services),
            AssertionKind.Never => "never " + a.Source + " -> " + a.Destination + Services(a.Services),
            AssertionKind.Reachable => "reachable " + a.Source + " -> " + a.Destination + Services(a.Services),
            AssertionKind.Isolated => "isolated " + a.Zone!.Name + (a.Except.Count > 0 ? " except " + string.Join(", ", a.Except.Select(z => z.Name)) : ""),
            _ => "mtu " + a.Zone!.Name + " " + a.Comparison + " " + a.MtuValue,
        };

        private static string Services(IReadOnlyList<ServiceMatch>? services) => services == null ? "" : " : " + string.Join(", ", services);
    }

    /// <summary>An assertion's verdict: <see cref="Holds"/>, <see cref="Fails"/>, <see cref="Vacuous"/> or <see cref="Suspended"/>.</summary>
    public sealed class AssertionResult(Assertion assertion, string result, string why)
    {
        public const string Holds = "holds";
        public const string Fails = "fails";
        public const string Vacuous = "vacuous";
        public const string Suspended = "suspended by a quarantine";

        public Assertion Assertion { get; } = assertion;
        public string Result { get; } = result;

        /// <summary>Why it fails, checks nothing or is suspended (with the packet that shows it); empty when it holds.</summary>
        public string Why { get; } = why;

        /// <summary>The quarantine that suspends it, for <see cref="Suspended"/>.</summary>
        public string? SuspendedBy { get; internal set; }

        /// <summary>The assertion as checked: its kind, sides (the zone a selector picked) and services.</summary>
        public string Statement => AssertionRules.Describe(Assertion);

        /// <summary>An assertion as checked, without 'assert': <c>logged dev -> pii : tcp/5432</c>.</summary>
        public static string Describe(Assertion a) => AssertionRules.Describe(a);
    }
}
