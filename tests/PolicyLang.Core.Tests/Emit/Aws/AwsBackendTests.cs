using System.Collections.Generic;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Emit.Aws;
using PolicyLang.Semantics;
using Xunit;

namespace PolicyLang.Tests.Emit.Aws
{
    /// <summary>
    /// The aws backend's plan, proven against the policy through the header space (what the groups and ACLs admit equals
    /// the policy's allowed traffic into and out of the target's zones), its diagnostics, and its output.
    /// </summary>
    public sealed class AwsBackendTests
    {
        internal const string Base =
            "policy p {\n  default deny\n}\n" +
            "service web = tcp/443, tcp/80\n" +
            "zone app {\n  description \"App tier\"\n  subnet 10.1.0.0/16, fd00:1::/48\n}\n" +
            "zone db {\n  segment main {\n    subnet 10.2.0.0/24\n  }\n  segment replica {\n    subnet 10.2.1.0/24, fd00:2::/64\n  }\n}\n" +
            "zone onprem {\n  segment a {\n    subnet 10.9.0.0/24\n  }\n  segment b {\n    subnet 10.9.1.0/24, fd00:9::/64\n  }\n}\n" +
            "external partners {\n  subnet 198.51.100.0/24, 2001:db8:feed::/48\n}\n" +
            "external internet {\n  subnet 0.0.0.0/0, ::/0\n}\n";

        internal const string Target = "target vpc1 aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones app, db\n}\n";

        internal static (PolicyCompilation Compilation, TargetContext Context, List<Diagnostic> Diagnostics) Context(string text, string target = "vpc1")
        {
            var compilation = EmitTestHelper.Compile(text);
            Assert.DoesNotContain(compilation.PolicyDiagnostics, d => d.IsError);
            var diagnostics = new List<Diagnostic>();
            var t = compilation.Model.FindTarget(target)!;
            return (compilation, new TargetContext(compilation, t, diagnostics), diagnostics);
        }

        /// <summary>Builds and checks the plan: no errors, and the header-space proof holds.</summary>
        internal static AwsPlan Proven(string text, string target = "vpc1")
        {
            var (compilation, context, diagnostics) = Context(text, target);
            TargetValidator.Validate(new AwsBackend(), context);
            Assert.True(!diagnostics.Any(d => d.IsError), string.Join("\n", diagnostics));
            var plan = AwsPlanner.Build(context, report: false);
            var intent = AwsSemantics.Intent(compilation, context.Target);
            var implemented = AwsSemantics.Implemented(compilation, AwsObserved.FromPlan(plan));
            if (!intent.SetEquals(implemented))
            {
                var extra = implemented.Except(intent);
                var missing = intent.Except(implemented);
                Assert.Fail("implemented != intent; extra: " + (extra.TryGetWitness(out var e) ? e.ToString() : "-")
                    + "; missing: " + (missing.TryGetWitness(out var m) ? m.ToString() : "-"));
            }
            return plan;
        }

        private static List<Diagnostic> Diagnose(string text, string target = "vpc1")
        {
            var (_, context, diagnostics) = Context(text, target);
            TargetValidator.Validate(new AwsBackend(), context);
            return diagnostics;
        }

