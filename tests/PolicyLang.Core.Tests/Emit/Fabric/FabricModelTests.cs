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
    }
}
