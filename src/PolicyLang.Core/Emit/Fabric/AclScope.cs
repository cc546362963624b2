using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// What the inbound ACL of an interface must allow, computed from the header-space IR alone. The scope of the ACL is
    /// every packet a host of the interface's segments sends into the fabric: sources in the segments, destinations
    /// anywhere (see README.md, "Scope"). Replies of flows into the segments leave through the same ACL.
    /// </summary>
    public sealed class AclScope
    {
        private AclScope(AclFamily family, PacketSet allowedFrom, PacketSet allowedTo, PacketSet replies, PacketSet leak)
        {
            Family = family;
            AllowedFrom = allowedFrom;
            AllowedTo = allowedTo;
            Replies = replies;
            StatelessReplies = leak;
            Forward = allowedFrom.Union(leak);
        }

        public AclFamily Family { get; }

        /// <summary>The policy's allowed packets whose source is in the segments.</summary>
        public PacketSet AllowedFrom { get; }

        /// <summary>The policy's allowed packets whose destination is in the segments (their replies enter here).</summary>
        public PacketSet AllowedTo { get; }

        /// <summary>Flows into the segments whose replies return entries admit (TCP; UDP and SCTP to named ports), as forward packets.</summary>
        public PacketSet Replies { get; }

        /// <summary>
        /// Replies no stateless entry can tell from new traffic, as the packets the hosts send: ICMP echo replies, UDP/SCTP
        /// replies of flows to every port, and protocols without ports. The ACL must forward them like new traffic.
        /// </summary>
        public PacketSet StatelessReplies { get; }

        /// <summary>Everything the ACL must forward as new traffic: <see cref="AllowedFrom"/> and <see cref="StatelessReplies"/>.</summary>
        public PacketSet Forward { get; }

        /// <param name="bothFamilies">What <see cref="AllowedInBothFamilies"/> gives for the same segments, where the caller keeps
        /// it for the other family too; null works it out for this family alone.</param>
        public static AclScope Compute(FlowSpace flows, IEnumerable<SegmentSymbol> segments, AclFamily family, Func<AllowedSets>? bothFamilies = null)
        {
            var list = segments.ToList();
            var space = AclSemantics.Space(family);
            var mine = AddressRangeSet.FromPrefixes(list.SelectMany(s => s.Prefixes.Select(p => p.Value))).Intersect(space);
            if (mine.IsEmpty) return new AclScope(family, PacketSet.Empty, PacketSet.Empty, PacketSet.Empty, PacketSet.Empty);
            PacketSet from, to;
            if (bothFamilies != null)
            {
                // Cut to this family's region, what the policy allows there is what it allows in the wider region of both.
                var both = bothFamilies();
                from = both.From.Intersect(PacketSpace.Between(mine, space));
                to = both.To.Intersect(PacketSpace.Between(space, mine));
            }
            else
            {
                var zones = new HashSet<ZoneSymbol>(list.Select(s => s.Zone));
                from = flows.AllowedFromTo(() => mine, () => space, zones, bySource: true)
                    .Intersect(PacketSpace.Between(mine, space));
                to = flows.AllowedFromTo(() => space, () => mine, zones, bySource: false)
                    .Intersect(PacketSpace.Between(space, mine));
            }
            var (replies, leak) = Split(to, family);
            return new AclScope(family, from, to, replies, leak);
        }

        /// <summary>What the policy allows from and to the segments' addresses, both families at once, before the cut to one.</summary>
        public sealed class AllowedSets(PacketSet from, PacketSet to)
        {
            /// <summary>Allowed packets from the segments' addresses to anywhere (and maybe more: only the cut to a family's region counts).</summary>
            public PacketSet From { get; } = from;

            /// <summary>Allowed packets from anywhere to the segments' addresses (the same caveat).</summary>
            public PacketSet To { get; } = to;
        }

        /// <summary>
        /// The allowed packets from and to the segments' addresses in both families, for <see cref="Compute"/> to cut to each
        /// family's region. Each family's scope asked the flows on its own before; the flows between zones (the most of them)
        /// then were united and their denies taken away twice. Exact: what the flows allow within a family's region does not
        /// depend on how much wider the region the flows from and to 'any' were cut to (<see cref="FlowSpace.AllowedFromTo(Func{AddressRangeSet}, Func{AddressRangeSet}, IEnumerable{ZoneSymbol}, bool, Func{ZoneSymbol, ZoneSymbol, bool})"/>).
        /// </summary>
        public static AllowedSets AllowedInBothFamilies(FlowSpace flows, IEnumerable<SegmentSymbol> segments)
        {
            var list = segments.ToList();
            var zones = new HashSet<ZoneSymbol>(list.Select(s => s.Zone));
            var mine = AddressRangeSet.FromPrefixes(list.SelectMany(s => s.Prefixes.Select(p => p.Value)));
            var all = AddressRangeSet.All;
            return new AllowedSets(
                flows.AllowedFromTo(() => mine, () => all, zones, bySource: true),
                flows.AllowedFromTo(() => all, () => mine, zones, bySource: false));
        }

        private static readonly IntervalSet Tcp = Protocols(6);
        private static readonly IntervalSet UdpSctp = Protocols(17, 132);
        private static readonly IntervalSet IcmpProtocols = Protocols(1, 58);

        private static IntervalSet Protocols(params ulong[] values) => IntervalSet.FromValues(values, IntervalSet.ProtocolMax);

        private static PacketSet Only(IntervalSet protocols) =>
            PacketSet.FromCube(new HeaderCube(AddressRangeSet.All, AddressRangeSet.All, protocols, IntervalSet.Full(IntervalSet.PortMax),
                IntervalSet.Full(IntervalSet.IcmpMax), IntervalSet.Full(IntervalSet.IcmpMax)));

        /// <summary>Splits allowed flows into those a return entry answers and the replies that must pass as plain traffic.</summary>
        public static (PacketSet Replies, PacketSet StatelessReplies) Split(PacketSet allowedTo, AclFamily family)
        {
            var replies = new List<PacketSet> { allowedTo.Intersect(Only(Tcp)) };
            var leak = new List<HeaderCube>();
            foreach (var cube in allowedTo.Intersect(Only(UdpSctp)).Cubes)
            {
                // A return entry names the server's port as its source and no destination port. Replies of flows to every
                // port, and of flows that name their source port (their replies go to that port: udp/123 -> 123), are
                // entries of their own that name both ports or only the destination.
                if (cube.DstPorts.IsFull || !cube.SrcPorts.IsFull) leak.Add(Swap(cube, cube.DstPorts, cube.IcmpTypes, cube.IcmpCodes));
                else replies.Add(PacketSet.FromCube(cube));
            }
            var echoType = family == AclFamily.IPv4 ? 8UL : 128UL;
            var replyType = family == AclFamily.IPv4 ? 0UL : 129UL;
            var echo = PacketSet.FromCube(new HeaderCube(AddressRangeSet.All, AddressRangeSet.All, IcmpProtocols, IntervalSet.Full(IntervalSet.PortMax),
                IntervalSet.FromValues(new[] { echoType }, IntervalSet.IcmpMax), IntervalSet.Full(IntervalSet.IcmpMax)));
            foreach (var cube in allowedTo.Intersect(echo).Cubes)
                // Every code of the echo-reply type: RFC 792 and 4443 define only code 0, and NVUE has no ICMP code match.
                leak.Add(Swap(cube, cube.DstPorts, IntervalSet.FromValues(new[] { replyType }, IntervalSet.IcmpMax), IntervalSet.Full(IntervalSet.IcmpMax)));
            foreach (var cube in allowedTo.Except(Only(Tcp.Union(UdpSctp).Union(IcmpProtocols))).Cubes)
                leak.Add(Swap(cube, cube.DstPorts, cube.IcmpTypes, cube.IcmpCodes));
            return (PacketSet.UnionAll(replies), PacketSet.FromCubes(leak));
        }

        /// <summary>The replies of a cube's flows: addresses swapped, and ports (the reply goes to the flow's source port).</summary>
        private static HeaderCube Swap(HeaderCube c, IntervalSet ports, IntervalSet types, IntervalSet codes) =>
            new HeaderCube(c.Dst, c.Src, c.Protocols, c.SrcPorts, types, codes, ports);
    }
}