        [Fact]
        public void Zone_to_zone_rules_reference_groups_and_everything_else_names_cidrs()
        {
            var plan = Proven(Base +
                "allow any -> app : web\n" +
                "allow app -> db : tcp/5432\n" +
                "allow onprem.b -> db : tcp/5432\n" +
                "allow db -> partners : tcp/22\n" +
                "allow app -> any : tcp/443\n" +
                "allow db -> db : any\n" +
                "allow onprem -> app : icmp echo-request, icmpv6 echo-request, icmp 3 code 4, udp, proto 47\n" + Target);
            var app = plan.Groups.Single(g => g.Zone.Name == "app");
            var db = plan.Groups.Single(g => g.Zone.Name == "db");
            Assert.Contains(db.Ingress, r => r.Peer.IsGroup && r.Peer.Zone!.Name == "app" && r.Protocol.Name == "tcp" && r.Protocol.From == 5432);
            Assert.Contains(app.Egress, r => r.Peer.IsGroup && r.Peer.Zone!.Name == "db" && r.Protocol.From == 5432);
            Assert.Contains(db.Ingress, r => r.Peer.IsIPv6 && r.Peer.Prefix!.Value.ToString() == "fd00:9::/64");
            Assert.Contains(db.Egress, r => r.Peer.IsIPv4 && r.Peer.Prefix!.Value.ToString() == "198.51.100.0/24" && r.Protocol.From == 22);
            Assert.Contains(db.Ingress, r => r.Peer.IsGroup && r.Peer.Zone!.Name == "db" && r.Protocol.IsAll);
            Assert.Contains(app.Ingress, r => r.Protocol.Name == "icmp" && r.Protocol.From == 3 && r.Protocol.To == 4);
            Assert.Contains(app.Ingress, r => r.Protocol.Name == "icmpv6" && r.Protocol.From == 128 && r.Protocol.To == -1 && r.Peer.IsIPv6);
            Assert.Contains(app.Ingress, r => r.Protocol.Name == "47");
            Assert.DoesNotContain(app.Ingress, r => r.Protocol.Name == "icmpv6" && r.Peer.IsIPv4);
            // The public flow reaches app from every IPv4 and IPv6 address.
            Assert.Contains(app.Ingress, r => r.Peer.Prefix?.ToString() == "0.0.0.0/0" && r.Protocol.From == 443);
            Assert.Contains(app.Ingress, r => r.Peer.Prefix?.ToString() == "::/0" && r.Protocol.From == 443);
            Assert.Empty(plan.NetworkAcls);
        }

        [Fact]
        public void Adjacent_port_ranges_of_one_peer_merge_and_all_traffic_absorbs_the_rest()
        {
            var plan = Proven(Base +
                "allow onprem -> app : tcp/80-89\n" +
                "allow onprem -> app : tcp/90, tcp/95\n" +
                "allow app -> db : tcp/5432\n" +
                "allow app -> db : any\n" + Target);
            var app = plan.Groups.Single(g => g.Zone.Name == "app");
            Assert.Contains(app.Ingress, r => r.Protocol.From == 80 && r.Protocol.To == 90);
            Assert.Contains(app.Ingress, r => r.Protocol.From == 95 && r.Protocol.To == 95);
            var db = plan.Groups.Single(g => g.Zone.Name == "db");
            var fromApp = db.Ingress.Where(r => r.Peer.IsGroup).ToList();
            Assert.Single(fromApp);
            Assert.True(fromApp[0].Protocol.IsAll);
            Assert.Equal(2, fromApp[0].Flows.Count);
        }

        [Fact]
        public void Overlapping_contained_and_unordered_port_ranges_merge_and_each_rule_names_the_flows_it_carries()
        {
            // Written out of order: 8000-8010 inside 7990-8100, 8090-8200 overlapping it, 8201 adjacent to that, 22 apart.
            var plan = Proven(Base +
                "allow onprem -> app : tcp/8000-8010\n" +
                "allow onprem -> app : tcp/22\n" +
                "allow onprem -> app : tcp/8201, tcp/7990-8100\n" +
                "allow onprem -> app : tcp/8090-8200\n" + Target);
            var app = plan.Groups.Single(g => g.Zone.Name == "app");
            var v4 = app.Ingress.Where(r => r.Peer.Prefix?.ToString() == "10.9.0.0/23").ToList();
            Assert.Equal(new[] { "22-22", "7990-8201" }, v4.Select(r => r.Protocol.From + "-" + r.Protocol.To).ToArray());
            Assert.Equal(new[] { 1 }, v4[0].Flows.Select(f => f.Index).ToArray());
            Assert.Equal(new[] { 0, 2, 3 }, v4[1].Flows.Select(f => f.Index).ToArray());
        }

