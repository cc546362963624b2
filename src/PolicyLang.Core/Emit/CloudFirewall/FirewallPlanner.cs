using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.CloudFirewall
{
    /// <summary>
    /// Orders a target's flows into first-match rules for priority-ordered cloud firewalls (Azure NSG, GCP VPC firewall):
    /// every deny (deny overrides allow), then the allows, then one rule with the policy's default action. The rules of a
    /// direction admit exactly the policy's allowed traffic of that direction. Under a default deny, denies that overlap
    /// no allow of the direction are left out (the final rule denies their packets anyway), unless they ask for a log.
    /// <para>
    /// A catch-all external zone (the internet: 0.0.0.0/0 and ::/0 minus everything else) is written as its cover, the
    /// prefixes the policy wrote for it or a provider tag such as Azure's <c>Internet</c>, rather than as the hundreds of
    /// prefixes it owns. The addresses the cover adds are then cut out by a deny rule just in front of the allow. Only a
    /// cover that holds no other cover's addresses is used, and only on one side of a rule, so a cut-out never shadows
    /// another flow's allow: exact allows come before every cut-out.
    /// </para>
    /// </summary>
    public static class FirewallPlanner
    {
        public static AddressRangeSet FamilySet(AddressFamily family) => family == AddressFamily.V4 ? PacketSpace.IPv4 : PacketSpace.IPv6;

        /// <summary>Every address of the target's zones.</summary>
        public static AddressRangeSet TargetAddresses(TargetContext context) =>
            AddressRangeSet.UnionAll(context.Target.Zones.Select(z => context.Addresses.Of(z)));

        /// <summary>Every address of the policy's internal zones.</summary>
        public static AddressRangeSet InternalSpace(PolicyModel model, AddressOwnership addresses) =>
            addresses.Memo("cloudfw-internal", () => AddressRangeSet.UnionAll(model.Zones.Where(z => !z.IsExternal).Select(z => addresses.Of(z))));

        /// <summary>Whether a flow takes part in a direction: inbound rules filter traffic into the target's zones, outbound out of them.</summary>
        public static bool Carries(TargetContext context, FlowRule flow, RuleDirection direction)
        {
            var local = direction == RuleDirection.Inbound ? flow.Destination : flow.Source;
            return local.IsAny || context.Target.Zones.Contains(local.Zone!);
        }

        /// <param name="internetTag">The provider's tag for addresses outside every internal zone, or null when it has none.</param>
        public static List<FirewallRule> Plan(TargetContext context, RuleDirection direction, string? internetTag)
        {
            // Validate and Emit both plan; the plan depends only on the compilation and the target, so it is built once.
            var key = "cloudfw-plan:" + context.Target.Name + ":" + direction + ":" + (internetTag ?? "");
            return new List<FirewallRule>(context.ModelMemo(key, () => BuildPlan(context, direction, internetTag)));
        }

        private static List<FirewallRule> BuildPlan(TargetContext context, RuleDirection direction, string? internetTag)
        {
            var covers = context.Addresses.Memo("cloudfw-covers:" + (internetTag ?? ""), () => new CoverTable(context, internetTag));
            var rules = new List<FirewallRule>();
            var flows = context.RelevantFlows.Where(f => Carries(context, f, direction)).ToList();
            var families = new[] { AddressFamily.V4, AddressFamily.V6 };

            // Under a default deny, a deny that takes nothing away from an allow of this direction repeats the final rule and
            // is left out (hundreds of "deny any -> Z" flows would otherwise reach every target's quota).
            bool defaultDeny = context.Model.DefaultAction == FlowAction.Deny;
            var allows = flows.Where(f => f.Action == FlowAction.Allow).ToList();
            bool Needed(FlowRule deny, AddressFamily family)
            {
                // A logged deny keeps its rule: the final rule would drop the packets without the log the flow asks for.
                if (!defaultDeny || deny.Log) return true;
                var space = PacketSpace.Between(FamilySet(family), FamilySet(family));
                var denied = context.Flows.Of(deny).Intersect(space);
                return allows.Any(a => context.Flows.MayOverlap(deny, a) && context.Flows.Of(a).Overlaps(denied));
            }
            foreach (var f in flows.Where(f => f.Action == FlowAction.Deny))
                foreach (var family in families)
                {
                    if (!Needed(f, family)) continue;
                    var services = Services(f, family);
                    var src = Exact(context, f.Source, family);
                    var dst = Exact(context, f.Destination, family);
                    if (services.Count == 0 || src == null || dst == null) continue;
                    rules.Add(new FirewallRule(RulePurpose.Deny, direction, family, src, dst, services, f, f.Location));
                }

            // Under a default allow, the final rule admits everything the denies leave; allow rules would add nothing.
            if (context.Model.DefaultAction == FlowAction.Allow) return rules;

            var covered = new List<(FlowRule Flow, AddressFamily Family, IReadOnlyList<ServiceMatch> Services, bool SourceSide, Cover Cover, AddressSpec Other)>();
            foreach (var f in flows.Where(f => f.Action == FlowAction.Allow))
                foreach (var family in families)
                {
                    var services = Services(f, family);
                    var src = Exact(context, f.Source, family);
                    var dst = Exact(context, f.Destination, family);
                    if (services.Count == 0 || src == null || dst == null) continue;
                    var srcCover = covers.For(f.Source, family);
                    var dstCover = covers.For(f.Destination, family);
                    if (srcCover != null && dstCover == null) covered.Add((f, family, services, true, srcCover, dst));
                    else if (dstCover != null && srcCover == null) covered.Add((f, family, services, false, dstCover, src));
                    else rules.Add(new FirewallRule(RulePurpose.Allow, direction, family, src, dst, services, f, f.Location));
                }

            foreach (var (f, family, services, sourceSide, cover, other) in covered)
            {
                if (!cover.CutOut.IsEmpty)
                {
                    var cut = AddressSpec.Of(cover.CutOut);
                    rules.Add(new FirewallRule(RulePurpose.CoverCutOut, direction, family, sourceSide ? cut : other, sourceSide ? other : cut, services, f, f.Location));
                }
                rules.Add(new FirewallRule(RulePurpose.Allow, direction, family, sourceSide ? cover.Spec : other, sourceSide ? other : cover.Spec, services, f, f.Location));
            }
            return rules;
        }

        /// <summary>The policy's default action, one rule per family, for everything no earlier rule decided.</summary>
        public static FirewallRule Default(TargetContext context, RuleDirection direction, AddressFamily family)
        {
            var all = AddressSpec.Any(FamilySet(family));
            var location = context.Model.Header?.Location ?? context.Target.Location;
            var any = new ServiceMatch(null, null, null, null, location);
            return new FirewallRule(RulePurpose.Default, direction, family, all, all, new[] { any }, null, context.Target.Location)
            {
                DefaultAllows = context.Model.DefaultAction == FlowAction.Allow,
            };
        }

        /// <summary>The flow's services that apply to the family: its own list when they all do (as they mostly do), read only.</summary>
        private static IReadOnlyList<ServiceMatch> Services(FlowRule f, AddressFamily family)
        {
            var all = f.Services;
            int applying = 0;
            for (int i = 0; i < all.Count; i++)
                if (Applies(all[i], family)) applying++;
            if (applying == all.Count) return all;
            var some = new List<ServiceMatch>(applying);
            for (int i = 0; i < all.Count; i++)
                if (Applies(all[i], family)) some.Add(all[i]);
            return some;
        }

        private static bool Applies(ServiceMatch s, AddressFamily family) => family == AddressFamily.V4 ? s.AppliesToIPv4 : s.AppliesToIPv6;

        /// <summary>The endpoint's own addresses of one family; null when it has none.</summary>
        private static AddressSpec? Exact(TargetContext context, Endpoint endpoint, AddressFamily family)
        {
            if (endpoint.IsAny && !endpoint.IsNarrowed) return AddressSpec.Any(FamilySet(family));
            var key = "cloudfw-exact:" + endpoint + (family == AddressFamily.V4 ? ":4" : ":6");
            // A known one is read without making the computation's closure (asked for both ends of every flow of every target;
            // the closure lives in a method of its own, since C# makes it where the captured parameters are).
            var known = context.Addresses.Known<SpecBox>(key);
            return known != null ? known.Spec : MemoExact(context, endpoint, family, key);
        }

        private static AddressSpec? MemoExact(TargetContext context, Endpoint endpoint, AddressFamily family, string key) =>
            context.Addresses.Memo(key, () => new SpecBox(Build(context, endpoint, family))).Spec;

        private static AddressSpec? Build(TargetContext context, Endpoint endpoint, AddressFamily family)
        {
            var set = context.Addresses.Of(endpoint).Intersect(FamilySet(family));
            return set.IsEmpty ? null : AddressSpec.Of(set);
        }

        private sealed class SpecBox
        {
            public SpecBox(AddressSpec? spec) { Spec = spec; }
            public AddressSpec? Spec { get; }
        }

        internal sealed class Cover(AddressSpec spec, AddressRangeSet cutOut)
        {
            public AddressSpec Spec { get; } = spec;
            public AddressRangeSet CutOut { get; } = cutOut;
        }

        /// <summary>Which external zones are written as a cover, per family.</summary>
        private sealed class CoverTable
        {
            private readonly Dictionary<(ZoneSymbol, AddressFamily), Cover> _covers = new Dictionary<(ZoneSymbol, AddressFamily), Cover>();

            public CoverTable(TargetContext context, string? internetTag)
            {
                var model = context.Model;
                var addresses = context.Addresses;
                var internalSpace = InternalSpace(model, addresses);
                foreach (var family in new[] { AddressFamily.V4, AddressFamily.V6 })
                {
                    var familySet = FamilySet(family);
                    var candidates = new List<(ZoneSymbol Zone, AddressRangeSet Owned, AddressRangeSet CoverSet, AddressSpec Spec)>();
                    foreach (var zone in model.Zones.Where(z => z.IsExternal))
                    {
                        var owned = addresses.Of(zone).Intersect(familySet);
                        var writtenAll = PacketSpace.FamilyMatch(zone.AllPrefixes);
                        var written = writtenAll.Intersect(familySet);
                        if (owned.IsEmpty || owned.Equals(written)) continue;
                        if (internetTag != null && writtenAll.IsFull)
                        {
                            var tagSet = familySet.Except(internalSpace);
                            candidates.Add((zone, owned, tagSet, AddressSpec.ServiceTag(internetTag, tagSet)));
                        }
                        else
                        {
                            candidates.Add((zone, owned, written, AddressSpec.Of(written)));
                        }
                    }
                    foreach (var c in candidates)
                    {
                        // A cover inside another cover would let that one's cut-out shadow this zone's allows.
                        if (candidates.Any(o => !ReferenceEquals(o.Zone, c.Zone) && o.CoverSet.Overlaps(c.Owned))) continue;
                        _covers[(c.Zone, family)] = new Cover(c.Spec, c.CoverSet.Except(c.Owned));
                    }
                }
            }

            /// <summary>The zone's cover; none for 'any', a segment or a narrowed endpoint (its own addresses are written).</summary>
            public Cover? For(Endpoint endpoint, AddressFamily family) =>
                endpoint.IsAny || endpoint.Segment != null || endpoint.IsNarrowed ? null : _covers.TryGetValue((endpoint.Zone!, family), out var c) ? c : null;
        }
    }
}
