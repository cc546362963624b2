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
        private PacketSet? _other;

        /// <summary>IPv4 (or IPv6) packets only: an ip (ip6) chain, an nfproto match, the family an address match implies.</summary>
        public void Family(bool v4)
        {
            var family = v4 ? PacketSpace.IPv4 : PacketSpace.IPv6;
            _sources = _sources.Intersect(family);
            _destinations = _destinations.Intersect(family);
            _sameFamily = true;
        }

        public void Sources(AddressRangeSet addresses)
        {
            _sources = _sources.Intersect(addresses);
            _sameFamily = true;
        }

        public void Destinations(AddressRangeSet addresses)
        {
            _destinations = _destinations.Intersect(addresses);
            _sameFamily = true;
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
            var product = _sameFamily
                ? PacketSpace.Between(_sources, _destinations, _protocols, _ports, _icmpTypes, _icmpCodes, _sourcePorts)
                : PacketSet.FromCube(new HeaderCube(_sources, _destinations, _protocols, _ports, _icmpTypes, _icmpCodes, _sourcePorts));
            return _other == null ? product : product.Intersect(_other);
        }
    }
}
