using System.Linq;
using PolicyLang.Emit;
using Xunit;
using PolicyLang.TestSupport;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>No policy string can add a line, a command or a template expression to an EOS or NX-OS configuration.</summary>
    [ProvesPlatform(PlatformProof.HostileNames, "arista-eos", "cisco-nxos")]
    public sealed class FabricHostileNameTests
    {
        private const string Hostile = "x\\nusername evil privilege 15 secret 0 pwned\\r\\nend ! \\\" ; } { $(reboot) `id` {{ 1234*1000 }} | \\u{2028}interface Vlan1\\u{85}\\u{2029}";

        private static string Policy(string platform, string segmentDescription, string device, string iface1, string iface2, string source) =>
            "policy p {\n  default deny\n  description \"" + Hostile + "\"\n}\n" +
            "class rdma {\n  dscp 26\n  queue 3\n  pcp 3\n  lossless\n  description \"" + Hostile + "\"\n}\n" +
            "zone a {\n  description \"" + Hostile + "\"\n  segment s1 {\n    vlan 110\n    vni 10110\n    subnet 10.1.0.0/16\n    description \"" + segmentDescription + "\"\n  }\n}\n" +
            "zone b {\n  segment s2 {\n    vlan 120\n    subnet 10.2.0.0/16\n  }\n}\n" +
            "allow a -> b : tcp/22 class rdma log description \"" + Hostile + "\"\n" +
            "target t " + platform + " {\n  zones a, b\n  description \"" + Hostile + "\"\n" +
            "  device \"" + device + "\" {\n    vtep 10.255.0.1 source \"" + source + "\"\n    interface \"" + iface1 + "\" carries a\n    interface \"" + iface2 + "\" carries b\n  }\n}\n";

        [Theory]
        [InlineData("arista-eos", "Ethernet1", "Ethernet2", "Loopback1")]
        [InlineData("cisco-nxos", "Ethernet1/1", "Ethernet1/2", "loopback1")]
        public void Hostile_descriptions_never_add_a_line(string platform, string if1, string if2, string source)
        {
            var longText = new string('A', 5000) + "\\nusername evil";
            foreach (var segmentDescription in new[] { Hostile, longText })
            {
                var result = EmitTestHelper.Build(Policy(platform, segmentDescription, "leaf1.example.net", if1, if2, source));
                Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
                var text = Assert.Single(result.Artifacts, a => a.RelativePath.EndsWith(".cfg", System.StringComparison.Ordinal)).Content;
                var lines = text.Split('\n');
                Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("username"));
                Assert.DoesNotContain(lines, l => l.TrimStart() == "end" && platform == "cisco-nxos");
                Assert.Single(lines, l => l.StartsWith("hostname"));
                Assert.DoesNotContain("1234000", text);
                Assert.DoesNotContain("$(", text);
                Assert.DoesNotContain("`", text);
                Assert.DoesNotContain("{", text);
                Assert.All(text, c => Assert.True(c == '\n' || (c >= 0x20 && c < 0x7F), "character U+" + ((int)c).ToString("X4")));
                var description = lines.First(l => l.Contains("description policyc: a.s1"));
                Assert.True(description.Length < 260, description.Length.ToString());
            }
        }

        [Theory]
        [InlineData("arista-eos", "Ethernet1", "Ethernet2", "Loopback1")]
        [InlineData("cisco-nxos", "Ethernet1/1", "Ethernet1/2", "loopback1")]
        public void Hostile_device_interface_and_source_names_are_errors_at_their_own_span(string platform, string if1, string if2, string source)
        {
            foreach (var bad in new[] { "leaf1\\nusername evil", "leaf1 ; reboot", "$(reboot)", "{{ 1 }}", "leaf\\u{2028}1", new string('a', 300), "..", "a..b" })
            {
                var policy = Policy(platform, "ok", bad, if1, if2, source);
                var result = EmitTestHelper.Build(policy);
                Assert.Empty(result.Artifacts);
                var d = Assert.Single(result.Diagnostics, x => x.Id == "NP4108");
                Assert.Equal("\"" + bad + "\"", policy.Substring(d.Span.Start, d.Span.Length));
            }
            foreach (var bad in new[] { if1 + "\\n shutdown", if1 + " ; reload", "{{ x }}", if1 + "\\u{2028}" })
            {
                var policy = Policy(platform, "ok", "leaf1", bad, if2, source);
                var result = EmitTestHelper.Build(policy);
                Assert.Empty(result.Artifacts);
                var d = Assert.Single(result.Diagnostics, x => x.Id == "NP4101");
                Assert.Equal("\"" + bad + "\"", policy.Substring(d.Span.Start, d.Span.Length));
            }
            var sourcePolicy = Policy(platform, "ok", "leaf1", if1, if2, source + "\\nusername x");
            var sourceResult = EmitTestHelper.Build(sourcePolicy);
            Assert.Empty(sourceResult.Artifacts);
            Assert.Single(sourceResult.Diagnostics, x => x.Id == "NP4109");
        }
    }
}