        [Fact]
        public void Plans_built_one_after_another_on_a_thread_are_those_built_alone()
        {
            // The planner keeps its rule tables for the thread's next target: nothing of one target's rules may reach the next.
            var text = Base + "allow onprem -> app : tcp/80-89, tcp/95\nallow app -> db : tcp/5432\nallow onprem.b -> db : udp/53\n"
                + "allow db -> partners : tcp/22\nallow partners -> app : any\n" + Target
                + "target vpc2 aws {\n  devices \"vpc-0a1b2c3d4e5f60719\"\n  zones db\n}\n";
            static string Render(AwsPlan plan) => string.Join("\n", plan.Groups.SelectMany(g => g.Ingress.Concat(g.Egress)
                .Select(r => g.Zone.Name + " " + (r.Egress ? "out " : "in ") + r.Protocol + " " + r.Peer + " " + string.Join(",", r.Flows.Select(f => f.Index)))));
            string Plan(string target) => Render(AwsPlanner.Build(Context(text, target).Context, report: false));
            // A new thread has no kept tables.
            static T OnNewThread<T>(System.Func<T> run)
            {
                T result = default!;
                var thread = new System.Threading.Thread(() => result = run());
                thread.Start();
                thread.Join();
                return result;
            }
            var alone1 = OnNewThread(() => Plan("vpc1"));
            var alone2 = OnNewThread(() => Plan("vpc2"));
            Assert.Contains("in tcp", alone1);
            Assert.Contains("db in", alone2);
            var (inTurn1, inTurn2, again1) = OnNewThread(() => (Plan("vpc1"), Plan("vpc2"), Plan("vpc1")));
            Assert.Equal(alone1, inTurn1);
            Assert.Equal(alone2, inTurn2);
            Assert.Equal(alone1, again1);
        }

        [Fact]
        public void External_catch_all_zones_become_their_exact_cidr_cover()
        {
            // ICMP is IPv4 only: the IPv6 cover of the internet would exceed one group's quota (see the split tests).
            var plan = Proven(Base + "allow internet -> app : icmp\n" + Target);
            var app = plan.Groups.Single(g => g.Zone.Name == "app");
            // The internet is everything but the internal subnets and the partners: many prefixes, none of them internal.
            Assert.True(app.Ingress.Count > 10);
            Assert.DoesNotContain(app.Ingress, r => r.Peer.Prefix?.ToString() == "0.0.0.0/0");
            Assert.Contains(app.Ingress, r => r.Peer.Prefix?.ToString() == "11.0.0.0/8");
        }

        [Fact]
        public void Default_allow_policies_open_every_group_and_need_acls_for_denies()
        {
            var text = Base.Replace("default deny", "default allow") + "deny onprem -> db : tcp/22\n"
                + "target vpc1 aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones app, db\n  option network-acls on\n}\n";
            var plan = Proven(text);
            Assert.All(plan.Groups, g => Assert.Contains(g.Ingress, r => r.Protocol.IsAll && r.Peer.Prefix?.ToString() == "0.0.0.0/0"));
            var acl = Assert.Single(plan.NetworkAcls);
            Assert.Equal("db", acl.Zone.Name);
            Assert.Contains(acl.Entries, e => !e.Allow && !e.Egress && e.Protocol.From == 22 && e.Cidr.ToString() == "10.9.0.0/23");
        }

        [Fact]
        public void Deny_that_cuts_into_an_allow_becomes_numbered_acl_entries_in_both_directions()
        {
            var text = Base +
                "allow any -> app : tcp/443, tcp/22\n" +
                "allow app -> any : tcp/443\n" +
                "deny onprem -> app : tcp/22\n" +
                "deny app -> partners : tcp/443\n" +
                "deny partners -> db : tcp/22\n" +
                "target vpc1 aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones app, db\n  option network-acls on\n}\n";
            var plan = Proven(text);
            var acl = Assert.Single(plan.NetworkAcls);
            Assert.Equal("app", acl.Zone.Name);
            var inbound = acl.Entries.Where(e => !e.Egress).OrderBy(e => e.RuleNumber).ToList();
            // onprem is 10.9.0.0/23 and fd00:9::/64: one deny entry per family, then allow-all per family.
            Assert.Equal(new[] { 100, 110, 32000, 32001 }, inbound.Select(e => e.RuleNumber));
            Assert.All(inbound.Take(2), e => Assert.False(e.Allow));
            var outbound = acl.Entries.Where(e => e.Egress && !e.Allow).ToList();
            Assert.Equal(2, outbound.Count);
            Assert.All(outbound, e => Assert.Equal(443, e.Protocol.From));
        }

