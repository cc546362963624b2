using System.Linq;
using PolicyLang.Emit;
using Xunit;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>Platform limits of the EOS and NX-OS backends, each reported at the policy text that causes it.</summary>
    public sealed class FabricChecksTests
    {
        private static string Policy(string platform, string target, string zones = "", string classes = "", string flows = "allow a -> b : tcp/22\n") =>
            "policy p {\n  default deny\n}\n" + classes +
            "zone a {\n  segment s1 {\n    vlan 110\n    vni 10110\n    subnet 10.1.0.0/16, fd00:1::/64\n    mtu 9000\n  }\n" + zones + "}\n" +
            "zone b {\n  segment s2 {\n    vlan 120\n    subnet 10.2.0.0/16\n  }\n}\n" + flows +
            "target t " + platform + " {\n  zones a, b\n" + target + "}\n";

        private static string Eos(string device = "  device \"leaf1\" {\n    vtep 10.255.0.1 source \"Loopback1\"\n    interface \"Ethernet1\" carries a\n    interface \"Ethernet2\" carries b\n    interface \"Ethernet49/1\" uplink\n  }\n") => device;

        private static (BuildResult Result, string Text) Build(string policy)
        {
            var compilation = EmitTestHelper.Compile(policy);
            var result = PolicyBuilder.Build(new[] { compilation });
            return (result, policy);
        }

        private static void AssertAt(string policy, BuildResult result, string code, string spanText, string messagePart)
        {
            var d = result.Diagnostics.FirstOrDefault(x => x.Id == code);
            Assert.True(d != null, code + " not reported: " + string.Join("\n", result.Diagnostics));
            Assert.Equal(spanText, policy.Substring(d!.Span.Start, d.Span.Length));
            Assert.Contains(messagePart, d.Message);
        }

        [Fact]
        public void A_clean_target_builds_one_file_per_device()
        {
            var (result, _) = Build(Policy("arista-eos", Eos()));
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            Assert.Equal("t/leaf1.cfg", Assert.Single(result.Artifacts, a => a.RelativePath.EndsWith(".cfg", System.StringComparison.Ordinal)).RelativePath);
            Assert.Contains(result.Artifacts, a => a.RelativePath == "t/ansible/rollout.yml");
        }

        [Fact]
        public void A_device_without_interfaces_is_an_error_NP4100()
        {
            var policy = Policy("arista-eos", "  devices \"leaf2\"\n" + Eos());
            var (result, _) = Build(policy);
            AssertAt(policy, result, "NP4100", "\"leaf2\"", "no device block");
            Assert.Empty(result.Artifacts);
        }

        [Fact]
        public void Interface_names_follow_the_platform_NP4101()
        {
            var policy = Policy("cisco-nxos", "  device \"leaf1\" {\n    interface \"Ethernet1\" carries a\n    interface \"Ethernet1/2\" carries b\n  }\n");
            var (result, _) = Build(policy);
            AssertAt(policy, result, "NP4101", "\"Ethernet1\"", "not a Cisco NX-OS interface name");
        }

        [Fact]
        public void MTU_ceilings_per_platform_NP4102()
        {
            var eos = Policy("arista-eos", Eos()).Replace("mtu 9000", "mtu 9216");
            var (result, _) = Build(eos);
            AssertAt(eos, result, "NP4102", "9216", "above the Arista EOS maximum of 9214");
            var nxos = Policy("cisco-nxos", "  device \"leaf1\" {\n    interface \"Ethernet1/1\" carries a\n    interface \"Ethernet1/2\" carries b\n  }\n").Replace("mtu 9000", "mtu 9216");
            Assert.True(Build(nxos).Result.Succeeded);
            var uplink = Policy("arista-eos", Eos()).Replace("mtu 9000", "mtu 9200");
            var (r2, _) = Build(uplink);
            AssertAt(uplink, r2, "NP4102", "interface \"Ethernet49/1\" uplink", "needs MTU 9250");
        }

        [Fact]
        public void Reserved_VLANs_are_errors_on_NXOS_NP4103_and_internal_ones_warnings_on_EOS_NP4104()
        {
            var nxos = Policy("cisco-nxos", "  device \"leaf1\" {\n    interface \"Ethernet1/1\" carries a\n    interface \"Ethernet1/2\" carries b\n  }\n").Replace("vlan 110", "vlan 1002");
            var (r1, _) = Build(nxos);
            AssertAt(nxos, r1, "NP4103", "1002", "reserved on Cisco NX-OS");
            var eos = Policy("arista-eos", Eos()).Replace("vlan 110", "vlan 2000");
            var (r2, _) = Build(eos);
            AssertAt(eos, r2, "NP4104", "2000", "internal VLAN range 1006-4094");
            Assert.True(r2.Succeeded);
        }

        [Fact]
        public void At_most_two_lossless_priorities_NP4105()
        {
            var classes = string.Concat(new[] { 3, 4, 5 }.Select(q => "class c" + q + " {\n  dscp " + (q + 20) + "\n  queue " + q + "\n  pcp " + q + "\n  lossless\n}\n"));
            var policy = Policy("arista-eos", Eos(), classes: classes);
            var (result, _) = Build(policy);
            AssertAt(policy, result, "NP4105", "c5", "at most 2 lossless priorities");
        }

        [Fact]
        public void ACL_budget_NP4106()
        {
            var policy = Policy("arista-eos", "  option acl-budget 1\n" + Eos());
            var (result, _) = Build(policy);
            AssertAt(policy, result, "NP4106", "1", "over the budget of 1");
        }

        [Fact]
        public void ACL_name_prefix_NP4107()
        {
            var policy = Policy("cisco-nxos", "  option acl-prefix \"9bad name\"\n  device \"leaf1\" {\n    interface \"Ethernet1/1\" carries a\n    interface \"Ethernet1/2\" carries b\n  }\n");
            var (result, _) = Build(policy);
            AssertAt(policy, result, "NP4107", "\"9bad name\"", "expected a letter");
            var good = Policy("cisco-nxos", "  option acl-prefix \"LAB_\"\n  device \"leaf1\" {\n    interface \"Ethernet1/1\" carries a\n    interface \"Ethernet1/2\" carries b\n  }\n");
            var built = Build(good).Result;
            Assert.True(built.Succeeded);
            Assert.Contains("ip access-list LAB_a_s1-V4", built.Artifacts.Single(a => a.RelativePath.EndsWith(".cfg", System.StringComparison.Ordinal)).Content);
        }

        [Fact]
        public void VTEP_source_must_be_a_loopback_NP4109()
        {
            var policy = Policy("arista-eos", Eos().Replace("source \"Loopback1\"", "source \"Ethernet7\""));
            var (result, _) = Build(policy);
            AssertAt(policy, result, "NP4109", "\"Ethernet7\"", "expected LoopbackN");
        }

        [Fact]
        public void A_VLAN_interface_carries_only_its_VLAN_NP4110()
        {
            var policy = Policy("arista-eos", "  device \"leaf1\" {\n    interface \"Vlan110\" carries a\n    interface \"Vlan121\" carries b\n  }\n");
            var (result, _) = Build(policy);
            AssertAt(policy, result, "NP4110", "interface \"Vlan121\" carries b", "on VLAN 120");
        }

        [Fact]
        public void A_VNI_without_a_VLAN_is_a_warning_NP4111()
        {
            var policy = Policy("arista-eos", Eos()).Replace("    vlan 110\n", "");
            var (result, _) = Build(policy);
            AssertAt(policy, result, "NP4111", "10110", "cannot map it");
            Assert.True(result.Succeeded);
        }

        [Fact]
        public void NXOS_cannot_make_queue_0_lossless_NP4112()
        {
            var classes = "class rdma {\n  dscp 26\n  queue 0\n  pcp 3\n  lossless\n}\n";
            var policy = Policy("cisco-nxos", "  device \"leaf1\" {\n    interface \"Ethernet1/1\" carries a\n    interface \"Ethernet1/2\" carries b\n  }\n", classes: classes);
            var (result, _) = Build(policy);
            AssertAt(policy, result, "NP4112", "0", "only queues 1-7");
        }

        [Fact]
        public void Connection_and_packet_rates_cannot_be_expressed_NP4001_and_bit_rates_are_policed()
        {
            var policy = Policy("arista-eos", Eos(), flows: "allow a -> b : tcp/22 rate 100/s\n");
            var (result, _) = Build(policy);
            AssertAt(policy, result, "NP4001", "100/s", "no such rate limit");
            var policed = Policy("arista-eos", Eos(), flows: "allow a -> b : tcp/22 rate 100Mbps\nallow b -> a : tcp/80 rate 10Mbps\n");
            var built = Build(policed).Result;
            Assert.True(built.Succeeded, string.Join("\n", built.Diagnostics));
            var text = built.Artifacts.Single(a => a.RelativePath.EndsWith(".cfg", System.StringComparison.Ordinal)).Content;
            Assert.Contains("police rate 100000 kbps burst-size 1525 kbytes", text);
            // b's hosts are on Ethernet2 of this device: its flow is policed there, not on the uplink.
            Assert.Contains("police rate 10000 kbps", text);
        }
    }
}
