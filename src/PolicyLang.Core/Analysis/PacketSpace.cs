using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Analysis
{
    /// <summary>Builds packet sets that respect address families: a packet's source and destination share one IP version.</summary>
    public static class PacketSpace
    {
        public static readonly AddressRangeSet IPv4 = AddressRangeSet.AllIPv4;
        public static readonly AddressRangeSet IPv6 = AddressRangeSet.All.Except(AddressRangeSet.AllIPv4);

        /// <summary>
        /// The fewest CIDRs, IPv4 then IPv6, that cover exactly <paramref name="set"/> on a platform where an IPv6 CIDR never
        /// matches an IPv4 packet (security groups, NetworkPolicy ipBlocks, AdminNetworkPolicy networks: each family is
        /// matched on its own). An IPv6 CIDR may then span the IPv4-mapped block ::ffff:0:0/96 (no packet on the wire has
        /// such an address), so "every IPv6 address" is ::/0, not the 96 prefixes around that block.
        /// </summary>
        public static IEnumerable<IpPrefix> FamilyPrefixes(AddressRangeSet set)
        {
            foreach (var p in set.Intersect(IPv4).ToPrefixes()) yield return p;
            var v6 = set.Intersect(IPv6);
            if (v6.IsEmpty) yield break;
            foreach (var p in v6.Union(IPv4).ToPrefixes())
                if (!IPv4.Contains(p.First) || !IPv4.Contains(p.Last)) yield return p;
        }

        /// <summary>The addresses a CIDR matches where each family is matched on its own: an IPv6 CIDR never holds IPv4 (mapped) addresses.</summary>
        public static AddressRangeSet FamilyMatch(IpPrefix prefix) =>
            prefix.IsIPv4 ? AddressRangeSet.FromPrefix(prefix) : AddressRangeSet.FromPrefix(prefix).Intersect(IPv6);

        /// <summary>
        /// The addresses of prefixes as a policy means them (docs/architecture.md, "Address families"): an IPv6 prefix holds
        /// IPv6 addresses only, so <c>::/0</c> or <c>::/8</c> written in a zone, a segment or a prefix list never owns the
        /// IPv4 addresses that the shared 128-bit space keeps in ::ffff:0:0/96.
        /// </summary>
        public static AddressRangeSet FamilyMatch(IEnumerable<IpPrefix> prefixes)
        {
            var v4 = new List<IpPrefix>();
            var v6 = new List<IpPrefix>();
            foreach (var p in prefixes) (p.IsIPv4 ? v4 : v6).Add(p);
            var set = AddressRangeSet.FromPrefixes(v4);
            return v6.Count == 0 ? set : set.Union(AddressRangeSet.FromPrefixes(v6).Intersect(IPv6));
        }

        public static PacketSet Between(AddressRangeSet sources, AddressRangeSet destinations) =>
            Between(sources, destinations, IntervalSet.Full(IntervalSet.ProtocolMax), IntervalSet.Full(IntervalSet.PortMax),
                IntervalSet.Full(IntervalSet.IcmpMax), IntervalSet.Full(IntervalSet.IcmpMax));

        public static PacketSet Between(AddressRangeSet sources, AddressRangeSet destinations, IntervalSet protocols, IntervalSet ports, IntervalSet icmpTypes, IntervalSet icmpCodes) =>
            Between(sources, destinations, protocols, ports, icmpTypes, icmpCodes, IntervalSet.Full(IntervalSet.PortMax));

        /// <summary>
        /// Adds the cubes of <see cref="Between(AddressRangeSet, AddressRangeSet, IntervalSet, IntervalSet, IntervalSet, IntervalSet, IntervalSet)"/>
        /// to <paramref name="into"/>, equal to what its <see cref="PacketSet.Cubes"/> enumerate and in that order, without making the set:
        /// one cube per family that is not empty (source and destination cut to the family), and of two, first the one whose
        /// sources begin lower (the diagram's branches of the source level come in the order of their lowest value).
        /// </summary>
        public static void AddCubesBetween(AddressRangeSet sources, AddressRangeSet destinations, IntervalSet protocols, IntervalSet ports, IntervalSet icmpTypes,
            IntervalSet icmpCodes, IntervalSet sourcePorts, List<HeaderCube> into)
        {
            var v4 = new HeaderCube(sources.Intersect(IPv4), destinations.Intersect(IPv4), protocols, ports, icmpTypes, icmpCodes, sourcePorts);
            var v6 = new HeaderCube(sources.Intersect(IPv6), destinations.Intersect(IPv6), protocols, ports, icmpTypes, icmpCodes, sourcePorts);
            bool has4 = !v4.IsEmpty, has6 = !v6.IsEmpty;
            if (has4 && has6 && v6.Src.Core.Items[0].First < v4.Src.Core.Items[0].First)
            {
                into.Add(v6);
                into.Add(v4);
                return;
            }
            if (has4) into.Add(v4);
            if (has6) into.Add(v6);
        }

        public static PacketSet Between(AddressRangeSet sources, AddressRangeSet destinations, IntervalSet protocols, IntervalSet ports, IntervalSet icmpTypes, IntervalSet icmpCodes,
            IntervalSet sourcePorts)
        {
            var v4 = PacketSet.FromCube(new HeaderCube(sources.Intersect(IPv4), destinations.Intersect(IPv4), protocols, ports, icmpTypes, icmpCodes, sourcePorts));
            var v6 = PacketSet.FromCube(new HeaderCube(sources.Intersect(IPv6), destinations.Intersect(IPv6), protocols, ports, icmpTypes, icmpCodes, sourcePorts));
            return v4.Union(v6);
        }
    }
}
