using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Semantics;

namespace PolicyLang.Analysis.Rules
{
    /// <summary>VLAN and VNI uniqueness, overlapping subnets, zones without addresses.</summary>
    internal static class SegmentRules
    {
        public static void Check(CheckContext c)
        {
            var vlans = new Dictionary<int, SegmentSymbol>();
            var vnis = new Dictionary<int, SegmentSymbol>();
            foreach (var s in c.Model.Segments)
            {
                if (s.Vlan is { } vlan)
                {
                    if (vlans.TryGetValue(vlan.Value, out var first))
                        c.Report(DiagnosticCatalog.DuplicateVlan, vlan.Location, vlan.Value, first.QualifiedName, first.Vlan!.Value.Location.Display);
                    else vlans[vlan.Value] = s;
                }
                if (s.Vni is { } vni)
                {
                    if (vnis.TryGetValue(vni.Value, out var first))
                        c.Report(DiagnosticCatalog.DuplicateVni, vni.Location, vni.Value, first.QualifiedName, first.Vni!.Value.Location.Display);
                    else vnis[vni.Value] = s;
                }
            }
            CheckOverlaps(c);
            foreach (var z in c.Model.Zones)
                if (!z.DeclaresSubnets) c.Report(DiagnosticCatalog.ZoneWithoutAddresses, z.Location, z.Name);
        }

        private sealed class Owned(Located<IpPrefix> prefix, ZoneSymbol zone, SegmentSymbol? segment)
        {
            public Located<IpPrefix> Prefix { get; } = prefix;
            public ZoneSymbol Zone { get; } = zone;
            public SegmentSymbol? Segment { get; } = segment;
            public string Owner => Segment != null ? "segment '" + Segment.QualifiedName + "'" : "zone '" + Zone.Name + "'";
        }

        /// <summary>A sweep over internal prefixes sorted by first address finds every overlapping pair in O(n log n + pairs).</summary>
        private static void CheckOverlaps(CheckContext c)
        {
            var all = new List<Owned>();
            foreach (var z in c.Model.Zones.Where(z => !z.IsExternal))
            {
                all.AddRange(z.Subnets.Select(p => new Owned(p, z, null)));
                foreach (var s in z.Segments) all.AddRange(s.Prefixes.Select(p => new Owned(p, z, s)));
            }
            all.Sort((a, b) =>
            {
                int cmp = a.Prefix.Value.First.CompareTo(b.Prefix.Value.First);
                return cmp != 0 ? cmp : a.Prefix.Value.Length.CompareTo(b.Prefix.Value.Length);
            });
            var open = new List<Owned>();
            var reported = new HashSet<(Owned, Owned)>();
            foreach (var current in all)
            {
                open.RemoveAll(o => o.Prefix.Value.Last < current.Prefix.Value.First);
                foreach (var o in open)
                {
                    if (!Conflicts(o, current)) continue;
                    var (first, second) = Earlier(o, current) ? (o, current) : (current, o);
                    if (!reported.Add((first, second))) continue;
                    var inner = first.Prefix.Value.Length >= second.Prefix.Value.Length ? first.Prefix.Value : second.Prefix.Value;
                    c.Report(DiagnosticCatalog.OverlappingSubnets, second.Prefix.Location, second.Prefix.Value, second.Owner,
                        first.Prefix.Value, first.Owner, first.Prefix.Location.Display, inner);
                }
                open.Add(current);
            }
        }

        /// <summary>Overlap is a conflict between different zones, or between two segments; a zone-level subnet may aggregate its own segments.</summary>
        private static bool Conflicts(Owned a, Owned b)
        {
            // An IPv6 prefix holds no IPv4 address (PacketSpace.FamilyMatch), though ::/8 spans the mapped block in the 128-bit space.
            if (a.Prefix.Value.IsIPv4 != b.Prefix.Value.IsIPv4) return false;
            if (a.Zone != b.Zone) return true;
            return a.Segment != null && b.Segment != null && (a.Segment != b.Segment || a.Prefix.Value.Equals(b.Prefix.Value));
        }

        private static bool Earlier(Owned a, Owned b)
        {
            int cmp = string.CompareOrdinal(a.Prefix.Location.Path, b.Prefix.Location.Path);
            return cmp != 0 ? cmp < 0 : a.Prefix.Location.Span.Start <= b.Prefix.Location.Span.Start;
        }
    }
}
