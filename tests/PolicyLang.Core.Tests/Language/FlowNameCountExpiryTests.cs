using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;
using PolicyLang.Emit;
using PolicyLang.Emit.AristaEos;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.Junos;
using PolicyLang.Formatting;
using PolicyLang.Operations.Audit;
using PolicyLang.Syntax;
using PolicyLang.Tests.Emit;
using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Language
{
    /// <summary>
    /// The flow options of language v2 that name, count and time-limit a flow: <c>name</c>, <c>count</c>, <c>expires</c>
    /// (and the policy header's <c>expiry-warning</c>), from the parser to the generated configurations.
    /// </summary>
    public sealed class FlowNameCountExpiryTests
    {
        private static readonly DateTime Today = new DateTime(2026, 12, 4);

        private static PolicyLang.Tests.Checker.Compiled At(DateTime today, string text)
        {
            using (PolicyClock.Use(today))
            {
                var c = Compile(text);
                _ = c.Diagnostics; // computed under the fixed day
                return c;
            }
        }

        // ---- binding ----

        [Fact]
        public void Name_count_and_expiry_are_bound_on_the_flow()
        {
            var c = At(Today, TwoZones + "allow a -> b : tcp/22 name ssh-admin count expires 2027-03-31 log\nallow a -> b : tcp/80\n");
            c.Clean();
            var f = c.Compilation.Model.Flows[0];
            Assert.Equal("ssh-admin", f.Name!.Value.Value);
            Assert.Equal("ssh-admin", f.Label);
            Assert.True(f.Count);
            Assert.Equal(new DateTime(2027, 3, 31), f.Expires!.Value.Value);
            var at = f.Expires.Value.Location.Span;
            Assert.Equal("2027-03-31", c.Sources[DefaultPath].Substring(at.Start, at.Length));
            var g = c.Compilation.Model.Flows[1];
            Assert.Null(g.Name);
            Assert.Equal("f1", g.Label);
            Assert.False(g.Count);
            Assert.Null(g.Expires);
        }

        [Theory]
        [InlineData("SSH-Admin")]
        [InlineData("ssh_admin")]
        public void NP1002_flow_names_are_unique_regardless_of_case_and_of_dash_or_underscore(string second)
        {
            var c = At(Today, TwoZones + "allow a -> b : tcp/22 name ssh-admin\nallow a -> b : tcp/23 name " + second + "\n");
            c.Expect("NP1002", second, "flow '" + second + "' is already declared at p.netpolicy(7,28)"
                + (second == "ssh-admin" ? "" : " as 'ssh-admin' (flow names are compared regardless of case and of '-' against '_')"));
        }

        [Fact]
        public void NP1005_f_and_a_number_is_reserved_for_flows_without_a_name()
        {
            var c = At(Today, TwoZones + "allow a -> b : tcp/22 name f12\nallow a -> b : tcp/23 name f12x\n");
            c.Expect("NP1005", "f12", "'f12' cannot be used as a flow name: f and a number is the name generated rules give a flow without a name");
            Assert.Single(c.All("NP1005"));
        }

        [Fact]
        public void NP1005_t_and_a_number_is_reserved_for_junos_terms_of_no_named_flow()
        {
            var c = At(Today, TwoZones + "allow a -> b : tcp/22 name t20\nallow a -> b : tcp/23 name t20x\nallow a -> b : tcp/24 name T30\n");
            // In any case: lower-cased (GCP, Kubernetes), T30 and F1 would meet the generated t30 and f1.
            Assert.Equal(new[]
            {
                "'t20' cannot be used as a flow name: t and a number is the name of a generated Junos term that carries no named flow",
                "'T30' cannot be used as a flow name: t and a number is the name of a generated Junos term that carries no named flow",
            }, c.All("NP1005").Select(d => d.Message).ToArray());
            At(Today, TwoZones + "allow a -> b : tcp/22 name F1\n").Expect("NP1005", "F1",
                "'F1' cannot be used as a flow name: f and a number is the name generated rules give a flow without a name");
        }

        [Fact]
        public void NP1019_a_flow_name_longer_than_63_characters()
        {
            var name = new string('x', 64);
            var c = At(Today, TwoZones + "allow a -> b : tcp/22 name " + name + "\nallow a -> b : tcp/23 name " + name.Substring(1) + "\n");
            c.Expect("NP1019", name, "flow name '" + name + "' has 64 characters; at most 63 fit the rule and term names of every target");
            Assert.Single(c.All("NP1019"));
        }

        [Theory]
        [InlineData("2026-13-01")]
        [InlineData("2026-02-29")]
        [InlineData("2026-2-01")]
        [InlineData("26-12-01")]
        [InlineData("2026 - 12-01")]
        public void NP2026_expires_takes_a_calendar_day_written_as_one_word(string date)
        {
            var c = At(Today, TwoZones + "allow a -> b : tcp/22 expires " + date + "\n");
            c.Expect("NP2026", date, "'" + date + "' is not a date: expected a calendar day written YYYY-MM-DD, such as 2027-01-31");
        }

        [Fact]
        public void NP0010_expires_without_a_date_says_what_was_expected()
        {
            var tree = PolicySyntaxTree.Parse(new PolicyLang.Text.SourceText(TwoZones + "allow a -> b : tcp/22 expires soon\n", "p.netpolicy"));
            var d = Assert.Single(tree.Diagnostics);
            Assert.Equal("NP0010", d.Id);
            Assert.Equal("expected a date such as 2027-01-31, found 'soon'", d.Message);
        }

        [Fact]
        public void NP2027_expiry_warning_out_of_range()
        {
            var c = At(Today, "policy p {\n  expiry-warning 4000d\n}\n" + "zone a {\n  subnet 10.1.0.0/16\n}\n");
            c.Expect("NP2027", "4000d", "an expiry warning must be 0d to 3650d, found 4000d");
        }

        // ---- expiry ----

        [Theory]
        [InlineData("2026-12-03", "NP3010", "Flow 'tmp' expired on 2026-12-03 (yesterday): remove it, or give it a later date if it is still needed")]
        [InlineData("2026-11-01", "NP3010", "Flow 'tmp' expired on 2026-11-01 (33 days ago): remove it, or give it a later date if it is still needed")]
        [InlineData("2026-12-04", "NP3011", "Flow 'tmp' expires on 2026-12-04 (today is its last day): remove it or give it a later date before then")]
        [InlineData("2026-12-05", "NP3011", "Flow 'tmp' expires on 2026-12-05 (tomorrow): remove it or give it a later date before then")]
        [InlineData("2027-01-03", "NP3011", "Flow 'tmp' expires on 2027-01-03 (in 30 days): remove it or give it a later date before then")]
        public void Expiry_is_an_error_after_the_date_and_a_warning_within_the_window(string date, string code, string message)
        {
            var c = At(Today, TwoZones + "allow a -> b : tcp/22 name tmp expires " + date + "\n");
            c.Expect(code, date, message);
            Assert.Single(c.Diagnostics);
            Assert.Equal(code == "NP3010", c.Diagnostics[0].IsError);
        }

        [Fact]
        public void Expiry_outside_the_window_and_a_window_of_the_header()
        {
            At(Today, TwoZones + "allow a -> b : tcp/22 expires 2027-01-04\n").Clean();
            var c = At(Today, "policy p {\n  expiry-warning 7d\n}\n" + TwoZones + "allow a -> b : tcp/22 expires 2026-12-12\nallow a -> b : tcp/23 expires 2026-12-11\n");
            c.Expect("NP3011", "2026-12-11", "The flow at p.netpolicy(11,1) expires on 2026-12-11 (in 7 days): remove it or give it a later date before then");
            Assert.Single(c.All("NP3011"));
            var none = At(Today, "policy p {\n  expiry-warning 0d\n}\n" + TwoZones + "allow a -> b : tcp/22 expires 2026-12-04\n");
            none.Clean();
        }

        [Fact]
        public void An_expired_flow_does_not_hide_the_other_findings_and_build_refuses_it()
        {
            var text = TwoZones + "allow a -> b : tcp/22 expires 2026-01-01\nallow a -> b : tcp/22-23\n"
                + "target gw nftables {\n  devices \"gw1\"\n  zones a, b\n}\n";
            var c = At(Today, text);
            c.Single("NP3010");
            c.Single("NP3001"); // the 22-23 allow covers the expiring one: the flow checks still ran
            using (PolicyClock.Use(Today))
            {
                var result = PolicyBuilder.Build(new[] { EmitTestHelper.Compile(text) }, Array.Empty<string>());
                Assert.False(result.Succeeded);
                Assert.Contains(result.Diagnostics, d => d.Id == "NP3010");
                Assert.Empty(result.Artifacts);
            }
            using (PolicyClock.Use(new DateTime(2025, 6, 1)))
                Assert.True(PolicyBuilder.Build(new[] { EmitTestHelper.Compile(text) }, Array.Empty<string>()).Succeeded);
        }

        [Fact]
        public void Findings_that_name_a_flow_give_its_name()
        {
            var c = At(Today, TwoZones + "allow a -> b : tcp/22 name ssh-admin\nassert never a -> b : tcp/22\n");
            var d = c.Single("NP3003");
            Assert.Contains("(allow a -> b : tcp/22 name ssh-admin)", d.Message);
        }

        [Fact]
        public void Log_prefix_and_level_are_checked_and_reach_nftables_and_other_targets_warn()
        {
            var c = At(Today, TwoZones + "allow a -> b : tcp/24 log prefix \"bad\\\"x\"\nallow a -> b : tcp/25 log level loud\nallow a -> b : tcp/26 log prefix \"\"\n"
                + "allow a -> b : tcp/27 log prefix \"   \"\n");
            var bad = c.All("NP2033").Select(d => (c.SpanText(d), d.Message)).ToList();
            Assert.Contains(("\"bad\\\"x\"", "log prefix \"bad\\\"x\": expected 1 to 32 letters, digits, spaces and - _ . : /, not only spaces (log messages and device configurations take no other characters)"), bad);
            Assert.Contains(("loud", "log level loud: expected one of emergency, alert, critical, error, warning, notice, info, debug"), bad);
            Assert.Contains(bad, b => b.Item1 == "\"   \"");
            Assert.Equal(4, c.All("NP2033").Count);

            var text = Fabric.Replace("name ssh-admin count", "name ssh-admin count log prefix \"FW-SSH\" level info").Replace("name no-telnet count", "name no-telnet count log level critical")
                + "target gw nftables {\n  devices \"gw1\"\n  zones a, b\n}\n" + Target("eos", "arista-eos", "eos1", "Ethernet1");
            var result = EmitTestHelper.Build(text, "gw", "eos");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var nft = EmitTestHelper.Artifact(result, "gw/ruleset.nft");
            Assert.Contains("tcp dport 22 log prefix \"FW-SSH policyc ssh-admin allow a->b: \" level info counter accept", nft);
            Assert.Contains("tcp dport 23 log prefix \"policyc no-telnet deny b->a: \" level crit counter drop", nft);
            var warnings = result.Diagnostics.Where(d => d.Id == "NP4006").Select(d => d.Message).ToList();
            Assert.Contains("target 'eos' (arista-eos) logs this flow in its own format, without its log prefix and level: only nftables carries them", warnings);
            Assert.Contains("target 'eos' (arista-eos) logs this flow in its own format, without its log level: only nftables carries them", warnings);
            Assert.Equal(2, warnings.Count);
        }

        [Fact]
        public void The_formatter_keeps_the_new_options_and_joins_a_spaced_date()
        {
            var text = TwoZones + "allow a -> b : tcp/22   name  ssh-admin   count expires 2027-01-31\n";
            var formatted = PolicyFormatter.Format(PolicySyntaxTree.Parse(new PolicyLang.Text.SourceText(text, "p.netpolicy")));
            Assert.EndsWith("allow a -> b : tcp/22 name ssh-admin count expires 2027-01-31\n", formatted);
            Assert.Equal(formatted, PolicyFormatter.Format(PolicySyntaxTree.Parse(new PolicyLang.Text.SourceText(formatted, "p.netpolicy"))));
        }

        // ---- targets ----

        private const string Fabric =
            "zone a {\n  segment hosts {\n    vlan 10\n    subnet 10.0.0.0/24\n  }\n}\n" +
            "zone b {\n  segment hosts {\n    vlan 20\n    subnet 10.0.1.0/24\n  }\n}\n" +
            "allow a -> b : tcp/22 name ssh-admin count\n" +
            "allow a -> b : tcp/443 name web_front\n" +
            "deny b -> a : tcp/23 name no-telnet count\n" +
            "allow b -> a : tcp/80 count\n" +
            "allow b -> a : tcp/8080 name web-alt\n";

        private static string Target(string name, string platform, string device, string iface, string extra = "") =>
            "target " + name + " " + platform + " {\n  device \"" + device + "\" {\n    interface \"" + iface + "\" carries a.hosts, b.hosts\n  }\n  zones a, b\n" + extra + "}\n";

        [Fact]
        public void Nftables_rules_carry_the_name_a_counter_and_the_named_log_prefix()
        {
            var text = Fabric.Replace("name ssh-admin count", "name ssh-admin count log") + "target gw nftables {\n  devices \"gw1\"\n  zones a, b\n  mode gateway\n}\n";
            var result = EmitTestHelper.Build(text, "gw");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var nft = EmitTestHelper.Artifact(result, "gw/ruleset.nft");
            Assert.Contains("# flow 'ssh-admin' at p.netpolicy(13,1): allow a -> b : tcp/22 name ssh-admin", nft);
            Assert.Contains("tcp dport 22 log prefix \"policyc ssh-admin allow a->b: \" counter accept", nft);
            Assert.Contains("tcp dport 23 counter drop", nft);
            Assert.Contains("tcp dport 80 counter accept", nft);
            Assert.Contains("tcp dport 443 accept", nft);
            Assert.Contains("# flow 3 at p.netpolicy(16,1): allow b -> a : tcp/80", nft);

            // The audit reader takes the verdict from a named prefix as from f<N>.
            var line = "[ 1.0] policyc ssh-admin allow a->b: IN=eth0 OUT=eth1 SRC=10.0.0.5 DST=10.0.1.7 LEN=60 TOS=0x00 PREC=0x00 PROTO=TCP SPT=40000 DPT=22\n";
            var record = Assert.Single(new FlowLogReader(_ => { }).Read(new StringReader(line), "k.log"));
            Assert.Equal(RecordVerdict.Accepted, record.Verdict);
        }

        [Fact]
        public void Junos_terms_are_named_after_named_flows_and_count_where_asked_and_the_output_is_exact()
        {
            var text = Fabric + Target("sw", "juniper-junos", "sw1", "xe-0/0/1");
            var result = EmitTestHelper.Build(text, "sw");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var conf = EmitTestHelper.Artifact(result, "sw/sw1.conf");
            var inet = conf.Substring(0, conf.IndexOf("family inet6", StringComparison.Ordinal));
            var terms = inet.Split('\n').Where(l => l.Trim().StartsWith("term ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
            // The counted deny has an entry of its own (the final deny would not say whose packets it drops); each counted
            // allow too. Replies of ssh-admin and web_front share a term named after the first, with a comment that names
            // both; a term of no named flow is tN, the final deny default-deny.
            Assert.Equal(new[] { "term ssh-admin--reply {", "term web-alt--reply {", "term no-telnet {", "term ssh-admin {", "term t50 {",
                "term web_front {", "term web-alt {", "term default-deny {" }, terms);
            Assert.Contains("term ssh-admin--reply {\n                /* replies of flows ssh-admin, web_front */\n                from {", inet);
            Assert.DoesNotContain("/*", inet.Substring(inet.IndexOf("term web-alt--reply", StringComparison.Ordinal)));
            Assert.Contains("count no-telnet;", conf);
            Assert.Contains("count ssh-admin;", conf);
            Assert.Equal(3, conf.Split('\n').Count(l => l.Trim().StartsWith("count ", StringComparison.Ordinal)));

            var compilation = EmitTestHelper.Compile(text);
            var target = compilation.Model.Targets[0];
            var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
            Assert.Empty(TranslationValidator.Validate(context, FabricTarget.Facts(target).Single(), conf, new JunosAclReader()));
        }

        /// <summary>
        /// A counter counts its own flow's packets only: every counted entry of a switch ACL sees (first match) packets of
        /// one counted flow and nothing else, and the counted entries together see all of each counted flow's packets. The
        /// policy has a counted flow that one permit would otherwise carry together with an uncounted one (tcp/22 and
        /// tcp/443 between the same segments), two counted flows that overlap, and a logged one.
        /// </summary>
        [Theory]
        [InlineData("juniper-junos", "xe-0/0/1")]
        [InlineData("arista-eos", "Ethernet1")]
        [InlineData("cumulus-nvue", "swp1")]
        public void Counted_entries_see_one_counted_flows_packets_and_all_of_them(string platform, string iface)
        {
            var text = Fabric + "allow a -> b : tcp/8000-8100 count\nallow a -> b : tcp/8050-8200 name overlap count log\nallow a -> b : tcp/9000\n"
                + Target("sw", platform, "sw1", iface);
            var compilation = EmitTestHelper.Compile(text);
            var target = compilation.Model.Targets.Single();
            var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
            var device = FabricModelBuilder.Build(context, FabricTarget.Facts(target).Single(), 64);
            var counted = compilation.Model.Flows.Where(f => f.Count && f.Action == FlowAction.Allow).ToList();
            int checkedEntries = 0;
            foreach (var group in device.AclGroups)
                foreach (var acl in new[] { group.V4, group.V6 })
                {
                    if (acl == null) continue;
                    var scope = (acl.Family == AclFamily.IPv4 ? group.ScopeV4 : group.ScopeV6)!;
                    var seen = PacketSet.Empty;
                    var countedSeen = PacketSet.Empty;
                    foreach (var e in acl.Entries)
                    {
                        if (AclSemantics.NeverOpens(e)) continue;
                        var match = AclSemantics.Match(e, acl.Family).Except(seen);
                        seen = seen.Union(AclSemantics.Match(e, acl.Family));
                        if (!e.Counted || e.Action != AclAction.Permit || match.IsEmpty) continue;
                        checkedEntries++;
                        Assert.True(counted.Any(f => match.IsSubsetOf(context.Flows.Of(f))), acl.Name + ": '" + e + "' counts packets of no single counted flow");
                        countedSeen = countedSeen.Union(match);
                    }
                    foreach (var f in counted)
                    {
                        var mine = context.Flows.Of(f).Intersect(scope.AllowedFrom);
                        Assert.True(mine.IsSubsetOf(countedSeen), acl.Name + ": packets of '" + f.Describe() + "' reach no counted entry");
                    }
                }
            Assert.True(checkedEntries >= 3, "counted entries checked: " + checkedEntries);
            // The output stays exact.
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { "sw" });
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var facts = FabricTarget.Facts(target).Single();
            var config = result.Artifacts.Single(a => a.RelativePath.StartsWith("sw/sw1", StringComparison.Ordinal)).Content;
            Assert.Empty(TranslationValidator.Validate(context, facts, config, ((SwitchBackend)PolicyLang.Platforms.PlatformRegistry.Find(platform)!).Reader));
        }

        [Fact]
        public void EOS_counts_per_entry_in_access_lists_and_with_counters_in_traffic_policies()
        {
            var text = Fabric + Target("acl", "arista-eos", "eos1", "Ethernet1") + Target("tp", "arista-eos", "eos2", "Ethernet1", "  option filter traffic-policy\n");
            var result = EmitTestHelper.Build(text, "acl", "tp");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var compilation = EmitTestHelper.Compile(text);

            var acl = EmitTestHelper.Artifact(result, "acl/eos1.cfg");
            Assert.Contains("ip access-list PC-a_hosts_b_hosts-V4\n   counters per-entry\n", acl);
            Assert.Contains("deny tcp 10.0.1.0/24 10.0.0.0/24 eq 23", acl);
            Assert.DoesNotContain("counters per-entry", acl.Substring(acl.IndexOf("ipv6 access-list", StringComparison.Ordinal)));

            var tp = EmitTestHelper.Artifact(result, "tp/eos2.cfg");
            var counters = tp.Split('\n').Single(l => l.Trim().StartsWith("counter ", StringComparison.Ordinal)).Trim().Split(' ').Skip(1).ToList();
            Assert.Equal(3, counters.Count);
            foreach (var name in counters)
            {
                Assert.Contains("match " + name + " ipv4", tp);
                Assert.Contains("            count " + name + "\n", tp);
            }
            foreach (var (device, config) in new[] { ("acl", acl), ("tp", tp) })
            {
                var target = compilation.Model.Targets.Single(t => t.Name == device);
                var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
                Assert.Empty(TranslationValidator.Validate(context, FabricTarget.Facts(target).Single(), config, new EosAclReader()));
            }
        }

        [Fact]
        public void EOS_NX_OS_and_IOS_XE_entries_of_named_flows_start_with_a_remark_and_stay_exact()
        {
            var text = Fabric + Target("acl", "arista-eos", "eos1", "Ethernet1") + Target("nx", "cisco-nxos", "nx1", "Ethernet1/1")
                + Target("cat", "cisco-iosxe", "cat1", "TenGigabitEthernet1/0/1");
            var result = EmitTestHelper.Build(text, "acl", "nx", "cat");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var eos = EmitTestHelper.Artifact(result, "acl/eos1.cfg");
            var nx = EmitTestHelper.Artifact(result, "nx/nx1.cfg");
            var cat = EmitTestHelper.Artifact(result, "cat/cat1.cfg");
            Assert.Contains("   45 remark flow no-telnet\n   50 deny tcp 10.0.1.0/24 10.0.0.0/24 eq 23\n   55 remark flow ssh-admin\n   60 permit tcp 10.0.0.0/24 10.0.1.0/24 eq 22\n", eos);
            Assert.Contains("remark flow web-alt\n", eos);
            // The replies of tcp/22 and tcp/443 share one grouped entry; written one port per entry, each names its own flow.
            Assert.Contains("   5 remark replies of flow ssh-admin\n   10 permit tcp 10.0.1.0/24 eq 22 10.0.0.0/24 established\n"
                + "   15 remark replies of flow web_front\n   20 permit tcp 10.0.1.0/24 eq 443 10.0.0.0/24 established\n"
                + "   25 remark flows without a name\n   30 permit tcp 10.0.0.0/24 eq 80 10.0.1.0/24 established\n", eos);
            // Entries of no named flow after a named flow's are not read as its own: they say so, and the final deny too.
            Assert.Contains("   65 remark flows without a name\n   70 permit tcp 10.0.1.0/24 10.0.0.0/24 eq 80\n", eos);
            Assert.Contains("   95 remark default deny\n   100 deny ip any any\n", eos);
            Assert.Contains("  25 remark flow no-telnet\n  30 deny tcp 10.0.1.0/24 10.0.0.0/24 eq 23\n", nx);
            // IOS XE: a remark without a number goes with the entry after it.
            Assert.Contains(" remark flow no-telnet\n 50 deny tcp 10.0.1.0 0.0.0.255 10.0.0.0 0.0.0.255 eq 23\n remark flow ssh-admin\n 60 permit tcp 10.0.0.0 0.0.0.255 10.0.1.0 0.0.0.255 eq 22\n", cat);
            var compilation = EmitTestHelper.Compile(text);
            foreach (var (name, config, reader) in new (string, string, IAclReader)[] { ("acl", eos, new EosAclReader()), ("nx", nx, new PolicyLang.Emit.CiscoNxos.NxosAclReader()),
                ("cat", cat, new PolicyLang.Emit.CiscoIosXe.IosXeAclReader()) })
            {
                var target = compilation.Model.Targets.Single(t => t.Name == name);
                var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
                Assert.Empty(TranslationValidator.Validate(context, FabricTarget.Facts(target).Single(), config, reader));
            }
        }

        [Fact]
        public void NVUE_rules_of_named_flows_follow_a_comment_that_names_them_and_stay_exact()
        {
            var text = Fabric + Target("nv", "cumulus-nvue", "nv1", "swp1");
            var result = EmitTestHelper.Build(text, "nv");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var script = EmitTestHelper.Artifact(result, "nv/nv1.nvue");
            var comments = script.Split('\n').Where(l => l.StartsWith("# PC-", StringComparison.Ordinal)).ToList();
            Assert.Equal(new[]
            {
                "# PC-a_hosts_b_hosts-V4 from rule 10: replies of flow ssh-admin",
                "# PC-a_hosts_b_hosts-V4 from rule 20: replies of flow web_front",
                "# PC-a_hosts_b_hosts-V4 from rule 30: flows without a name",
                "# PC-a_hosts_b_hosts-V4 from rule 40: replies of flow web-alt",
                "# PC-a_hosts_b_hosts-V4 from rule 50: flow no-telnet",
                "# PC-a_hosts_b_hosts-V4 from rule 60: flow ssh-admin",
                "# PC-a_hosts_b_hosts-V4 from rule 70: flows without a name",
                "# PC-a_hosts_b_hosts-V4 from rule 80: flow web_front",
                "# PC-a_hosts_b_hosts-V4 from rule 90: flow web-alt",
                "# PC-a_hosts_b_hosts-V4 from rule 100: default deny",
            }, comments);
            Assert.Contains("# PC-a_hosts_b_hosts-V4 from rule 60: flow ssh-admin\nnv set acl PC-a_hosts_b_hosts-V4 rule 60 match", script);
            var compilation = EmitTestHelper.Compile(text);
            var target = compilation.Model.Targets.Single();
            var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
            Assert.Empty(TranslationValidator.Validate(context, FabricTarget.Facts(target).Single(), script, new PolicyLang.Emit.Cumulus.NvueAclReader()));
        }

        /// <summary>
        /// Two named flows from different hosts to the same port: where entries are written one address per line (EOS), each
        /// line names only the flow whose packets it carries, and so do the reply lines; the list stays exact. (The test above
        /// has the grouped case: one Junos term for the replies of tcp/22 and tcp/443 names both flows, EOS's two lines one each.)
        /// </summary>
        [Fact]
        public void A_split_entry_names_on_each_line_only_the_flows_of_that_line()
        {
            var text = Fabric.Replace("allow a -> b : tcp/22 name ssh-admin count\n", "allow 10.0.0.5 -> b : tcp/22 name ssh-one\nallow 10.0.0.9 -> b : tcp/22 name ssh-two\n")
                + Target("acl", "arista-eos", "eos1", "Ethernet1");
            var result = EmitTestHelper.Build(text, "acl");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var eos = EmitTestHelper.Artifact(result, "acl/eos1.cfg");
            Assert.Contains("   75 remark flow ssh-one\n   80 permit tcp 10.0.0.5/32 10.0.1.0/24 eq 22\n   85 remark flow ssh-two\n   90 permit tcp 10.0.0.9/32 10.0.1.0/24 eq 22\n", eos);
            Assert.Contains("   5 remark replies of flow ssh-one\n   10 permit tcp 10.0.1.0/24 eq 22 10.0.0.5/32 established\n"
                + "   15 remark replies of flow ssh-two\n   20 permit tcp 10.0.1.0/24 eq 22 10.0.0.9/32 established\n", eos);
            var compilation = EmitTestHelper.Compile(text);
            var target = compilation.Model.Targets.Single(t => t.Name == "acl");
            var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
            Assert.Empty(TranslationValidator.Validate(context, FabricTarget.Facts(target).Single(), eos, new EosAclReader()));
        }

        /// <summary>
        /// Junos term names no flow can take: generated tails start with "--" (a flow name never holds two dashes in a row), so
        /// flows named web-reply and web-2 keep their names beside web's own terms; default-deny is reserved; a 63-character name
        /// with its tail is cut to Junos's 64 characters, with a hash that keeps two such flows apart.
        /// </summary>
        [Fact]
        public void Junos_term_names_are_unambiguous_and_fit_64_characters()
        {
            var long1 = "a" + new string('x', 61) + "1";
            var long2 = "a" + new string('x', 61) + "2";
            var text = Fabric.Replace("allow a -> b : tcp/443 name web_front\n",
                    "allow a -> b : tcp/443 name web\nallow a -> b : tcp/8443 name web-reply\nallow 10.0.0.7 -> b : tcp/9443 name web-2\n"
                    + "allow a -> b : tcp/5001 name " + long1 + "\nallow a -> b : tcp/5002 name " + long2 + "\n")
                + Target("sw", "juniper-junos", "sw1", "xe-0/0/1");
            var result = EmitTestHelper.Build(text, "sw");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var conf = EmitTestHelper.Artifact(result, "sw/sw1.conf");
            var inet = conf.Substring(0, conf.IndexOf("family inet6", StringComparison.Ordinal));
            var terms = inet.Split('\n').Where(l => l.Trim().StartsWith("term ", StringComparison.Ordinal)).Select(l => l.Trim().Substring(5).TrimEnd(' ', '{')).ToList();
            Assert.Equal(terms.Count, terms.Distinct(StringComparer.Ordinal).Count());
            Assert.All(terms, t => Assert.True(t.Length <= 64, t));
            Assert.Contains("web", terms);
            Assert.Contains("web-reply", terms);
            Assert.Contains("web-2", terms);
            Assert.Contains("web--reply", terms);
            // 63 characters fit as they are; with "--reply" they are cut, and the hash keeps the two apart.
            Assert.Contains(long1, terms);
            Assert.Contains(long2, terms);
            var replies = terms.Where(t => t.StartsWith("axxxx", StringComparison.Ordinal) && t.EndsWith("--reply", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, replies.Count);
            Assert.All(replies, t => Assert.Equal(64, t.Length));
            var compilation = EmitTestHelper.Compile(text);
            var target = compilation.Model.Targets[0];
            var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
            Assert.Empty(TranslationValidator.Validate(context, FabricTarget.Facts(target).Single(), conf, new JunosAclReader()));


            // A flow may be named default-deny (Capirca policies often end in such a term): where one of its terms takes the name,
            // the final term is default--deny.
            var clash = EmitTestHelper.Build(Fabric.Replace("deny b -> a : tcp/23 name no-telnet count", "deny b -> a : tcp/23 name default-deny count")
                + Target("sw", "juniper-junos", "sw1", "xe-0/0/1"), "sw");
            var clashTerms = EmitTestHelper.Artifact(clash, "sw/sw1.conf").Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("term default", StringComparison.Ordinal)).ToList();
            // IPv4 has the flow's term and the final one; IPv6 (no addresses of the flow) only the final one, default-deny.
            Assert.Equal(new[] { "term default-deny {", "term default--deny {", "term default-deny {" }, clashTerms);
        }

        private const string TwoSegments =
            "zone a {\n  segment s1 {\n    vlan 10\n    subnet 10.0.1.0/24\n  }\n}\nzone b {\n  segment s2 {\n    vlan 20\n    subnet 10.0.2.0/24\n  }\n}\n";

        private static string Split(string name, string platform, string device, string i1, string i2) =>
            "target " + name + " " + platform + " {\n  zones a, b\n  device \"" + device + "\" {\n    interface \"" + i1 + "\" carries a\n    interface \"" + i2 + "\" carries b\n  }\n}\n";

        private static void AssertExact(string text, string target, string config, IAclReader reader)
        {
            var compilation = EmitTestHelper.Compile(text);
            var t = compilation.Model.Targets.Single(x => x.Name == target);
            var context = new TargetContext(compilation, t, new List<PolicyLang.Diagnostics.Diagnostic>());
            Assert.Empty(TranslationValidator.Validate(context, FabricTarget.Facts(t).Single(), config, reader));
        }

        /// <summary>
        /// Entries that admit replies without being return entries (echo replies, an IP protocol both ways, a UDP flow's answer
        /// that names both ports) are named after the flow they answer; denies of what no flow denies say "default deny".
        /// </summary>
        [Fact]
        public void Replies_of_ping_esp_and_ntp_are_named_after_their_flows()
        {
            var text = TwoSegments + "allow a -> b : tcp/443 name web\nallow a -> b : udp/123 -> 123 name ntp\nallow a -> b : proto 50 name esp\n"
                + "allow a -> b : icmp echo-request name ping\n" + Split("eos", "arista-eos", "leaf1", "Ethernet1", "Ethernet2") + Split("jun", "juniper-junos", "qfx1", "xe-0/0/1", "xe-0/0/2");
            var result = EmitTestHelper.Build(text, "eos", "jun");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var eos = EmitTestHelper.Artifact(result, "eos/leaf1.cfg");
            var fromB = eos.Substring(eos.IndexOf("traffic from b.s2 (IPv4)", StringComparison.Ordinal));
            var remarks = fromB.Split('\n').Where(l => l.Contains(" remark ", StringComparison.Ordinal)).Select(l => l.Trim()).Take(5).ToList();
            Assert.Equal(new[] { "5 remark replies of flow web", "15 remark replies of flow ping", "25 remark replies of flow ntp", "35 remark replies of flow esp", "45 remark default deny" }, remarks);
            var junos = EmitTestHelper.Artifact(result, "jun/qfx1.conf");
            foreach (var term in new[] { "web--reply", "ntp--reply", "esp--reply", "ping--reply" }) Assert.Contains("term " + term + " {", junos);
            AssertExact(text, "eos", eos, new EosAclReader());
            AssertExact(text, "jun", junos, new JunosAclReader());
        }

        /// <summary>A counted, logged deny keeps entries of its own when another logged deny shares its packets' neighbourhood:
        /// its counter counts its own drops only (the other deny's port 25 is not in its term).</summary>
        [Fact]
        public void A_counted_logged_deny_counts_only_its_own_drops()
        {
            var text = TwoSegments + "allow a -> b : tcp\ndeny a -> b : tcp/23 name no-telnet log count\ndeny 10.0.1.66 -> b : tcp/25 log\n"
                + Split("jun", "juniper-junos", "qfx1", "xe-0/0/1", "xe-0/0/2") + Split("nx", "cisco-nxos", "nx1", "Ethernet1/1", "Ethernet1/2");
            var result = EmitTestHelper.Build(text, "jun", "nx");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var junos = EmitTestHelper.Artifact(result, "jun/qfx1.conf");
            var counted = junos.Split(new[] { "term " }, StringSplitOptions.None).Where(t => t.Contains("count ", StringComparison.Ordinal)).ToList();
            var own = Assert.Single(counted);
            Assert.StartsWith("no-telnet {", own);
            Assert.Contains("destination-port 23;", own);
            Assert.DoesNotContain("25", own);
            var nx = EmitTestHelper.Artifact(result, "nx/nx1.cfg");
            Assert.Contains("remark flow no-telnet\n  10 deny tcp 10.0.1.0/24 10.0.2.0/24 eq 23 log\n", nx);
            Assert.Contains("remark flows without a name\n  20 deny tcp 10.0.1.66/32 10.0.2.0/24 eq 25 log\n", nx);
            AssertExact(text, "jun", junos, new JunosAclReader());
            AssertExact(text, "nx", nx, new PolicyLang.Emit.CiscoNxos.NxosAclReader());
        }

        /// <summary>A counted flow that an earlier flow without count covers: check says its count counts nothing on nftables, and
        /// the Junos counter of the term that carries both is named after the counted flow, not after the term.</summary>
        [Fact]
        public void A_covered_counted_flow_is_warned_about_and_names_the_junos_counter()
        {
            var text = TwoSegments + "allow a -> b : tcp/1-1000 name wide\nallow a -> b : tcp/80 name narrow count\n" + Split("jun", "juniper-junos", "qfx1", "xe-0/0/1", "xe-0/0/2");
            var c = Compile(text);
            Assert.EndsWith("; its count counts nothing where each flow has rules of its own (nftables): put count on the flow that decides these packets", c.Single("NP3001").Message);
            var result = EmitTestHelper.Build(text, "jun");
            var junos = EmitTestHelper.Artifact(result, "jun/qfx1.conf");
            Assert.Contains("count narrow;", junos);
            Assert.DoesNotContain("count wide", junos);
        }

        /// <summary>EOS traffic-policy matches carry the names of the flows they carry (and replies), and stay exact.</summary>
        [Fact]
        public void EOS_traffic_policy_matches_are_named_after_their_flows()
        {
            var text = Fabric + Target("tp", "arista-eos", "eos1", "Ethernet1", "  option filter traffic-policy\n");
            var result = EmitTestHelper.Build(text, "tp");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var eos = EmitTestHelper.Artifact(result, "tp/eos1.cfg");
            var matches = eos.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("match ", StringComparison.Ordinal) && l.EndsWith(" ipv4", StringComparison.Ordinal)).ToList();
            Assert.Contains(matches, m => Regex.IsMatch(m, @"^match V4-\d+-ssh-admin ipv4$"));
            Assert.Contains(matches, m => Regex.IsMatch(m, @"^match V4-\d+-ssh-admin--reply ipv4$"));
            Assert.Contains(matches, m => Regex.IsMatch(m, @"^match V4-\d+-no-telnet ipv4$"));
            Assert.Contains(matches, m => Regex.IsMatch(m, @"^match V4-\d+ ipv4$"));
            Assert.Matches(@"count V4-\d+-no-telnet", eos);
            AssertExact(text, "tp", eos, new EosAclReader());
        }

        [Fact]
        public void ACL_header_remarks_fit_100_characters()
        {
            var zone = "zone production-datacenter-zone {\n" + string.Concat(new[] { "application-servers-frontend-tier", "application-servers-backend-tier", "application-servers-database-tier" }
                .Select((n, i) => "  segment " + n + " {\n    vlan " + (10 + i) + "\n    subnet 10.0." + i + ".0/24\n  }\n")) + "}\n";
            var text = zone + "allow production-datacenter-zone -> production-datacenter-zone : tcp/443\n"
                + "target eos arista-eos {\n  zones production-datacenter-zone\n  device \"leaf1\" {\n    interface \"Ethernet1\" carries production-datacenter-zone\n  }\n}\n"
                + "target cat cisco-iosxe {\n  zones production-datacenter-zone\n  device \"cat1\" {\n    interface \"TenGigabitEthernet1/0/1\" carries production-datacenter-zone\n  }\n}\n";
            var result = EmitTestHelper.Build(text, "eos", "cat");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            foreach (var config in new[] { EmitTestHelper.Artifact(result, "eos/leaf1.cfg"), EmitTestHelper.Artifact(result, "cat/cat1.cfg") })
            {
                var remarks = config.Split('\n').Where(l => l.TrimStart().StartsWith("remark ", StringComparison.Ordinal)).ToList();
                Assert.NotEmpty(remarks);
                Assert.All(remarks, r => Assert.True(r.TrimStart().Length - "remark ".Length <= 100, r));
                // Cut between whole segment names, with the family kept: the two lists' headers stay apart.
                Assert.Matches(@"remark policyc: traffic from production-datacenter-zone\.application-servers-\w+-tier and more \(IPv4\)\n", config);
                Assert.Matches(@"remark policyc: traffic from production-datacenter-zone\.application-servers-\w+-tier and more \(IPv6\)\n", config);
            }
        }

        [Fact]
        public void Junos_flow_term_names_take_the_first_free_tail()
        {
            var used = new HashSet<string>(StringComparer.Ordinal) { "web", "web--2" };
            Assert.Equal("web--3", JunosBackend.FlowTermName("web", reply: false, used));
            Assert.Equal("web--reply", JunosBackend.FlowTermName("web", reply: true, used));
            var name63 = new string('n', 63);
            var name = JunosBackend.FlowTermName(name63, reply: true, used);
            Assert.Equal(64, name.Length);
            Assert.EndsWith("--reply", name);
            Assert.StartsWith(new string('n', 64 - 7 - 10) + "--", name);
        }

        [Fact]
        public void A_remark_names_up_to_five_flows_that_share_an_entry_and_says_when_there_are_more()
        {
            var names = Enumerable.Range(1, 7).Select(i => "flow-number-" + i).ToList();
            var e = new AclEntry(AclAction.Permit, 6, null, null).Annotated(names[0], counted: false, names.Skip(1).Take(4).ToList(), more: true);
            Assert.Equal("flows flow-number-1, flow-number-2, flow-number-3, flow-number-4, flow-number-5 and others", e.FlowRemark());
            var longNames = Enumerable.Range(1, 3).Select(i => new string((char)('a' + i), 30)).ToList();
            var cut = new AclEntry(AclAction.Permit, 6, null, null, established: true).Annotated(longNames[0], counted: false, longNames.Skip(1).ToList());
            Assert.Equal("replies of flows " + longNames[0] + ", " + longNames[1] + " and others", cut.FlowRemark());
            Assert.Equal(90, cut.FlowRemark()!.Length);
            Assert.Null(new AclEntry(AclAction.Permit, 6, null, null).FlowRemark());
            Assert.Equal("flow x", new AclEntry(AclAction.Deny, 6, null, null).Annotated("x", counted: true).FlowRemark());
        }

        [Fact]
        public void SONiC_rules_of_named_flows_carry_the_name_after_their_number_and_stay_exact()
        {
            var text = Fabric + Target("son", "sonic", "s1", "Ethernet0");
            var result = EmitTestHelper.Build(text, "son");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var json = EmitTestHelper.Artifact(result, "son/s1.json");
            Assert.Matches("\"PC-a_hosts_b_hosts-V4\\|RULE_\\d+_no-telnet\"", json);
            Assert.Matches("\"PC-a_hosts_b_hosts-V4\\|RULE_\\d+_ssh-admin\"", json);
            Assert.Matches("\"PC-a_hosts_b_hosts-V4\\|RULE_\\d+\"", json); // entries of no named flow keep the number alone
            var compilation = EmitTestHelper.Compile(text);
            var target = compilation.Model.Targets.Single(t => t.Name == "son");
            var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
            Assert.Empty(TranslationValidator.Validate(context, FabricTarget.Facts(target).Single(), json, new PolicyLang.Emit.Sonic.SonicAclReader()));
        }

        [Fact]
        public void Without_names_or_counters_switch_output_is_unchanged()
        {
            var plain = Fabric.Replace(" name ssh-admin count", "").Replace(" name web_front", "").Replace(" name no-telnet count", "")
                .Replace("tcp/80 count", "tcp/80").Replace(" name t20", "");
            var result = EmitTestHelper.Build(plain + Target("sw", "juniper-junos", "sw1", "xe-0/0/1"), "sw");
            var conf = EmitTestHelper.Artifact(result, "sw/sw1.conf");
            Assert.DoesNotContain("count ", conf);
            Assert.DoesNotContain("destination-port 23", conf);
            Assert.Contains("term t10 {", conf);
        }

        [Fact]
        public void Cloud_rule_names_and_descriptions_carry_the_flow_name()
        {
            var text = CloudPolicies.Policy("deny", CloudPolicies.Targets,
                "allow partners -> app.web : tcp/9443 name partner-api\ndeny ops.tools -> app.web : tcp/23 name no_telnet\n");
            var result = EmitTestHelper.Build(text, "az", "g");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var gcp = string.Concat(result.Artifacts.Where(a => a.RelativePath.StartsWith("g/", StringComparison.Ordinal)).Select(a => a.Content));
            var azure = string.Concat(result.Artifacts.Where(a => a.RelativePath.StartsWith("az/", StringComparison.Ordinal)).Select(a => a.Content));
            Assert.Contains("-allow-partner-api-partners-to-app-web", gcp);
            Assert.Contains("-deny-no-telnet-ops-tools-to-app-web", gcp);
            Assert.Contains("flow partner-api at", gcp); // descriptions drop quotes
            Assert.Contains("allow-partner-api-partners-to-app-web", azure);
            Assert.Contains("allow-f0-internet-to-app-web", azure); // a flow without a name keeps f<index>
        }

        [Fact]
        public void NP4001_count_on_a_target_without_counters_unless_another_target_counts_the_flow()
        {
            var zones = "zone a {\n  subnet 10.0.0.0/24\n}\nzone b {\n  subnet 10.0.1.0/24\n}\nallow a -> b : tcp/22 count\n";
            var aws = "target c aws {\n  devices \"vpc-0a1b2c3d\"\n  zones a, b\n}\n";
            var alone = EmitTestHelper.Build(zones + aws);
            Assert.False(alone.Succeeded);
            var d = Assert.Single(alone.Diagnostics, x => x.Id == "NP4001");
            Assert.Equal("target 'c' (aws) cannot express count: the platform keeps no counter per rule", d.Message);
            var withGateway = EmitTestHelper.Build(zones + aws + "target gw nftables {\n  devices \"gw1\"\n  zones a, b\n}\n");
            Assert.DoesNotContain(withGateway.Diagnostics, x => x.Id == "NP4001");
        }
    }
}
