using System;
using System.Linq;
using PolicyLang.Analysis;
using PolicyLang.Diagnostics;
using PolicyLang.Operations;
using PolicyLang.Review;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport.Fuzzing;
using PolicyLang.Workspace;
using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Language
{
    /// <summary>
    /// Issue 20: the assertion kinds of compliance baselines (logged, only [on], explicit, classified, unclassified),
    /// label selectors, baselines shipped with the compiler, and quarantine.
    /// </summary>
    public sealed class ComplianceAssertionTests
    {
        private const string Zones =
            "policy p { default deny }\n" +
            "zone pii { labels { data-class = \"pii\" } subnet 10.1.0.0/16 }\n" +
            "zone dev { labels { stage = \"dev\" } segment web { subnet 10.2.0.0/24 } segment db { subnet 10.2.1.0/24 } }\n" +
            "zone ops { subnet 10.3.0.0/16 }\n" +
            "external internet { labels { trust = \"untrusted\" } subnet 0.0.0.0/0 }\n";

        private static string Message(PolicyLang.Tests.Checker.Compiled c, string code) => c.Single(code).Message;

        // ---- logged ----

        [Fact]
        public void Logged_holds_when_every_allowing_flow_logs()
        {
            var c = Compile(Zones + "allow dev -> pii : tcp/5432 log\nallow ops -> pii : tcp/22 log\nassert logged any -> pii\n");
            c.Clean();
        }

        [Fact]
        public void Logged_fails_on_an_allowed_packet_no_flow_logs_and_names_the_flow()
        {
            var c = Compile(Zones + "allow dev -> pii : tcp/5432 log\nallow ops -> pii : tcp/22\nassert logged any -> pii\n");
            var d = c.Single("NP3003");
            c.AssertSpan(d, "assert logged any -> pii");
            Assert.Contains("10.3.0.10 -> 10.1.0.10 tcp/22 is allowed by the flow at p.netpolicy(7,1) (allow ops -> pii : tcp/22), which does not log it", d.Message);
        }

        [Fact]
        public void Logged_needs_every_allowing_flow_to_log_since_a_target_may_apply_either()
        {
            // Two allows overlap on tcp/22 and only one logs: nftables and cloud firewalls apply the first that matches.
            var c = Compile(Zones + "allow ops -> pii : tcp/1-1000\nallow ops -> pii : tcp/22 log\nassert logged ops -> pii : tcp/22\n");
            Assert.EndsWith("is allowed by the flow at p.netpolicy(6,1) (allow ops -> pii : tcp/1-1000), which does not log it", Message(c, "NP3003"));
            var both = Compile(Zones + "allow ops -> pii : tcp/1-1000 log\nallow ops -> pii : tcp/22 log\nassert logged ops -> pii : tcp/22\n");
            both.None("NP3003");
        }

        [Fact]
        public void Logged_is_broken_by_a_default_allow()
        {
            var c = Compile(Zones.Replace("default deny", "default allow") + "assert logged ops -> pii : tcp/22\n");
            Assert.Contains("is allowed by the default action (allow), which logs nothing", Message(c, "NP3003"));
        }

        [Fact]
        public void Denied_traffic_needs_no_log()
        {
            var c = Compile(Zones + "allow ops -> pii : tcp/22\ndeny ops -> pii : tcp/22\nassert logged ops -> pii\n");
            c.None("NP3003");
        }

        // ---- only ----

        [Fact]
        public void Only_fails_on_a_service_not_listed()
        {
            var c = Compile(Zones + "allow internet -> dev.web : tcp/443\nallow internet -> dev.web : tcp/80\nassert only internet -> dev : tcp/443\n");
            var m = Message(c, "NP3003");
            Assert.Contains("only internet -> dev : tcp/443", m);
            Assert.Contains("tcp/80 is allowed by the flow at p.netpolicy(7,1) (allow internet -> dev.web : tcp/80), on a service not listed", m);
        }

        [Fact]
        public void Only_on_segments_fails_on_another_segment_and_holds_on_the_listed_ones()
        {
            var bad = Compile(Zones + "allow internet -> dev.web : tcp/443\nallow internet -> dev.db : tcp/443\nassert only internet -> dev on web : tcp/443\n");
            Assert.Contains("-> 10.2.1.10 tcp/443 is allowed by the flow at p.netpolicy(7,1) (allow internet -> dev.db : tcp/443), outside the listed segments and services", Message(bad, "NP3003"));
            var good = Compile(Zones + "allow internet -> dev.web : tcp/443\nassert only internet -> dev on web : tcp/443\nassert only internet -> dev on web\n");
            good.Clean();
        }

        [Fact]
        public void Only_without_services_or_segments_is_an_error()
        {
            var c = Compile(Zones + "allow internet -> dev.web : tcp/443\nassert only internet -> dev\n");
            c.Expect("NP2034", "assert only internet -> dev", "'assert only' needs ': SERVICES', 'on SEGMENTS' or both; for 'nothing is allowed' write 'assert never'");
        }

        [Fact]
        public void Only_on_an_unknown_segment_or_a_non_zone_destination_is_reported()
        {
            var c = Compile(Zones + "allow internet -> dev.web : tcp/443\nassert only internet -> dev on wbe : tcp/443\n");
            c.Expect("NP1001", "wbe", "unknown segment 'dev.wbe'; did you mean 'web'?");
            var d = Compile(Zones + "allow internet -> dev.web : tcp/443\nassert only internet -> dev.web on web : tcp/443\n");
            d.Single("NP2032");
        }

        // ---- explicit ----

        [Theory]
        [InlineData("allow any -> pii : tcp/5432", "names 'any' as its source")]
        [InlineData("allow ops -> any : tcp/5432", "names 'any' as its destination")]
        [InlineData("allow ops -> pii : any", "names 'any' as a service")]
        [InlineData("allow ops -> pii : tcp", "allows tcp on every port")]
        [InlineData("allow ops -> pii : tcp/0-65535", "allows tcp/0-65535, every port")]
        [InlineData("allow ops -> pii : udp/1-65535", "allows udp/1-65535, every port")]
        public void Explicit_fails_on_a_wide_allow_into_the_zone(string flow, string why)
        {
            var c = Compile(Zones + flow + "\nassert explicit any -> pii\n");
            var m = Message(c, "NP3003");
            Assert.Contains("explicit any -> pii: the flow at p.netpolicy(6,1) (" + flow + ")", m);
            Assert.EndsWith(why, m);
        }

        [Fact]
        public void Explicit_fails_under_a_default_allow()
        {
            var c = Compile(Zones.Replace("default deny", "default allow") + "allow ops -> pii : tcp/5432\nassert explicit any -> pii\n");
            Assert.EndsWith("is allowed by the default action (allow), which allows any traffic no flow names", Message(c, "NP3003"));
        }

        [Fact]
        public void Flow_names_starting_with_quarantine_are_reserved()
        {
            var c = Compile(Zones + "allow ops -> pii : tcp/22 name quarantine_10_1_0_5_IN\nquarantine 10.1.0.5\n");
            c.Expect("NP1005", "quarantine_10_1_0_5_IN", "'quarantine_10_1_0_5_IN' cannot be used as a flow name: names starting with quarantine- belong to the flows a quarantine binds to");
        }

        [Fact]
        public void Explicit_ignores_denies_and_wide_flows_elsewhere()
        {
            var c = Compile(Zones + "deny any -> pii : any log\nallow ops -> pii : tcp/5432\nallow dev -> any : tcp/443\nallow any -> ops : tcp/22\nassert explicit any -> pii\n");
            c.None("NP3003");
        }

        [Fact]
        public void Explicit_ignores_a_wide_allow_whose_traffic_into_the_zone_is_denied()
        {
            var c = Compile(Zones + "allow any -> pii : tcp/5432\ndeny any -> pii : tcp/5432\nassert explicit any -> pii\n");
            c.None("NP3003");
        }

        // ---- classified / unclassified ----

        [Fact]
        public void Classified_and_unclassified_report_the_flow_that_breaks_them()
        {
            var c = Compile(Zones + "allow ops -> pii : tcp/22 class gold\nallow ops -> pii : tcp/80\nassert classified ops -> pii\nassert unclassified ops -> pii : tcp/22\nclass gold { dscp 46 }\n");
            var fails = c.All("NP3003").Select(d => d.Message).ToList();
            Assert.Equal(2, fails.Count);
            Assert.Contains(fails, m => m.Contains("classified ops -> pii:") && m.Contains("tcp/80 is allowed by the flow at p.netpolicy(7,1) (allow ops -> pii : tcp/80), which carries no class"));
            Assert.Contains(fails, m => m.Contains("unclassified ops -> pii : tcp/22:") && m.EndsWith("which puts it in class 'gold'"));
        }

        // ---- selectors ----

        [Fact]
        public void A_selector_checks_each_zone_it_picks_and_says_which()
        {
            var text = Zones.Replace("zone ops { subnet", "zone ops { labels { stage = \"dev\" } subnet")
                + "allow dev -> pii : tcp/5432 log\nallow ops -> pii : tcp/22\nassert logged zones with stage = \"dev\" -> zones with data-class = \"pii\"\n";
            var c = Compile(text);
            var model = c.Compilation.Model;
            Assert.Equal(new[] { "dev", "ops" }, model.Assertions.Select(a => a.Source!.Zone!.Name).ToArray());
            Assert.All(model.Assertions, a => Assert.Equal("zones with stage = \"dev\" -> zones with data-class = \"pii\"", a.Selection));
            var m = Message(c, "NP3003");
            Assert.StartsWith("assertion fails: for zones with stage = \"dev\" -> zones with data-class = \"pii\": logged ops -> pii:", m);
        }

        [Fact]
        public void A_selector_needs_every_label_and_warns_when_it_picks_nothing()
        {
            var c = Compile(Zones + "allow dev -> pii : tcp/5432 log\nassert never zones with stage = \"dev\", team = \"x\" -> pii\n");
            c.Expect("NP3012", "assert never zones with stage = \"dev\", team = \"x\" -> pii",
                "no zone carries the labels of 'zones with stage = \"dev\", team = \"x\"': the assertion checks nothing");
            Assert.Empty(c.Compilation.Model.Assertions);
        }

        [Fact]
        public void Selectors_work_in_isolated_and_mtu()
        {
            var c = Compile(Zones + "allow ops -> pii : tcp/22\nassert isolated zones with data-class = \"pii\" except dev\nassert mtu zones with stage = \"dev\" >= 9000\n");
            var fails = c.All("NP3003").Select(d => d.Message).ToList();
            Assert.Contains(fails, m => m.Contains("isolated pii except dev:") && m.Contains("10.3.0.10 -> 10.1.0.10 tcp/22"));
            Assert.Contains(fails, m => m.Contains("mtu dev >= 9000: segment 'dev.web' has MTU 1500 (not set; the default is 1500)"));
        }

        [Fact]
        public void Isolated_takes_selectors_after_except_too()
        {
            var c = Compile(Zones + "allow dev -> pii : tcp/22\nassert isolated zones with data-class = \"pii\" except zones with stage = \"dev\"\n");
            c.None("NP3003");
            var a = Assert.Single(c.Compilation.Model.Assertions);
            Assert.Equal("dev", Assert.Single(a.Except).Name);
        }

        [Fact]
        public void A_zone_may_be_called_zones_quarantine_or_baseline()
        {
            var c = Compile("policy p { default deny }\nzone zones { subnet 10.1.0.0/16 }\nzone quarantine { subnet 10.2.0.0/16 }\nzone baseline { subnet 10.3.0.0/16 }\n"
                + "allow zones -> quarantine : tcp/22\nallow baseline -> zones : tcp/22\nassert never quarantine -> zones\nassert isolated baseline except zones\n");
            c.Clean();
        }

        // ---- baselines ----

        private static PolicyCompilation Load(MemoryFileSystem fs, string entry = "main.netpolicy") =>
            PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { System.IO.Path.Combine(fs.Root, entry) }, fs)).Single();

        [Fact]
        public void Every_shipped_baseline_parses_binds_and_has_a_reference()
        {
            Assert.Equal(new[] { "ai-platform", "hipaa", "pci-dss" }, BuiltinBaselines.Names.ToArray());
            foreach (var name in BuiltinBaselines.Names)
            {
                Assert.True(BuiltinBaselines.TryRead(BuiltinBaselines.Scheme + name, out var text, out _));
                var tree = PolicySyntaxTree.Parse(text, BuiltinBaselines.Scheme + name);
                Assert.Empty(tree.Diagnostics);
                var b = tree.Declarations.OfType<BlockDeclarationSyntax>().Single(d => d.Kind == SyntaxKind.BaselineDeclaration);
                Assert.Equal(name, b.NameToken!.Text);
                Assert.True(System.IO.File.Exists(System.IO.Path.Combine(RepoRoot(), "docs", "baselines", name + ".md")), "docs/baselines/" + name + ".md");
            }
        }

        private static string RepoRoot()
        {
            var dir = AppContext.BaseDirectory;
            while (!System.IO.File.Exists(System.IO.Path.Combine(dir, "PolicyLang.sln"))) dir = System.IO.Path.GetDirectoryName(dir)!;
            return dir;
        }

        [Fact]
        public void A_failing_shipped_baseline_is_reported_at_its_import_and_grouped_in_the_results()
        {
            var fs = new MemoryFileSystem("/policy");
            fs.Add("main.netpolicy", Zones.Replace("zone pii {", "zone cde {").Replace("\"pii\"", "\"cardholder\"")
                + "service cardholder-services = tcp/443\n"
                + "allow dev -> cde : tcp/443 log\nallow ops -> cde : tcp/443\n"
                + "import \"baseline:pci-dss\"\n");
            var c = Load(fs);
            var errors = c.Diagnostics.Where(d => d.IsError).ToList();
            var text = fs.TryReadFile("/policy/main.netpolicy", out var t, out _) ? t : "";
            var importAt = text.IndexOf("import \"baseline:pci-dss\"", StringComparison.Ordinal);
            Assert.All(errors, d => Assert.Equal(importAt, d.Span.Start));
            Assert.Contains(errors, d => d.Message.Contains("baseline 'pci-dss' (baseline:pci-dss(") && d.Message.Contains("logged any -> cde:")
                && d.Message.Contains("(allow ops -> cde : tcp/443), which does not log it"));
            Assert.Contains(errors, d => d.Message.Contains("never dev -> cde:"));
            var results = PolicyDiff.ResultsOf(c).Where(r => r.Kind == "baseline pci-dss").ToList();
            Assert.Contains(results, r => r.Text == "assert logged any -> cde" && r.Result == "fails");
            Assert.Contains(results, r => r.Text == "assert never internet -> cde" && r.Result == "holds");
            var report = ComplianceReport.Create(c);
            var standing = Assert.Single(report.Baselines);
            Assert.Equal("pci-dss", standing.Name);
            Assert.Equal(results.Count, standing.Total);
            Assert.Equal(results.Count(r => r.Result == "fails"), standing.Fails);
        }

        [Fact]
        public void A_missing_baseline_parameter_is_reported_at_the_import_with_the_line()
        {
            var fs = new MemoryFileSystem("/policy");
            fs.Add("main.netpolicy", Zones + "allow dev -> pii : tcp/443 log\nimport \"baseline:hipaa\"\n");
            var c = Load(fs);
            var d = c.Diagnostics.Single(x => x.Id == "NP1001");
            Assert.Equal("/policy/main.netpolicy", d.Path);
            Assert.StartsWith("in baseline:hipaa (line ", d.Message);
            Assert.Contains("unknown service 'phi-services'", d.Message);
        }

        [Fact]
        public void A_baseline_about_zones_the_policy_lacks_says_so_in_the_report()
        {
            var fs = new MemoryFileSystem("/policy");
            fs.Add("main.netpolicy", Zones + "service phi-services = tcp/443\nallow dev -> pii : tcp/443 log\nimport \"baseline:hipaa\"\n");
            var c = Load(fs);
            Assert.Contains(c.Diagnostics, d => d.Id == "NP3012" && d.Message.Contains("zones with data-class = \"phi\""));
            var standing = Assert.Single(ComplianceReport.Create(c).Baselines);
            Assert.Equal(0, standing.Total);
            Assert.Contains("zones with data-class = \"phi\"", standing.Unapplied);
            Assert.Contains("checks nothing where no zone carries: zones with data-class = &quot;phi&quot;", ReportHtml.Render(ComplianceReport.Create(c)));
        }

        [Fact]
        public void An_unknown_baseline_is_refused_with_the_list()
        {
            var fs = new MemoryFileSystem("/policy");
            fs.Add("main.netpolicy", Zones + "import \"baseline:sox\"\n");
            var c = Load(fs);
            var d = c.Diagnostics.Single(x => x.Id == "NP1018");
            Assert.Contains("no baseline 'sox' ships with policyc; the shipped baselines are ai-platform, hipaa, pci-dss", d.Message);
        }

        [Fact]
        public void A_team_baseline_in_its_own_file_groups_its_assertions_and_one_file_holds_one()
        {
            var c = Compile(("p.netpolicy", Zones + "allow ops -> pii : tcp/22\nimport \"team.netpolicy\"\n"),
                ("team.netpolicy", "baseline team { title \"Team rules\" }\nassert logged any -> pii\n"));
            var a = Assert.Single(c.Compilation.Model.Assertions);
            Assert.Equal("team", a.Baseline!.Name);
            var d = c.Single("NP3003");
            Assert.Equal("team.netpolicy", d.Path);
            Assert.StartsWith("assertion fails: baseline 'team': logged any -> pii", d.Message);
            Assert.Contains(PolicyDiff.ResultsOf(c.Compilation), r => r.Kind == "baseline team" && r.Text == "assert logged any -> pii" && r.Result == "fails");
            var two = Compile(("p.netpolicy", Zones + "import \"team.netpolicy\"\n"), ("team.netpolicy", "baseline team { }\nbaseline other { }\n"));
            two.Expect("NP2035", "other", "this file already declares baseline 'team' (at team.netpolicy(1,10)); a baseline is the assertions of its file, so each baseline has a file of its own");
        }

        // ---- quarantine ----

        [Fact]
        public void A_quarantine_binds_to_two_logged_named_denies_and_cuts_the_address_off()
        {
            using (PolicyClock.Use(new DateTime(2026, 12, 4)))
            {
                var c = Compile(Zones + "allow dev -> pii : tcp/5432\nallow pii -> ops : tcp/9100\nquarantine 10.2.0.5 { reason \"miner \\\"xmrig\\\"\" expires 2027-01-31 }\n");
                c.Clean();
                var q = Assert.Single(c.Compilation.Model.Quarantines);
                Assert.Equal("miner \"xmrig\"", q.Reason);
                Assert.Equal(new[] { "quarantine-10-2-0-5-out", "quarantine-10-2-0-5-in" }, new[] { q.Outbound.Label, q.Inbound.Label });
                Assert.All(new[] { q.Outbound, q.Inbound }, f => { Assert.Equal(FlowAction.Deny, f.Action); Assert.True(f.Log); Assert.Equal("QUARANTINE", f.LogPrefix); });
                var flows = c.Compilation.Flows;
                Assert.Equal(FlowAction.Deny, flows.Evaluate(Packet("10.2.0.5", "10.1.0.9", 5432)).Verdict);
                Assert.Equal(FlowAction.Allow, flows.Evaluate(Packet("10.2.0.6", "10.1.0.9", 5432)).Verdict);
            }
        }

        private static PolicyLang.Analysis.HeaderSpace.Packet Packet(string src, string dst, ushort port) =>
            new PolicyLang.Analysis.HeaderSpace.Packet(PolicyLang.Analysis.HeaderSpace.IpAddress128.Parse(src), PolicyLang.Analysis.HeaderSpace.IpAddress128.Parse(dst), 6, port, 0, 0);

        [Fact]
        public void A_quarantine_suspends_tests_and_reachability_with_a_warning_not_an_error()
        {
            var c = Compile(Zones + "allow dev -> pii : tcp/5432\nassert reachable dev.web -> pii : tcp/5432\n"
                + "test \"etl\" { expect allow 10.2.0.5 -> 10.1.0.9 tcp/5432 }\nquarantine 10.2.0.5\n");
            var warnings = c.All("NP3013");
            Assert.Equal(2, warnings.Count);
            Assert.Contains(warnings, d => d.Message.StartsWith("assertion 'reachable dev.web -> pii : tcp/5432' holds without quarantines, but the quarantine of 10.2.0.5 (at p.netpolicy(9,1), with no end date) cuts it off"));
            Assert.Contains(warnings, d => d.Message.StartsWith("test 'etl' (expect allow 10.2.0.5 -> 10.1.0.9 tcp/5432) holds without quarantines"));
            c.None("NP3003");
            c.None("NP3004");
            c.None("NP3002"); // the quarantine's denies overlap allows by design
            var run = Assert.Single(c.Compilation.RunTests());
            Assert.True(run.Passed);
            Assert.True(run.Suspended);
            Assert.Contains(PolicyDiff.ResultsOf(c.Compilation), r => r.Kind == "test" && r.Result == "suspended by a quarantine");
            Assert.Contains(PolicyDiff.ResultsOf(c.Compilation), r => r.Kind == "assertion" && r.Result == "suspended by a quarantine");
        }

        [Fact]
        public void A_quarantine_outside_every_zone_or_twice_is_an_error_and_its_expiry_counts()
        {
            Compile(Zones.Replace("external internet { labels { trust = \"untrusted\" } subnet 0.0.0.0/0 }\n", "") + "quarantine 192.0.2.1\n").Single("NP2028");
            Compile(Zones + "quarantine 10.2.0.5\nquarantine 10.2.0.5/32\n").Single("NP1002");
            using (PolicyClock.Use(new DateTime(2026, 12, 4)))
            {
                var c = Compile(Zones + "quarantine 10.2.0.5 { expires 2026-12-01 }\n");
                _ = c.Diagnostics;
                Assert.StartsWith("The quarantine of 10.2.0.5 expired on 2026-12-01", c.Single("NP3010").Message);
            }
        }

        [Theory]
        [InlineData("aws", "  devices \"vpc-0a1b2c3d\"\n")]
        public void A_quarantine_fails_on_a_cloud_target_only_where_it_takes_traffic_away(string platform, string devices)
        {
            // ops talks to pii; dev talks to nobody the cloud target carries.
            var policy = Zones + "allow ops -> pii : tcp/5432\nallow dev.web -> dev.db : tcp/5432\n" + "target c " + platform + " {\n" + devices + "  zones pii, ops\n}\n";
            var untouched = PolicyLang.Tests.Emit.EmitTestHelper.Build(policy + "quarantine 10.2.0.5\n");
            Assert.DoesNotContain(untouched.Diagnostics, d => d.Id == "NP4001");
            var text = policy + "quarantine 10.3.0.5\n";
            var touched = PolicyLang.Tests.Emit.EmitTestHelper.Build(text);
            Assert.False(touched.Succeeded);
            var d = Assert.Single(touched.Diagnostics, x => x.Id == "NP4001" && x.Message.Contains("narrower than a zone or segment"));
            Assert.Equal("10.3.0.5", text.Substring(d.Span.Start, d.Span.Length));
        }

        /// <summary>Azure NSG and GCP rules take ranges: a quarantine there is a deny of the address's own range, whatever it touches.</summary>
        [Theory]
        [InlineData("gcp-firewall", "  devices \"vpc-one\"\n", "\"10.3.0.5/32\"")]
        [InlineData("azure-nsg", "  devices \"nsg-a\"\n", "\"10.3.0.5/32\"")]
        public void A_quarantine_is_a_deny_of_its_range_on_azure_and_gcp(string platform, string devices, string range)
        {
            var text = Zones + "allow ops -> pii : tcp/5432\nallow dev.web -> dev.db : tcp/5432\n" + "target c " + platform + " {\n" + devices + "  zones pii, ops\n}\nquarantine 10.3.0.5\n";
            var built = PolicyLang.Tests.Emit.EmitTestHelper.Build(text);
            Assert.True(built.Succeeded, string.Join("\n", built.Diagnostics));
            var output = built.Artifacts.Single(a => a.RelativePath.EndsWith(".tf", StringComparison.Ordinal)).Content;
            Assert.Contains(range, output);
            Assert.Contains("quarantine-10-3-0-5", output);
        }

        [Theory]
        [InlineData("::ffff:10.2.0.7", "quarantine-10-2-0-7")]
        [InlineData("10.2.0.7/32", "quarantine-10-2-0-7")]
        [InlineData("10.2.0.0/28", "quarantine-10-2-0-0-28")]
        [InlineData("fd00:2::5/128", "quarantine-fd00-2-x-5")]
        [InlineData("fd00:2::/120", "quarantine-fd00-2-x-p120")]
        [InlineData("fd00:2::120", "quarantine-fd00-2-x-120")]
        public void A_quarantine_s_flows_are_named_after_its_canonical_address(string address, string name)
        {
            var c = Compile(Zones.Replace("segment web { subnet 10.2.0.0/24 }", "segment web { subnet 10.2.0.0/24, fd00:2::/64 }") + "quarantine " + address + "\n");
            var q = Assert.Single(c.Compilation.Model.Quarantines);
            Assert.Equal(name + "-out", q.Outbound.Label);
            Assert.Equal(name + "-in", q.Inbound.Label);
        }

        [Fact]
        public void Overlapping_quarantines_are_a_warning_that_says_what_a_release_leaves()
        {
            var c = Compile(Zones + "quarantine 10.2.0.5\nquarantine 10.2.0.0/28\n");
            c.Expect("NP3014", "10.2.0.0/28", "the quarantine of 10.2.0.0/28 overlaps the quarantine of 10.2.0.5 (at p.netpolicy(6,1)): releasing one leaves 10.2.0.5/32 cut off by the other");
        }

        [Fact]
        public void StringSyntax_quote_round_trips_hostile_text()
        {
            foreach (var s in new[] { "a\"b", "back\\slash", "line\nbreak\r\ttab", "}{ # // /*", "bidi\u202Eevil\u2066", "nul\0bell\a", "ünïcödé ✓" })
            {
                var token = StringSyntax.Quote(s);
                Assert.DoesNotContain('\n', token);
                Assert.DoesNotContain('\u202E', token);
                Assert.Equal(s, StringSyntax.Unquote(token));
                var tree = PolicySyntaxTree.Parse("policy p { description " + token + " }\n", "q.netpolicy");
                Assert.Empty(tree.Diagnostics);
            }
        }
    }
}
