using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// What an ordered, first-match, stateless ACL allows, as packet sets. The header space has no source port and no
    /// TCP flags, so an ACL is read twice (README.md, "What an ACL allows"):
    /// <list type="bullet">
    /// <item><see cref="Forward"/>: the first packets of new flows, i.e. TCP without ACK/RST sent from an ephemeral
    /// source port that no entry names. Entries with established, and UDP/SCTP entries with a source-port match, never
    /// match them.</item>
    /// <item><see cref="Replies"/>: replies, in the coordinates of the flow they answer (source and destination swapped, the
    /// destination port being the reply's source port). Only return entries count, in their order.</item>
    /// </list>
    /// </summary>
    public static class AclSemantics
    {
        public static AddressRangeSet Space(AclFamily family) => family == AclFamily.IPv4 ? PacketSpace.IPv4 : PacketSpace.IPv6;

        public static PacketSet FamilySpace(AclFamily family) => PacketSpace.Between(Space(family), Space(family));

        /// <summary>The packets that open a flow and that the ACL permits (first match wins; no match is denied).</summary>
        /// <remarks>
        /// A TCP entry with a source-port match but without <c>established</c> also matches a SYN sent from that port, so it
        /// counts here with its source port ignored (an over-approximation: validation then fails rather than miss it).
        /// </remarks>
        public static PacketSet Forward(IEnumerable<AclEntry> entries, AclFamily family) =>
            FirstMatch(entries.Where(e => !NeverOpens(e)).Select(e => (e.Action, Match(e, family))), family);

        /// <summary>Entries that no first packet of a flow matches: TCP with established; UDP/SCTP with a source-port match.</summary>
        public static bool NeverOpens(AclEntry e) => e.Established || (e.SourcePorts != null && e.Protocol != 6);

        /// <summary>Replies the ACL permits, as the forward packets they answer.</summary>
        public static PacketSet Replies(IEnumerable<AclEntry> entries, AclFamily family) =>
            FirstMatch(entries.Where(e => e.IsReturn).Select(e => (e.Action, ReplyMatch(e, family))), family);

        /// <summary>
        /// Replies every entry lets through, as the forward packets they answer: a reply has ACK set and goes to the
        /// client's ephemeral port, so entries that name a destination port never match it, and entries without
        /// <c>established</c> or a source port match it like any packet. What an earlier non-return entry denies here
        /// never reaches a return entry; a superset of <see cref="Replies"/>, because plain permits admit replies too.
        /// </summary>
        public static PacketSet RepliesThroughAll(IEnumerable<AclEntry> entries, AclFamily family) =>
            FirstMatch(entries.Select(e => (e.Action, ReplyMatch(e, family))), family);

        private static PacketSet FirstMatch(IEnumerable<(AclAction Action, PacketSet Match)> entries, AclFamily family)
        {
            // Within a run of entries with one action, order does not matter; first match only matters between runs.
            var runs = new List<(AclAction Action, List<PacketSet> Matches)>();
            foreach (var (action, match) in entries)
            {
                if (match.IsEmpty) continue;
                if (runs.Count == 0 || runs[runs.Count - 1].Action != action) runs.Add((action, new List<PacketSet>()));
                runs[runs.Count - 1].Matches.Add(match);
            }
            var permitted = PacketSet.Empty;
            var seen = PacketSet.Empty;
            foreach (var (action, matches) in runs)
            {
                var union = PacketSet.UnionAll(matches);
                if (action == AclAction.Permit) permitted = permitted.Union(union.Except(seen));
                seen = seen.Union(union);
            }
            return permitted.Intersect(FamilySpace(family));
        }

        /// <summary>The forward packets an entry matches (its source port ignored: the caller filters return entries).</summary>
        public static PacketSet Match(AclEntry e, AclFamily family)
        {
            var space = Space(family);
            var src = e.Sources == null ? space : AddressRangeSet.FromPrefixes(e.Sources).Intersect(space);
            var dst = e.Destinations == null ? space : AddressRangeSet.FromPrefixes(e.Destinations).Intersect(space);
            return Cube(src, dst, e.Protocol, e.DestinationPorts, e.IcmpType, e.IcmpCode);
        }

        /// <summary>The forward packets whose replies a return entry matches: addresses swapped, source ports as destination ports.</summary>
        public static PacketSet ReplyMatch(AclEntry e, AclFamily family)
        {
            // A reply goes to the client's ephemeral port, which an entry with a destination-port match does not name.
            if (e.DestinationPorts != null) return PacketSet.Empty;
            var space = Space(family);
            var src = e.Destinations == null ? space : AddressRangeSet.FromPrefixes(e.Destinations).Intersect(space);
            var dst = e.Sources == null ? space : AddressRangeSet.FromPrefixes(e.Sources).Intersect(space);
            return Cube(src, dst, e.Protocol, e.SourcePorts, e.IcmpType, e.IcmpCode);
        }

        private static PacketSet Cube(AddressRangeSet src, AddressRangeSet dst, int? protocol, IReadOnlyList<Interval>? ports, int? type, int? code)
        {
            if (src.IsEmpty || dst.IsEmpty) return PacketSet.Empty;
            var protocols = protocol is int p ? IntervalSet.FromValues(new[] { (ulong)p }, IntervalSet.ProtocolMax) : IntervalSet.Full(IntervalSet.ProtocolMax);
            var portSet = ports != null ? IntervalSet.FromRanges(ports, IntervalSet.PortMax) : IntervalSet.Full(IntervalSet.PortMax);
            var types = type is int t ? IntervalSet.FromValues(new[] { (ulong)t }, IntervalSet.IcmpMax) : IntervalSet.Full(IntervalSet.IcmpMax);
            var codes = code is int c ? IntervalSet.FromValues(new[] { (ulong)c }, IntervalSet.IcmpMax) : IntervalSet.Full(IntervalSet.IcmpMax);
            return PacketSet.FromCube(new HeaderCube(src, dst, protocols, portSet, types, codes));
        }
    }
}
