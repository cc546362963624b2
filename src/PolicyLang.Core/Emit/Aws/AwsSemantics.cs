using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Aws
{
    /// <summary>
    /// Security groups and network ACLs as AWS reports them (DescribeSecurityGroups, DescribeSecurityGroupRules,
    /// DescribeNetworkAcls), reduced to what decides traffic. Groups and ACLs name their zone in the "policyc:zone" tag.
    /// </summary>
    public sealed class AwsObserved
    {
        public List<ObservedGroup> Groups { get; } = new List<ObservedGroup>();
        public List<ObservedRule> Rules { get; } = new List<ObservedRule>();
        public List<ObservedAcl> Acls { get; } = new List<ObservedAcl>();

        public sealed class ObservedGroup
        {
            public string Id { get; set; } = "";
            public string Zone { get; set; } = "";
        }

        public sealed class ObservedRule
        {
            public string GroupId { get; set; } = "";
            public bool Egress { get; set; }

            /// <summary>"-1", "tcp", "udp", "icmp", "icmpv6" or a protocol number.</summary>
            public string Protocol { get; set; } = "-1";
            public int From { get; set; } = -1;
            public int To { get; set; } = -1;
            public string? CidrIpv4 { get; set; }
            public string? CidrIpv6 { get; set; }
            public string? ReferencedGroupId { get; set; }
        }

        public sealed class ObservedAcl
        {
            public string Zone { get; set; } = "";
            public List<ObservedAclEntry> Entries { get; } = new List<ObservedAclEntry>();

            /// <summary>The subnets associated with the ACL: the only places its entries decide anything.</summary>
            public List<string> Subnets { get; } = new List<string>();
        }

        public sealed class ObservedAclEntry
        {
            public int RuleNumber { get; set; }
            public bool Egress { get; set; }
            public bool Allow { get; set; }
            public string Protocol { get; set; } = "-1";
            public string? CidrBlock { get; set; }
            public string? Ipv6CidrBlock { get; set; }
            public int? PortFrom { get; set; }
            public int? PortTo { get; set; }
            public int? IcmpType { get; set; }
            public int? IcmpCode { get; set; }
        }

        /// <summary>What applying a plan creates, as AWS would report it (group ids are the plan's keys).</summary>
        public static AwsObserved FromPlan(AwsPlan plan)
        {
            var o = new AwsObserved();
            var primary = plan.Groups.Where(g => g.Part == 1).ToDictionary(g => g.Zone, g => g.Key);
            foreach (var g in plan.Groups)
            {
                o.Groups.Add(new ObservedGroup { Id = g.Key, Zone = g.Zone.Name });
                foreach (var r in g.Ingress.Concat(g.Egress))
                    o.Rules.Add(new ObservedRule
                    {
                        GroupId = g.Key,
                        Egress = r.Egress,
                        Protocol = r.Protocol.Name,
                        From = r.Protocol.From,
                        To = r.Protocol.To,
                        CidrIpv4 = r.Peer.IsIPv4 ? r.Peer.Prefix!.Value.ToString() : null,
                        CidrIpv6 = r.Peer.IsIPv6 ? r.Peer.Prefix!.Value.ToString() : null,
                        ReferencedGroupId = r.Peer.IsGroup ? primary[r.Peer.Zone!] : null,
                    });
            }
            foreach (var acl in plan.NetworkAcls)
            {
                var a = new ObservedAcl { Zone = acl.Zone.Name };
                foreach (var e in acl.Entries)
                    a.Entries.Add(new ObservedAclEntry
                    {
                        RuleNumber = e.RuleNumber,
                        Egress = e.Egress,
                        Allow = e.Allow,
                        Protocol = e.Protocol.Number.ToString(CultureInfo.InvariantCulture),
                        CidrBlock = e.Cidr.IsIPv4 ? e.Cidr.ToString() : null,
                        Ipv6CidrBlock = e.Cidr.IsIPv4 ? null : e.Cidr.ToString(),
                        PortFrom = e.Protocol.HasPorts ? e.Protocol.From : (int?)null,
                        PortTo = e.Protocol.HasPorts ? e.Protocol.To : (int?)null,
                        IcmpType = e.Protocol.IsIcmp ? e.Protocol.From : (int?)null,
                        IcmpCode = e.Protocol.IsIcmp ? e.Protocol.To : (int?)null,
                    });
                o.Acls.Add(a);
            }
            return o;
        }
    }

    /// <summary>
    /// The header-space meaning of an aws target: the intent (the policy's allowed packets that enter or leave the
    /// target's zones) and what a set of observed groups and ACLs actually lets through. Equal sets prove the output.
    /// </summary>
    public static class AwsSemantics
    {
        /// <summary>The allowed packets whose source or destination is in one of the target's (internal) zones.</summary>
        public static PacketSet Intent(PolicyCompilation compilation, TargetSymbol target)
        {
            var covered = new HashSet<ZoneSymbol>(target.Zones.Where(z => !z.IsExternal));
            var addresses = compilation.Addresses;
            var cc = AddressRangeSet.UnionAll(covered.Select(z => addresses.Of(z)));
            var outgoing = compilation.Flows.AllowedFromTo(() => cc, () => AddressRangeSet.All, covered, bySource: true);
            var incoming = compilation.Flows.AllowedFromTo(() => AddressRangeSet.All, () => cc, covered, bySource: false);
            return outgoing.Union(incoming);
        }

        /// <summary>
        /// The packets the observed groups and ACLs admit, among those entering or leaving the zones they protect: a
        /// packet between two such zones needs the source's egress and the destination's ingress. Zones without an ACL
        /// of their own sit behind an allow-all ACL.
        /// </summary>
        public static PacketSet Implemented(PolicyCompilation compilation, AwsObserved observed)
        {
            var addresses = compilation.Addresses;
            AddressRangeSet ZoneAddresses(string name)
            {
                var zone = compilation.Model.FindZone(name) ?? throw new InvalidOperationException("Observed object names an unknown zone '" + name + "'.");
                return addresses.Of(zone);
            }
            var groups = observed.Groups.ToDictionary(g => g.Id, g => g.Zone, StringComparer.Ordinal);
            var c = AddressRangeSet.UnionAll(groups.Values.Distinct().Select(ZoneAddresses));
            var notC = c.Complement();

            var ingress = PacketSet.Empty;
            var egress = PacketSet.Empty;
            foreach (var r in observed.Rules)
            {
                if (!groups.TryGetValue(r.GroupId, out var zone)) throw new InvalidOperationException("Rule of an unknown group " + r.GroupId + ".");
                AddressRangeSet peer;
                if (r.ReferencedGroupId != null)
                {
                    if (!groups.TryGetValue(r.ReferencedGroupId, out var peerZone)) throw new InvalidOperationException("Rule references an unknown group " + r.ReferencedGroupId + ".");
                    peer = ZoneAddresses(peerZone);
                }
                else if (r.CidrIpv4 != null) peer = V4(r.CidrIpv4);
                else if (r.CidrIpv6 != null) peer = V6(r.CidrIpv6);
                else throw new InvalidOperationException("Rule without a peer in group " + r.GroupId + ".");
                var own = ZoneAddresses(zone);
                var set = Match(r.Egress ? own : peer, r.Egress ? peer : own, r.Protocol, r.From, r.To);
                if (r.Egress) egress = egress.Union(set);
                else ingress = ingress.Union(set);
            }
            var everything = PacketSpace.Between(AddressRangeSet.All, AddressRangeSet.All);
            var region = PacketSpace.Between(c, AddressRangeSet.All).Union(PacketSpace.Between(AddressRangeSet.All, c));
            var result = region
                .Intersect(ingress.Union(PacketSpace.Between(AddressRangeSet.All, notC)))
                .Intersect(egress.Union(PacketSpace.Between(notC, AddressRangeSet.All)));

            var aclZones = AddressRangeSet.Empty;
            var aclIn = PacketSet.Empty;
            var aclOut = PacketSet.Empty;
            foreach (var acl in observed.Acls)
            {
                var own = ZoneAddresses(acl.Zone);
                aclZones = aclZones.Union(own);
                foreach (bool isEgress in new[] { false, true })
                {
                    var decided = PacketSet.Empty;
                    var allowed = PacketSet.Empty;
                    foreach (var e in acl.Entries.Where(e => e.Egress == isEgress).OrderBy(e => e.RuleNumber))
                    {
                        var peer = e.CidrBlock != null ? V4(e.CidrBlock) : V6(e.Ipv6CidrBlock!);
                        var src = isEgress ? own : peer;
                        var dst = isEgress ? peer : own;
                        var proto = e.Protocol;
                        var m = IsIcmpName(proto)
                            ? Match(src, dst, proto, e.IcmpType ?? -1, e.IcmpType == null || e.IcmpType < 0 ? -1 : e.IcmpCode ?? -1)
                            : Match(src, dst, proto, e.PortFrom ?? 0, e.PortTo ?? 65535);
                        if (e.Allow) allowed = allowed.Union(m.Except(decided));
                        decided = decided.Union(m);
                    }
                    if (isEgress) aclOut = aclOut.Union(allowed);
                    else aclIn = aclIn.Union(allowed);
                }
            }
            var noAcl = aclZones.Complement();
            return result
                .Intersect(aclIn.Union(PacketSpace.Between(AddressRangeSet.All, noAcl)))
                .Intersect(aclOut.Union(PacketSpace.Between(noAcl, AddressRangeSet.All)))
                .Intersect(everything);
        }

        private static bool IsIcmpName(string p) => p == "icmp" || p == "1" || p == "icmpv6" || p == "58";

        private static AddressRangeSet V4(string cidr)
        {
            var p = IpPrefix.Parse(cidr);
            if (!p.IsIPv4) throw new InvalidOperationException("Not an IPv4 CIDR: " + cidr);
            return AddressRangeSet.FromPrefix(p);
        }

        /// <summary>An AWS IPv6 CIDR never matches IPv4 packets, even ::/0.</summary>
        private static AddressRangeSet V6(string cidr)
        {
            var p = IpPrefix.Parse(cidr);
            if (p.IsIPv4) throw new InvalidOperationException("Not an IPv6 CIDR: " + cidr);
            return AddressRangeSet.FromPrefix(p).Except(PacketSpace.IPv4);
        }

        /// <summary>Packets of one AWS protocol entry. For icmp/icmpv6, from/to are type/code (-1: any); for tcp/udp the port range.</summary>
        public static PacketSet Match(AddressRangeSet src, AddressRangeSet dst, string protocol, int from, int to)
        {
            int number = protocol switch
            {
                "-1" => -1,
                "all" => -1,
                "tcp" => ServiceMatch.Tcp,
                "udp" => ServiceMatch.Udp,
                "icmp" => ServiceMatch.Icmp,
                "icmpv6" => ServiceMatch.Icmpv6,
                _ => int.Parse(protocol, NumberStyles.None, CultureInfo.InvariantCulture),
            };
            if (number == -1) return PacketSpace.Between(src, dst);
            if (number == ServiceMatch.Icmp) { src = src.Intersect(PacketSpace.IPv4); dst = dst.Intersect(PacketSpace.IPv4); }
            if (number == ServiceMatch.Icmpv6) { src = src.Intersect(PacketSpace.IPv6); dst = dst.Intersect(PacketSpace.IPv6); }
            var protocols = IntervalSet.FromValues(new[] { (ulong)number }, IntervalSet.ProtocolMax);
            var ports = IntervalSet.Full(IntervalSet.PortMax);
            var types = IntervalSet.Full(IntervalSet.IcmpMax);
            var codes = IntervalSet.Full(IntervalSet.IcmpMax);
            if (number == ServiceMatch.Tcp || number == ServiceMatch.Udp)
                ports = IntervalSet.FromRange((ulong)Math.Max(0, from), (ulong)(to < 0 ? 65535 : to), IntervalSet.PortMax);
            else if (number == ServiceMatch.Icmp || number == ServiceMatch.Icmpv6)
            {
                if (from >= 0) types = IntervalSet.FromValues(new[] { (ulong)from }, IntervalSet.IcmpMax);
                if (from >= 0 && to >= 0) codes = IntervalSet.FromValues(new[] { (ulong)to }, IntervalSet.IcmpMax);
            }
            return PacketSpace.Between(src, dst, protocols, ports, types, codes);
        }
    }
}
