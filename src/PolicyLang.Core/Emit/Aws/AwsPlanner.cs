using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Emit.CloudFirewall;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Aws
{
    /// <summary>
    /// Turns an aws target's flows into security groups (one per covered zone, more when a split is allowed) and, for
    /// deny flows, network ACLs. Reports what AWS cannot hold when <c>report</c> is set (the Validate pass); the Emit pass
    /// builds the same plan silently.
    /// </summary>
    public static class AwsPlanner
    {
        private static readonly Regex s_vpcId = new Regex("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant);

        /// <summary>The lowest ephemeral port a stateless ACL has to let replies through to (AWS's recommendation: 1024–65535).</summary>
        public const int EphemeralFirst = 1024;

        public const int AclDenyFirst = 100;
        public const int AclDenyStep = 10;
        public const int AclAllowIPv4 = 32000;
        public const int AclAllowIPv6 = 32001;

        public static AwsPlan Build(TargetContext context, bool report)
        {
            var target = context.Target;
            var options = AwsOptions.Read(context, report);
            var plan = new AwsPlan();

            // The VPC: the target's one device.
            if (target.Devices.Count == 1 && s_vpcId.IsMatch(target.Devices[0].Value))
                plan.VpcId = target.Devices[0].Value;
            else if (report)
                CloudChecks.Devices(context, "the VPC", name => s_vpcId.IsMatch(name) ? null
                    : "a VPC id such as vpc-0a1b2c3d4e5f60718 ('vpc-' and 8 or 17 lowercase hex digits)", most: 1);

            var covered = new List<ZoneSymbol>();
            foreach (var zone in target.Zones)
            {
                if (zone.IsExternal)
                {
                    if (report) context.Report(DiagnosticCatalog.AwsExternalZone, target.Location, target.Name, zone.Name);
                    continue;
                }
                covered.Add(zone);
            }
            var coveredSet = new HashSet<ZoneSymbol>(covered);
            var coveredAddresses = AddressRangeSet.UnionAll(covered.Select(z => context.Addresses.Of(z)));
            var region = PacketSpace.Between(coveredAddresses, AddressRangeSet.All).Union(PacketSpace.Between(AddressRangeSet.All, coveredAddresses));

            plan.FlowLogDestination = options.FlowLogs;
            foreach (var f in context.RelevantFlows.Where(f => f.Log))
            {
                plan.LoggedFlows.Add(f);
                if (report && target.Option(AwsOptions.FlowLogsName) == null)
                    context.Report(DiagnosticCatalog.AwsLogNeedsFlowLogs, f.Location, target.Name);
            }

            bool defaultAllow = context.Model.DefaultAction == FlowAction.Allow;
            var flows = context.RelevantFlows.Where(f => !context.Flows.IsEmpty(f)).ToList();
            var allows = flows.Where(f => f.Action == FlowAction.Allow).ToList();
            var denies = new List<FlowRule>();
            foreach (var d in flows.Where(f => f.Action == FlowAction.Deny))
            {
                // A deny matters only where it takes away traffic an allow (or the default) lets through at this target: the
                // first allow it takes some of, found without uniting what it takes from each. What the deny takes within the
                // target's region is cut once; each allow is then only tested against it ((A ∩ D) ∩ R overlaps iff A overlaps
                // D ∩ R), where an intersection per allow was made before.
                PacketSet? taken = null;
                FlowRule? FirstAllowTaken()
                {
                    foreach (var a in allows)
                    {
                        if (!context.Flows.MayOverlap(a, d)) continue;
                        taken ??= context.Flows.Of(d).Intersect(region);
                        if (taken.IsEmpty) return null;
                        if (context.Flows.Of(a).Overlaps(taken)) return a;
                    }
                    return null;
                }
                FlowRule? by = null;
                if (defaultAllow)
                {
                    if (!context.Flows.Of(d).Overlaps(region)) continue;
                }
                else if ((by = FirstAllowTaken()) == null) continue;
                denies.Add(d);
                if (!options.NetworkAcls && report)
                {
                    // Under 'default allow' the message still names an allow flow it takes from, when there is one.
                    if (defaultAllow) by = FirstAllowTaken();
                    context.Report(DiagnosticCatalog.AwsDenyNeedsNetworkAcls, d.Location, target.Name,
                        by != null ? "the flow at " + by.Location.Display + " (" + by.Describe() + ")" : "the policy's 'default allow'");
                }
            }

            // Own side must be a whole zone: a group (and an ACL) applies to every interface (subnet) of the zone.
            var usable = new List<FlowRule>();
            foreach (var f in allows.Concat(denies))
            {
                bool ok = true;
                foreach (var e in new[] { f.Source, f.Destination })
                {
                    if (e.Segment != null && coveredSet.Contains(e.Zone!))
                    {
                        ok = false;
                        if (report) context.Report(DiagnosticCatalog.AwsSegmentOfCoveredZone, e.Location, target.Name, e.Segment.QualifiedName, e.Zone!.Name);
                    }
                }
                for (int i = 0; i < f.Services.Count; i++)
                {
                    var s = f.Services[i];
                    if (s.Protocol == ServiceMatch.Sctp && s.Ports != null)
                    {
                        ok = false;
                        if (report) context.CannotExpress(s.Location, "'" + s + "': security groups and network ACLs filter ports only for tcp and udp");
                    }
                }
                if (ok) usable.Add(f);
            }

            // Wide peers: an allowed flow from (or to) a catch-all external zone like the internet, whose exact cover takes
            // many CIDRs, gets one CIDR per family in its security group rule, and the network ACL denies the part of
            // that CIDR the flow must not reach (the internal zones and other externals not allowed on that service).
            var wide = options.NetworkAcls && !defaultAllow
                ? Widen(context, options, covered, usable.Where(f => f.Action == FlowAction.Allow).ToList(), usable.Where(f => f.Action == FlowAction.Deny).ToList())
                : new Dictionary<(ZoneSymbol, bool, FlowRule), (AddressRangeSet Peer, List<AwsAclEntry> Holes)>();
            var wideEntries = new Dictionary<(ZoneSymbol, bool), List<AwsAclEntry>>();
            foreach (var kv in wide)
            {
                var (zone, isEgress, _) = kv.Key;
                if (!wideEntries.TryGetValue((zone, isEgress), out var list)) wideEntries[(zone, isEgress)] = list = new List<AwsAclEntry>();
                list.AddRange(kv.Value.Holes.Where(e => !list.Any(x => x.Cidr == e.Cidr && x.Protocol.Equals(e.Protocol))));
            }

            // Security groups.
            var groupKeys = new HashSet<string>(System.StringComparer.Ordinal);
            var ruleKeys = new HashSet<string>(System.StringComparer.Ordinal);
            var zoneIndex = covered.ToDictionary(z => z, z => covered.IndexOf(z));
            var usableAllows = usable.Where(f => f.Action == FlowAction.Allow).ToList();
            // A service's protocol entries depend only on the family of the peer (none, IPv4, IPv6): worked out once each.
            var protocolsOf = new Dictionary<ServiceMatch, AwsProtocol[]?[]>();
            AwsProtocol[] ProtocolsOf(ServiceMatch s, AwsPeer peer)
            {
                if (!protocolsOf.TryGetValue(s, out var byFamily)) protocolsOf[s] = byFamily = new AwsProtocol[]?[3];
                int family = peer.IsIPv4 ? 1 : peer.IsIPv6 ? 2 : 0;
                return byFamily[family] ??= Protocols(s, peer).ToArray();
            }
            // One pair of rule sets serves every zone, and the thread's next target: emptied, their tables and lists keep their size.
            var (ingress, egress) = RuleSet.Take();
            ingress.FirstFlowOnly = egress.FirstFlowOnly = report;
            try
            {
            foreach (var zone in covered)
            {
                ingress.Clear();
                egress.Clear();
                if (defaultAllow)
                {
                    foreach (var peer in Peers(context, null, coveredSet))
                    {
                        ingress.Add(peer, All, null);
                        egress.Add(peer, All, null);
                    }
                }
                else
                {
                    foreach (var f in usableAllows)
                    {
                        if (f.Destination.IsAny || f.Destination.Zone == zone)
                            foreach (var peer in wide.TryGetValue((zone, false, f), out var w) ? PacketSpace.FamilyPrefixes(w.Peer).Select(AwsPeer.Cidr) : Peers(context, f.Source, coveredSet))
                                // By index: a foreach over the list interface boxes an enumerator, here per peer of every flow.
                                for (int i = 0; i < f.Services.Count; i++)
                                    foreach (var p in ProtocolsOf(f.Services[i], peer))
                                        ingress.Add(peer, p, f);
                        if (f.Source.IsAny || f.Source.Zone == zone)
                            foreach (var peer in wide.TryGetValue((zone, true, f), out var w) ? PacketSpace.FamilyPrefixes(w.Peer).Select(AwsPeer.Cidr) : Peers(context, f.Destination, coveredSet))
                                for (int i = 0; i < f.Services.Count; i++)
                                    foreach (var p in ProtocolsOf(f.Services[i], peer))
                                        egress.Add(peer, p, f);
                    }
                }
                var inRules = ingress.Rules(zoneIndex);
                var outRules = egress.Rules(zoneIndex);

                string baseKey = Unique(groupKeys, AwsText.Identifier(zone.Name));
                var groups = Distribute(context, options, zone, inRules, outRules, report);
                foreach (var g in groups)
                {
                    // A plan built to report (validation) is thrown away once checked: its names are never written.
                    if (report)
                    {
                        plan.Groups.Add(g);
                        continue;
                    }
                    g.Key = g.Part == 1 ? baseKey : Unique(groupKeys, baseKey + "_part" + g.Part.ToString(CultureInfo.InvariantCulture));
                    g.Name = AwsText.GroupName("policyc-" + target.Name + "-" + zone.Name + (g.Part == 1 ? "" : "-part" + g.Part.ToString(CultureInfo.InvariantCulture)));
                    g.Description = AwsText.Description("PolicyLang zone " + zone.Name + (g.Part == 1 ? "" : " (part " + g.Part.ToString(CultureInfo.InvariantCulture) + ")")
                        + (zone.Description != null ? ": " + zone.Description : ""));
                    foreach (var r in g.Ingress.Concat(g.Egress)) Name(r, g, ruleKeys);
                    plan.Groups.Add(g);
                }
            }
            }
            finally
            {
                RuleSet.Give(ingress, egress);
            }

            // Network ACLs for the deny flows and the wide peers.
            if (options.NetworkAcls && (denies.Count > 0 || wideEntries.Count > 0))
                BuildAcls(context, options, plan, covered, coveredSet, usable.Where(f => f.Action == FlowAction.Deny).ToList(), allows, wideEntries, report);
            return plan;
        }

        /// <summary>A peer is written wide when its exact cover takes more CIDRs than this (the ACL then carries its holes).</summary>
        public const int WidePeerCidrs = 16;

        /// <summary>
        /// The (zone, direction, flow) whose security group rules may name a wide CIDR per family instead of the exact cover
        /// of a catch-all external zone, with the addresses that wide peer stands for and the ACL denies that take it back
        /// to what the zone's flows reach. It must stay exact:
        /// <list type="bullet">
        /// <item>the wide peer leaves out the zone's own addresses: a network ACL does not filter traffic within a subnet, so
        /// a hole there could not be closed;</item>
        /// <item>only tcp and udp ports below the ephemeral range: the ACL's stateless denies then never meet replies;</item>
        /// <item>every other allowed flow of the zone and direction on the same protocol either carries all of the ports or
        /// none (a deny over the whole range must not cut into a flow that has part of it);</item>
        /// <item>the denies fit the ACL's quota next to the deny flows' entries.</item>
        /// </list>
        /// </summary>
        private static Dictionary<(ZoneSymbol, bool, FlowRule), (AddressRangeSet Peer, List<AwsAclEntry> Holes)> Widen(TargetContext context, AwsOptions options,
            List<ZoneSymbol> covered, List<FlowRule> allows, List<FlowRule> denies)
        {
            var result = new Dictionary<(ZoneSymbol, bool, FlowRule), (AddressRangeSet, List<AwsAclEntry>)>();
            var coveredSet = new HashSet<ZoneSymbol>(covered);
            foreach (var zone in covered)
            {
                var own = context.Addresses.Of(zone);
                foreach (bool egress in new[] { false, true })
                {
                    // What the deny flows already take of the ACL, per family (as BuildAcls writes them), and its allow-all entry.
                    var used = new int[2];
                    foreach (var e in DenyEntries(context, denies, coveredSet, zone, egress)) used[e.Cidr.IsIPv4 ? 0 : 1]++;
                    foreach (var f in allows)
                    {
                        var mine = egress ? f.Source : f.Destination;
                        var other = egress ? f.Destination : f.Source;
                        if (!(mine.Zone == zone && mine.Segment == null) || other.IsAny || other.Segment != null || other.Zone == null || !other.Zone.IsExternal) continue;
                        var addresses = context.Addresses.Of(other);
                        if (PacketSpace.FamilyPrefixes(addresses).Count() <= WidePeerCidrs) continue;
                        var protocols = FlowProtocols(f);
                        if (protocols.Count == 0 || protocols.Any(p => !p.HasPorts || p.To >= EphemeralFirst)) continue;
                        bool uniform = allows.Where(g => g != f && (egress ? g.Source : g.Destination) is var m && (m.IsAny || m.Zone == zone))
                            .SelectMany(FlowProtocols)
                            .All(q => protocols.All(p => q.Number != p.Number || q.To < p.From || q.From > p.To || (q.From <= p.From && q.To >= p.To)));
                        if (!uniform) continue;
                        // Wide within the families the zone has addresses in, without the zone's own addresses.
                        var familyOf = AddressRangeSet.Empty;
                        if (!addresses.Intersect(PacketSpace.IPv4).IsEmpty) familyOf = familyOf.Union(PacketSpace.IPv4);
                        if (!addresses.Intersect(PacketSpace.IPv6).IsEmpty) familyOf = familyOf.Union(PacketSpace.IPv6);
                        var w = familyOf.Except(own);
                        if (PacketSpace.FamilyPrefixes(w).Count() >= PacketSpace.FamilyPrefixes(addresses).Count()) continue;
                        var holes = WideDenies(context, allows, zone, egress, f, w).ToList();
                        int v4 = holes.Count(e => e.Cidr.IsIPv4), v6 = holes.Count - v4;
                        if (used[0] + v4 + 1 > options.NaclRules || used[1] + v6 + 1 > options.NaclRules) continue;
                        used[0] += v4;
                        used[1] += v6;
                        result[(zone, egress, f)] = (w, holes);
                    }
                }
            }
            return result;
        }

        /// <summary>
        /// The ACL denies that take a wide peer back to what the zone's allowed flows reach on each of the flow's protocols:
        /// the wide addresses no allowed flow of that direction carries the protocol's whole port range to or from.
        /// </summary>
        private static IEnumerable<AwsAclEntry> WideDenies(TargetContext context, List<FlowRule> allows, ZoneSymbol zone, bool egress, FlowRule flow, AddressRangeSet wide)
        {
            var protocols = FlowProtocols(flow);
            foreach (var p in protocols)
            {
                var reached = AddressRangeSet.Empty;
                foreach (var g in allows)
                {
                    var m = egress ? g.Source : g.Destination;
                    if (!(m.IsAny || m.Zone == zone)) continue;
                    if (!FlowProtocols(g)
                        .Any(q => q.IsAll || (q.Number == p.Number && q.From <= p.From && q.To >= p.To))) continue;
                    var o = egress ? g.Destination : g.Source;
                    reached = reached.Union(o.IsAny ? AddressRangeSet.All : context.Addresses.Of(o));
                }
                foreach (var prefix in PacketSpace.FamilyPrefixes(wide.Except(reached)))
                    yield return new AwsAclEntry { Egress = egress, Allow = false, Protocol = p, Cidr = prefix, Flow = flow, Wide = true };
            }
        }

        /// <summary>The protocol entries of a flow's services, for either family.</summary>
        private static List<AwsProtocol> FlowProtocols(FlowRule flow) =>
            flow.Services.SelectMany(s => Protocols(s, AwsPeer.Cidr(IpPrefix.AllIPv4)).Concat(Protocols(s, AwsPeer.Cidr(IpPrefix.All)))).Distinct().ToList();

        private static readonly AwsProtocol All = new AwsProtocol("-1", -1, -1, -1);

        private static string Unique(HashSet<string> used, string key)
        {
            var k = key;
            for (int i = 2; !used.Add(k); i++) k = key + "_" + i.ToString(CultureInfo.InvariantCulture);
            return k;
        }

        /// <summary>
        /// The peers an endpoint stands for: a covered zone is its group; anything else its addresses as CIDRs, one list
        /// per family. AWS's IPv6 CIDRs never match IPv4, so the IPv6 cover may include the IPv4-mapped block.
        /// </summary>
        public static IEnumerable<AwsPeer> Peers(TargetContext context, Endpoint? endpoint, HashSet<ZoneSymbol> covered)
        {
            if (endpoint != null && endpoint.Segment == null && endpoint.Zone != null && covered.Contains(endpoint.Zone))
            {
                yield return AwsPeer.Group(endpoint.Zone);
                yield break;
            }
            // An external catch-all zone can cover thousands of prefixes: computed once per policy and endpoint.
            var cidrs = context.Addresses.Memo("aws-cidrs:" + (endpoint?.ToString() ?? "any"),
                () => CidrsOf(endpoint == null ? AddressRangeSet.All : context.Addresses.Of(endpoint)).ToArray());
            foreach (var p in cidrs) yield return AwsPeer.Cidr(p);
        }

        /// <summary>IPv4 prefixes, then IPv6 prefixes, that cover exactly the set (IPv6 read as AWS reads it: never IPv4).</summary>
        public static IEnumerable<IpPrefix> CidrsOf(AddressRangeSet owned) => PacketSpace.FamilyPrefixes(owned);

        /// <summary>The protocol entries of a service toward a peer; none when the service has no traffic of the peer's family.</summary>
        public static IEnumerable<AwsProtocol> Protocols(ServiceMatch s, AwsPeer peer)
        {
            if (peer.IsIPv4 && !s.AppliesToIPv4) yield break;
            if (peer.IsIPv6 && !s.AppliesToIPv6) yield break;
            if (s.Protocol == null)
            {
                yield return All;
                yield break;
            }
            int p = s.Protocol.Value;
            if (p == ServiceMatch.Tcp || p == ServiceMatch.Udp)
            {
                var name = p == ServiceMatch.Tcp ? "tcp" : "udp";
                if (s.Ports == null)
                    yield return new AwsProtocol(name, p, 0, 65535);
                else
                    foreach (var r in IntervalSet.FromRanges(s.Ports, IntervalSet.PortMax).Ranges)
                        yield return new AwsProtocol(name, p, (int)r.Start, (int)r.End);
                yield break;
            }
            if (p == ServiceMatch.Icmp || p == ServiceMatch.Icmpv6)
            {
                yield return new AwsProtocol(p == ServiceMatch.Icmp ? "icmp" : "icmpv6", p, s.IcmpType ?? -1, s.IcmpType == null ? -1 : s.IcmpCode ?? -1);
                yield break;
            }
            yield return new AwsProtocol(p.ToString(CultureInfo.InvariantCulture), p, -1, -1);
        }

        /// <summary>Rules of one group and direction, merged: tcp/udp port ranges per peer are united, 'all traffic' to a peer absorbs the rest.</summary>
        private sealed class RuleSet
        {
            private readonly bool _ingress;
            private readonly Dictionary<(AwsPeer, int), List<(Interval Ports, FlowRule? Flow)>> _ports = new Dictionary<(AwsPeer, int), List<(Interval, FlowRule?)>>();
            private readonly Dictionary<(AwsPeer, AwsProtocol), List<FlowRule?>> _other = new Dictionary<(AwsPeer, AwsProtocol), List<FlowRule?>>();

            private RuleSet(bool ingress) => _ingress = ingress;

            /// <summary>The thread's pair (ingress, egress), or a new one: a check plans a hundred targets, and a pair that served one
            /// target serves the next with tables and lists already grown.</summary>
            public static (RuleSet Ingress, RuleSet Egress) Take()
            {
                var spare = t_spare;
                t_spare = null;
                return spare ?? (new RuleSet(true), new RuleSet(false));
            }

            /// <summary>Keeps the pair for the thread's next target, emptied (unless it grew past <see cref="KeepLimit"/> entries).</summary>
            public static void Give(RuleSet ingress, RuleSet egress)
            {
                if (ingress._ports.Count + ingress._other.Count > KeepLimit || egress._ports.Count + egress._other.Count > KeepLimit) return;
                // Emptied of every flow: a kept pair must not hold a compilation alive (the language server plans on pool threads).
                ingress.Release();
                egress.Release();
                t_spare = (ingress, egress);
            }

            [ThreadStatic] private static (RuleSet, RuleSet)? t_spare;

            private const int KeepLimit = 1 << 16;

            // Emptied lists of the tables, for the next keys (most keys hold one or two entries: a list each would be most of the garbage).
            private readonly Stack<List<(Interval, FlowRule?)>> _spareRanges = new Stack<List<(Interval, FlowRule?)>>();
            private readonly Stack<List<FlowRule?>> _spareFlows = new Stack<List<FlowRule?>>();

            private void Release()
            {
                Clear();
                RecycleMembers();
                _memberFlows.Clear();
                _outputFlows.Clear();
                _unique.Clear();
                _carried.Clear();
            }

            /// <summary>Empties the CIDR buckets, keeping their lists for the next ones.</summary>
            private void RecycleMembers()
            {
                foreach (var bucket in _members.Values)
                {
                    bucket.Clear();
                    _spareMembers.Push(bucket);
                }
                _members.Clear();
            }

            public void Clear()
            {
                foreach (var list in _ports.Values)
                {
                    list.Clear();
                    _spareRanges.Push(list);
                }
                foreach (var list in _other.Values)
                {
                    list.Clear();
                    _spareFlows.Push(list);
                }
                _ports.Clear();
                _other.Clear();
            }

            public void Add(AwsPeer peer, AwsProtocol protocol, FlowRule? flow)
            {
                if (protocol.HasPorts)
                {
                    if (!_ports.TryGetValue((peer, protocol.Number), out var entry))
                        _ports[(peer, protocol.Number)] = entry = _spareRanges.Count > 0 ? _spareRanges.Pop() : new List<(Interval, FlowRule?)>();
                    entry.Add((new Interval((ulong)protocol.From, (ulong)protocol.To), flow));
                    return;
                }
                if (!_other.TryGetValue((peer, protocol), out var flows))
                    _other[(peer, protocol)] = flows = _spareFlows.Count > 0 ? _spareFlows.Pop() : new List<FlowRule?>();
                if (!flows.Contains(flow)) flows.Add(flow);
            }

            public List<AwsRule> Rules(Dictionary<ZoneSymbol, int> zoneIndex)
            {
                var allPeers = new HashSet<AwsPeer>();
                foreach (var k in _other.Keys) if (k.Item2.IsAll) allPeers.Add(k.Item1);
                // 'All traffic' to a peer absorbs its other rules: their flows go to that rule.
                var absorbed = new Dictionary<AwsPeer, List<FlowRule?>>();
                List<FlowRule?> AbsorbedOf(AwsPeer peer)
                {
                    if (!absorbed.TryGetValue(peer, out var list)) absorbed[peer] = list = new List<FlowRule?>();
                    return list;
                }
                foreach (var kv in _ports)
                    if (allPeers.Contains(kv.Key.Item1))
                        foreach (var e in kv.Value) AbsorbedOf(kv.Key.Item1).Add(e.Flow);
                foreach (var kv in _other)
                    if (!kv.Key.Item2.IsAll && allPeers.Contains(kv.Key.Item1)) AbsorbedOf(kv.Key.Item1).AddRange(kv.Value);

                // Rules toward a group are made at once; rules toward CIDRs are gathered per protocol and family, each with its
                // flows (a range of _memberFlows), and made after their CIDRs are aggregated (Aggregate).
                var rules = new List<AwsRule>();
                RecycleMembers();
                _memberFlows.Clear();
                void Add(AwsPeer peer, AwsProtocol protocol, List<FlowRule?> flows, List<FlowRule?>? more = null)
                {
                    if (peer.IsGroup)
                    {
                        if (more != null)
                        {
                            flows = new List<FlowRule?>(flows);
                            flows.AddRange(more);
                        }
                        rules.Add(Make(peer, protocol, flows));
                        return;
                    }
                    var key = (protocol, peer.IsIPv4);
                    if (!_members.TryGetValue(key, out var bucket))
                        _members[key] = bucket = _spareMembers.Count > 0 ? _spareMembers.Pop() : new List<(IpPrefix, int, int)>();
                    int start = _memberFlows.Count;
                    _memberFlows.AddRange(flows);
                    if (more != null) _memberFlows.AddRange(more);
                    bucket.Add((peer.Prefix!.Value, start, _memberFlows.Count - start));
                }
                var merged = _merged;
                var carried = _carried;
                foreach (var kv in _ports)
                {
                    if (allPeers.Contains(kv.Key.Item1)) continue;
                    var name = kv.Key.Item2 == ServiceMatch.Tcp ? "tcp" : "udp";
                    // Merged ranges; each rule names the flows whose ports it carries (all of them when the ranges merge into one).
                    MergePorts(kv.Value, merged);
                    foreach (var r in merged)
                    {
                        carried.Clear();
                        foreach (var e in kv.Value)
                            if (merged.Count == 1 || (e.Ports.Start <= r.End && r.Start <= e.Ports.End)) carried.Add(e.Flow);
                        Add(kv.Key.Item1, new AwsProtocol(name, kv.Key.Item2, (int)r.Start, (int)r.End), carried);
                    }
                }
                foreach (var kv in _other)
                {
                    if (!kv.Key.Item2.IsAll && allPeers.Contains(kv.Key.Item1)) continue;
                    // An icmp rule for every type makes the per-type rules of the same peer redundant.
                    if (kv.Key.Item2.IsIcmp && kv.Key.Item2.From >= 0 && _other.ContainsKey((kv.Key.Item1, new AwsProtocol(kv.Key.Item2.Name, kv.Key.Item2.Number, -1, -1))))
                        continue;
                    if (kv.Key.Item2.IsIcmp && kv.Key.Item2.From >= 0 && kv.Key.Item2.To >= 0
                        && _other.ContainsKey((kv.Key.Item1, new AwsProtocol(kv.Key.Item2.Name, kv.Key.Item2.Number, kv.Key.Item2.From, -1))))
                        continue;
                    Add(kv.Key.Item1, kv.Key.Item2, kv.Value, kv.Key.Item2.IsAll && absorbed.TryGetValue(kv.Key.Item1, out var more) ? more : null);
                }
                Aggregate(rules);
                foreach (var r in rules) r.SortFlows();
                // Groups (in zone order), then IPv4 CIDRs, then IPv6 CIDRs, each by address, then by protocol and range: no two
                // rules share all of these. The keys are worked out once per rule, not once per comparison.
                int n = rules.Count;
                if (_keys.Length < n)
                {
                    _keys = new RuleOrder[Math.Max(n, _keys.Length * 2)];
                    _sorted = new AwsRule[_keys.Length];
                }
                var keys = _keys;
                var sorted = _sorted;
                rules.CopyTo(sorted);
                for (int i = 0; i < n; i++)
                {
                    var r = sorted[i];
                    keys[i] = new RuleOrder(Kind(r.Peer), r.Peer.IsGroup ? zoneIndex[r.Peer.Zone!] : 0, r.Peer.Prefix ?? default,
                        r.Protocol.Number, r.Protocol.From, r.Protocol.To);
                }
                Array.Sort(keys, sorted, 0, n, default(RuleOrderComparer));
                for (int i = 0; i < n; i++) rules[i] = sorted[i];
                // The rules belong to the plan: the kept array does not hold them.
                Array.Clear(sorted, 0, n);
                return rules;
            }

            private readonly struct RuleOrder(int kind, int zone, IpPrefix prefix, int number, int from, int to)
            {
                public readonly int Kind = kind, Zone = zone, Number = number, From = from, To = to;
                public readonly IpPrefix Prefix = prefix;
            }

            private struct RuleOrderComparer : IComparer<RuleOrder>
            {
                public int Compare(RuleOrder a, RuleOrder b)
                {
                    int c = a.Kind.CompareTo(b.Kind);
                    if (c != 0) return c;
                    if ((c = a.Zone.CompareTo(b.Zone)) != 0) return c;
                    if ((c = a.Prefix.CompareTo(b.Prefix)) != 0) return c;
                    if ((c = a.Number.CompareTo(b.Number)) != 0) return c;
                    if ((c = a.From.CompareTo(b.From)) != 0) return c;
                    return a.To.CompareTo(b.To);
                }
            }

            private static int Kind(AwsPeer peer) => peer.IsGroup ? 0 : peer.IsIPv4 ? 1 : 2;

            private RuleOrder[] _keys = new RuleOrder[16];
            private AwsRule[] _sorted = new AwsRule[16];
            private readonly List<Interval> _merged = new List<Interval>();
            private readonly List<FlowRule?> _carried = new List<FlowRule?>();
            private Interval[] _sorting = new Interval[16];

            /// <summary>
            /// The union of the entries' port ranges into <paramref name="merged"/>, ascending, overlapping and adjacent ranges
            /// joined (as an <see cref="IntervalSet"/> would hold them), without making one.
            /// </summary>
            private void MergePorts(List<(Interval Ports, FlowRule? Flow)> entries, List<Interval> merged)
            {
                merged.Clear();
                if (entries.Count == 1)
                {
                    merged.Add(entries[0].Ports);
                    return;
                }
                if (_sorting.Length < entries.Count) _sorting = new Interval[Math.Max(entries.Count, _sorting.Length * 2)];
                var sorting = _sorting;
                for (int i = 0; i < entries.Count; i++) sorting[i] = entries[i].Ports;
                Array.Sort(sorting, 0, entries.Count, IntervalByStart.Instance);
                var current = sorting[0];
                for (int i = 1; i < entries.Count; i++)
                {
                    var next = sorting[i];
                    // Ports end at 65535: End + 1 cannot overflow.
                    if (next.Start <= current.End + 1)
                    {
                        if (next.End > current.End) current = new Interval(current.Start, next.End);
                    }
                    else
                    {
                        merged.Add(current);
                        current = next;
                    }
                }
                merged.Add(current);
            }

            private sealed class IntervalByStart : IComparer<Interval>
            {
                public static readonly IntervalByStart Instance = new IntervalByStart();

                public int Compare(Interval a, Interval b) => a.Start.CompareTo(b.Start);
            }

            // The CIDR rules of the set being made, per protocol and family: each CIDR with its flows (start and count in _memberFlows).
            private readonly Dictionary<(AwsProtocol, bool), List<(IpPrefix Prefix, int Start, int Count)>> _members =
                new Dictionary<(AwsProtocol, bool), List<(IpPrefix, int, int)>>();
            private readonly List<FlowRule?> _memberFlows = new List<FlowRule?>();
            private readonly Stack<List<(IpPrefix Prefix, int Start, int Count)>> _spareMembers = new Stack<List<(IpPrefix, int, int)>>();
            private readonly List<FlowRule?> _outputFlows = new List<FlowRule?>();

            /// <summary>
            /// Rules toward CIDRs that carry the same protocol and ports become rules toward the fewest prefixes covering the
            /// union of their CIDRs (61 flows from adjacent /24s: 5 rules, not 61). Exact: a group allows the union of its
            /// rules, and the union is unchanged. Each new rule names the flows of the rules it covers a part of.
            /// </summary>
            private void Aggregate(List<AwsRule> rules)
            {
                // At most one rule per member: room for all of them at once, instead of the list doubling as it fills.
                int most = rules.Count;
                foreach (var bucket in _members) most += bucket.Value.Count;
                if (rules.Capacity < most) rules.Capacity = most;
                foreach (var bucket in _members)
                {
                    var (protocol, v4) = bucket.Key;
                    var members = bucket.Value;
                    if (members.Count == 1)
                    {
                        var (prefix, start, count) = members[0];
                        _outputFlows.Clear();
                        for (int f = start; f < start + count; f++) _outputFlows.Add(_memberFlows[f]);
                        rules.Add(Make(AwsPeer.Cidr(prefix), protocol, _outputFlows));
                        continue;
                    }
                    // An IPv6 rule's prefix may span the IPv4-mapped block (AWS never matches IPv4 with it): only its IPv6 part counts.
                    var ranges = new AddressRange[members.Count];
                    for (int i = 0; i < ranges.Length; i++) ranges[i] = new AddressRange(members[i].Prefix.First, members[i].Prefix.Last);
                    var union = AddressRangeSet.FromCore(RangeSet.FromOwned(ranges, ranges.Length));
                    union = v4 ? union.Intersect(PacketSpace.IPv4) : union.Except(PacketSpace.IPv4);
                    // The covering prefixes are disjoint: sorted by address, each member overlaps a run of them, found by
                    // binary search (thousands of CIDRs with the same service would otherwise compare every pair).
                    var outputs = CidrsOf(union).ToArray();
                    Array.Sort(outputs, (a, b) => a.First.CompareTo(b.First));
                    // Each member's run of outputs, then the members of each output in member order, in arrays kept between
                    // buckets (offsets per output into one array of member positions) rather than a list per output.
                    int n = members.Count, m = outputs.Length;
                    var firstOutput = Room(ref _firstOutput, n);
                    var outputCount = Room(ref _outputCount, n);
                    var offsets = Room(ref _offsets, m + 1);
                    Array.Clear(offsets, 0, m + 1);
                    for (int i = 0; i < n; i++)
                    {
                        var first = members[i].Prefix.First;
                        var last = members[i].Prefix.Last;
                        int lo = 0, hi = m;
                        while (lo < hi)
                        {
                            int mid = lo + ((hi - lo) >> 1);
                            if (outputs[mid].Last < first) lo = mid + 1; else hi = mid;
                        }
                        int k = lo;
                        while (k < m && outputs[k].First <= last) offsets[++k]++;
                        firstOutput[i] = lo;
                        outputCount[i] = k - lo;
                    }
                    for (int k = 0; k < m; k++) offsets[k + 1] += offsets[k];
                    var slots = Room(ref _slots, offsets[m]);
                    var filled = Room(ref _filled, m);
                    Array.Clear(filled, 0, m);
                    for (int i = 0; i < n; i++)
                        for (int k = firstOutput[i], end = k + outputCount[i]; k < end; k++) slots[offsets[k] + filled[k]++] = i;
                    for (int k = 0; k < m; k++)
                    {
                        _outputFlows.Clear();
                        for (int at = offsets[k]; at < offsets[k + 1]; at++)
                        {
                            var member = members[slots[at]];
                            for (int f = member.Start, end = f + member.Count; f < end; f++) _outputFlows.Add(_memberFlows[f]);
                        }
                        rules.Add(Make(AwsPeer.Cidr(outputs[k]), protocol, _outputFlows));
                    }
                }
            }

            private int[] _firstOutput = new int[16], _outputCount = new int[16], _offsets = new int[16], _slots = new int[16], _filled = new int[16];

            /// <summary>The array, grown (doubling) to hold at least <paramref name="length"/> items; its contents are not kept.</summary>
            private static int[] Room(ref int[] array, int length)
            {
                if (array.Length < length) array = new int[Math.Max(length, array.Length * 2)];
                return array;
            }

            private readonly List<FlowRule> _unique = new List<FlowRule>();

            /// <summary>Each rule names only its first flow (of least index): all a plan built to report reads of it, where a quota
            /// diagnostic points (see Distribute). A plan built to write names every flow, in rule descriptions.</summary>
            public bool FirstFlowOnly { get; set; }

            private AwsRule Make(AwsPeer peer, AwsProtocol protocol, List<FlowRule?> flows)
            {
                var rule = new AwsRule(!_ingress, protocol, peer);
                if (FirstFlowOnly)
                {
                    FlowRule? first = null;
                    foreach (var f in flows) if (f != null && (first == null || f.Index < first.Index)) first = f;
                    if (first != null) rule.SetOnlyFlow(first);
                    return rule;
                }
                // The distinct flows in order, then copied into the rule's list at their exact count.
                _unique.Clear();
                if (flows.Count <= 16)
                {
                    foreach (var f in flows) if (f != null && !_unique.Contains(f)) _unique.Add(f);
                }
                else
                {
                    var seen = new HashSet<FlowRule>();
                    foreach (var f in flows) if (f != null && seen.Add(f)) _unique.Add(f);
                }
                if (_unique.Count > 0)
                {
                    rule.Flows.Capacity = _unique.Count;
                    rule.Flows.AddRange(_unique);
                }
                return rule;
            }
        }

        /// <summary>
        /// Puts a zone's rules into groups of at most the quota per direction and family. Without split-groups the
        /// first rule past the quota is an error at its flow; with it, further groups take the rest, first fit in rule order.
        /// </summary>
        private static List<AwsGroup> Distribute(TargetContext context, AwsOptions options, ZoneSymbol zone, List<AwsRule> ingress, List<AwsRule> egress, bool report)
        {
            int limit = options.RulesPerGroup;
            // CloudFormation keeps one placeholder outbound IPv4 rule (127.0.0.1/32) so AWS drops its default allow-all egress.
            int egressV4Limit = limit - 1;
            var groups = new List<(AwsGroup Group, int[] Counts)>();
            (AwsGroup, int[]) NewGroup()
            {
                var g = (new AwsGroup { Zone = zone, Part = groups.Count + 1 }, new int[4]);
                groups.Add(g);
                return g;
            }
            NewGroup();
            var overflow = new Dictionary<int, (AwsRule First, int Count)>();
            foreach (var rule in ingress.Concat(egress))
            {
                int b = rule.Egress ? 2 : 0;
                int v4Limit = rule.Egress ? egressV4Limit : limit;
                (AwsGroup? Group, int[]? Counts) slot = default;
                foreach (var g in groups)
                {
                    var c = g.Counts;
                    if ((!rule.CountsIPv4 || c[b] + 1 <= v4Limit) && (!rule.CountsIPv6 || c[b + 1] + 1 <= limit)) { slot = g; break; }
                }
                if (slot.Group == null)
                {
                    if (!options.SplitGroups)
                    {
                        int key = b + (rule.CountsIPv4 && groups[0].Counts[b] + 1 > (rule.Egress ? egressV4Limit : limit) ? 0 : 1);
                        overflow[key] = overflow.TryGetValue(key, out var o) ? (o.First, o.Count + 1) : (rule, 1);
                        continue;
                    }
                    var added = NewGroup();
                    slot = (added.Item1, added.Item2);
                }
                if (rule.CountsIPv4) slot.Counts![b]++;
                if (rule.CountsIPv6) slot.Counts![b + 1]++;
                (rule.Egress ? slot.Group!.Egress : slot.Group!.Ingress).Add(rule);
            }
            if (report)
            {
                foreach (var kv in overflow.OrderBy(k => k.Key))
                {
                    bool egressRules = kv.Key >= 2;
                    bool v6 = kv.Key % 2 == 1;
                    int max = egressRules && !v6 ? egressV4Limit : limit;
                    var first = kv.Value.First;
                    var at = first.Flows.Count > 0 ? first.Flows[0].Location : context.Target.Location;
                    context.Report(DiagnosticCatalog.AwsRuleQuota, at, context.Target.Name, zone.Name,
                        (max + kv.Value.Count).ToString(CultureInfo.InvariantCulture), egressRules ? "outbound" : "inbound", v6 ? "IPv6" : "IPv4",
                        max.ToString(CultureInfo.InvariantCulture), first.Protocol + " " + (egressRules ? "to " : "from ") + first.Peer);
                }
                if (groups.Count > 1)
                {
                    var counts = string.Join("; ", groups.Select(g => "part " + g.Group.Part.ToString(CultureInfo.InvariantCulture) + ": "
                        + g.Counts[0].ToString(CultureInfo.InvariantCulture) + " in/" + g.Counts[2].ToString(CultureInfo.InvariantCulture) + " out IPv4, "
                        + g.Counts[1].ToString(CultureInfo.InvariantCulture) + " in/" + g.Counts[3].ToString(CultureInfo.InvariantCulture) + " out IPv6"));
                    context.Report(DiagnosticCatalog.AwsGroupsSplit, context.Target.Location, context.Target.Name, zone.Name,
                        groups.Count.ToString(CultureInfo.InvariantCulture), limit.ToString(CultureInfo.InvariantCulture), counts);
                }
                if (groups.Count > options.GroupsPerInterface)
                    context.Report(DiagnosticCatalog.AwsGroupsPerInterface, options.GroupsPerInterfaceLocation ?? context.Target.Location, context.Target.Name, zone.Name,
                        groups.Count.ToString(CultureInfo.InvariantCulture), options.GroupsPerInterface.ToString(CultureInfo.InvariantCulture));
            }
            if (groups.Count > 1)
                foreach (var g in groups)
                    g.Group.SplitNote = "zone " + zone.Name + " needs more than " + limit.ToString(CultureInfo.InvariantCulture)
                        + " rules in one direction and family, so its rules are split across " + groups.Count.ToString(CultureInfo.InvariantCulture)
                        + " groups (this is part " + g.Group.Part.ToString(CultureInfo.InvariantCulture) + "); attach all of them to every network interface of the zone";
            return groups.Select(g => g.Group).ToList();
        }

        private static void Name(AwsRule r, AwsGroup g, HashSet<string> ruleKeys)
        {
            var inv = CultureInfo.InvariantCulture;
            string proto = r.Protocol.IsAll ? "all" : r.Protocol.Name;
            string range = r.Protocol.IsAll ? "" : r.Protocol.HasPorts || r.Protocol.IsIcmp
                ? "_" + (r.Protocol.From < 0 ? "any" : r.Protocol.From.ToString(inv)) + (r.Protocol.HasPorts && r.Protocol.From == r.Protocol.To ? "" : "_" + (r.Protocol.To < 0 ? "any" : r.Protocol.To.ToString(inv)))
                : "";
            string peer = r.Peer.IsGroup ? "sg_" + r.Peer.Zone!.Name : CidrKey(r.Peer.Prefix!.Value);
            r.Key = Unique(ruleKeys, AwsText.Identifier(g.Key + (r.Egress ? "_out_" : "_in_") + proto + range + "_" + peer, 240));
            string what = r.Flows.Count == 0
                ? "policy default allow"
                : "flow " + (r.Flows[0].Name is { } name ? name.Value + " at " : "") + r.Flows[0].Location.Display + ": " + r.Flows[0].Describe()
                  + (r.Flows[0].Description != null ? " - " + r.Flows[0].Description : "")
                  + (r.Flows.Count > 1 ? " (and " + (r.Flows.Count - 1).ToString(inv) + " more)" : "");
            r.Description = AwsText.Description(what.Replace(" -> ", " to "));
        }

        /// <summary>A CIDR in a resource label, injective over canonical prefix text: "ip4_10_1_0_0_16", "ip6_fd00_1___48".</summary>
        private static string CidrKey(IpPrefix p)
        {
            var text = p.ToString();
            int slash = text.IndexOf('/');
            return (p.IsIPv4 ? "ip4_" : "ip6_") + text.Substring(0, slash).Replace('.', '_').Replace(':', '_') + "_" + text.Substring(slash + 1);
        }

        private static void BuildAcls(TargetContext context, AwsOptions options, AwsPlan plan, List<ZoneSymbol> covered, HashSet<ZoneSymbol> coveredSet,
            List<FlowRule> denies, List<FlowRule> allows, Dictionary<(ZoneSymbol, bool), List<AwsAclEntry>> wide, bool report)
        {
            var inv = CultureInfo.InvariantCulture;
            // Replies of an allowed connection travel the other way; a stateless deny that matches them would break it.
            if (report)
                foreach (var d in denies)
                    foreach (var a in allows)
                        if (RepliesMeet(context, d, a))
                        {
                            context.Report(DiagnosticCatalog.AwsAclDropsReplies, d.Location, context.Target.Name, a.Location.Display, a.Describe(),
                                EphemeralFirst.ToString(inv));
                            break;
                        }

            var keys = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var zone in covered)
            {
                var acl = new AwsNetworkAcl { Zone = zone, Key = Unique(keys, AwsText.Identifier(zone.Name)), Name = AwsText.GroupName("policyc-" + context.Target.Name + "-" + zone.Name) };
                foreach (bool egress in new[] { false, true })
                {
                    var entries = DenyEntries(context, denies, coveredSet, zone, egress);
                    if (wide.TryGetValue((zone, egress), out var holes))
                        foreach (var e in holes)
                            if (!entries.Any(x => x.Cidr == e.Cidr && x.Protocol.Equals(e.Protocol))) entries.Add(e);
                    int n = 0;
                    foreach (var e in entries)
                    {
                        e.RuleNumber = AclDenyFirst + AclDenyStep * n++;
                        e.Comment = e.Wide
                            ? AwsText.Comment("no allowed flow reaches " + e.Cidr + (e.Egress ? " with outbound " : " with inbound ") + e.Protocol
                                + " (the security group names every address but the zone's for flow " + e.Flow!.Location.Display + ": " + e.Flow.Describe() + ")")
                            : AwsText.Comment("deny flow " + e.Flow!.Location.Display + ": " + e.Flow.Describe() + " (" + e.Protocol + (e.Egress ? " to " : " from ") + e.Cidr + ")");
                    }
                    acl.Entries.AddRange(entries);
                    acl.Entries.Add(new AwsAclEntry { Egress = egress, Allow = true, Protocol = All, Cidr = IpPrefix.AllIPv4, RuleNumber = AclAllowIPv4, Comment = "everything else: the security groups decide" });
                    acl.Entries.Add(new AwsAclEntry { Egress = egress, Allow = true, Protocol = All, Cidr = IpPrefix.All, RuleNumber = AclAllowIPv6, Comment = "everything else: the security groups decide" });
                    if (report)
                        foreach (bool v6 in new[] { false, true })
                        {
                            var family = acl.Entries.Where(e => e.Egress == egress && e.Cidr.IsIPv4 != v6).ToList();
                            if (family.Count > options.NaclRules)
                            {
                                var first = family.Where(e => !e.Allow).Skip(options.NaclRules - 1).FirstOrDefault() ?? family[0];
                                context.Report(DiagnosticCatalog.AwsAclQuota, first.Flow?.Location ?? context.Target.Location, context.Target.Name, zone.Name,
                                    family.Count.ToString(inv), egress ? "outbound" : "inbound", v6 ? "IPv6" : "IPv4", options.NaclRules.ToString(inv));
                            }
                        }
                }
                foreach (var e in acl.Entries)
                    e.Key = AwsText.Identifier(acl.Key + (e.Egress ? "_out_" : "_in_") + e.RuleNumber.ToString(inv));
                if (acl.Entries.Any(e => !e.Allow)) plan.NetworkAcls.Add(acl);
            }
        }

        /// <summary>The ACL entries of the deny flows for one zone and direction, without repeats.</summary>
        private static List<AwsAclEntry> DenyEntries(TargetContext context, List<FlowRule> denies, HashSet<ZoneSymbol> coveredSet, ZoneSymbol zone, bool egress)
        {
            var entries = new List<AwsAclEntry>();
            foreach (var d in denies)
            {
                Endpoint own = egress ? d.Source : d.Destination;
                Endpoint other = egress ? d.Destination : d.Source;
                if (!(own.IsAny || own.Zone == zone)) continue;
                // A deny toward a covered zone is enforced where it enters that zone; outbound entries cover the rest.
                if (egress && !other.IsAny && coveredSet.Contains(other.Zone!)) continue;
                foreach (var prefix in Peers(context, other, new HashSet<ZoneSymbol>()).Select(p => p.Prefix!.Value))
                    foreach (var s in d.Services)
                        foreach (var p in Protocols(s, AwsPeer.Cidr(prefix)))
                        {
                            if (entries.Any(e => e.Cidr == prefix && e.Protocol.Equals(p))) continue;
                            entries.Add(new AwsAclEntry { Egress = egress, Allow = false, Protocol = p, Cidr = prefix, Flow = d });
                        }
            }
            return entries;
        }

        /// <summary>Whether a deny's stateless ACL entries would match replies of an allowed flow in the opposite direction.</summary>
        private static bool RepliesMeet(TargetContext context, FlowRule deny, FlowRule allow)
        {
            if (!context.Addresses.Of(allow.Source).Overlaps(context.Addresses.Of(deny.Destination))) return false;
            if (!context.Addresses.Of(allow.Destination).Overlaps(context.Addresses.Of(deny.Source))) return false;
            foreach (var s in deny.Services)
                foreach (var t in allow.Services)
                {
                    if (s.IsAny) return true;
                    bool sameOrAny = t.IsAny || t.Protocol == s.Protocol;
                    if (!sameOrAny) continue;
                    if (s.HasPorts && (s.Ports == null || s.Ports.Any(r => r.End >= EphemeralFirst))) return true;
                    if (s.Protocol == ServiceMatch.Icmp || s.Protocol == ServiceMatch.Icmpv6)
                    {
                        // Echo replies (0, 129) answer echo requests (8, 128).
                        int reply = s.Protocol == ServiceMatch.Icmp ? 0 : 129;
                        if (s.IcmpType == null || s.IcmpType == reply) return true;
                    }
                    if (!s.HasPorts && s.Protocol != ServiceMatch.Icmp && s.Protocol != ServiceMatch.Icmpv6) return true;
                }
            return false;
        }
    }
}
