using System.Collections.Generic;
using System.Linq;
using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Emit.Aws;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Emit.Aws
{
    /// <summary>
    /// The plan validation builds (report: true) names only each rule's first flow; everything else about it, and what is
    /// reported from it, must be the plan a build writes.
    /// </summary>
    public sealed class AwsReportPlanTests
    {
        [Fact]
        public void A_report_plan_has_the_build_plans_groups_and_rules_in_order_each_naming_the_first_of_its_flows()
        {
            // Generated policies (their aws targets break quotas, so a rule's first flow is where diagnostics point), and rules
            // that carry several flows: ports merged, CIDRs aggregated, and 'all traffic' taking in a port rule of an earlier
            // flow, which is added to the rule after the later flow's own.
            var policies = new List<string> { SyntheticPolicy.Generate(6_000, 42), SyntheticPolicy.Generate(6_000, 7), Merging };
            int rules = 0, merged = 0;
            foreach (var text in policies)
            {
                var compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, "p.netpolicy") });
                foreach (var target in compilation.Model.Targets.Where(t => t.Platform.Value == "aws"))
                {
                    var reported = AwsPlanner.Build(new TargetContext(compilation, target, new List<Diagnostic>()), report: true);
                    var built = AwsPlanner.Build(new TargetContext(compilation, target, new List<Diagnostic>()), report: false);
                    Assert.Equal(built.Groups.Count, reported.Groups.Count);
                    for (int g = 0; g < built.Groups.Count; g++)
                    {
                        foreach (var (full, first) in new[] { (built.Groups[g].Ingress, reported.Groups[g].Ingress), (built.Groups[g].Egress, reported.Groups[g].Egress) })
                        {
                            Assert.Equal(full.Count, first.Count);
                            for (int i = 0; i < full.Count; i++)
                            {
                                Assert.Equal(full[i].Egress, first[i].Egress);
                                Assert.Equal(full[i].Protocol, first[i].Protocol);
                                Assert.Equal(full[i].Peer.ToString(), first[i].Peer.ToString());
                                Assert.Equal(full[i].Flows.Take(1), first[i].Flows);
                                rules++;
                                if (full[i].Flows.Count > 1) merged++;
                            }
                        }
                    }
                    // What a report plan reports is what validation reports.
                    var diagnostics = new List<Diagnostic>();
                    AwsPlanner.Build(new TargetContext(compilation, target, diagnostics), report: true);
                    var validated = new List<Diagnostic>();
                    TargetValidator.Validate(new AwsBackend(), new TargetContext(compilation, target, validated));
                    var texts = validated.Select(x => x.ToString()).ToList();
                    Assert.All(diagnostics, x => Assert.Contains(x.ToString(), texts));
                }
            }
            Assert.True(rules > 1000, rules + " rules");
            Assert.True(merged >= 2, merged + " rules of several flows");
        }

        /// <summary>Rules of several flows each: p2's tcp/80 and tcp/81 merge into one range, which p1's adjacent /24 has too, so
        /// the two aggregate into a /23 of three flows; and the 'any' flow from the lab (the later flow) takes in the lab's
        /// tcp/8080 rule of the earlier one.</summary>
        private const string Merging =
            "policy p {\n  default deny\n}\n" +
            "zone app {\n  subnet 10.1.0.0/16\n}\n" +
            "external lab {\n  subnet 192.0.2.0/25\n}\n" +
            "external p1 {\n  subnet 198.51.100.0/24\n}\n" +
            "external p2 {\n  subnet 198.51.101.0/24\n}\n" +
            "allow lab -> app : tcp/8080\n" +
            "allow p2 -> app : tcp/80\n" +
            "allow p2 -> app : tcp/81\n" +
            "allow p1 -> app : tcp/80-81\n" +
            "allow lab -> app : any\n" +
            "target vpc1 aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones app\n}\n";

        [Fact]
        public void The_first_flow_of_a_rule_is_the_earliest_in_the_policy_whichever_was_added_first()
        {
            var compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(Merging, "p.netpolicy") });
            var target = compilation.Model.FindTarget("vpc1")!;
            var plan = AwsPlanner.Build(new TargetContext(compilation, target, new List<Diagnostic>()), report: true);
            var all = Assert.Single(plan.Groups.SelectMany(g => g.Ingress), r => r.Protocol.IsAll);
            Assert.Equal("allow lab -> app : tcp/8080", Assert.Single(all.Flows).Describe());
            var web = Assert.Single(plan.Groups.SelectMany(g => g.Ingress), r => r.Protocol.From == 80);
            Assert.Equal("198.51.100.0/23", web.Peer.ToString());
            Assert.Equal("allow p2 -> app : tcp/80", Assert.Single(web.Flows).Describe());
        }

        [Fact]
        public void A_deny_without_network_acls_names_the_first_allow_it_takes_from_within_the_targets_zones()
        {
            // 'allow any -> db' meets the deny only between onprem and db, outside the zones of a target that covers app alone:
            // the allow named is the next one, which the deny cuts into at app.
            var text = AwsBackendTests.Base + "allow any -> db : tcp/22\nallow onprem -> app : tcp/22\ndeny onprem -> any : tcp/22\n"
                + "target vpc1 aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones app\n}\n";
            var (_, context, diagnostics) = AwsBackendTests.Context(text);
            TargetValidator.Validate(new AwsBackend(), context);
            var d = Assert.Single(diagnostics, x => x.Id == "NP4203");
            Assert.Equal("deny onprem -> any : tcp/22", text.Substring(d.Span.Start, d.Span.Length));
            Assert.Contains("(allow onprem -> app : tcp/22)", d.Message);
        }
    }
}
