using System;
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
        [InlineData("- item # comment")]
        [InlineData("&anchor *alias !tag")]
        [InlineData("true")]
        [InlineData("leaf1.dc1.example.net")]
        public void A_hostile_device_name_is_one_key_and_its_path_is_unsafe(string device)
        {
            var config = new Artifact("t", "sonic", "t/dev.json", "{}\n");
            var artifacts = AnsibleRollout.Create("t", "sonic", Profile("sonic"), new[] { new RolloutDevice(device, config.RelativePath) }, new[] { config });
            var inventory = artifacts.Single(a => a.RelativePath == "t/ansible/inventory.yml").Content;
            // Read back by a YAML parser: one group, one host named exactly as the device, its path tagged !unsafe.
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            stream.Load(new System.IO.StringReader(inventory));
            var root = (YamlDotNet.RepresentationModel.YamlMappingNode)Assert.Single(stream.Documents).RootNode;
            var all = (YamlDotNet.RepresentationModel.YamlMappingNode)Assert.Single(root.Children).Value;
            var children = (YamlDotNet.RepresentationModel.YamlMappingNode)Assert.Single(all.Children).Value;
            var group = Assert.Single(children.Children);
            Assert.Equal("policyc_t", ((YamlDotNet.RepresentationModel.YamlScalarNode)group.Key).Value);
            var hosts = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlMappingNode)group.Value).Children[new YamlDotNet.RepresentationModel.YamlScalarNode("hosts")];
            var host = Assert.Single(hosts.Children);
            var key = (YamlDotNet.RepresentationModel.YamlScalarNode)host.Key;
            Assert.Equal(device, key.Value);
            // A name that YAML would read as another type (true) or that plain style cannot carry is double-quoted.
            Assert.Equal(device == "leaf1.dc1.example.net", key.Style == YamlDotNet.Core.ScalarStyle.Plain);
            var path = (YamlDotNet.RepresentationModel.YamlScalarNode)Assert.Single(((YamlDotNet.RepresentationModel.YamlMappingNode)host.Value).Children).Value;
            Assert.Equal("!unsafe", path.Tag.Value);
            Assert.Equal("../dev.json", path.Value);
            Assert.All(inventory, c => Assert.True(c == '\n' || (c >= 0x20 && c < 0x7F), "raw character U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));
        }

        [Fact]
        public void The_inventory_reads_as_ansible_inventory_prints_it()
        {
            var config = new Artifact("pod-1", "arista-eos", "pod-1/leaf1.cfg", "x\n");
            var inventory = AnsibleRollout.Create("pod-1", "arista-eos", Profile("arista-eos"), new[] { new RolloutDevice("leaf1.dc1.example.net", config.RelativePath) }, new[] { config })
                .Single(a => a.RelativePath == "pod-1/ansible/inventory.yml").Content;
            Assert.EndsWith("all:\n  children:\n    policyc_pod_1:\n      vars:\n        ansible_connection: ansible.netcommon.network_cli\n"
                + "        ansible_network_os: arista.eos.eos\n        ansible_become: true\n        ansible_become_method: enable\n      hosts:\n"
                + "        leaf1.dc1.example.net:\n          policyc_config: !unsafe ../leaf1.cfg\n", inventory);
        }

        [Fact]
        public void A_network_config_holding_a_jinja_delimiter_is_a_bug_not_an_output()
        {
            var config = new Artifact("t", "juniper-junos", "t/dev.conf", "description \"{{ x }}\";\n");
            Assert.Throws<System.InvalidOperationException>(() =>
                AnsibleRollout.Create("t", "juniper-junos", Profile("juniper-junos"), new[] { new RolloutDevice("dev", config.RelativePath) }, new[] { config }));
        }

        [Theory]
        [InlineData("arista-eos", "copy flash:policyc-pod-2.cfg session-config")]
        [InlineData("cisco-nxos", "replace_src: \"bootflash:policyc-pod-2.cfg\"")]
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
    
        [Theory]
        [InlineData("arista-eos", "commit timer 00:", "configure session policyc commit", "arista.eos.eos_config:\n            src: \"{{ policyc_backup_dir }}")]
        [InlineData("cisco-nxos", "replace_src: \"bootflash:policyc-pod-2.cfg\"", "save_when: always", "rollback_to: \"policyc-pod-2.chk\"")]
        [InlineData("cisco-iosxe", "force time {{ policyc_confirm_minutes }}", "configure confirm", "configure replace flash:policyc-backup.cfg force")]
        [InlineData("juniper-junos", "confirm: \"{{ policyc_confirm_minutes | int }}\"", "confirm_commit: true", "rollback: 1")]
        [InlineData("sonic", "cmd: sonic_apply.py", "argv: [config, save, --yes]", "argv: [config, reload, --yes]")]
        [InlineData("cumulus-nvue", "argv: [nv, config, apply, --assume-yes]", "", "argv: [nv, config, replace, /etc/policyc/pod-2.before.yaml]")]
        public void Each_rollout_backs_up_changes_safely_runs_the_post_check_and_restores_on_failure(string kind, string apply, string confirm, string restore)
        {
            var config = new Artifact("pod-2", "x", "pod-2/dev.cfg", "x\n");
            var artifacts = AnsibleRollout.Create("pod-2", "x", Profile(kind), new[] { new RolloutDevice("dev", config.RelativePath) }, new[] { config });
            var playbook = artifacts.Single(a => a.RelativePath == "pod-2/ansible/rollout.yml").Content;
            int backup = playbook.IndexOf("for the backup", StringComparison.Ordinal);
            int block = playbook.IndexOf("      block:", StringComparison.Ordinal);
            int change = playbook.IndexOf(apply, StringComparison.Ordinal);
            int postCheck = playbook.IndexOf("- name: Run the post-check", StringComparison.Ordinal);
            // NVUE has no confirmation: the rescue applies the revision from before.
            int confirmed = confirm.Length == 0 ? postCheck + 1 : playbook.IndexOf(confirm, postCheck, StringComparison.Ordinal);
            int rescue = playbook.IndexOf("      rescue:", StringComparison.Ordinal);
            int restored = playbook.IndexOf(restore, rescue, StringComparison.Ordinal);
            Assert.True(backup > 0 && backup < block, "the backup comes before anything changes");
            Assert.True(block < change && change < postCheck && postCheck < confirmed && confirmed < rescue && rescue < restored,
                $"order: block {block}, change {change}, post-check {postCheck}, confirm {confirmed}, rescue {rescue}, restore {restored}:\n" + playbook);
            Assert.Contains("dest: \"{{ policyc_backup_dir }}/{{ inventory_hostname }}" + Profile(kind).StateExtension + "\"", playbook);
            Assert.Contains("dest: \"{{ policyc_state_dir }}/pod-2/{{ inventory_hostname }}" + Profile(kind).StateExtension + "\"", playbook);
            Assert.Contains("ansible.builtin.fail:", playbook.Substring(rescue));

            // collect.yml writes exactly the layout policyc verify reads, and changes nothing.
            var collect = artifacts.Single(a => a.RelativePath == "pod-2/ansible/collect.yml").Content;
            Assert.Contains("dest: \"{{ policyc_state_dir }}/pod-2/{{ inventory_hostname }}" + Profile(kind).StateExtension + "\"", collect);
            Assert.DoesNotContain("_config:", collect);
            Assert.DoesNotContain("copy:\n        src", collect);
        }

        private static RolloutProfile Profile(string platform) => ((PolicyLang.Emit.Fabric.ISwitchBackend)PolicyLang.Platforms.PlatformRegistry.Find(platform)!).Rollout;
    }
}
