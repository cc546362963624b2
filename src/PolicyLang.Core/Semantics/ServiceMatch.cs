using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Semantics
{
    /// <summary>
    /// One protocol match: tcp/2049, udp/4791, tcp/1024-65535 -> 22 (source ports, then destination ports), icmp
    /// echo-request, proto 47, any. Fields that do not apply are null ("any"). ICMP matches are limited to their family:
    /// icmp to IPv4, icmpv6 to IPv6.
    /// </summary>
    public sealed class ServiceMatch(
        int? protocol, IReadOnlyList<Interval>? ports, int? icmpType, int? icmpCode, SourceLocation location,
        IReadOnlyList<Interval>? sourcePorts = null)
    {
        public const int Icmp = 1;
        public const int Tcp = 6;
        public const int Udp = 17;
        public const int Icmpv6 = 58;
        public const int Sctp = 132;

        /// <summary>IP protocol number; null matches every protocol.</summary>
        public int? Protocol { get; } = protocol;

        /// <summary>Destination port ranges; null means every port (or a protocol without ports).</summary>
        public IReadOnlyList<Interval>? Ports { get; } = ports;

        /// <summary>Source port ranges; null means every source port (what almost every flow says: a client picks its own).</summary>
        public IReadOnlyList<Interval>? SourcePorts { get; } = sourcePorts;

        /// <summary>Whether the match names source ports, which some targets cannot match (security groups, NetworkPolicies);
        /// every port (<c>tcp/0-65535 -> 22</c>) is no constraint.</summary>
        public bool HasSourcePorts => SourcePorts != null && !IntervalSet.FromRanges(SourcePorts, IntervalSet.PortMax).IsFull;
        public int? IcmpType { get; } = icmpType;
        public int? IcmpCode { get; } = icmpCode;
        public SourceLocation Location { get; } = location;

        public bool IsAny => Protocol == null;
        public bool HasPorts => Protocol == Tcp || Protocol == Udp || Protocol == Sctp;

        /// <summary>Which address families the match can apply to.</summary>
        public bool AppliesToIPv4 => Protocol != Icmpv6;
        public bool AppliesToIPv6 => Protocol != Icmp;

        public static string ProtocolName(int protocol) => protocol switch
        {
            Tcp => "tcp",
            Udp => "udp",
            Sctp => "sctp",
            Icmp => "icmp",
            Icmpv6 => "icmpv6",
            _ => "proto " + protocol.ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>The packets this match admits between two address sets.</summary>
        public PacketSet ToPacketSet(AddressRangeSet sources, AddressRangeSet destinations)
        {
            var (protocols, ports, types, codes, sourcePorts) = Fields(ref sources, ref destinations);
            return Analysis.PacketSpace.Between(sources, destinations, protocols, ports, types, codes, sourcePorts);
        }

        /// <summary>Adds the cubes of <see cref="ToPacketSet"/> to <paramref name="into"/> (those its set enumerates, in that order) without making the set.</summary>
        public void AddCubes(AddressRangeSet sources, AddressRangeSet destinations, List<HeaderCube> into)
        {
            var (protocols, ports, types, codes, sourcePorts) = Fields(ref sources, ref destinations);
            Analysis.PacketSpace.AddCubesBetween(sources, destinations, protocols, ports, types, codes, sourcePorts, into);
        }

        /// <summary>
        /// The union of <see cref="ToPacketSet"/> of every match of <paramref name="services"/> between the same two address sets,
        /// the same diagram: the matches are united once over any addresses (each family's own, where a match is of one family),
        /// and the address levels are put above them directly (<see cref="PacketSet.BetweenFamilies"/>), not by a union per
        /// match and family over the addresses.
        /// </summary>
        public static PacketSet UnionBetween(IReadOnlyList<ServiceMatch> services, AddressRangeSet sources, AddressRangeSet destinations)
        {
            // Each match's levels below the addresses, over any addresses; the matches of one family only (ICMP) go to that family's.
            var v4 = new List<PacketSet>(services.Count);
            var v6 = new List<PacketSet>(services.Count);
            bool same = true;
            for (int i = 0; i < services.Count; i++)
            {
                var s = services[i];
                var (protocols, ports, types, codes, sourcePorts) = s.FieldSets();
                var set = PacketSet.FromCube(new HeaderCube(AddressRangeSet.All, AddressRangeSet.All, protocols, ports, types, codes, sourcePorts));
                if (s.AppliesToIPv4) v4.Add(set);
                if (s.AppliesToIPv6) v6.Add(set);
                same &= s.AppliesToIPv4 && s.AppliesToIPv6;
            }
            var below4 = PacketSet.UnionAll(v4);
            return PacketSet.BetweenFamilies(sources, destinations, below4, same ? below4 : PacketSet.UnionAll(v6));
        }

        /// <summary>The service's fields as sets, and the addresses cut to the families it applies to.</summary>
        private (IntervalSet Protocols, IntervalSet Ports, IntervalSet Types, IntervalSet Codes, IntervalSet SourcePorts) Fields(ref AddressRangeSet sources, ref AddressRangeSet destinations)
        {
            if (!AppliesToIPv4)
            {
                sources = sources.Except(AddressRangeSet.AllIPv4);
                destinations = destinations.Except(AddressRangeSet.AllIPv4);
            }
            else if (!AppliesToIPv6)
            {
                sources = sources.Intersect(AddressRangeSet.AllIPv4);
                destinations = destinations.Intersect(AddressRangeSet.AllIPv4);
            }
            return FieldSets();
        }

        /// <summary>The service's fields as sets.</summary>
        private (IntervalSet Protocols, IntervalSet Ports, IntervalSet Types, IntervalSet Codes, IntervalSet SourcePorts) FieldSets()
        {
            var protocols = Protocol is int p ? IntervalSet.FromValues(new[] { (ulong)p }, IntervalSet.ProtocolMax) : IntervalSet.Full(IntervalSet.ProtocolMax);
            var ports = Ports != null ? IntervalSet.FromRanges(Ports, IntervalSet.PortMax) : IntervalSet.Full(IntervalSet.PortMax);
            var types = IcmpType is int t ? IntervalSet.FromValues(new[] { (ulong)t }, IntervalSet.IcmpMax) : IntervalSet.Full(IntervalSet.IcmpMax);
            var codes = IcmpCode is int c ? IntervalSet.FromValues(new[] { (ulong)c }, IntervalSet.IcmpMax) : IntervalSet.Full(IntervalSet.IcmpMax);
            var sourcePorts = SourcePorts != null ? IntervalSet.FromRanges(SourcePorts, IntervalSet.PortMax) : IntervalSet.Full(IntervalSet.PortMax);
            return (protocols, ports, types, codes, sourcePorts);
        }

        /// <summary>Port ranges as written in a policy: "22", "1024-65535", "80,443".</summary>
        public static string PortText(IEnumerable<Interval> ranges) => string.Join(",", ranges.Select(r => r.Start == r.End
            ? r.Start.ToString(CultureInfo.InvariantCulture)
            : r.Start.ToString(CultureInfo.InvariantCulture) + "-" + r.End.ToString(CultureInfo.InvariantCulture)));

        public override string ToString()
        {
            if (Protocol == null) return "any";
            var name = ProtocolName(Protocol.Value);
            if (SourcePorts != null)
                return name + "/" + PortText(SourcePorts) + " -> " + (Ports == null ? "any" : PortText(Ports));
            if (Ports != null)
                return name + "/" + PortText(Ports);
            if (IcmpType != null) return name + " " + IcmpType.Value.ToString(CultureInfo.InvariantCulture) + (IcmpCode != null ? " code " + IcmpCode.Value.ToString(CultureInfo.InvariantCulture) : "");
            return name;
        }
    }
}