        [Fact]
        public void Deny_without_network_acls_is_an_error_at_the_deny_only_when_it_cuts_into_an_allow()
        {
            var text = Base + "allow any -> app : tcp/22\ndeny onprem -> app : tcp/22\ndeny partners -> db : any\n" + Target;
            var d = Assert.Single(Diagnose(text));
            Assert.Equal("NP4203", d.Id);
            Assert.Equal("deny onprem -> app : tcp/22", text.Substring(d.Span.Start, d.Span.Length));
            Assert.Contains("flow at p.netpolicy(", d.Message);
        }

        [Fact]
        public void Deny_under_default_allow_without_network_acls_names_the_allow_it_takes_from_or_the_default()
        {
            // Under 'default allow' a deny matters wherever it reaches the zones; the message names the first allow flow it
            // takes packets from, and the default only when it takes from no flow. A deny that reaches no zone of the target is no error.
            var text = Base.Replace("default deny", "default allow") + "allow onprem -> db : tcp/80\nallow any -> app : tcp/22\n"
                + "deny onprem -> app : tcp/22\ndeny onprem -> db : tcp/5432\ndeny onprem -> partners : tcp/9\n" + Target;
            var errors = Diagnose(text).Where(x => x.Id == "NP4203").OrderBy(x => x.Span.Start).ToList();
            Assert.Equal(2, errors.Count);
            Assert.Equal("deny onprem -> app : tcp/22", text.Substring(errors[0].Span.Start, errors[0].Span.Length));
            Assert.Contains("the flow at p.netpolicy(", errors[0].Message);
            Assert.Contains("(allow any -> app : tcp/22)", errors[0].Message);
            Assert.Equal("deny onprem -> db : tcp/5432", text.Substring(errors[1].Span.Start, errors[1].Span.Length));
            Assert.Contains("the policy's 'default allow'", errors[1].Message);
        }

        [Fact]
        public void Acl_deny_that_would_drop_replies_of_an_allowed_flow_is_an_error()
        {
            var text = Base + "allow app -> onprem : tcp/443\nallow onprem -> app : any\ndeny onprem -> app : tcp\n"
                + "target vpc1 aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones app, db\n  option network-acls on\n}\n";
            var d = Assert.Single(Diagnose(text), x => x.IsError);
            Assert.Equal("NP4208", d.Id);
            Assert.Equal("deny onprem -> app : tcp", text.Substring(d.Span.Start, d.Span.Length));
            // A deny on well-known ports leaves the replies (to ports 1024-65535) alone.
            Assert.DoesNotContain(Diagnose(text.Replace("deny onprem -> app : tcp\n", "deny onprem -> app : tcp/22\n")), x => x.IsError);
        }

        [Fact]
        public void Segment_of_a_zone_the_target_enforces_is_an_error_at_the_endpoint()
        {
            var text = Base + "allow onprem -> db.replica : tcp/5432\n" + Target;
            var d = Assert.Single(Diagnose(text));
            Assert.Equal("NP4202", d.Id);
            Assert.Equal("db.replica", text.Substring(d.Span.Start, d.Span.Length));
        }

        [Theory]
        [InlineData("", "NP4253", "target 'vpc1' (aws): expected at least one device naming the VPC, found none")]
        [InlineData("  devices \"vpc-xyz\"\n", "NP4252", "target 'vpc1' (aws): expected a VPC id such as vpc-0a1b2c3d4e5f60718 ('vpc-' and 8 or 17 lowercase hex digits), found 'vpc-xyz'")]
        [InlineData("  devices \"vpc-0a1b2c3d\", \"vpc-0a1b2c3e\"\n", "NP4252", "target 'vpc1' (aws): expected at most 1 device naming the VPC (one target, one VPC), found 'vpc-0a1b2c3e'")]
        public void Target_needs_one_vpc_device(string devices, string code, string message)
        {
            var text = Base + "allow onprem -> app : tcp/22\ntarget vpc1 aws {\n" + devices + "  zones app\n}\n";
            var all = Diagnose(text);
            var d = Assert.Single(all);
            Assert.Equal(code, d.Id);
            Assert.Equal(message, d.Message);
        }

