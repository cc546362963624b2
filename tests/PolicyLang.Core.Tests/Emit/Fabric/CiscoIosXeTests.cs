using System;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit;
using PolicyLang.Emit.CiscoIosXe;
using PolicyLang.Emit.Fabric;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>
    /// cisco-iosxe: what it writes (wildcard masks, IPv6 sequence numbers, FQDN split into hostname and domain), what it
    /// refuses loudly (classes, VXLAN), what its reader refuses (masks that are not one prefix), and that a tampered
    /// configuration fails translation validation. The exact proof over every sample is <see cref="TranslationValidationTests"/>.
    /// </summary>
    [ProvesPlatform(PlatformProof.HostileNames, "cisco-iosxe")]
    public sealed class CiscoIosXeTests
    {
        private const string Hostile = "x\\nusername evil privilege 15 secret 0 pwned\\r\\nend ! \\\" ; } { $(reboot) `id` {{ 1234*1000 }} | \\u{2028}interface Vlan1\\u{85}\\u{2029}";

        private static string Policy(string segmentDescription = "ok", string device = "sw1.example.net", string iface1 = "Vlan110",
            string iface2 = "GigabitEthernet1/0/2", string extra = "", string deviceExtra = "") =>
            "policy p {\n  default deny\n  description \"" + Hostile + "\"\n}\n" +
            "class bulk {\n  dscp 10\n  queue 1\n}\n" +
            "zone a {\n  description \"" + Hostile + "\"\n  segment s1 {\n    vlan 110\n    subnet 10.1.0.0/16, 2001:db8:1::/48\n    description \"" + segmentDescription + "\"\n  }\n}\n" +
            "zone b {\n  segment s2 {\n    vlan 120\n    subnet 10.2.0.0/16\n  }\n}\n" +
            "external resolver {\n  subnet 10.9.9.9/32\n}\n" +
            "allow a -> b : tcp/22 log description \"" + Hostile + "\"\n" +
            "allow a -> resolver : udp/53\n" + extra +
            "target t cisco-iosxe {\n  zones a, b\n  description \"" + Hostile + "\"\n" +
            "  device \"" + device + "\" {\n" + deviceExtra + "    interface \"" + iface1 + "\" carries a\n    interface \"" + iface2 + "\" carries b\n" +
            "    interface \"TenGigabitEthernet1/1/1\" uplink\n  }\n}\n";

        private static string Config(BuildResult result) =>
            Assert.Single(result.Artifacts, a => a.RelativePath.EndsWith(".cfg", StringComparison.Ordinal)).Content;

        [Fact]
        public void Writes_wildcard_masks_hosts_IPv6_sequences_and_splits_a_qualified_name()
        {
            var result = EmitTestHelper.Build(Policy());
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var lines = Config(result).Split('\n');
            Assert.Contains("hostname sw1", lines);
            Assert.Contains("ip domain name example.net", lines);
            Assert.Contains("ip access-list extended PC-a_s1-V4", lines);
            Assert.Contains(" 10 permit tcp 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255 eq 22 log", lines);
            Assert.Contains(" 20 permit udp 10.1.0.0 0.0.255.255 host 10.9.9.9 eq 53", lines);
            Assert.Contains("ipv6 access-list PC-a_s1-V6", lines);
            Assert.Contains(lines, l => l.StartsWith(" sequence 10 deny ipv6 any any", StringComparison.Ordinal));
            Assert.Contains(" ip access-group PC-a_s1-V4 in", lines);
            Assert.Contains(" ipv6 traffic-filter PC-a_s1-V6 in", lines);
            Assert.Contains(" switchport mode trunk", lines);
            Assert.Contains(" switchport trunk allowed vlan 120", lines);
        }

        [Fact]
        public void A_class_or_a_VTEP_is_an_error_at_its_own_span_never_a_dropped_intent()
        {
            var classed = Policy(extra: "allow b -> a : tcp/443 class bulk\n");
            var result = EmitTestHelper.Build(classed);
            Assert.Empty(result.Artifacts);
            var d = Assert.Single(result.Diagnostics, x => x.Id == "NP4001");
            Assert.Contains("class", d.Message);

            var vtep = Policy(deviceExtra: "    vtep 10.255.0.1 source \"Loopback1\"\n");
            result = EmitTestHelper.Build(vtep);
            Assert.Empty(result.Artifacts);
            d = Assert.Single(result.Diagnostics, x => x.Id == "NP4001");
            Assert.Contains("VXLAN", d.Message);
            Assert.Equal("10.255.0.1", vtep.Substring(d.Span.Start, d.Span.Length));
        }

        [Fact]
        public void Hostile_descriptions_never_add_a_line()
        {
            foreach (var segmentDescription in new[] { Hostile, new string('A', 5000) + "\\nusername evil" })
            {
                var result = EmitTestHelper.Build(Policy(segmentDescription));
                Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
                var text = Config(result);
                var lines = text.Split('\n');
                Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("username", StringComparison.Ordinal));
                Assert.Single(lines, l => l == "end");
                Assert.Single(lines, l => l.StartsWith("hostname", StringComparison.Ordinal));
                Assert.DoesNotContain("1234000", text);
                Assert.DoesNotContain("$(", text);
                Assert.DoesNotContain("`", text);
                Assert.DoesNotContain("{", text);
                Assert.All(text, c => Assert.True(c == '\n' || (c >= 0x20 && c < 0x7F), "character U+" + ((int)c).ToString("X4")));
                Assert.True(lines.First(l => l.Contains("description policyc: a.s1")).Length < 260);
                // The rollout's own files carry nothing of the policy but the target's and device's validated names.
                Assert.All(result.Artifacts.Where(a => a.RelativePath.Contains("/ansible/")), a => Assert.DoesNotContain("username", a.Content));
            }
        }

        [Fact]
        public void Hostile_device_interface_and_source_names_are_errors_at_their_own_span()
        {
            foreach (var bad in new[] { "sw1\\nusername evil", "sw1 ; reload", "$(reboot)", "{{ 1 }}", "sw\\u{2028}1", new string('a', 300), "..", "a..b" })
            {
                var policy = Policy(device: bad);
                var result = EmitTestHelper.Build(policy);
                Assert.Empty(result.Artifacts);
                var d = Assert.Single(result.Diagnostics, x => x.Id == "NP4108");
                Assert.Equal("\"" + bad + "\"", policy.Substring(d.Span.Start, d.Span.Length));
            }
            foreach (var bad in new[] { "Vlan110\\n shutdown", "Vlan110 ; reload", "{{ x }}", "Vlan110\\u{2028}", "Gi1/0/1", "Ethernet1/1" })
            {
                var policy = Policy(iface1: bad);
                var result = EmitTestHelper.Build(policy);
                Assert.Empty(result.Artifacts);
                var d = Assert.Single(result.Diagnostics, x => x.Id == "NP4101");
                Assert.Equal("\"" + bad + "\"", policy.Substring(d.Span.Start, d.Span.Length));
            }
        }

        [Theory]
        [InlineData(" 10 permit ip 10.1.0.0 0.0.255.255 any", "10.1.0.0/16")]
        [InlineData(" 10 permit ip host 10.1.2.3 any", "10.1.2.3/32")]
        [InlineData(" 10 permit ip 0.0.0.0 255.255.255.255 any", "0.0.0.0/0")]
        public void The_reader_turns_a_wildcard_mask_into_its_prefix(string entry, string prefix)
        {
            var config = new IosXeAclReader().Read("ip access-list extended A\n" + entry + "\n!\n");
            var e = Assert.Single(config.Acls["A"].Entries);
            Assert.Equal(IpPrefix.Parse(prefix), Assert.Single(e.Sources!));
        }

        [Theory]
        [InlineData("ip access-list extended A\n 10 permit ip 10.1.0.0 0.0.255.0 any\n", "not contiguous")]
        [InlineData("ip access-list extended A\n 10 permit ip 10.1.0.1 0.0.255.255 any\n", "inside its wildcard mask")]
        [InlineData("ip access-list extended A\n 10 permit ip 10.1.0.0/16 any\n", "expected an IPv4 address")]
        [InlineData("ip access-list standard A\n 10 permit 10.1.0.0 0.0.255.255\n", "named extended ACL")]
        [InlineData("ipv6 access-list A\n sequence x permit ipv6 any any\n", "after sequence")]
        [InlineData("ip access-list extended A\n 10 permit ip any any\nip access-list extended A\n 10 deny ip any any\n", "defined twice")]
        public void The_reader_refuses_what_the_backend_never_writes(string text, string message)
        {
            var e = Assert.Throws<AclReadException>(() => new IosXeAclReader().Read(text));
            Assert.Contains(message, e.Message);
        }

        [Fact]
        public void A_widened_wildcard_mask_fails_translation_validation()
        {
            var (compilations, targets) = FabricSamples.Load("campus-lab", "cisco-iosxe");
            var result = PolicyBuilder.Build(compilations, targets);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var context = FabricSamples.Context(compilations, targets[0]);
            var facts = FabricDeviceFacts.From(context.Target.DeviceFacts[0]);
            var text = Config(result);
            Assert.Empty(TranslationValidator.Validate(context, facts, text, new IosXeAclReader()));
            // One more bit in a source mask: the ACL now admits a /23 where the policy allows a /24.
            Assert.Contains("10.100.30.0 0.0.0.255 10.100.20.0 0.0.0.255 eq 22", text);
            var widened = text.Replace("10.100.30.0 0.0.0.255 10.100.20.0 0.0.0.255 eq 22", "10.100.30.0 0.0.0.255 10.100.20.0 0.0.1.255 eq 22");
            var problems = TranslationValidator.Validate(context, facts, widened, new IosXeAclReader());
            Assert.Contains(problems, p => p.Contains("forward: the ACL allows") && p.Contains("the policy does not"));
        }
    }
}
