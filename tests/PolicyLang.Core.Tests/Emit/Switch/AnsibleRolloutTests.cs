using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric.Ansible;
using Xunit;

namespace PolicyLang.Tests.Emit.Switch
{
    /// <summary>The inventory and playbook text itself (tests/PolicyLang.E2E runs ansible on them).</summary>
    public sealed class AnsibleRolloutTests
    {
        [Theory]
        [InlineData("leaf1\nall:\n  hosts:\n    injected:")]
        [InlineData("q\"uote: x")]
        [InlineData("{{ lookup('pipe', 'id') }}")]
        [InlineData("a\u2028b\u0085c")]
        [InlineData("back\\slash")]
        public void A_hostile_device_name_is_one_quoted_key_and_its_path_is_unsafe(string device)
        {
            var config = new Artifact("t", "sonic", "t/dev.json", "{}\n");
            var artifacts = AnsibleRollout.Create("t", "sonic", Profile("sonic"), new[] { new RolloutDevice(device, config.RelativePath) }, new[] { config });
            var inventory = artifacts.Single(a => a.RelativePath == "t/ansible/inventory.yml").Content;
            var lines = inventory.Split('\n');
            var host = lines.Single(l => l.StartsWith("        \"", System.StringComparison.Ordinal));
            Assert.Equal("        " + YamlText.Quoted(device) + ":", host);
            Assert.Contains("          policyc_config: !unsafe \"../dev.json\"", lines);
            Assert.All(lines, l => Assert.True(l.Length == 0 || l.StartsWith("#", System.StringComparison.Ordinal) || l.StartsWith("all:", System.StringComparison.Ordinal) || l.StartsWith("  ", System.StringComparison.Ordinal), l));
            Assert.All(inventory, c => Assert.True(c == '\n' || (c >= 0x20 && c < 0x7F), "raw character U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));
        }

        [Fact]
        public void A_network_config_holding_a_jinja_delimiter_is_a_bug_not_an_output()
        {
            var config = new Artifact("t", "juniper-junos", "t/dev.conf", "description \"{{ x }}\";\n");
            Assert.Throws<System.InvalidOperationException>(() =>
                AnsibleRollout.Create("t", "juniper-junos", Profile("juniper-junos"), new[] { new RolloutDevice("dev", config.RelativePath) }, new[] { config }));
        }

        [Theory]
        [InlineData("arista-eos", "arista.eos.eos_config:")]
        [InlineData("cisco-nxos", "cisco.nxos.nxos_config:")]
        [InlineData("cisco-iosxe", "configure replace flash:")]
        [InlineData("juniper-junos", "update: replace")]
        [InlineData("sonic", "cmd: sonic_apply.py /etc/sonic/policyc/pod-2.json /etc/sonic/policyc/pod-2.json.applied")]
        [InlineData("cumulus-nvue", "argv: [nv, config, apply, --assume-yes]")]
        public void Each_platform_uses_its_collection_with_replace_semantics(string kind, string expected)
        {
            var config = new Artifact("pod-2", "x", "pod-2/dev.cfg", "x\n");
            var playbook = AnsibleRollout.Create("pod-2", "x", Profile(kind), new[] { new RolloutDevice("dev", config.RelativePath) }, new[] { config })
                .Single(a => a.RelativePath == "pod-2/ansible/rollout.yml").Content;
            Assert.Contains(expected, playbook);
            Assert.Contains("hosts: policyc_pod_2", playbook);
        }
    
        private static RolloutProfile Profile(string platform) => ((PolicyLang.Emit.Fabric.ISwitchBackend)PolicyLang.Platforms.PlatformRegistry.Find(platform)!).Rollout;
    }
}
