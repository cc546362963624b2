using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Emit.Fabric
{
    public enum AclAction { Permit, Deny }

    public enum AclFamily { IPv4, IPv6 }

    /// <summary>A named or counted flow's packets that one entry matches (see <see cref="AclEntry.Parts"/>).</summary>
    internal sealed record AclFlowPart(string? Name, bool Counted, PacketSet Packets);

    /// <summary>
    /// One vendor-neutral ACL entry. A null list means "any"; lists hold several values only where the platform groups
    /// them (object-groups); <see cref="AccessList.Expand"/> turns an entry into single-valued ones for the others.
    /// An entry is a return entry when it has <see cref="Established"/>, or, for UDP and SCTP, a source-port match and no
    /// destination-port match: it admits replies of allowed connections and never the first packet of one (see README.md,
    /// "Stateless return traffic"). A UDP entry that names both ports is a flow's own (e.g. NTP, udp/123 -> 123).
    /// </summary>
    public sealed class AclEntry(
        AclAction action, int? protocol, IReadOnlyList<IpPrefix>? sources, IReadOnlyList<IpPrefix>? destinations,
        IReadOnlyList<Interval>? sourcePorts = null, IReadOnlyList<Interval>? destinationPorts = null,
        int? icmpType = null, int? icmpCode = null, bool established = false, bool log = false)
    {
        public AclAction Action { get; } = action;

        /// <summary>IP protocol number; null is every protocol ("ip"/"ipv6").</summary>
        public int? Protocol { get; } = protocol;
        public IReadOnlyList<IpPrefix>? Sources { get; } = sources;
        public IReadOnlyList<IpPrefix>? Destinations { get; } = destinations;
        public IReadOnlyList<Interval>? SourcePorts { get; } = sourcePorts;
        public IReadOnlyList<Interval>? DestinationPorts { get; } = destinationPorts;
        public int? IcmpType { get; } = icmpType;
        public int? IcmpCode { get; } = icmpCode;

        /// <summary>TCP only: matches packets with ACK or RST set, i.e. not the first packet of a connection.</summary>
        public bool Established { get; } = established;
        public bool Log { get; } = log;

        public bool IsReturn => Established || (Protocol != 6 && SourcePorts != null && DestinationPorts == null);

        /// <summary>The name of the first named flow whose packets the entry matches (it names the entry where the platform
        /// names entries, such as Junos terms); null when none has a name.</summary>
        public string? Flow { get; init; }

        /// <summary>Whether the entry matches packets of a flow with <c>count</c>: the platform keeps a counter for it.</summary>
        public bool Counted { get; init; }

        /// <summary>The name of the first named flow with <c>count</c> whose packets the entry matches: where it is not
        /// <see cref="Flow"/> (an earlier flow without count carries the same packets), a platform that names counters names
        /// the counter after it. Null when no counted flow has a name.</summary>
        public string? CountedFlow { get; init; }

        /// <summary>The other named flows (after <see cref="Flow"/>, in file order, at most a few) whose packets the entry
        /// matches too: where flows merge into one entry, a remark or comment still names each.</summary>
        public IReadOnlyList<string> AlsoFlows { get; init; } = System.Array.Empty<string>();

        /// <summary>Whether more named flows than <see cref="AlsoFlows"/> lists share the entry.</summary>
        public bool MoreFlows { get; init; }

        /// <summary>
        /// Where the entry holds several values (it will be split into single-valued entries) and carries named or counted flows:
        /// what each of those flows contributes to it. <see cref="AccessList.Expand"/> names and counts each single-valued entry
        /// after the flows whose packets it matches itself, not after every flow of the entry it came from.
        /// </summary>
        internal IReadOnlyList<AclFlowPart>? Parts { get; init; }

        /// <summary>
        /// Whether the entry is named after flows whose replies it admits: a return entry (<see cref="IsReturn"/>), or an entry
        /// that matches no named flow's own packets but the replies of one (echo replies of a ping, the answer of a UDP flow that
        /// names both ports, an IP protocol both ways).
        /// </summary>
        public bool NamedForReplies { get; init; }

        /// <summary>Whether the entry is a deny of packets no flow denies: what the policy's default action drops (holes cut in a
        /// wider permit, the end of a list).</summary>
        public bool DefaultDeny { get; init; }

        /// <summary>Whether the entry denies every packet (the end of a list).</summary>
        public bool IsDenyAll => Action == AclAction.Deny && Protocol == null && Sources == null && Destinations == null
            && SourcePorts == null && DestinationPorts == null;

        /// <summary>Whether the entry holds several values in a field (it is split where the platform has no object-groups).</summary>
        public bool Splits => Sources?.Count > 1 || Destinations?.Count > 1 || SourcePorts?.Count > 1 || DestinationPorts?.Count > 1;

        /// <summary>
        /// What the entry carries, for a remark or comment: "flow a", "flows a, b", "flows a, b and others" or "replies of flow
        /// a"; null for an entry of no named flow. At most 90 characters (vendors cut remarks at 100).
        /// </summary>
        public string? FlowRemark()
        {
            if (Flow == null) return null;
            var sb = new System.Text.StringBuilder(IsReturn || NamedForReplies ? "replies of " : "");
            sb.Append(AlsoFlows.Count == 0 ? "flow " : "flows ").Append(Flow);
            bool cut = false;
            foreach (var name in AlsoFlows)
            {
                // Room for ", NAME" and for " and others" after it.
                if (sb.Length + 2 + name.Length + 11 > 90) { cut = true; break; }
                sb.Append(", ").Append(name);
            }
            if (cut || MoreFlows) sb.Append(" and others");
            return sb.ToString();
        }

        public AclEntry With(IReadOnlyList<IpPrefix>? sources, IReadOnlyList<IpPrefix>? destinations,
            IReadOnlyList<Interval>? sourcePorts, IReadOnlyList<Interval>? destinationPorts) =>
            new AclEntry(Action, Protocol, sources, destinations, sourcePorts, destinationPorts, IcmpType, IcmpCode, Established, Log)
            { Flow = Flow, Counted = Counted, CountedFlow = CountedFlow, AlsoFlows = AlsoFlows, MoreFlows = MoreFlows, NamedForReplies = NamedForReplies, DefaultDeny = DefaultDeny };

        /// <summary>This entry named after a flow (and the others it carries) and counted or not.</summary>
        public AclEntry Annotated(string? flow, bool counted, IReadOnlyList<string>? also = null, bool more = false) =>
            new AclEntry(Action, Protocol, Sources, Destinations, SourcePorts, DestinationPorts, IcmpType, IcmpCode, Established, Log)
            { Flow = flow, Counted = counted, AlsoFlows = also ?? System.Array.Empty<string>(), MoreFlows = more };

        /// <summary>How many names after the first an entry lists (<see cref="AlsoFlows"/>); more are "and others".</summary>
        internal const int MostAlsoFlows = 4;

        /// <summary>This entry named after the named flows it carries, in file order (the first names it, a few more are listed), counted or
        /// not, with the <paramref name="parts"/> that name its pieces when it is split.</summary>
        internal AclEntry Annotated(IReadOnlyList<string>? names, bool counted, IReadOnlyList<AclFlowPart>? parts, bool replies = false, bool defaultDeny = false,
            string? countedFlow = null) =>
            new AclEntry(Action, Protocol, Sources, Destinations, SourcePorts, DestinationPorts, IcmpType, IcmpCode, Established, Log)
            {
                CountedFlow = counted ? countedFlow : null,
                NamedForReplies = replies,
                DefaultDeny = defaultDeny,
                Flow = names is { Count: > 0 } ? names[0] : null,
                Counted = counted,
                AlsoFlows = names is { Count: > 1 } ? names.Skip(1).Take(MostAlsoFlows).ToList() : (IReadOnlyList<string>)System.Array.Empty<string>(),
                MoreFlows = names != null && names.Count > MostAlsoFlows + 1,
                Parts = parts,
            };

        public override string ToString()
        {
            var sb = new System.Text.StringBuilder();
            sb.Append(Action == AclAction.Permit ? "permit " : "deny ");
            sb.Append(Protocol?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "ip");
            sb.Append(' ').Append(Sources == null ? "any" : string.Join(",", Sources));
            if (SourcePorts != null) sb.Append(" sport ").Append(string.Join(",", SourcePorts));
            sb.Append(' ').Append(Destinations == null ? "any" : string.Join(",", Destinations));
            if (DestinationPorts != null) sb.Append(" dport ").Append(string.Join(",", DestinationPorts));
            if (IcmpType != null) sb.Append(" type ").Append(IcmpType.Value);
            if (IcmpCode != null) sb.Append(" code ").Append(IcmpCode.Value);
            if (Established) sb.Append(" established");
            if (Log) sb.Append(" log");
            return sb.ToString();
        }
    }
}
