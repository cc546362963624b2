using System.Collections.Generic;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using PolicyLang.Semantics;
using Xunit;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>The shared fabric model: the compiled entries, read back through the ACL semantics, are the scope exactly.</summary>
    public sealed class FabricModelTests
    {
        internal static FabricDeviceFacts Facts(PolicyModel model, string device, params (string Interface, string[] Segments)[] interfaces)
        {
            var loc = model.Targets[0].Location;
            var list = interfaces.Select(i => new FabricInterfaceFacts(new Located<string>(i.Interface, loc),
                i.Segments.Select(s => model.Segments.Single(x => x.QualifiedName == s)).ToList(), i.Segments.Length == 0, loc)).ToList();
            return new FabricDeviceFacts(new Located<string>(device, loc), new Located<IpAddress128>(IpAddress128.Parse("10.255.0.1"), loc), null, list, loc);
        }

        public static IEnumerable<object[]> Samples() => new[] { new object[] { "ai-platform" }, new object[] { "campus-lab" }, new object[] { "inference-edge" } };

        [Theory]
        [MemberData(nameof(Samples))]
        public void Compiled_entries_allow_exactly_the_scope_for_every_segment_of_every_sample(string sample)
        {
            foreach (var compilation in EmitTestHelper.Sample(sample))
            {
                var model = compilation.Model;
                var target = model.Targets[0];
                var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
                foreach (var segment in model.Segments.Where(s => !s.Zone.IsExternal))
                {
                    var facts = Facts(model, "leaf1", ("Ethernet1", new[] { segment.QualifiedName }), ("Ethernet49/1", new string[0]));
                    var device = FabricModelBuilder.Build(context, facts, 64);
                    var group = Assert.Single(device.AclGroups);
                    foreach (var (acl, scope) in new[] { (group.V4!, group.ScopeV4!), (group.V6!, group.ScopeV6!) })
                    {
                        Assert.Equal(scope.Forward, AclSemantics.Forward(acl.Entries, acl.Family));
                        Assert.Equal(scope.Replies, AclSemantics.Replies(acl.Entries, acl.Family));
                        Assert.Equal(scope.Forward, AclSemantics.Forward(acl.Expand(), acl.Family));
                        Assert.True(acl.Counts.Expanded <= acl.Counts.Naive || acl.Counts.Naive == 0, sample + " " + segment.QualifiedName + " " + acl.Counts.Expanded + " > " + acl.Counts.Naive + "\n" + string.Join("\n", acl.Entries));
                    }
                }
            }
        }

        public static IEnumerable<object[]> ScopePolicies() => new[]
        {
            new object[] { "ai-platform" }, new object[] { "campus-lab" }, new object[] { "inference-edge" },
            new object[] { "policy p {\n  default deny\n}\nzone a {\n  segment s {\n    subnet 10.1.0.0/24, fd00:1::/64\n  }\n}\nzone b {\n  subnet 10.2.0.0/24, fd00:2::/64\n}\n"
                + "zone c {\n  subnet 10.3.0.0/24, ::/0\n}\nexternal net {\n  subnet 0.0.0.0/0, ::/0\n}\n"
                + "allow any -> a : tcp/443\nallow a -> any except b : udp/53\nallow b -> a : any\ndeny any -> a : tcp/23\nallow a.s -> c : icmp echo-request, icmpv6 echo-request\n"
                + "deny net -> b : tcp\nallow c -> any : tcp/22\ntarget t arista-eos {\n  zones a, b, c\n}\n" },
            new object[] { "policy p {\n  default allow\n}\nzone a {\n  segment s {\n    subnet 10.1.0.0/24, fd00:1::/64\n  }\n}\nzone b {\n  segment t {\n    subnet 10.2.0.0/24\n  }\n}\n"
                + "deny any -> a : tcp/23\ndeny a -> b : udp\ndeny b -> any except a : any\ntarget t arista-eos {\n  zones a, b\n}\n" },
        };

        [Theory]
        [MemberData(nameof(ScopePolicies))]
        public void A_scope_cut_from_the_allowed_sets_of_both_families_is_the_scope_of_its_family_alone(string policy)
        {
            var compilations = policy.StartsWith("policy", System.StringComparison.Ordinal) ? new[] { EmitTestHelper.Compile(policy) } : EmitTestHelper.Sample(policy).ToArray();
            int compared = 0;
            foreach (var compilation in compilations)
            {
                var segments = compilation.Model.Segments.Where(s => !s.Zone.IsExternal).ToList();
                // Each segment alone, and all of them together.
                foreach (var group in segments.Select(s => new List<SegmentSymbol> { s }).Append(segments))
                {
                    var both = AclScope.AllowedInBothFamilies(compilation.Flows, group);
                    foreach (var family in new[] { AclFamily.IPv4, AclFamily.IPv6 })
                    {
                        var alone = AclScope.Compute(compilation.Flows, group, family);
                        var cut = AclScope.Compute(compilation.Flows, group, family, () => both);
                        Assert.Equal(alone.AllowedFrom, cut.AllowedFrom);
                        Assert.Equal(alone.AllowedTo, cut.AllowedTo);
                        Assert.Equal(alone.Replies, cut.Replies);
                        Assert.Equal(alone.StatelessReplies, cut.StatelessReplies);
                        if (!alone.AllowedFrom.IsEmpty && !alone.AllowedTo.IsEmpty) compared++;
                    }
                }
            }
            Assert.True(compared > 0);
        }
    }
}