        [Fact]
        public void External_zone_in_the_target_is_an_error()
        {
            var text = Base + "allow onprem -> app : tcp/22\ntarget vpc1 aws {\n  devices \"vpc-0a1b2c3d\"\n  zones app, partners\n}\n";
            var d = Assert.Single(Diagnose(text));
            Assert.Equal("NP4201", d.Id);
            Assert.Contains("'partners'", d.Message);
        }

        [Fact]
        public void Classes_logging_rates_and_sctp_ports_are_reported_at_their_spans()
        {
            var text = Base + "class c {\n  dscp 10\n}\n"
                + "allow onprem -> app : tcp/22 class c\n"
                + "allow onprem -> app : tcp/23 rate 10/s\n"
                + "allow onprem -> app : tcp/24 log\n"
                + "allow onprem -> app : sctp/38412\n"
                + "allow onprem -> app : sctp\n" + Target;
            var all = Diagnose(text);
            Assert.Equal(4, all.Count(d => d.IsError));
            Assert.Equal(3, all.Count(d => d.Id == "NP4001"));
            Assert.Contains(all, d => d.Id == "NP4211" && text.Substring(d.Span.Start, d.Span.Length) == "allow onprem -> app : tcp/24 log");
            Assert.Contains(all, d => text.Substring(d.Span.Start, d.Span.Length) == "sctp/38412");
            Assert.Contains(all, d => d.Message.Contains("class 'c'"));
            Assert.Contains(all, d => d.Message.Contains("rate"));
        }

        [Fact]
        public void Rules_over_the_quota_are_an_error_at_the_flow_of_the_first_rule_past_it()
        {
            var flows = string.Concat(Enumerable.Range(0, 70).Select(i => "allow onprem -> app : tcp/" + (1000 + 2 * i) + "\n"));
            var text = Base + flows + Target;
            var errors = Diagnose(text).Where(d => d.IsError).ToList();
            Assert.Equal(2, errors.Count);
            Assert.All(errors, d => Assert.Equal("NP4204", d.Id));
            Assert.Contains("70 inbound IPv4", errors[0].Message);
            Assert.Contains("70 inbound IPv6", errors[1].Message);
            // Rules sort by peer, then port: the 61st rule from onprem's IPv4 (and IPv6) CIDR is tcp/1120, written by the 61st flow.
            Assert.All(errors, d => Assert.Equal("allow onprem -> app : tcp/1120", text.Substring(d.Span.Start, d.Span.Length)));
        }

        [Fact]
        public void Split_groups_spread_the_rules_explain_the_split_and_stay_exact()
        {
            var flows = string.Concat(Enumerable.Range(0, 70).Select(i => "allow onprem -> app : tcp/" + (1000 + 2 * i) + "\n"));
            var text = Base + flows + "allow app -> db : tcp/5432\n"
                + "target vpc1 aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones app, db\n  option split-groups on\n}\n";
            var plan = Proven(text);
            var app = plan.Groups.Where(g => g.Zone.Name == "app").ToList();
            Assert.Equal(2, app.Count); // 70 IPv4 + 70 IPv6 inbound rules (onprem is 10.9.0.0/23 and fd00:9::/64), 60 per family per group.
            Assert.All(app, g => Assert.True(g.Ingress.Count(r => r.CountsIPv4) <= 60 && g.Ingress.Count(r => r.CountsIPv6) <= 60));
            Assert.All(app, g => Assert.Contains("split across 2 groups", g.SplitNote));
            var warning = Assert.Single(Diagnose(text));
            Assert.Equal("NP4205", warning.Id);
            Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
            // db's ingress from app references app's primary group.
            Assert.Contains(plan.Groups.Single(g => g.Zone.Name == "db").Ingress, r => r.Peer.IsGroup && r.Peer.Zone!.Name == "app");
        }

