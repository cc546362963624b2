using System.Collections.Generic;
using System.Linq;
using System.Text;
using CsCheck;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using Xunit;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>
    /// The compiler decides some layouts without reading the list back (exception blocks whose denies meet no later block are
    /// exact; a meeting one in a partition is wrong). On random policies with wide external zones, both ways: the entries read
    /// back through the ACL semantics are the scope exactly, forward and replies, grouped and not.
    /// </summary>
    public sealed class AclExactnessPropertyTests
    {
        private static readonly string[] Services =
        {
            "tcp/443", "tcp/80-90", "tcp/8000-8010, tcp/9000", "udp/53", "udp/1000-2000", "icmp", "tcp/1-65535", "tcp/22, udp/123",
        };

        private static readonly string[] Endpoints = { "a", "b", "c", "d", "internet", "partners", "any" };

        private static readonly Gen<string> Flow =
            Gen.Select(Gen.Int[0, 9], Gen.Int[0, Endpoints.Length - 1], Gen.Int[0, Endpoints.Length - 1], Gen.Int[0, Services.Length - 1])
                .Where((action, s, d, _) => s != d && !(Endpoints[s] == "any" && Endpoints[d] == "any"))
                .Select((action, s, d, svc) => (action < 2 ? "deny " : "allow ") + Endpoints[s] + " -> " + Endpoints[d] + " : " + Services[svc]);

        // Each zone's subnets: a few prefixes of its own /16, some adjacent, some not.
        private static readonly Gen<string> Subnets =
            Gen.Int[0, 15].Array[1, 4].Select(parts => string.Join(", ", parts.Distinct().Select(p => "10.{Z}." + (p * 16) + ".0/" + (p % 3 == 0 ? 20 : 22))));

        private static readonly Gen<string> PolicyText =
            Gen.Select(Subnets.Array[4], Flow.Array[2, 10], Gen.Int[1, 15], Gen.Bool).Select((subnets, flows, carried, v6) =>
            {
                var sb = new StringBuilder("policy p {\n  default deny\n}\n");
                sb.Append("external internet {\n  subnet 0.0.0.0/0" + (v6 ? ", ::/0" : "") + "\n}\n");
                sb.Append("external partners {\n  subnet 10.0.0.0/8\n}\n");
                var names = new[] { "a", "b", "c", "d" };
                for (int z = 0; z < 4; z++)
                    sb.Append("zone " + names[z] + " {\n  segment s {\n    vlan " + (110 + z) + "\n    subnet " + subnets[z].Replace("{Z}", (z + 1).ToString())
                        + (v6 ? ", fd00:" + (z + 1) + "::/48" : "") + "\n  }\n}\n");
                foreach (var f in flows.Distinct()) sb.Append(f).Append('\n');
                var zones = names.Where((_, k) => (carried & (1 << k)) != 0).ToList();
                sb.Append("target t arista-eos {\n  zones a, b, c, d\n  option acl-budget 1000000\n  device \"leaf1\" {\n    interface \"Ethernet1\" carries "
                    + string.Join(", ", zones) + "\n    interface \"Ethernet49/1\" uplink\n  }\n}\n");
                return sb.ToString();
            });

        [Fact]
        public void Compiled_lists_are_exact_on_random_policies()
        {
            int compiled = 0;
            PolicyText.Sample(text =>
            {
                var compilation = EmitTestHelper.Compile(text);
                if (compilation.HasErrors) return true;
                System.Threading.Interlocked.Increment(ref compiled);
                var target = compilation.Model.FindTarget("t")!;
                foreach (var grouped in new[] { false, true })
                {
                    var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
                    var device = FabricModelBuilder.Build(context, FabricDeviceFacts.From(target.DeviceFacts[0]), 100, grouped ? "PG-" : "PC-", grouped);
                    foreach (var group in device.AclGroups)
                        foreach (var (acl, scope) in new[] { (group.V4!, group.ScopeV4!), (group.V6!, group.ScopeV6!) })
                        {
                            if (!AclSemantics.Forward(acl.Entries, acl.Family).Equals(scope.Forward)) return false;
                            if (!AclSemantics.Replies(acl.Entries, acl.Family).Equals(scope.Replies)) return false;
                            if (!scope.Replies.IsSubsetOf(AclSemantics.RepliesThroughAll(acl.Entries, acl.Family))) return false;
                        }
                }
                return true;
            }, iter: 300, print: t => t);
            // Most random policies compile: the property is not vacuous.
            Assert.True(compiled >= 150, "only " + compiled + " of 300 random policies compiled");
        }

        /// <summary>
        /// The compiler's reply check leaves out the entries that share no packet with the replies (first match commutes with
        /// cutting to a region): on the compiled lists of random policies, and on sets that some entries miss and others meet, it
        /// answers what the first match of the whole list answers, both ways.
        /// </summary>
        [Fact]
        public void The_reply_check_on_the_entries_that_meet_the_replies_answers_as_the_whole_list()
        {
            int passed = 0, failed = 0;
            PolicyText.Sample(text =>
            {
                var compilation = EmitTestHelper.Compile(text);
                if (compilation.HasErrors) return true;
                var target = compilation.Model.FindTarget("t")!;
                var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
                var device = FabricModelBuilder.Build(context, FabricDeviceFacts.From(target.DeviceFacts[0]), 100);
                foreach (var group in device.AclGroups)
                    foreach (var (acl, scope) in new[] { (group.V4!, group.ScopeV4!), (group.V6!, group.ScopeV6!) })
                    {
                        var space = AclSemantics.FamilySpace(acl.Family);
                        foreach (var region in new[] { scope.Replies, scope.AllowedTo.Intersect(space), scope.Forward, space, scope.AllowedFrom.Union(scope.Replies) })
                        {
                            bool whole = region.IsSubsetOf(AclSemantics.RepliesThroughAll(acl.Entries, acl.Family));
                            if (AclSemantics.RepliesPass(acl.Entries, acl.Family, region) != whole) return false;
                            if (whole) passed++; else failed++;
                        }
                    }
                return true;
            }, iter: 200, threads: 1, print: t => t);
            // Both answers occur: the check is not one that always says yes.
            Assert.True(passed > 0 && failed > 0, passed + " passed, " + failed + " failed");
        }
    }
}
