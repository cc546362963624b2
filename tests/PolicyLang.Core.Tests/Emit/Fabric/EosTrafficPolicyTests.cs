using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PolicyLang.Emit;
using PolicyLang.Emit.AristaEos;
using PolicyLang.Emit.Fabric;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>
    /// <c>option filter traffic-policy</c> on arista-eos: the filters become traffic-policies whose field-sets hold the
    /// address lists. What the text allows is proven exactly (read back by <see cref="EosAclReader"/>) on the samples and on
    /// policies these tests make; broken text, hostile input and what traffic-policies cannot write are refused.
    /// </summary>
    [ProvesPlatform(PlatformProof.Exact, "arista-eos")]
    public sealed class EosTrafficPolicyTests
    {
        private const string Option = "option filter traffic-policy";

        /// <summary>The sample (or FabricSamples' synthesized target) with every arista-eos target switched to traffic-policies
        /// and no logged allow flows.</summary>
        internal static (IReadOnlyList<PolicyCompilation> Compilations, List<string> Targets) WithTrafficPolicies(string sample)
        {
            var (loaded, targets) = FabricSamples.Load(sample, "arista-eos");
            var copy = Path.Combine(Path.GetTempPath(), "policyc-eos-tp-" + sample + "-" + Path.GetRandomFileName());
            Directory.CreateDirectory(copy);
            foreach (var tree in loaded.SelectMany(c => c.Trees).Where(t => !PolicyLang.Workspace.BuiltinBaselines.IsBuiltin(t.Path)))
            {
                var text = Regex.Replace(tree.Text.ToString(), @"^(target [A-Za-z0-9_-]+ arista-eos \{)$", "$1\n  " + Option, RegexOptions.Multiline);
                // Traffic-policies log only what they drop (A_logged_allow_flow_is_refused_at_the_flow): allow flows lose their log.
                text = Regex.Replace(text, @"^(allow [^\n#]*?) log\b", "$1", RegexOptions.Multiline);
                // Without those logs, the sample's baseline ('assert logged any -> pii') would rightly fail: leave it out.
                text = Regex.Replace(text, @"^import ""baseline:[^""]*""$", "", RegexOptions.Multiline);
                File.WriteAllText(Path.Combine(copy, Path.GetFileName(tree.Path)), text);
            }
            var compilations = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { copy }));
            return (compilations, targets);
        }

        [Theory]
        [InlineData("ai-platform")]
        [InlineData("campus-lab")]
        [InlineData("inference-edge")]
        public void Every_device_of_every_sample_allows_exactly_what_the_policy_allows(string sample)
        {
            var (compilations, targets) = WithTrafficPolicies(sample);
            var result = PolicyBuilder.Build(compilations, targets);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            int devices = 0;
            foreach (var target in targets)
            {
                var context = FabricSamples.Context(compilations, target);
                Assert.True(EosTrafficPolicies.Enabled(context.Target));
                foreach (var device in context.Target.DeviceFacts)
                {
                    var artifact = result.Artifacts.Single(a => a.Target == target && a.RelativePath == target + "/" + FabricText.FileName(device.Name.Value) + ".cfg");
                    Assert.Contains("\ntraffic-policies\n", artifact.Content);
                    Assert.Contains("   traffic-policy input ", artifact.Content);
                    Assert.DoesNotContain("   ip access-group ", artifact.Content);
                    Assert.DoesNotContain("   ipv6 access-group ", artifact.Content);
                    var problems = TranslationValidator.Validate(context, FabricDeviceFacts.From(device), artifact.Content, new EosAclReader());
                    Assert.True(problems.Count == 0, string.Join("\n", problems));
                    devices++;
                }
            }
            Assert.True(devices > 0);
        }

        /// <summary>Two zones of 24 scattered /28s each and one flow: an ACL writes every source × destination pair, a
        /// traffic-policy one match naming two field-sets.</summary>
        private static string Scattered(string options)
        {
            var sb = new StringBuilder("policy p {\n  default deny\n}\n\n");
            foreach (var (zone, second) in new[] { ("a", 1), ("b", 2) })
            {
                var prefixes = Enumerable.Range(0, 24).Select(n => "10." + second.ToString(CultureInfo.InvariantCulture) + "." + (n * 2).ToString(CultureInfo.InvariantCulture) + ".0/28");
                sb.Append("zone ").Append(zone).Append(" {\n  segment s {\n    vlan ").Append(100 + second).Append("\n    subnet ").Append(string.Join(", ", prefixes)).Append("\n  }\n}\n\n");
            }
            sb.Append("allow a -> b : tcp/443, tcp/8000-8080\n\n");
            sb.Append("target t eos {\n  zones a, b\n  ").Append(options).Append("\n  option acl-budget 100000\n");
            sb.Append("  device \"leaf1.example.net\" {\n    interface \"Ethernet1\" carries a.s\n    interface \"Ethernet2\" carries b.s\n    interface \"Ethernet49/1\" uplink\n  }\n}\n");
            return sb.ToString().Replace("target t eos", "target t arista-eos");
        }

        [Fact]
        public void Field_sets_turn_prefix_pairs_into_one_match()
        {
            var acl = EmitTestHelper.Artifact(EmitTestHelper.Build(Scattered(""), "t"), "t/leaf1.example.net.cfg");
            var text = Scattered(Option);
            var compilation = EmitTestHelper.Compile(text);
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { "t" });
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var tp = EmitTestHelper.Artifact(result, "t/leaf1.example.net.cfg");

            int aclEntries = Regex.Matches(acl, @"^   \d+ (permit|deny) ", RegexOptions.Multiline).Count;
            int matches = Regex.Matches(tp, @"^      match ", RegexOptions.Multiline).Count;
            // 24 sources × 24 destinations × 2 port ranges forward, replies the other way round.
            Assert.True(aclEntries >= 24 * 24, aclEntries + " ACL entries");
            Assert.True(matches <= 10, matches + " matches:\n" + tp);
            Assert.True(tp.Length * 20 < acl.Length, tp.Length + " bytes against " + acl.Length);
            // One field-set per zone's list, shared by the forward and the reply matches.
            Assert.Contains("field-set ipv4 prefix PC-SET4-1\n      10.1.0.0/28 10.1.2.0/28 ", tp);
            Assert.Equal(2, Regex.Matches(tp, @"^   field-set ipv4 prefix ", RegexOptions.Multiline).Count);
            Assert.Contains("protocol tcp destination port 443,8000-8080", tp);
            Assert.Contains("protocol tcp flags established source port 443,8000-8080", tp);

            var target = compilation.Model.Targets.Single();
            var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
            Assert.Empty(TranslationValidator.Validate(context, FabricTarget.Facts(target).Single(), tp, new EosAclReader()));
            // The same output twice, byte for byte.
            Assert.Equal(tp, EmitTestHelper.Artifact(EmitTestHelper.Build(text, "t"), "t/leaf1.example.net.cfg"));
        }

        public static IEnumerable<object[]> Breakages() => new[]
        {
            new object[] { " flags established", "", "forward: the ACL allows" },
            new object[] { "         protocol tcp destination port 443,8000-8080\n", "", "forward: the ACL allows" },
            new object[] { "10.2.2.0/28 ", "", "forward: the policy allows" },
            new object[] { "10.2.2.0/28 ", "10.2.2.0/28 10.9.0.0/16 ", "forward: the ACL allows" },
            new object[] { "      match ipv4-all-default ipv4\n         !\n         actions\n            drop\n", "      match ipv4-all-default ipv4\n", "forward: the ACL allows" },
            new object[] { "   traffic-policy input PC-a_s\n", "", "expected one inbound ACL, found 0" },
        };

        [Theory]
        [MemberData(nameof(Breakages))]
        public void A_broken_traffic_policy_fails_validation(string find, string replace, string expected)
        {
            var compilation = EmitTestHelper.Compile(Scattered(Option));
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { "t" });
            var tp = EmitTestHelper.Artifact(result, "t/leaf1.example.net.cfg");
            Assert.True(tp.Contains(find), tp);
            var broken = tp.Replace(find, replace);
            var target = compilation.Model.Targets.Single();
            var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
            var problems = TranslationValidator.Validate(context, FabricTarget.Facts(target).Single(), broken, new EosAclReader());
            Assert.True(problems.Any(p => p.Contains(expected)), string.Join("\n", problems));
        }

        [Fact]
        public void A_logged_allow_flow_is_refused_at_the_flow()
        {
            var text = Scattered(Option).Replace("allow a -> b : tcp/443, tcp/8000-8080", "allow a -> b : tcp/443, tcp/8000-8080 log");
            var result = EmitTestHelper.Build(text, "t");
            Assert.False(result.Succeeded);
            Assert.Empty(result.Artifacts);
            var d = Assert.Single(result.Diagnostics, x => x.Id == "NP4001");
            Assert.StartsWith("allow a -> b", text.Substring(d.Span.Start), StringComparison.Ordinal);
            Assert.Contains("traffic-policies log only the packets they drop", d.Message);
            // The access-list style logs permits.
            Assert.True(EmitTestHelper.Build(text.Replace(Option, ""), "t").Succeeded);
        }

        [Fact]
        public void A_logged_deny_drops_and_logs()
        {
            var text = Scattered(Option).Replace("allow a -> b : tcp/443, tcp/8000-8080", "allow a -> b : tcp/443, tcp/8000-8080\ndeny a -> b : tcp/22 log");
            var compilation = EmitTestHelper.Compile(text);
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { "t" });
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var tp = EmitTestHelper.Artifact(result, "t/leaf1.example.net.cfg");
            Assert.Contains("         protocol tcp destination port 22\n         !\n         actions\n            drop\n            log\n", tp);
            var target = compilation.Model.Targets.Single();
            var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
            Assert.Empty(TranslationValidator.Validate(context, FabricTarget.Facts(target).Single(), tp, new EosAclReader()));
        }

        [Fact]
        public void The_budget_counts_matches_not_prefix_pairs()
        {
            // 24 × 24 × 2 expanded entries are far over a budget of 100; the traffic-policy's few matches are not.
            var acl = EmitTestHelper.Build(Scattered("").Replace("option acl-budget 100000", "option acl-budget 100"), "t");
            Assert.Contains(acl.Diagnostics, d => d.Id == "NP4106");
            var tp = EmitTestHelper.Build(Scattered(Option).Replace("option acl-budget 100000", "option acl-budget 100"), "t");
            Assert.True(tp.Succeeded, string.Join("\n", tp.Diagnostics));
        }

        [Fact]
        public void An_unknown_filter_style_is_an_error_at_the_value()
        {
            var text = Scattered("option filter object-group");
            var compilation = EmitTestHelper.Compile(text);
            var d = Assert.Single(compilation.Diagnostics, x => x.Severity == PolicyLang.Diagnostics.DiagnosticSeverity.Error);
            Assert.StartsWith("object-group", text.Substring(d.Span.Start), StringComparison.Ordinal);
            Assert.Contains("access-list, traffic-policy", d.Message);
        }

        [Theory]
        [InlineData("traffic-policies\n   traffic-policy P\n      match M ipv4\n         source prefix field-set NOPE\n", "unknown field-set 'NOPE'")]
        [InlineData("traffic-policies\n   field-set ipv6 prefix S\n      fd00::/64\n   !\n   traffic-policy P\n      match M ipv4\n         source prefix field-set S\n", "not of the match's family")]
        [InlineData("traffic-policies\n   field-set ipv4 prefix S\n      10.0.0.1/24\n", "expected a prefix")]
        [InlineData("traffic-policies\n   traffic-policy P\n      match M ipv4\n         protocol tcp flags syn\n", "unexpected 'flags'")]
        [InlineData("traffic-policies\n   traffic-policy P\n      match M ipv4\n         protocol udp destination port 70000\n", "expected a number 0-65535")]
        [InlineData("traffic-policies\n   traffic-policy P\n      match M ipv4\n         protocol icmp destination port 80\n", "unexpected 'destination'")]
        [InlineData("traffic-policies\n   traffic-policy P\n      match M ipv4\n         actions\n            redirect next-hop 10.0.0.1\n", "unsupported action")]
        [InlineData("traffic-policies\n   traffic-policy P\n      match M ipv4\n         ttl 10\n", "unsupported match condition 'ttl 10'")]
        [InlineData("traffic-policies\n   source prefix 10.0.0.0/8\n", "outside a field-set or traffic-policy")]
        [InlineData("traffic-policies\n   traffic-policy P\n      match ipv4-all-default ipv4\n      match M ipv4\n", "after the default match")]
        [InlineData("traffic-policies\n   traffic-policy P\n   traffic-policy P\n", "defined twice")]
        [InlineData("traffic-policies\n   traffic-policy P\n      match M ipv4\n         protocol tcp destination port\n", "unexpected 'destination'")]
        public void The_reader_refuses_what_it_does_not_know_with_the_line(string text, string message)
        {
            var e = Assert.Throws<AclReadException>(() => new EosAclReader().Read(text));
            Assert.Contains(message, e.Message);
            Assert.True(e.Line >= 2, e.Message);
        }

        [Fact]
        public void Without_a_default_match_EOS_forwards_the_rest()
        {
            var parsed = new EosAclReader().Read("traffic-policies\n   traffic-policy P\n      match M ipv4\n         protocol tcp\n         !\n         actions\n            drop\n   !\n!\ninterface Ethernet1\n   traffic-policy input P\n");
            var v4 = parsed.Acls["P/ipv4"];
            Assert.Equal(new[] { "deny 6 any any", "permit ip any any" }, v4.Entries.Select(e => e.ToString()));
            Assert.Equal(new[] { "permit ip any any" }, parsed.Acls["P/ipv6"].Entries.Select(e => e.ToString()));
            Assert.Equal(2, parsed.Bindings.Count(b => b.Interface == "Ethernet1" && b.Inbound));
        }

        [Fact]
        public void Hostile_and_truncated_text_never_crashes_the_reader()
        {
            var text = EmitTestHelper.Artifact(EmitTestHelper.Build(Scattered(Option), "t"), "t/leaf1.example.net.cfg");
            var random = new Random(7);
            for (int i = 0; i < 300; i++)
            {
                var cut = text.Substring(0, random.Next(text.Length));
                var chars = cut.ToCharArray();
                for (int k = 0; k < 3 && chars.Length > 0; k++) chars[random.Next(chars.Length)] = "x 9/.,-\n\0"[random.Next(9)];
                try
                {
                    new EosAclReader().Read(new string(chars));
                }
                catch (AclReadException)
                {
                }
            }
        }
    }
}
