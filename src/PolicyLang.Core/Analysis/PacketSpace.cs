using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Analysis
{
    /// <summary>Builds packet sets that respect address families: a packet's source and destination share one IP version.</summary>
    public static class PacketSpace
    {
        public static readonly AddressRangeSet IPv4 = AddressRangeSet.AllIPv4;
        public static readonly AddressRangeSet IPv6 = AddressRangeSet.All.Except(AddressRangeSet.AllIPv4);

        public static PacketSet Between(AddressRangeSet sources, AddressRangeSet destinations) =>
            Between(sources, destinations, IntervalSet.Full(IntervalSet.ProtocolMax), IntervalSet.Full(IntervalSet.PortMax),
                IntervalSet.Full(IntervalSet.IcmpMax), IntervalSet.Full(IntervalSet.IcmpMax));

        public static PacketSet Between(AddressRangeSet sources, AddressRangeSet destinations, IntervalSet protocols, IntervalSet ports, IntervalSet icmpTypes, IntervalSet icmpCodes)
        {
            var v4 = PacketSet.FromCube(new HeaderCube(sources.Intersect(IPv4), destinations.Intersect(IPv4), protocols, ports, icmpTypes, icmpCodes));
            var v6 = PacketSet.FromCube(new HeaderCube(sources.Intersect(IPv6), destinations.Intersect(IPv6), protocols, ports, icmpTypes, icmpCodes));
            return v4.Union(v6);
        }
    }
}
