using System.Collections.Generic;
using System.Linq;
using PolicyLang.Diagnostics;
using PolicyLang.Platforms;
using Xunit;

namespace PolicyLang.Tests.Emit.Switch
{
    /// <summary>
    /// One check framework for every switch platform: the same mistake is the same code, at the same place, with the same
    /// wording, on every registered switch platform (the data comes from the registry, so a new platform is tried too).
    /// </summary>
    public sealed class SwitchChecksTests
    {
        public static IEnumerable<object[]> SwitchPlatforms() =>
            PlatformRegistry.Backends.Where(b => b.Description.Kind == PlatformKind.Switch).Select(b => new object[] { b.Description.Name });

        [Fact]
        public void Every_switch_platform_is_tried()
        {
            Assert.Equal(new[] { "arista-eos", "cisco-iosxe", "cisco-nxos", "cumulus-nvue", "juniper-junos", "sonic" }, SwitchPlatforms().Select(p => (string)p[0]));
            foreach (var b in PlatformRegistry.Backends)
                Assert.Equal(b.Description.Kind == PlatformKind.Switch, b.Description.Switch != null);
        }

        private static Diagnostic Single(string text, string code, string spanStart)
        {
            var result = EmitTestHelper.Build(text, "t1");
            Assert.False(result.Succeeded);
            Assert.Empty(result.Artifacts);
            var found = result.Diagnostics.Where(d => d.Id == code).ToList();
            Assert.True(found.Count == 1, "expected one " + code + ", got:\n" + string.Join("\n", result.Diagnostics));
            Assert.StartsWith(spanStart, text.Substring(found[0].Span.Start), System.StringComparison.Ordinal);
            Assert.DoesNotContain(result.Diagnostics, d => string.CompareOrdinal(d.Id, "NP4150") >= 0 && string.CompareOrdinal(d.Id, "NP4156") <= 0);
            return found[0];
        }

        [Theory]
        [MemberData(nameof(SwitchPlatforms))]
        public void The_small_fabric_is_clean(string platform)
        {
            var result = EmitTestHelper.Build(SwitchPolicies.Policy(platform), "t1");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        }

        [Theory]
        [MemberData(nameof(SwitchPlatforms))]
        public void A_device_name_that_is_not_a_host_name_is_NP4108(string platform)
        {
            var d = Single(SwitchPolicies.Policy(platform, device: "leaf1; reboot"), "NP4108", "\"leaf1; reboot\"");
            Assert.StartsWith("device name 'leaf1; reboot' is not a valid host name: expected labels of letters", d.Message);
        }

        [Theory]
        [MemberData(nameof(SwitchPlatforms))]
        public void A_device_without_a_device_block_is_NP4100(string platform)
        {
            var d = Single(SwitchPolicies.Policy(platform, extraDevices: "devices \"leaf2.example.net\""), "NP4100", "\"leaf2.example.net\"");
            Assert.Equal("device 'leaf2.example.net' of target 't1' (" + platform + ") has no device block: expected a device block with at least one "
                + "'interface \"NAME\" carries ZONE[.SEGMENT]', so its ACLs and QoS are attached somewhere", d.Message);
        }

        [Theory]
        [MemberData(nameof(SwitchPlatforms))]
        public void An_interface_name_of_another_syntax_is_NP4101(string platform)
        {
            var d = Single(SwitchPolicies.Policy(platform, hostInterface: "Gi0/1"), "NP4101", "\"Gi0/1\"");
            Assert.StartsWith("'Gi0/1' is not a " + PlatformRegistry.Describe(platform)!.DisplayName + " interface name: expected ", d.Message);
        }

        [Theory]
        [MemberData(nameof(SwitchPlatforms))]
        public void An_interface_name_with_a_trailing_line_break_is_NP4101(string platform)
        {
            var (host, _) = SwitchPolicies.Interfaces(platform);
            Single(SwitchPolicies.Policy(platform, hostInterface: host + "\n"), "NP4101", "\"");
        }

        [Theory]
        [MemberData(nameof(SwitchPlatforms))]
        public void A_segment_MTU_above_the_platforms_ceiling_is_NP4102_at_the_MTU(string platform)
        {
            var limits = PlatformRegistry.Describe(platform)!.Switch!;
            int mtu = limits.MaxMtu - limits.MtuOverhead + 1;
            if (mtu > 9216)
            {
                // The language's own range (68-9216, NP2007) already stops at this platform's ceiling.
                Assert.True(EmitTestHelper.Build(SwitchPolicies.Policy(platform, mtu: 9216).Replace("    vtep 10.255.0.1\n", ""), "t1").Succeeded);
                return;
            }
            var text = SwitchPolicies.Policy(platform, mtu: mtu);
            var d = Single(text, "NP4102", mtu.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.EndsWith("needs MTU " + (mtu + limits.MtuOverhead) + ", above the " + PlatformRegistry.Describe(platform)!.DisplayName + " maximum of " + limits.MaxMtu, d.Message);
        }

        [Theory]
        [MemberData(nameof(SwitchPlatforms))]
        public void An_ACL_over_the_budget_is_NP4106_at_the_option(string platform)
        {
            var options = "option acl-budget 1" + (platform == "sonic" ? "\n  option dscp-trust on" : "");
            var text = SwitchPolicies.Policy(platform, options: options);
            var result = EmitTestHelper.Build(text, "t1");
            var budget = result.Diagnostics.Where(d => d.Id == "NP4106").ToList();
            Assert.NotEmpty(budget);
            Assert.All(budget, d =>
            {
                Assert.Equal("1", text.Substring(d.Span.Start, d.Span.Length));
                Assert.Matches(@"^ACL '[^']+' on device 'leaf1\.example\.net' needs \d+ entries, over the budget of 1 \(option acl-budget\)$", d.Message);
            });
        }

        [Theory]
        [MemberData(nameof(SwitchPlatforms))]
        public void A_VTEP_source_that_is_not_a_loopback_is_NP4109(string platform)
        {
            var text = SwitchPolicies.Policy(platform, vtep: "10.255.0.1 source \"eth0\"");
            if (!PlatformRegistry.Describe(platform)!.Switch!.Vxlan)
            {
                // No VXLAN at all: the VTEP itself is the error, at its address.
                Assert.Contains("VXLAN", Single(text, "NP4001", "10.255.0.1").Message);
                return;
            }
            var compilation = EmitTestHelper.Compile(text);
            if (compilation.Diagnostics.Any(d => d.Id.StartsWith("NP0", System.StringComparison.Ordinal) || d.Id.StartsWith("NP1", System.StringComparison.Ordinal)))
                Assert.Fail("the policy does not parse: " + string.Join("\n", compilation.Diagnostics));
            var d = Single(text, "NP4109", "\"eth0\"");
            Assert.StartsWith("VTEP source 'eth0' is not a " + PlatformRegistry.Describe(platform)!.DisplayName + " loopback interface: expected ", d.Message);
        }

        [Theory]
        [InlineData("NP4150", "NP4100")]
        [InlineData("NP4151", "NP4108")]
        [InlineData("NP4156", "NP4106")]
        public void Retired_codes_name_their_replacements(string retired, string now)
        {
            Assert.Null(DiagnosticCatalog.Find(retired));
            Assert.Contains(now, DiagnosticCatalog.ReplacementsOf(retired));
            foreach (var r in DiagnosticCatalog.RetiredCodes) Assert.All(r.Value, c => Assert.NotNull(DiagnosticCatalog.Find(c)));
        }
    }
}