        [Fact]
        public void Groups_per_interface_and_option_ranges_are_enforced()
        {
            var flows = string.Concat(Enumerable.Range(0, 200).Select(i => "allow onprem -> app : tcp/" + (1000 + 2 * i) + "\n"));
            var text = Base + flows + "target vpc1 aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones app\n  option split-groups on\n  option rules-per-group 30\n}\n";
            var all = Diagnose(text);
            Assert.Contains(all, d => d.Id == "NP4206" && d.Message.Contains("needs 7 security groups") && d.Message.Contains("quota of 5"));
            Assert.DoesNotContain(Diagnose(text.Replace("  option rules-per-group 30\n", "  option rules-per-group 30\n  option groups-per-interface 16\n")), d => d.IsError);

            // The binder checks the declared ranges (AWS allows at most 16 groups per interface).
            var bad = Base + "allow onprem -> app : tcp/22\ntarget vpc1 aws {\n  devices \"vpc-0a1b2c3d\"\n  zones app\n  option groups-per-interface 17\n}\n";
            Assert.Contains(EmitTestHelper.Compile(bad).Diagnostics, x => x.IsError && bad.Substring(x.Span.Start, x.Span.Length).Contains("17"));

            var product = Base + "allow onprem -> app : tcp/22\ntarget vpc1 aws {\n  devices \"vpc-0a1b2c3d\"\n  zones app\n  option groups-per-interface 16\n  option rules-per-group 100\n}\n";
            Assert.Equal("NP4210", Assert.Single(Diagnose(product)).Id);
        }

        [Theory]
        [InlineData("arn:aws:s3:::flow-logs", true)]
        [InlineData("arn:aws:s3:::flow-logs/vpc-a", true)]
        [InlineData("arn:aws-us-gov:s3:::flow.logs-1", true)]
        [InlineData("arn:aws:logs:us-east-1:123456789012:log-group:x", false)]
        [InlineData("arn:aws:s3:::Flow_Logs", false)]
        [InlineData("arn:aws:s3:::x\\n}", false)]
        public void Log_flows_need_a_flow_log_to_an_s3_bucket(string arn, bool valid)
        {
            var text = Base + "allow onprem -> app : tcp/22 log\ntarget vpc1 aws {\n  devices \"vpc-0a1b2c3d\"\n  zones app\n  option flow-logs \"" + arn + "\"\n}\n";
            var all = Diagnose(text);
            if (valid)
            {
                Assert.Empty(all);
                var tf = EmitTestHelper.Artifact(EmitTestHelper.Build(text), "vpc1/main.tf");
                Assert.Contains("resource \"aws_flow_log\" \"vpc\"", tf);
                Assert.Contains("log_destination      = \"" + arn + "\"", tf);
                Assert.Contains("AWS::EC2::FlowLog", EmitTestHelper.Artifact(EmitTestHelper.Build(text), "vpc1/template.yaml"));
            }
            else
            {
                var d = Assert.Single(all);
                Assert.Equal("NP4209", d.Id);
                Assert.StartsWith("\"arn:", text.Substring(d.Span.Start, d.Span.Length));
            }
        }

        [Fact]
        public void Acl_entries_over_the_quota_are_an_error()
        {
            var flows = string.Concat(Enumerable.Range(0, 20).Select(i => "deny onprem.a -> app : tcp/" + (100 + i) + "\n"));
            var text = Base + "allow any -> app : tcp/1-1000\n" + flows
                + "target vpc1 aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones app\n  option network-acls on\n}\n";
            var d = Assert.Single(Diagnose(text));
            Assert.Equal("NP4207", d.Id);
            Assert.Contains("21 inbound IPv4", d.Message);
            Assert.Empty(Diagnose(text.Replace("network-acls on", "network-acls on\n  option nacl-rules 40")));
            Proven(text.Replace("network-acls on", "network-acls on\n  option nacl-rules 40"));
        }

