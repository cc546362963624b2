using System.Collections.Generic;
using System.Linq;
using System.Text;
using CsCheck;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.Tests.Emit;
using Xunit;

namespace PolicyLang.Tests.Semantics
{
    /// <summary>
    /// Two shortcuts the targets' validation takes on large policies, each against the plain computation on random policies
    /// with flows from and to 'any' (plain and narrowed), external zones and segments: the groups of a zone set looked up by
    /// zone give what asking every group gives, and the flows from 'any' united once for the policy and then cut to a region
    /// give what cutting each one and uniting them gives.
    /// </summary>
    public sealed class FlowSelectionTests
    {
        private static readonly string[] Services = { "tcp/443", "tcp/22", "udp/53", "icmp", "tcp/8000-8010, udp/123", "tcp/23" };

        private static readonly string[] Endpoints = { "a", "b", "c", "d.s", "internet", "any", "any except 10.2.0.0/17" };

        private static readonly Gen<string> Flow =
            Gen.Select(Gen.Int[0, 9], Gen.Int[0, Endpoints.Length - 1], Gen.Int[0, Endpoints.Length - 1], Gen.Int[0, Services.Length - 1], Gen.Int[0, 3])
                .Where((_, s, d, _, _) => s != d && !(Endpoints[s].StartsWith("any") && Endpoints[d].StartsWith("any")))
                .Select((action, s, d, svc, option) => (action < 3 ? "deny " : "allow ") + Endpoints[s] + " -> " + Endpoints[d] + " : " + Services[svc]
                    + (option == 1 ? " log" : option == 2 && action >= 3 ? " class fast" : option == 3 ? " count" : ""));

        private static readonly Gen<string> PolicyText =
            Gen.Select(Flow.Array[2, 14], Gen.Bool).Select((flows, defaultAllow) =>
            {
                var sb = new StringBuilder("policy p {\n  default " + (defaultAllow ? "allow" : "deny") + "\n}\n");
                sb.Append("class fast {\n  dscp 34\n  queue 4\n}\n");
                sb.Append("external internet {\n  subnet 0.0.0.0/0, ::/0\n}\n");
                var names = new[] { "a", "b", "c", "d" };
                for (int z = 0; z < 4; z++)
                    sb.Append("zone " + names[z] + " {\n  segment s {\n    vlan " + (110 + z) + "\n    subnet 10." + (z + 1) + ".0.0/16, fd00:" + (z + 1) + "::/48\n  }\n}\n");
                foreach (var f in flows.Distinct()) sb.Append(f).Append('\n');
                sb.Append("target t arista-eos {\n  zones a, b, c, d\n  device \"leaf1\" {\n    interface \"Ethernet1\" carries a, b\n  }\n}\n");
                return sb.ToString();
            });

        private static IEnumerable<List<ZoneSymbol>> Subsets(IReadOnlyList<ZoneSymbol> zones)
        {
            for (int mask = 1; mask < 1 << zones.Count; mask++)
                yield return zones.Where((_, k) => (mask & (1 << k)) != 0).ToList();
        }

        /// <summary>The property on 200 random policies; those with errors are skipped, and most must compile.</summary>
        private static void OnRandomPolicies(System.Func<PolicyCompilation, bool> property)
        {
            int compiled = 0;
            PolicyText.Sample(text =>
            {
                var compilation = EmitTestHelper.Compile(text);
                if (compilation.PolicyDiagnostics.Any(d => d.IsError)) return true;
                System.Threading.Interlocked.Increment(ref compiled);
                return property(compilation);
            }, iter: 200, print: t => t);
            Assert.True(compiled >= 100, "only " + compiled + " of 200 random policies compiled");
        }

        [Fact]
        public void Groups_looked_up_by_zone_allow_what_asking_every_group_allows() =>
            OnRandomPolicies(compilation =>
            {
                var flows = compilation.Flows;
                var addresses = compilation.Addresses;
                foreach (var zones in Subsets(compilation.Model.Zones.Where(z => !z.IsExternal).ToList()))
                {
                    var set = new HashSet<ZoneSymbol>(zones);
                    var mine = AddressRangeSet.UnionAll(zones.Select(addresses.Of));
                    var from = flows.AllowedFromTo(() => mine, () => AddressRangeSet.All, zones, bySource: true);
                    if (!from.Equals(flows.AllowedFromTo(() => mine, () => AddressRangeSet.All, (s, d) => s == null || set.Contains(s)))) return false;
                    var to = flows.AllowedFromTo(() => AddressRangeSet.All, () => mine, zones, bySource: false);
                    if (!to.Equals(flows.AllowedFromTo(() => AddressRangeSet.All, () => mine, (s, d) => d == null || set.Contains(d)))) return false;
                    // With a further condition (an isolated zone's assertion: from outside the set into its first zone, and back).
                    var z = zones[0];
                    var zone = addresses.Of(z);
                    var others = AddressRangeSet.All.Except(mine);
                    var into = flows.AllowedFromTo(() => others, () => zone, new[] { z }, bySource: false, where: (s, d) => s == null || !set.Contains(s));
                    if (!into.Equals(flows.AllowedFromTo(() => others, () => zone, (s, d) => (d == null || d == z) && (s == null || !set.Contains(s))))) return false;
                    var outOf = flows.AllowedFromTo(() => zone, () => others, new[] { z }, bySource: true, where: (s, d) => d == null || !set.Contains(d));
                    if (!outOf.Equals(flows.AllowedFromTo(() => zone, () => others, (s, d) => (s == null || s == z) && (d == null || !set.Contains(d))))) return false;
                }
                return true;
            });

        [Fact]
        public void Flows_from_any_united_once_and_cut_give_the_union_of_each_cut() =>
            OnRandomPolicies(compilation =>
            {
                var context = new TargetContext(compilation, compilation.Model.FindTarget("t")!, new List<PolicyLang.Diagnostics.Diagnostic>());
                var fromAny = compilation.Model.Flows.Where(f => f.Source.IsAny).ToList();
                var selections = new (string Name, System.Func<FlowRule, bool> Which)[]
                {
                    ("logged-denies", f => f.Log && f.Action == FlowAction.Deny),
                    ("logged-allows", f => f.Log && f.Action == FlowAction.Allow),
                    ("class:fast", f => f.Action == FlowAction.Allow && f.Class?.Name == "fast"),
                };
                foreach (var zones in Subsets(compilation.Model.Zones.Where(z => !z.IsExternal).ToList()))
                {
                    // Every list of flows touching a zone set holds every flow from 'any': the shortcut relies on it.
                    var touching = context.FlowsTouching(zones);
                    if (fromAny.Any(f => !touching.Contains(f))) return false;
                    var mine = AddressRangeSet.UnionAll(zones.Select(compilation.Addresses.Of));
                    foreach (var space in new[] { PacketSpace.IPv4, AddressRangeSet.All.Except(PacketSpace.IPv4) })
                    {
                        var region = PacketSpace.Between(mine.Intersect(space), space);
                        foreach (var (name, which) in selections)
                        {
                            var each = PacketSet.UnionAll(fromAny.Where(which).Select(f => compilation.Flows.Of(f).Intersect(region)));
                            if (!context.FromAnyUnion(name, which).Intersect(region).Equals(each)) return false;
                        }
                    }
                }
                return true;
            });
    }
}
