using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// What an ordered, first-match, stateless ACL allows, as packet sets. The header space has no TCP flags, so an ACL
    /// is read twice (README.md, "What an ACL allows"):
    /// <list type="bullet">
    /// <item><see cref="Forward"/>: the first packets of new flows, i.e. TCP without ACK/RST. Entries with established,
    /// and UDP/SCTP return entries (a source-port match and no destination-port match), never match them: a client's
    /// ephemeral port is taken not to be a server's port.</item>
    /// <item><see cref="Replies"/>: replies, in the coordinates of the flow they answer (addresses and ports swapped: the
    /// reply's source port is the flow's destination port). Only return entries count, in their order.</item>
    /// </list>
    /// </summary>
    public static class AclSemantics
    {
        public static AddressRangeSet Space(AclFamily family) => family == AclFamily.IPv4 ? PacketSpace.IPv4 : PacketSpace.IPv6;

        public static PacketSet FamilySpace(AclFamily family) => PacketSpace.Between(Space(family), Space(family));

        /// <summary>The packets that open a flow and that the ACL permits (first match wins; no match is denied).</summary>
        public static PacketSet Forward(IEnumerable<AclEntry> entries, AclFamily family) =>
            FirstMatch(entries.Where(e => !NeverOpens(e)).Select(e => (e.Action, Match(e, family))), family);

        /// <summary>Entries that no first packet of a flow matches: TCP with established; UDP/SCTP with a source-port match and
        /// no destination-port match.</summary>
        public static bool NeverOpens(AclEntry e) => e.Established || (e.SourcePorts != null && e.DestinationPorts == null && e.Protocol != 6);

        /// <summary>Replies the ACL permits, as the forward packets they answer.</summary>
        public static PacketSet Replies(IEnumerable<AclEntry> entries, AclFamily family) =>
            FirstMatch(entries.Where(e => e.IsReturn).Select(e => (e.Action, ReplyMatch(e, family))), family);

        /// <summary>
        /// Replies every entry lets through, as the forward packets they answer: a reply goes to the port the flow came
        /// from, so an entry that names destination ports matches replies of flows from those source ports only, and entries
        /// without <c>established</c> or a source port match it like any packet. What an earlier non-return entry denies here
        /// never reaches a return entry; a superset of <see cref="Replies"/>, because plain permits admit replies too.
        /// </summary>
        public static PacketSet RepliesThroughAll(IEnumerable<AclEntry> entries, AclFamily family) =>
            FirstMatch(entries.Select(e => (e.Action, ReplyMatch(e, family))), family);

        /// <summary>
        /// Whether every packet of <paramref name="replies"/> is in <see cref="RepliesThroughAll"/>, without the first match of
        /// the whole list. The replies no entry has decided yet are followed down the list, run by run of entries with one
        /// action: a deny that meets them drops one, so the answer is no; a run of permits takes the ones it meets out. Once
        /// none is left the answer is yes, and the entries after that are never read: the return entries, which come first,
        /// usually admit them all. Entries that share no packet with the replies left decide nothing of them, so they are
        /// skipped (first match commutes with cutting every entry to a region); an ACL's many denies of other destinations are.
        /// </summary>
        public static bool RepliesPass(IEnumerable<AclEntry> entries, AclFamily family, PacketSet replies)
        {
            if (!replies.IsSubsetOf(FamilySpace(family))) return false;
            var left = replies;
            // The sources of the replies, as forward packets: an entry whose destinations hold none of them matches none of the
            // replies (its reply match has the entry's destinations as sources), which two address sets settle without building
            // the entry's packets. An ACL's thousands of denies of other zones' addresses are skipped that way. (The replies
            // left only shrink: their sources stay among these.)
            var sources = replies.SourceAddresses();
            var run = new List<PacketSet>();
            foreach (var e in entries)
            {
                if (left.IsEmpty) return true;
                if (e.Action != AclAction.Permit && run.Count > 0)
                {
                    left = left.Except(PacketSet.UnionAll(run));
                    run.Clear();
                    if (left.IsEmpty) return true;
                }
                if (e.Destinations != null && !Addresses(e.Destinations).Overlaps(sources)) continue;
                var match = ReplyMatch(e, family);
                if (!match.Overlaps(left)) continue;
                if (e.Action != AclAction.Permit) return false;
                run.Add(match);
            }
            if (run.Count > 0) left = left.Except(PacketSet.UnionAll(run));
            return left.IsEmpty;
        }

        private static PacketSet FirstMatch(IEnumerable<(AclAction Action, PacketSet Match)> entries, AclFamily family) =>
            FirstMatch(entries).Intersect(FamilySpace(family));

        /// <summary>
        /// The packets an ordered, first-match list of entries permits (no match is denied). Within a run of entries with one
        /// action, order does not matter, so each run is one balanced union; first match only matters between runs. Entry by
        /// entry, each against the union of all before it, is quadratic on thousands of entries.
        /// </summary>
        public static PacketSet FirstMatch(IEnumerable<(AclAction Action, PacketSet Match)> entries)
        {
            var runs = new List<(AclAction Action, List<PacketSet> Matches)>();
            foreach (var (action, match) in entries)
            {
                if (match.IsEmpty) continue;
                if (runs.Count == 0 || runs[runs.Count - 1].Action != action) runs.Add((action, new List<PacketSet>()));
                runs[runs.Count - 1].Matches.Add(match);
            }
            var permitted = PacketSet.Empty;
            var seen = PacketSet.Empty;
            for (int r = 0; r < runs.Count; r++)
            {
                var (action, matches) = runs[r];
                var union = PacketSet.UnionAll(matches);
                if (action == AclAction.Permit) permitted = permitted.Union(seen.IsEmpty ? union : union.Except(seen));
                // The last run's union is not needed by any later one.
                if (r < runs.Count - 1) seen = seen.Union(union);
            }
            return permitted;
        }

        /// <summary>The packets an entry matches, source ports included (the caller filters return entries).</summary>
        public static PacketSet Match(AclEntry e, AclFamily family)
        {
            var space = Space(family);
            var src = e.Sources == null ? space : Addresses(e.Sources).Intersect(space);
            var dst = e.Destinations == null ? space : Addresses(e.Destinations).Intersect(space);
            return Cube(src, dst, e.Protocol, e.DestinationPorts, e.IcmpType, e.IcmpCode, e.SourcePorts);
        }

        /// <summary>The forward packets whose replies an entry matches: addresses swapped and ports swapped (the reply's source
        /// port is the flow's destination port, its destination port the flow's source port).</summary>
        public static PacketSet ReplyMatch(AclEntry e, AclFamily family)
        {
            var space = Space(family);
            var src = e.Destinations == null ? space : Addresses(e.Destinations).Intersect(space);
            var dst = e.Sources == null ? space : Addresses(e.Sources).Intersect(space);
            return Cube(src, dst, e.Protocol, e.SourcePorts, e.IcmpType, e.IcmpCode, e.DestinationPorts);
        }

        /// <summary>
        /// The forward packets an entry answers: <see cref="ReplyMatch"/>, with an ICMP echo reply read as the answer to an echo
        /// request (type 0 to 8, ICMPv6 129 to 128). For naming entries after the flows whose replies they admit.
        /// </summary>
        public static PacketSet AnsweredBy(AclEntry e, AclFamily family)
        {
            int? request = (e.Protocol, e.IcmpType) switch { (1, 0) => 8, (58, 129) => 128, _ => null };
            if (request == null) return ReplyMatch(e, family);
            var asked = new AclEntry(e.Action, e.Protocol, e.Sources, e.Destinations, e.SourcePorts, e.DestinationPorts, request, e.IcmpCode, e.Established, e.Log);
            return ReplyMatch(asked, family);
        }

        /// <summary>The addresses of an entry's prefixes: known already when the ACL compiler wrote the list.</summary>
        private static AddressRangeSet Addresses(IReadOnlyList<IpPrefix> prefixes) => AclCompiler.CoveredBy(prefixes) ?? AddressRangeSet.FromPrefixes(prefixes);

        // One set per value of a one-byte field (protocol, ICMP type or code; all over [0, 255]), built on first use.
        private static readonly IntervalSet?[] s_byteValues = new IntervalSet?[IntervalSet.ProtocolMax + 1];

        private static IntervalSet ByteValue(int value) =>
            value >= 0 && value <= (int)IntervalSet.ProtocolMax
                ? s_byteValues[value] ??= IntervalSet.FromValues(new[] { (ulong)value }, IntervalSet.ProtocolMax)
                : IntervalSet.FromValues(new[] { (ulong)value }, IntervalSet.ProtocolMax);

        private static PacketSet Cube(AddressRangeSet src, AddressRangeSet dst, int? protocol, IReadOnlyList<Interval>? ports, int? type, int? code,
            IReadOnlyList<Interval>? sourcePorts)
        {
            if (src.IsEmpty || dst.IsEmpty) return PacketSet.Empty;
            var protocols = protocol is int p ? ByteValue(p) : IntervalSet.Full(IntervalSet.ProtocolMax);
            var portSet = ports != null ? IntervalSet.FromRanges(ports, IntervalSet.PortMax) : IntervalSet.Full(IntervalSet.PortMax);
            var types = type is int t ? ByteValue(t) : IntervalSet.Full(IntervalSet.IcmpMax);
            var codes = code is int c ? ByteValue(c) : IntervalSet.Full(IntervalSet.IcmpMax);
            var sourcePortSet = sourcePorts != null ? IntervalSet.FromRanges(sourcePorts, IntervalSet.PortMax) : IntervalSet.Full(IntervalSet.PortMax);
            return PacketSet.FromCube(new HeaderCube(src, dst, protocols, portSet, types, codes, sourcePortSet));
        }
    }
}