        [Fact]
        public void Rules_of_one_service_from_adjacent_cidrs_aggregate_before_the_quota_counts_them()
        {
            // 61 partners in adjacent /24s, each allowed https into app: 61 rules would pass the quota of 60 (NP4204);
            // they are 10.20.0.0/24 .. 10.20.60.0/24, which 5 prefixes cover exactly.
            var partners = string.Concat(Enumerable.Range(0, 61).Select(i => "external p" + i + " {\n  subnet 10.20." + i + ".0/24\n}\n"));
            var flows = string.Concat(Enumerable.Range(0, 61).Select(i => "allow p" + i + " -> app : tcp/443\n"));
            var text = Base + partners + flows + Target;
            Assert.DoesNotContain(Diagnose(text), d => d.Id == "NP4204");
            var plan = Proven(text);
            var group = plan.Groups.Single(g => g.Zone.Name == "app");
            Assert.Equal(new[] { "10.20.0.0/19", "10.20.32.0/20", "10.20.48.0/21", "10.20.56.0/22", "10.20.60.0/24" },
                group.Ingress.Select(r => r.Peer.ToString()));
            Assert.All(group.Ingress, r => Assert.Equal("tcp 443", r.Protocol.ToString()));
            // Each rule names the flows it carries, in flow order.
            Assert.Equal(Enumerable.Range(0, 32).Select(i => "p" + i), group.Ingress[0].Flows.Select(f => f.Source.Zone!.Name));
            Assert.Equal(new[] { "p60" }, group.Ingress[4].Flows.Select(f => f.Source.Zone!.Name));
        }

        [Fact]
        public void With_network_ACLs_a_catch_all_peer_is_written_wide_and_the_ACL_denies_its_holes_exactly()
        {
            const string acls = "target vpc1 aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones app, db\n  option network-acls on\n}\n";
            var text = Base + "allow internet -> app : tcp/443\nallow onprem -> app : tcp/443\n" + acls;
            var plan = Proven(text);
            var app = plan.Groups.Single(g => g.Zone.Name == "app");
            // Every address but app's own: 0.0.0.0/0 less a /16 is 16 prefixes, ::/0 less a /48 is 48 (a subnet's own
            // traffic never passes its network ACL, so app's addresses cannot be a hole the ACL closes).
            Assert.Equal(16, app.Ingress.Count(r => r.Peer.IsIPv4));
            Assert.Equal(48, app.Ingress.Count(r => r.Peer.IsIPv6));
            Assert.DoesNotContain(app.Ingress, r => r.Peer.IsIPv4 && r.Peer.Prefix!.Value.Contains(IpAddress128.Parse("10.1.0.1")));
            Assert.DoesNotContain(app.Ingress, r => r.Peer.IsIPv6 && r.Peer.Prefix!.Value.Contains(IpAddress128.Parse("fd00:1::1")));
            var acl = Assert.Single(plan.NetworkAcls);
            var holes = acl.Entries.Where(e => e.Wide).Select(e => e.Cidr.ToString()).ToList();
            // db and partners are denied https into app; onprem is allowed it, so it is no hole.
            Assert.Contains("10.2.0.0/23", holes);
            Assert.Contains("198.51.100.0/24", holes);
            Assert.DoesNotContain(holes, h => h.StartsWith("10.9.", System.StringComparison.Ordinal));
            Assert.All(acl.Entries.Where(e => e.Wide), e => Assert.Equal("tcp 443", e.Protocol.ToString()));

            // A flow that allows everything from onprem carries 443 too: onprem is no hole.
            var all = Proven(Base + "allow internet -> app : tcp/443\nallow onprem -> app : any\n" + acls);
            Assert.DoesNotContain(all.NetworkAcls.SelectMany(a => a.Entries).Where(e => e.Wide), e => e.Cidr.ToString().StartsWith("10.9.", System.StringComparison.Ordinal));
            Assert.Contains(all.NetworkAcls.SelectMany(a => a.Entries), e => e.Wide);

            // Ports that replies use (1024 and up) stay exact: a stateless deny there would cut replies of other flows.
            const string split = "target vpc1 aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones app, db\n  option network-acls on\n  option split-groups on\n  option groups-per-interface 16\n}\n";
            var high = Proven(Base + "allow internet -> app : tcp/8443\n" + split);
            Assert.Empty(high.NetworkAcls);
            Assert.True(high.Groups.Where(g => g.Zone.Name == "app").Sum(g => g.Ingress.Count) > 64);

            // Without network ACLs nothing is widened.
            var exact = Proven(Base + "allow internet -> app : tcp/443\n" + split.Replace("  option network-acls on\n", ""));
            Assert.Empty(exact.NetworkAcls);
            Assert.DoesNotContain(exact.Groups.SelectMany(g => g.Ingress), r => r.Peer.Prefix?.ToString() == "0.0.0.0/1");
        }

