using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>Builds the per-device model of a fabric target from the header-space IR and the device's facts.</summary>
    public static class FabricModelBuilder
    {
        public const int DefaultMtu = 1500;
        public const int VxlanOverhead = 50;

        /// <param name="maxAclName">The platform's longest ACL (and class-map) name; longer derived names fall back to numbered ones.</param>
        public static FabricDevice Build(TargetContext context, FabricDeviceFacts facts, int maxAclName) => Build(context, facts, maxAclName, "PC-");

        /// <param name="aclPrefix">Start of every generated ACL name (validated by the caller: a letter, then letters, digits, '-', '_').</param>
        /// <param name="grouped">The backend writes address lists as groups (EOS field-sets): an exception layout must save
        /// group members, not prefix pairs (see <see cref="AclCompiler.Compile"/>).</param>
        /// <param name="filters">False: each filter ACL holds only its final deny, not compiled (<see cref="FabricTarget.SettingsDevices"/>:
        /// what <c>verify</c> renders to compare settings); names, scopes, marking and policing lists are the same as in a whole build.</param>
        public static FabricDevice Build(TargetContext context, FabricDeviceFacts facts, int maxAclName, string aclPrefix, bool grouped = false, bool filters = true)
        {
            var target = context.Target;
            var device = new FabricDevice
            {
                Name = facts.Name.Value,
                Target = target.Name,
                Platform = target.Platform.Value,
                PolicyName = FabricText.Description(context.Compilation.Name),
                FileStem = target.Name + "/" + FabricText.FileName(facts.Name.Value),
                VtepSource = facts.VtepSource?.Value ?? "",
                AclPrefix = aclPrefix,
            };
            if (facts.Vtep is { } vtep)
            {
                device.VtepIsIPv6 = !vtep.Value.IsIPv4Mapped;
                device.Vtep = vtep.Value.IsIPv4Mapped ? new IpPrefix(vtep.Value, 128).ToString().Split('/')[0] : vtep.Value.ToString();
            }

            var segments = facts.Interfaces.Where(i => !i.IsUplink).SelectMany(i => i.Segments).Distinct().ToList();
            var vlans = new Dictionary<int, FabricVlan>();
            foreach (var s in segments.Where(s => s.Vlan != null))
            {
                if (vlans.ContainsKey(s.Vlan!.Value.Value)) continue;
                vlans[s.Vlan.Value.Value] = new FabricVlan
                {
                    Id = s.Vlan.Value.Value,
                    Name = FabricText.Name(s.Zone.Name + "_" + s.Name),
                    Vni = s.Vni?.Value,
                    Mtu = Mtu(s),
                    Segment = s.QualifiedName,
                    Description = FabricText.Description(s.Description ?? s.QualifiedName),
                    Symbol = s,
                };
            }
            device.Vlans.AddRange(vlans.Values.OrderBy(v => v.Id));
            if (device.Vtep.Length > 0) device.VxlanVlans.AddRange(device.Vlans.Where(v => v.Vni != null));
            int largest = segments.Count == 0 ? DefaultMtu : segments.Max(Mtu);
            device.UplinkMtu = largest + (device.Vtep.Length > 0 ? VxlanOverhead : 0);

            var groups = new Dictionary<string, FabricAclGroup>(StringComparer.Ordinal);
            foreach (var i in facts.Interfaces)
            {
                var fi = new FabricInterface
                {
                    Name = i.Name.Value,
                    IsUplink = i.IsUplink,
                    Mtu = i.IsUplink ? device.UplinkMtu : i.Segments.Count == 0 ? DefaultMtu : i.Segments.Max(Mtu),
                    Location = i.Location,
                };
                fi.Segments.AddRange(i.Segments.Select(s => s.QualifiedName));
                fi.Vlans.AddRange(i.Segments.Where(s => s.Vlan != null).Select(s => s.Vlan!.Value.Value).Distinct().OrderBy(v => v));
                var about = i.Segments.Count == 1 && i.Segments[0].Description != null ? " - " + i.Segments[0].Description : "";
                fi.Description = i.IsUplink ? "fabric uplink" : FabricText.Description("policyc: " + string.Join(", ", fi.Segments) + about);
                if (!i.IsUplink && i.Segments.Count > 0)
                {
                    var ordered = i.Segments.Distinct().OrderBy(s => s.QualifiedName, StringComparer.Ordinal).ToList();
                    var key = string.Join(",", ordered.Select(s => s.QualifiedName));
                    if (!groups.TryGetValue(key, out var group))
                    {
                        // Devices of a target usually carry the same segments: their groups are built once (TargetContext.ModelMemo).
                        int number = groups.Count + 1;
                        group = context.ModelMemo("fabric-group:" + maxAclName.ToString(CultureInfo.InvariantCulture) + "|" + aclPrefix + "|" + (grouped ? "g|" : "")
                            + (filters ? "" : "s|") + number.ToString(CultureInfo.InvariantCulture) + "|" + key,
                            () => BuildGroup(context, ordered, number, maxAclName, aclPrefix, grouped, filters));
                        groups[key] = group;
                        device.AclGroups.Add(group);
                    }
                    fi.AclGroup = group;
                }
                device.Interfaces.Add(fi);
            }
            device.Qos = BuildQos(context.Model);
            if (facts.Interfaces.Any(i => i.IsUplink))
            {
                var key = "fabric-uplink:" + target.Name + "|" + aclPrefix + "|" + string.Join(",", segments.Select(s => s.QualifiedName).OrderBy(n => n, StringComparer.Ordinal));
                device.UplinkPolicers.AddRange(context.ModelMemo(key, () => BuildUplinkPolicers(context, segments, aclPrefix)));
            }
            return device;
        }

        private static List<FabricPolicer> BuildUplinkPolicers(TargetContext context, IReadOnlyList<SegmentSymbol> segments, string prefix)
        {
            var policers = new List<FabricPolicer>();
            var mine = AddressRangeSet.FromPrefixes(segments.SelectMany(s => s.Prefixes.Select(p => p.Value)));
            var outside = PacketSpace.Between(mine.Complement(), AddressRangeSet.All);
            foreach (var flow in context.RelevantFlows.Where(f => f.Action == FlowAction.Allow && f.Rate is { } r && r.Value.Unit == RateUnit.BitsPerSecond))
            {
                var packets = context.Flows.Of(flow).Intersect(outside);
                if (packets.IsEmpty) continue;
                // Deny overrides allow: what the policy denies is never policed as this flow's traffic. Only denies that may
                // share packets with the flow (the candidates between its endpoints on its services) can take any away.
                foreach (var deny in context.Flows.Candidates(flow.Source, flow.Destination, flow.Services))
                {
                    if (deny.Action != FlowAction.Deny) continue;
                    packets = packets.Except(context.Flows.Of(deny));
                    if (packets.IsEmpty) break;
                }
                if (packets.IsEmpty) continue;
                var policer = NewPolicer(prefix + "UPLINK-R" + flow.Index.ToString(CultureInfo.InvariantCulture), flow);
                foreach (var family in new[] { AclFamily.IPv4, AclFamily.IPv6 })
                {
                    var part = packets.Intersect(AclSemantics.FamilySpace(family));
                    if (part.IsEmpty) continue;
                    var list = AclCompiler.CompileMatch(policer.Name + (family == AclFamily.IPv4 ? "-V4" : "-V6"), new string[0], family, part);
                    if (family == AclFamily.IPv4) policer.V4 = list; else policer.V6 = list;
                }
                policers.Add(policer);
            }
            return policers;
        }

        private static FabricPolicer NewPolicer(string name, FlowRule flow)
        {
            ulong bps = flow.Rate!.Value.Value.Value;
            return new FabricPolicer
            {
                Name = name,
                FlowIndex = flow.Index,
                BitsPerSecond = bps,
                BurstBytes = Math.Min(128UL * 1024 * 1024, Math.Max(16UL * 1024, bps / 64)),
                Description = FabricText.Description("rate " + flow.Rate.Value.Value + " of " + flow.Reference + " at " + flow.Location.Display),
                Flow = flow,
            };
        }

        public static int Mtu(SegmentSymbol s) => s.Mtu?.Value ?? DefaultMtu;

        private static string Fit(string preferred, string fallback, int max) => preferred.Length <= max ? preferred : fallback;

        private static FabricAclGroup BuildGroup(TargetContext context, IReadOnlyList<SegmentSymbol> segments, int number, int maxAclName, string prefix, bool grouped,
            bool filters = true)
        {
            var names = segments.Select(s => s.QualifiedName).ToList();
            var zones = new HashSet<ZoneSymbol>(segments.Select(s => s.Zone));
            // Only flows with an endpoint in the segments' zones (or 'any') can have packets from or to the segments.
            var flows = context.FlowsTouching(zones);
            var n = number.ToString(CultureInfo.InvariantCulture);
            // Room for the longest suffix ("-M-<class>-V4" falls back to "-M<k>-V4"; "-R<flow>-V4").
            var group = new FabricAclGroup { Name = Fit(FabricText.Name(prefix + string.Join("_", names)).Replace('.', '_'), prefix + "G" + n, maxAclName - 12) };
            group.Segments.AddRange(names);
            var classes = context.Model.Classes;
            foreach (var family in new[] { AclFamily.IPv4, AclFamily.IPv6 })
            {
                var suffix = family == AclFamily.IPv4 ? "-V4" : "-V6";
                var key = string.Join(",", names) + "|" + family;
                var scope = context.ModelMemo("fabric-scope:" + key, () => AclScope.Compute(context.Flows, segments, family,
                    () => context.LocalMemo("fabric-allowed:" + string.Join(",", names), () => AclScope.AllowedInBothFamilies(context.Flows, segments))));
                var space = AclSemantics.Space(family);
                var mine = AddressRangeSet.FromPrefixes(segments.SelectMany(s => s.Prefixes.Select(p => p.Value))).Intersect(space);
                // Every set below is compared only with packets the segments' hosts send (AclScope.Forward and AllowedFrom lie
                // there): each flow's packets are cut to that region before they are joined, which keeps the unions small (a
                // flow from 'internet' is a large set). The one exception: a quarantine's widened denies reach beyond the
                // region, and the compiler may then permit there too, so with quarantines the logged allows stay whole.
                var fromMine = PacketSpace.Between(mine, space);
                var near = new Dictionary<FlowRule, PacketSet>();
                PacketSet Near(FlowRule f)
                {
                    if (!near.TryGetValue(f, out var set))
                        near[f] = set = context.Addresses.Of(f.Source).Overlaps(mine) ? context.Flows.Of(f).Intersect(fromMine) : PacketSet.Empty;
                    return set;
                }
                bool quarantines = flows.Any(f => f.Quarantine != null);
                Func<FlowRule, PacketSet> logged = quarantines ? context.Flows.Of : Near;
                // The union of Near over flows: flows from 'any' are in every group's list (FlowsTouching), and Near(f) of each is
                // its packets cut to the region; the cut distributes over the union, so their union is made once for the policy
                // and cut once here, instead of a cut and a union per group of every such flow (hundreds of 'deny any -> Z : telnet
                // log' in a large policy).
                PacketSet NearUnion(string what, Func<FlowRule, bool> which)
                {
                    var own = PacketSet.UnionAll(flows.Where(f => !f.Source.IsAny && which(f)).Select(Near));
                    var fromAny = context.FromAnyUnion(what, which);
                    return fromAny.IsEmpty ? own : own.Union(fromAny.Intersect(fromMine));
                }
                AccessList acl;
                if (filters)
                {
                    var loggedAllows = quarantines ? PacketSet.UnionAll(flows.Where(f => f.Log && f.Action == FlowAction.Allow).Select(logged))
                        : NearUnion("logged-allows", f => f.Log && f.Action == FlowAction.Allow);
                    var loggedDenies = NearUnion("logged-denies", f => f.Log && f.Action == FlowAction.Deny);
                    var naive = new Func<long>(() => AclCompiler.NaiveCount(context, flows, mine, family));
                    var candidates = Candidates(context, flows, zones, mine, space);
                    var countedDenies = flows.Where(f => f.Count && f.Action == FlowAction.Deny).Select(Near).Where(s => !s.IsEmpty).ToList();
                    var quarantineDenies = quarantines ? NearUnion("quarantines", f => f.Quarantine != null) : null;
                    var countedAllows = flows.Where(f => f.Count && f.Action == FlowAction.Allow).Select(Near).Where(s => !s.IsEmpty).ToList();
                    acl = Annotate(context, AclCompiler.Compile(group.Name + suffix, names, scope, loggedAllows, loggedDenies, naive, candidates, grouped, countedDenies,
                        quarantineDenies, countedAllows), flows);
                }
                else
                    acl = new AccessList(group.Name + suffix, family, names, new[] { new AclEntry(AclAction.Deny, null, null, null) }, new AclCounts(1, 1, 1));
                if (family == AclFamily.IPv4) { group.V4 = acl; group.ScopeV4 = scope; } else { group.V6 = acl; group.ScopeV6 = scope; }

                foreach (var cls in classes.Where(c => c.Dscp != null))
                {
                    var marked = NearUnion("class:" + cls.Name, f => f.Action == FlowAction.Allow && f.Class == cls).Intersect(scope.AllowedFrom);
                    if (marked.IsEmpty) continue;
                    var marking = group.Markings.FirstOrDefault(m => m.Class.Symbol == cls);
                    if (marking == null)
                    {
                        var k = (group.Markings.Count + 1).ToString(CultureInfo.InvariantCulture);
                        marking = new FabricMarking { Name = Fit(group.Name + "-M-" + cls.Name, group.Name + "-M" + k, maxAclName - 3), Class = QosClass(cls) };
                        group.Markings.Add(marking);
                    }
                    var list = AclCompiler.CompileMatch(marking.Name + suffix, names, family, marked);
                    if (family == AclFamily.IPv4) marking.V4 = list; else marking.V6 = list;
                }
                foreach (var flow in flows.Where(f => f.Action == FlowAction.Allow && f.Rate is { } r && r.Value.Unit == RateUnit.BitsPerSecond))
                {
                    var limited = context.Flows.Of(flow).Intersect(scope.AllowedFrom);
                    if (limited.IsEmpty) continue;
                    var policer = group.Policers.FirstOrDefault(p => p.Flow == flow);
                    if (policer == null)
                    {
                        policer = NewPolicer(group.Name + "-R" + flow.Index.ToString(CultureInfo.InvariantCulture), flow);
                        group.Policers.Add(policer);
                    }
                    var list = AclCompiler.CompileMatch(policer.Name + suffix, names, family, limited);
                    if (family == AclFamily.IPv4) policer.V4 = list; else policer.V6 = list;
                }
            }
            return group;
        }

        /// <summary>
        /// Names each entry after the first named flow (in file order) of the same action whose packets it matches, lists a few
        /// more it matches too (where flows merge into one entry), and marks it counted when it matches packets of a flow with
        /// <c>count</c>. What an entry matches is what reaches it (first match: earlier entries take theirs), so an entry behind
        /// a counted flow's own entries is not counted for packets it never sees. A return entry is named after the allow flow
        /// whose replies it admits (never counted); the final deny of everything else is left as it is. Nothing is done for a
        /// policy without names or counters.
        /// </summary>
        private static AccessList Annotate(TargetContext context, AccessList acl, IReadOnlyList<FlowRule> flows)
        {
            // Enough names to list a few and know whether there are more ("and others").
            const int MostNames = AclEntry.MostAlsoFlows + 2;
            var marked = flows.Where(f => f.Name != null || f.Count).ToList();
            if (marked.Count == 0) return acl;
            var named = marked.Where(f => f.Name != null && f.Action == FlowAction.Allow).ToList();
            // The named allow flows whose packets a reply entry answers (forward coordinates), in file order; each one's share goes
            // into parts where the entry is split.
            List<string>? RepliesOf(PacketSet answered, List<AclFlowPart>? parts)
            {
                List<string>? found = null;
                foreach (var f in named)
                {
                    if (answered.IsEmpty || (parts == null && found?.Count >= MostNames)) break;
                    var packets = context.Flows.Of(f);
                    if (!packets.Overlaps(answered)) continue;
                    (found ??= new List<string>()).Add(f.Name!.Value.Value);
                    parts?.Add(new AclFlowPart(f.Name!.Value.Value, false, packets.Intersect(answered)));
                }
                return found;
            }

            var entries = new List<AclEntry>(acl.Entries.Count);
            var seen = PacketSet.Empty;
            for (int i = 0; i < acl.Entries.Count; i++)
            {
                var e = acl.Entries[i];
                if (i == acl.Entries.Count - 1) { entries.Add(e); continue; }
                List<string>? names = null;
                // An entry that is split where the platform has no object-groups keeps every flow's share, so that each piece
                // names only the flows it carries itself (AccessList.Expand).
                List<AclFlowPart>? parts = e.Splits ? new List<AclFlowPart>() : null;
                if (e.IsReturn)
                {
                    // Replies in forward coordinates: the packets of the flows whose replies the entry admits.
                    if (named.Count > 0) names = RepliesOf(AclSemantics.AnsweredBy(e, acl.Family), parts);
                    // A return entry that denies cuts a hole in wider replies: what the policy's default action drops.
                    entries.Add(names == null ? (e.Action == AclAction.Deny ? e.Annotated(null, false, null, defaultDeny: true) : e)
                        : e.Annotated(names, counted: false, parts));
                    continue;
                }
                var action = e.Action == AclAction.Permit ? FlowAction.Allow : FlowAction.Deny;
                var whole = AclSemantics.Match(e, acl.Family);
                var match = whole.Except(seen);
                seen = seen.Union(whole);
                bool counted = false;
                string? countedFlow = null;
                foreach (var f in marked)
                {
                    bool wantName = f.Name != null && (parts != null || names == null || names.Count < MostNames);
                    bool wantCount = f.Count && (parts != null || !counted);
                    if (f.Action != action || !(wantName || wantCount)) continue;
                    var packets = context.Flows.Of(f);
                    if (!packets.Overlaps(match)) continue;
                    if (wantName) (names ??= new List<string>()).Add(f.Name!.Value.Value);
                    if (f.Count && !counted) countedFlow = f.Name?.Value;
                    counted |= f.Count;
                    parts?.Add(new AclFlowPart(f.Name?.Value, f.Count, packets.Intersect(match)));
                }
                bool forReplies = false, defaultDeny = false;
                if (names == null && e.Action == AclAction.Permit && named.Count > 0
                    && !flows.Any(f => f.Action == FlowAction.Allow && context.Flows.Of(f).Overlaps(match)))
                {
                    // No flow's own packets: the entry admits replies without being a return entry (echo replies, a UDP flow's
                    // answer that names both ports, an IP protocol both ways); it is named after the named flows it answers.
                    var replyParts = e.Splits ? new List<AclFlowPart>() : null;
                    names = RepliesOf(AclSemantics.AnsweredBy(e, acl.Family), replyParts);
                    forReplies = names != null;
                    if (forReplies) parts = replyParts;
                }
                else if (names == null && e.Action == AclAction.Deny)
                {
                    // A deny of packets no flow denies (a hole cut in a wider permit): the policy's default action.
                    defaultDeny = true;
                    foreach (var f in flows)
                        if (f.Action == FlowAction.Deny && context.Flows.Of(f).Overlaps(match)) { defaultDeny = false; break; }
                }
                entries.Add(e.Annotated(names, counted, parts is { Count: > 0 } ? parts : null, forReplies, defaultDeny, countedFlow));
            }
            return new AccessList(acl.Name, acl.Family, acl.Segments, entries, acl.Counts);
        }

        /// <summary>The cubes of the allow flows from and into the segments, as written (sources cut to the segments).</summary>
        private static IReadOnlyList<HeaderCube> Candidates(TargetContext context, IReadOnlyList<FlowRule> flows, HashSet<ZoneSymbol> zones, AddressRangeSet mine, AddressRangeSet space)
        {
            var list = new List<HeaderCube>();
            foreach (var f in flows.Where(f => f.Action == FlowAction.Allow))
            {
                bool from = f.Source.IsAny || zones.Contains(f.Source.Zone!);
                bool to = f.Destination.IsAny || zones.Contains(f.Destination.Zone!);
                if (!from && !to) continue;
                var src = context.Addresses.Of(f.Source).Intersect(space);
                var dst = context.Addresses.Of(f.Destination).Intersect(space);
                foreach (var s in f.Services)
                {
                    if (from) s.AddCubes(src.Intersect(mine), dst, list);
                    if (to) s.AddCubes(src, dst.Intersect(mine), list);
                }
            }
            return list;
        }

        public static FabricQos BuildQos(PolicyModel model)
        {
            var qos = new FabricQos();
            foreach (var c in model.Classes.OrderBy(c => c.EffectiveQueue).ThenBy(c => c.Name, StringComparer.Ordinal))
                qos.Classes.Add(QosClass(c));
            qos.LosslessPriorities.AddRange(qos.Classes.Where(c => c.Lossless).Select(c => c.Pcp).Distinct().OrderBy(p => p));
            return qos;
        }

        public static FabricQosClass QosClass(TrafficClassSymbol c) => new FabricQosClass
        {
            Name = FabricText.Name(c.Name),
            Dscp = c.Dscp?.Value ?? -1,
            Queue = c.EffectiveQueue,
            Pcp = c.Pcp?.Value ?? c.EffectiveQueue,
            Lossless = c.Lossless,
            Strict = c.Strict,
            Bandwidth = c.Bandwidth?.Value ?? 0,
            HasEcn = c.Ecn != null,
            EcnMinBytes = c.Ecn?.MinBytes?.Value ?? 0,
            EcnMaxBytes = c.Ecn?.MaxBytes?.Value ?? 0,
            EcnProbability = c.Ecn?.Probability?.Value ?? 100,
            Description = FabricText.Description(c.Description ?? ("class " + c.Name)),
            Symbol = c,
        };
    }
}
