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
                var vacuous = Vacuous(c, a);
                if (vacuous != null)
                {
                    c.Report(DiagnosticCatalog.AssertionVacuous, a.Location, Describe(a), vacuous);
                    continue;
                }
                var failure = Evaluate(c, a);
                if (failure != null) c.Report(DiagnosticCatalog.AssertionFailed, a.Location, failure);
            }
        }

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
                    return c.Flows.Match(a.Source!, a.Destination!, a.Services).IsEmpty ? FlowRules.WhyEmpty(c, a.Source!, a.Destination!) : null;
                }
            }
        }

        /// <summary>Null when the assertion holds, else why not.</summary>
        public static string? Evaluate(CheckContext c, Assertion a)
        {
            switch (a.Kind)
            {
                case AssertionKind.Never:
                {
                    var bad = c.Flows.AllowedBetween(a.Source!, a.Destination!, a.Services, c.Flows.Match(a.Source!, a.Destination!, a.Services));
                    return Witness(bad, out var p) ? Describe(a) + ": " + p + " is allowed " + By(c, p) : null;
                }
                case AssertionKind.Reachable:
                {
                    var region = c.Flows.Match(a.Source!, a.Destination!, a.Services);
                    var missing = region.Except(c.Flows.AllowedBetween(a.Source!, a.Destination!, a.Services, region));
                    return Witness(missing, out var p) ? Describe(a) + ": " + p + " is denied " + By(c, p) : null;
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
                    var bad = c.Flows.AllowedFromTo(Others, () => zone, (s, d) => (d == null || d == z) && (s == null || !inside.Contains(s)))
                        .Union(c.Flows.AllowedFromTo(() => zone, Others, (s, d) => (s == null || s == z) && (d == null || !inside.Contains(d))));
                    return Witness(bad, out var p) ? Describe(a) + ": " + p + " is allowed " + By(c, p) : null;
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
                ? "by the flow at " + flow.Location.Display + " (" + flow.Describe() + ")"
                : "by the default action (" + (verdict == FlowAction.Allow ? "allow" : "deny") + ")";
        }

        private static string Describe(Assertion a) => a.Kind switch
        {
            AssertionKind.Never => "never " + a.Source + " -> " + a.Destination + Services(a.Services),
            AssertionKind.Reachable => "reachable " + a.Source + " -> " + a.Destination + Services(a.Services),
            AssertionKind.Isolated => "isolated " + a.Zone!.Name + (a.Except.Count > 0 ? " except " + string.Join(", ", a.Except.Select(z => z.Name)) : ""),
            _ => "mtu " + a.Zone!.Name + " " + a.Comparison + " " + a.MtuValue,
        };

        private static string Services(IReadOnlyList<ServiceMatch>? services) => services == null ? "" : " : " + string.Join(", ", services);
    }
}