        [Fact]
        public void A_network_ACL_needs_its_subnets_as_a_required_input_in_both_outputs()
        {
            // A network ACL enforces its denies only on the subnets associated with it: an input left empty would apply
            // cleanly and enforce nothing, so Terraform and CloudFormation both demand it.
            var text = Base +
                "allow any -> app : tcp/443, tcp/22\n" +
                "deny onprem -> app : tcp/22\n" +
                "target vpc1 aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones app, db\n  option network-acls on\n}\n";
            var result = EmitTestHelper.Build(text);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var tf = EmitTestHelper.Artifact(result, "vpc1/main.tf");
            var variable = tf.Substring(tf.IndexOf("variable \"subnet_ids_app\" {", System.StringComparison.Ordinal));
            variable = variable.Substring(0, variable.IndexOf("\n}\n", System.StringComparison.Ordinal) + 3);
            Assert.DoesNotContain("default", variable);
            Assert.Contains("    condition     = length(var.subnet_ids_app) > 0\n", variable);
            Assert.Contains("    error_message = \"Zone app has deny flows that only its network ACL enforces: list the subnets of the zone in subnet_ids_app.\"\n", variable);
            Assert.Contains("  subnet_ids = var.subnet_ids_app\n", tf);

            var cfn = EmitTestHelper.Artifact(result, "vpc1/template.yaml");
            Assert.Contains("\nTransform: AWS::LanguageExtensions\n", cfn);
            var parameter = cfn.Substring(cfn.IndexOf("  SubnetIdsApp:\n", System.StringComparison.Ordinal));
            parameter = parameter.Substring(0, parameter.IndexOf("\nResources:", System.StringComparison.Ordinal));
            Assert.Contains("    Type: List<AWS::EC2::Subnet::Id>\n", parameter);
            Assert.DoesNotContain("Default", parameter);
            Assert.Contains("  Fn::ForEach::NaclAppSubnets:\n    - SubnetId\n    - !Ref SubnetIdsApp\n    - NaclAppSubnet&{SubnetId}:\n"
                + "        Type: AWS::EC2::SubnetNetworkAclAssociation\n        Properties:\n          NetworkAclId: !Ref NaclApp\n          SubnetId: !Ref SubnetId\n", cfn);

            // Without network ACLs nothing is required but the VPC (which has a default) and no transform is declared.
            var plain = EmitTestHelper.Build(Base + "allow any -> app : web\n" + Target);
            Assert.DoesNotContain("subnet_ids", EmitTestHelper.Artifact(plain, "vpc1/main.tf"));
            Assert.DoesNotContain("Transform", EmitTestHelper.Artifact(plain, "vpc1/template.yaml"));
        }

        [Fact]
        public void Output_is_deterministic_and_lists_both_artifacts()
        {
            var text = Base + "allow any -> app : web\nallow app -> db : tcp/5432\nallow onprem -> db : tcp/5432\n" + Target;
            var a = EmitTestHelper.Build(text);
            var b = EmitTestHelper.Build(text);
            Assert.True(a.Succeeded, string.Join("\n", a.Diagnostics));
            Assert.Equal(new[] { "vpc1/main.tf", "vpc1/template.yaml" }, a.Artifacts.Select(x => x.RelativePath));
            Assert.Equal(a.Artifacts.Select(x => x.Content), b.Artifacts.Select(x => x.Content));
            Assert.Equal(a.Manifest, b.Manifest);
        }
    }
}
