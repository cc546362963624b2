using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using Xunit;

namespace PolicyLang.Tests.Emit.Switch
{
    /// <summary>The platform checks of juniper-junos, sonic and cumulus-nvue, each reported at the policy text that causes it.</summary>
    public sealed class SwitchPlatformCheckTests
    {
        [Theory]
        [InlineData("juniper-junos")]
        [InlineData("sonic")]
        [InlineData("cumulus-nvue")]
        public void The_small_fabric_builds_and_validates(string platform)
        {
            var text = SwitchPolicies.Policy(platform);
            var compilation = EmitTestHelper.Compile(text);
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { "t1" });
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var target = compilation.Model.Targets.Single();
            var facts = FabricTarget.Facts(target).Single();
            var config = EmitTestHelper.Artifact(result, "t1/leaf1.example.net" + SwitchSamples.Extension(platform));
            Assert.Empty(TranslationValidator.Validate(SwitchSamples.Context(compilation, target), facts, config, SwitchSamples.Reader(platform)));
            Assert.Contains(result.Artifacts, a => a.RelativePath == "t1/ansible/rollout.yml");
            Assert.Contains(result.Artifacts, a => a.RelativePath == "t1/ansible/inventory.yml");
        }

        private static void AssertError(string text, string code, string at)
        {
            var result = EmitTestHelper.Build(text, "t1");
            Assert.False(result.Succeeded);
            Assert.Empty(result.Artifacts);
            var d = result.Diagnostics.FirstOrDefault(x => x.Id == code);
            Assert.True(d != null, "expected " + code + ", got:\n" + string.Join("\n", result.Diagnostics));
            Assert.StartsWith(at, text.Substring(d!.Span.Start), System.StringComparison.Ordinal);
        }

        [Fact]
        public void Sonic_mtu_above_9100_is_an_error_at_the_segment_mtu() =>
            AssertError(SwitchPolicies.Policy("sonic", mtu: 9200), "NP4102", "9200");

        [Fact]
        public void Sonic_uplink_mtu_with_vxlan_overhead_above_9100_is_an_error() =>
            AssertError(SwitchPolicies.Policy("sonic", mtu: 9100), "NP4102", "interface \"");

        [Fact]
        public void Junos_counts_the_ethernet_header_against_9216() =>
            AssertError(SwitchPolicies.Policy("juniper-junos", mtu: 9203), "NP4102", "9203");

        [Fact]
        public void Cumulus_reserved_vlan_is_an_error_at_the_vlan() =>
            AssertError(SwitchPolicies.Policy("cumulus-nvue", vlan: 3800), "NP4103", "3800");

        [Fact]
        public void Validating_targets_leaves_the_platform_descriptions_unchanged()
        {
            // Targets are validated in parallel by check and build: descriptions are immutable, and validating repeatedly
            // reports the same once.
            var limits = PolicyLang.Emit.Cumulus.NvuePlatform.Description.Switch!;
            for (int i = 0; i < 3; i++)
            {
                var compilation = EmitTestHelper.Compile(SwitchPolicies.Policy("cumulus-nvue", vlan: 3800));
                Assert.Single(compilation.Diagnostics, d => d.Id == "NP4103");
            }
            Assert.Equal("3725-3999", Assert.Single(limits.ReservedVlans).ToString());
        }

        [Fact]
        public void Sonic_lossless_priority_outside_3_and_4_is_an_error_at_the_class() =>
            AssertError(SwitchPolicies.Policy("sonic", pcp: 5), "NP4112", "rdma");

        [Theory]
        [InlineData("juniper-junos")]
        [InlineData("sonic")]
        [InlineData("cumulus-nvue")]
        public void An_acl_budget_too_small_is_an_error_at_the_option(string platform) =>
            AssertError(SwitchPolicies.Policy(platform, options: "option acl-budget 3" + (platform == "sonic" ? "\n  option dscp-trust on" : "")), "NP4106", "3\n");

        [Theory]
        [InlineData("juniper-junos")]
        [InlineData("sonic")]
        [InlineData("cumulus-nvue")]
        public void A_device_without_interface_facts_is_an_error_at_its_name(string platform) =>
            AssertError(SwitchPolicies.Policy(platform, extraDevices: "devices \"leaf2.example.net\""), "NP4100", "\"leaf2.example.net\"");

        [Theory]
        [InlineData("juniper-junos", "Ethernet1")]
        [InlineData("sonic", "swp1")]
        [InlineData("cumulus-nvue", "Ethernet0")]
        [InlineData("cumulus-nvue", "swp1\nnv set system hostname pwned")]
        [InlineData("sonic", "Ethernet0\", \"Ethernet4")]
        [InlineData("juniper-junos", "xe-0/0/1; } system { root-authentication")]
        public void An_interface_name_of_another_syntax_is_an_error_at_the_name(string platform, string name) =>
            AssertError(SwitchPolicies.Policy(platform, hostInterface: name), "NP4101", "\"");

        [Fact]
        public void A_linux_interface_name_longer_than_15_is_an_error() =>
            AssertError(SwitchPolicies.Policy("cumulus-nvue", hostInterface: "bondABCDEFGHIJKL"), "NP4157", "\"bondABCDEFGHIJKL\"");

        [Theory]
        [InlineData("leaf1\n- hosts: all")]
        [InlineData("leaf1; reboot")]
        [InlineData("{{ lookup('pipe','id') }}")]
        [InlineData("-leaf1.example.net")]
        public void A_device_name_that_is_not_a_host_name_is_an_error(string name) =>
            AssertError(SwitchPolicies.Policy("cumulus-nvue", device: name), "NP4108", "\"");

        [Fact]
        public void Sonic_class_marking_without_dscp_trust_is_an_error_at_the_flow() =>
            AssertError(SwitchPolicies.Policy("sonic", options: "option acl-budget 1000"), "NP4158", "allow a -> b");

        [Fact]
        public void Sonic_cannot_log() =>
            AssertError(SwitchPolicies.Policy("sonic", flowOptions: "class rdma log"), "NP4001", "allow a -> b");

        [Fact]
        public void Sonic_cannot_police() =>
            AssertError(SwitchPolicies.Policy("sonic", flowOptions: "class rdma rate 100Mbps"), "NP4001", "100Mbps");

        [Fact]
        public void Nvue_cannot_match_icmp_codes()
        {
            var text = SwitchPolicies.Policy("cumulus-nvue").Replace("allow a -> a : udp/4791", "allow a -> b : icmp destination-unreachable code 4");
            AssertError(text, "NP4001", "icmp destination-unreachable code 4");
        }

        [Theory]
        [InlineData("juniper-junos")]
        [InlineData("cumulus-nvue")]
        public void Bit_rate_limits_and_logs_compile_where_the_platform_has_them(string platform)
        {
            var text = SwitchPolicies.Policy(platform, flowOptions: "class rdma rate 100Mbps log");
            var compilation = EmitTestHelper.Compile(text);
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { "t1" });
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var config = EmitTestHelper.Artifact(result, "t1/leaf1.example.net" + SwitchSamples.Extension(platform));
            Assert.Contains(platform == "juniper-junos" ? "bandwidth-limit 100000000;" : "action police rate 100000", config);
            Assert.Contains(platform == "juniper-junos" ? "syslog;" : "action log", config);
            var target = compilation.Model.Targets.Single();
            Assert.Empty(TranslationValidator.Validate(SwitchSamples.Context(compilation, target), FabricTarget.Facts(target).Single(), config, SwitchSamples.Reader(platform)));
        }
    }
}
