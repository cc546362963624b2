using System.Collections.Generic;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Azure;
using PolicyLang.Emit.Gcp;
using PolicyLang.Semantics;
using PolicyLang.TestSupport.Cloud;
using Xunit;

namespace PolicyLang.Tests.Emit
{
    /// <summary>
    /// The rules the Azure and GCP backends build, evaluated with each platform's first-match semantics, admit exactly
    /// the policy's allowed traffic into and out of the target's zones (header-space set equality).
    /// </summary>
    public sealed class CloudFirewallExactnessTests
    {
        public static TheoryData<string, string> Cases()
        {
            var data = new TheoryData<string, string>();
            foreach (var d in new[] { "deny", "allow" })
                foreach (var t in new[] { "az", "azdb", "g", "gdb" })
                    data.Add(d, t);
            return data;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Rules_admit_exactly_the_intent(string defaultAction, string target)
        {
            var compilation = EmitTestHelper.Compile(CloudPolicies.Policy(defaultAction, CloudPolicies.Targets));
            Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { target });
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            AssertExact(compilation, target);
        }

        [Fact]
        public void Sample_cloud_targets_admit_exactly_the_intent()
        {
            int checkedTargets = 0;
            foreach (var sample in new[] { "ai-platform", "campus-lab", "inference-edge" })
                foreach (var c in EmitTestHelper.Sample(sample))
                    foreach (var t in c.Model.Targets.Where(t => t.Platform.Value == "azure-nsg" || t.Platform.Value == "gcp-firewall"))
                    {
                        AssertExact(c, t.Name);
                        checkedTargets++;
                    }
            Assert.True(checkedTargets >= 2, "expected the samples to have Azure and GCP targets");
        }

        [Theory]
        [InlineData("tags")]
        [InlineData("service-accounts")]
        public void Gcp_target_selectors_admit_exactly_the_intent(string selector)
        {
            var target = "target g gcp-firewall {\n  devices \"projects/my-project/global/networks/vpc-one\"\n  zones app, ops\n  option target-selector " + selector + "\n}\n";
            var compilation = EmitTestHelper.Compile(CloudPolicies.Policy("deny", target));
            Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);
            var model = GcpFirewallBackend.BuildModel(CloudIntent.Context(compilation, "g"), report: false);
            Assert.Contains(model.Rules, r => r.TargetTags.Count + r.TargetServiceAccounts.Count > 0);
            AssertExact(compilation, "g");
        }

        [Fact]
        public void An_internet_zone_of_one_family_keeps_the_other_family_out()
        {
            var text = CloudPolicies.Policy("deny", CloudPolicies.Targets).Replace("subnet 0.0.0.0/0, ::/0", "subnet 0.0.0.0/0");
            var compilation = EmitTestHelper.Compile(text);
            foreach (var t in new[] { "az", "g" }) AssertExact(compilation, t);
        }

        internal static void AssertExact(PolicyCompilation compilation, string target)
        {
            var context = CloudIntent.Context(compilation, target);
            foreach (var inbound in new[] { true, false })
            {
                var region = CloudIntent.Region(context, inbound);
                var intent = CloudIntent.Allowed(context, inbound).Intersect(region);
                var actual = context.Target.Platform.Value == "azure-nsg" ? AzureAllowed(context, inbound, region) : GcpAllowed(context, inbound, region);
                Assert.True(intent.SetEquals(actual), target + (inbound ? " inbound: " : " outbound: ") + CloudIntent.Difference(intent, actual));
            }
        }

        private static Analysis.HeaderSpace.PacketSet AzureAllowed(TargetContext context, bool inbound, Analysis.HeaderSpace.PacketSet region)
        {
            var model = AzureNsgBackend.BuildModel(context, report: false);
            var semantics = new NsgSemantics(CloudIntent.InternalSpace(context.Model, context.Addresses));
            Analysis.HeaderSpace.PacketSet? first = null;
            foreach (var g in model.Groups)
            {
                var rules = g.Rules.Select(r => new NsgRuleText(r.Name, r.Priority, r.Direction, r.Access, r.Protocol, r.SourceAddresses, r.DestinationAddresses, r.DestinationPorts, new[] { "*" }));
                var allowed = semantics.Allowed(rules, inbound ? "Inbound" : "Outbound", region);
                if (first != null) Assert.True(first.SetEquals(allowed), "every NSG of a target carries the same rules");
                first = allowed;
            }
            return first!;
        }

        private static Analysis.HeaderSpace.PacketSet GcpAllowed(TargetContext context, bool inbound, Analysis.HeaderSpace.PacketSet region)
        {
            var model = GcpFirewallBackend.BuildModel(context, report: false);
            var semantics = new GcpSemantics(GcpInstances(context));
            var rules = model.Rules.Select(r => new GcpRuleText(r.Name, r.Network, r.Priority, r.Direction, r.Action == "allow", r.SourceRanges, r.DestinationRanges,
                r.TargetTags, r.TargetServiceAccounts, r.Matches.Select(m => new GcpMatchText(m.Protocol, m.Ports)).ToList(), false));
            return semantics.Allowed(rules, inbound ? "INGRESS" : "EGRESS", region);
        }

        /// <summary>Tag and service-account names, as the backend documents them, to the addresses of their instances.</summary>
        internal static System.Func<string, Analysis.HeaderSpace.AddressRangeSet> GcpInstances(TargetContext context)
        {
            var map = new Dictionary<string, Analysis.HeaderSpace.AddressRangeSet>();
            foreach (var zone in context.Model.Zones)
            {
                void Add(string key, Analysis.HeaderSpace.AddressRangeSet set) => map[key] = map.TryGetValue(key, out var s) ? s.Union(set) : set;
                Add(GcpNames.Tag(zone, null), context.Addresses.Of(zone));
                foreach (var seg in zone.Segments)
                {
                    Add(GcpNames.Tag(zone, seg), context.Addresses.Of(seg));
                }
                foreach (var seg in zone.Segments.Cast<SegmentSymbol?>().Append(null))
                {
                    var id = GcpNames.ServiceAccountId(zone, seg);
                    foreach (var device in context.Target.Devices)
                    {
                        var m = System.Text.RegularExpressions.Regex.Match(device.Value, "^projects/([^/]+)/");
                        if (m.Success) Add(id + "@" + m.Groups[1].Value + ".iam.gserviceaccount.com", seg == null ? context.Addresses.Of(zone) : context.Addresses.Of(seg));
                    }
                }
            }
            return name => map.TryGetValue(name, out var s) ? s : throw new KeyNotFoundException("no instances carry '" + name + "'");
        }
    }
}
