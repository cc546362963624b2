using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Azure;
using PolicyLang.Emit.Gcp;
using PolicyLang.Semantics;
using PolicyLang.TestSupport.Cloud;
using Xunit;
using PolicyLang.TestSupport;

namespace PolicyLang.Tests.Emit
{
    /// <summary>
    /// The rules the Azure and GCP backends build, evaluated with each platform's first-match semantics, admit exactly
    /// the policy's allowed traffic into and out of the target's zones (header-space set equality).
    /// </summary>
    [ProvesPlatform(PlatformProof.Exact, "azure-nsg", "gcp-firewall")]
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

        [Fact]
        public void Under_default_deny_a_deny_that_takes_nothing_from_an_allow_gets_no_rule_unless_it_logs()
        {
            // db -> ops is never allowed: the plain deny repeats the final rule, the logged one must keep its rule (and log).
            var extra = "deny db -> ops : tcp/23\ndeny db -> ops.tools : udp/69 log\n";
            var compilation = EmitTestHelper.Compile(CloudPolicies.Policy("deny", CloudPolicies.Targets, extra));
            Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);
            var model = GcpFirewallBackend.BuildModel(CloudIntent.Context(compilation, "gdb"), report: false);
            var denies = model.Rules.Where(r => r.Action == "deny").ToList();
            Assert.DoesNotContain(denies, r => r.Matches.Any(m => m.Ports.Contains("23")));
            // Out of db and into ops: the target holds both zones, so both directions carry it.
            var logged = denies.Where(r => r.Matches.Any(m => m.Ports.Contains("69"))).ToList();
            Assert.Equal(2, logged.Count);
            Assert.All(logged, r => Assert.True(r.Log));
            AssertExact(compilation, "gdb");
            // The deny that does take something away (ops.tools -> app.pods on 22, inside "allow ops -> app : any") keeps its rule.
            Assert.Contains(denies, r => r.Matches.Any(m => m.Ports.Contains("22")));
        }

        internal static void AssertExact(PolicyCompilation compilation, string target)
        {
            var context = CloudIntent.Context(compilation, target);
            if (context.Target.Platform.Value == "azure-nsg")
            {
                var model = AzureNsgBackend.BuildModel(context, report: false);
                Assert.NotEmpty(model.Groups);
                foreach (var g in model.Groups)
                {
                    var rules = g.Rules.Select(r => new NsgRuleText(r.Name, r.Priority, r.Direction, r.Access, r.Protocol, r.SourceAddresses, r.DestinationAddresses, r.DestinationPorts, r.SourcePorts)).ToList();
                    Assert.Null(CloudChecks.NsgMismatch(context, rules));
                }
            }
            else
            {
                var model = GcpFirewallBackend.BuildModel(context, report: false);
                var rules = model.Rules.Select(r => new GcpRuleText(r.Name, r.Network, r.Priority, r.Direction, r.Action == "allow", r.SourceRanges, r.DestinationRanges,
                    r.TargetTags, r.TargetServiceAccounts, r.Matches.Select(m => new GcpMatchText(m.Protocol, m.Ports)).ToList(), false)).ToList();
                Assert.Null(CloudChecks.GcpMismatch(context, rules));
            }
        }
    }
}
