using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Emit.Nftables
{
    /// <summary>
    /// The match of one rule as its expressions are read. Positive matches (an address set, protocols, ports, ICMP types)
    /// each constrain one dimension and only same-family packets, so together they are one product, built once at the end
    /// instead of one packet-set intersection per expression; anything else (a negation) is intersected as a packet set.
    /// The result is the same set as intersecting every expression's packets (the header space's form is canonical).
    /// </summary>
    internal sealed class NftMatchBuilder
    {
        private AddressRangeSet _sources = AddressRangeSet.All;
        private AddressRangeSet _destinations = AddressRangeSet.All;
        private IntervalSet _protocols = IntervalSet.Full(IntervalSet.ProtocolMax);
        private IntervalSet _ports = IntervalSet.Full(IntervalSet.PortMax);
        private IntervalSet _icmpTypes = IntervalSet.Full(IntervalSet.IcmpMax);
        private IntervalSet _icmpCodes = IntervalSet.Full(IntervalSet.IcmpMax);
        private IntervalSet _sourcePorts = IntervalSet.Full(IntervalSet.PortMax);

        // Whether a positive match was applied: each holds only packets whose source and destination are of one family
        // (PacketSpace.Between), which a bare product does not say.
        private bool _sameFamily;

        // The family every source and destination is of, when a match said so (true: IPv4): the product is then one cube.
        private bool? _family;
        private PacketSet? _other;

        /// <summary>IPv4 (or IPv6) packets only: an ip (ip6) chain, an nfproto match, the family an address match implies.</summary>
        public void Family(bool v4)
        {
            if (_family == v4) return;
            var family = v4 ? PacketSpace.IPv4 : PacketSpace.IPv6;
            _sources = Narrow(_sources, family);
            _destinations = Narrow(_destinations, family);
            _sameFamily = true;
            _family ??= v4; // the other family too leaves no address, and no packet
        }

        public void Sources(AddressRangeSet addresses)
        {
            _sources = Narrow(_sources, addresses);
            _sameFamily = true;
        }

        public void Destinations(AddressRangeSet addresses)
        {
            _destinations = Narrow(_destinations, addresses);
            _sameFamily = true;
        }

        /// <summary>The intersection; without copying <paramref name="by"/> when it lies in one range of <paramref name="current"/> (all, or a family).</summary>
        private static AddressRangeSet Narrow(AddressRangeSet current, AddressRangeSet by)
        {
            var outer = current.Core.Items;
            var inner = by.Core.Items;
            if (outer.Length == 1 && inner.Length > 0 && outer[0].First <= inner[0].First && inner[inner.Length - 1].Last <= outer[0].Last) return by;
            return current.Intersect(by);
        }

        public void Protocols(IntervalSet protocols)
        {
            _protocols = _protocols.Intersect(protocols);
            _sameFamily = true;
        }

        public void Ports(IntervalSet ports)
        {
            _ports = _ports.Intersect(ports);
            _sameFamily = true;
        }

        public void SourcePorts(IntervalSet ports)
        {
            _sourcePorts = _sourcePorts.Intersect(ports);
            _sameFamily = true;
        }

        public void IcmpTypes(IntervalSet types)
        {
            _icmpTypes = _icmpTypes.Intersect(types);
            _sameFamily = true;
        }

        public void IcmpCodes(IntervalSet codes)
        {
            _icmpCodes = _icmpCodes.Intersect(codes);
            _sameFamily = true;
        }

        /// <summary>A constraint that is not one of the above, as its packets.</summary>
        public void Intersect(PacketSet packets) => _other = _other == null ? packets : _other.Intersect(packets);

        public PacketSet Build()
        {
            if (_other is { IsEmpty: true }) return PacketSet.Empty;
            // Sources and destinations of one family: PacketSpace.Between would give this cube and an empty one of the other family.
            var product = _family != null
                ? PacketSet.FromCube(new HeaderCube(_sources, _destinations, _protocols, _ports, _icmpTypes, _icmpCodes, _sourcePorts))
                : _sameFamily
                ? PacketSpace.Between(_sources, _destinations, _protocols, _ports, _icmpTypes, _icmpCodes, _sourcePorts)
                : PacketSet.FromCube(new HeaderCube(_sources, _destinations, _protocols, _ports, _icmpTypes, _icmpCodes, _sourcePorts));
            return _other == null ? product : product.Intersect(_other);
        }
    }
}
