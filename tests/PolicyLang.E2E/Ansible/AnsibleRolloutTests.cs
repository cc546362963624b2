using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric.Ansible;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;

namespace PolicyLang.E2E.Ansible
{
    /// <summary>
    /// The generated inventories and playbooks pass `ansible-playbook --syntax-check` with the collections Debian's
    /// ansible package ships, and device names reach Ansible exactly as written, never as YAML structure or Jinja2.
    /// </summary>
    public sealed class AnsibleRolloutTests
    {
        private static readonly string[] FabricPlatforms = PolicyLang.Platforms.PlatformRegistry.Backends.OfType<PolicyLang.Emit.Fabric.ISwitchBackend>().Select(b => b.Description.Name).ToArray();
        private static readonly string[] RolloutPlatforms = { "juniper-junos", "sonic", "cumulus-nvue" };

        public static IEnumerable<object[]> Kinds() =>
            PolicyLang.Platforms.PlatformRegistry.Backends.OfType<PolicyLang.Emit.Fabric.ISwitchBackend>().Select(b => new object[] { b.Description.Name });

        [SkippableTheory]
        [MemberData(nameof(Kinds))]
        public void Every_platforms_rollout_passes_syntax_check(string kind)
        {
            AnsibleTool.Require();
            var devices = new[] { "leaf1.dc1.example.net", "leaf2.dc1.example.net" };
            var artifacts = Rollout("pod-1", kind, devices);
            AssertSyntaxOk(artifacts, "pod-1");
        }

        [SkippableTheory]
        [MemberData(nameof(Kinds))]
        public void Hostile_device_names_reach_the_inventory_verbatim(string kind)
        {
            AnsibleTool.Require();
            var hostile = new[]
            {
                "leaf1\nall:\n  hosts:\n    injected:",
                "q\"uote: x",
                "{{ lookup('pipe', 'touch /tmp/pl-pwned') }}",
                "$(reboot); }",
                "- item # comment",
                "&anchor *alias !tag",
                "line\u2028separator",
                new string('x', 300),
            };
            var artifacts = Rollout("t", kind, hostile);
            var root = AnsibleTool.WriteAll(artifacts);
            try
            {
                var folder = Path.Combine(root, "t", AnsibleRollout.Folder);
                var list = AnsibleTool.Run("ansible-inventory", folder, "-i", AnsibleRollout.InventoryFile, "--list");
                Assert.True(list.Succeeded, list.Describe());
                using var json = JsonDocument.Parse(list.Stdout);
                var hostvars = json.RootElement.GetProperty("_meta").GetProperty("hostvars");
                var names = hostvars.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
                Assert.Equal(hostile.OrderBy(n => n, StringComparer.Ordinal), names);
                var group = json.RootElement.GetProperty("policyc_t").GetProperty("hosts").EnumerateArray().Select(e => e.GetString()).ToList();
                Assert.Equal(hostile.Length, group.Count);
                var groups = json.RootElement.GetProperty("all").GetProperty("children").EnumerateArray().Select(e => e.GetString()).ToList();
                Assert.DoesNotContain("injected", names);
                Assert.All(groups, g => Assert.True(g == "policyc_t" || g == "ungrouped", "unexpected group " + g));
                for (int i = 0; i < hostile.Length; i++)
                    Assert.Equal("../" + ConfigFile(i), hostvars.GetProperty(hostile[i]).GetProperty("policyc_config").GetProperty("__ansible_unsafe").GetString());
                AssertSyntaxOk(artifacts, "t");
                Assert.False(File.Exists("/tmp/pl-pwned"), "a device name was evaluated as Jinja2");
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        [SkippableTheory]
        [InlineData("samples/ai-platform")]
        [InlineData("samples/inference-edge")]
        [InlineData("samples/campus-lab")]
        public void Every_sample_fabric_target_rollout_passes_syntax_check(string path)
        {
            AnsibleTool.Require();
            var compilations = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Root, path) }));
            var targets = compilations.SelectMany(c => c.Model.Targets)
                .Where(t => FabricPlatforms.Contains(t.Platform.Value) && PolicyLang.Platforms.PlatformRegistry.Find(t.Platform.Value) != null).Select(t => t.Name).ToList();
            if (targets.Count == 0) return;
            var result = PolicyBuilder.Build(compilations, targets);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            int checkedTargets = 0;
            foreach (var target in compilations.SelectMany(c => c.Model.Targets).Where(t => targets.Contains(t.Name)))
            {
                bool hasRollout = result.Artifacts.Any(a => a.RelativePath == target.Name + "/" + AnsibleRollout.Folder + "/" + AnsibleRollout.PlaybookFile);
                // The juniper-junos, sonic and cumulus-nvue backends always ship one; arista-eos and cisco-nxos once they call AnsibleRollout.
                if (RolloutPlatforms.Contains(target.Platform.Value)) Assert.True(hasRollout, target.Name + " has no rollout playbook");
                if (!hasRollout) continue;
                AssertSyntaxOk(result.Artifacts, target.Name);
                checkedTargets++;
            }
            Assert.True(checkedTargets > 0 || !path.Contains("ai-platform"), "no rollout checked in " + path);
        }

        private static string ConfigFile(int i) => "device" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".conf";

        private static IReadOnlyList<Artifact> Rollout(string target, string kind, IReadOnlyList<string> devices)
        {
            var configs = devices.Select((d, i) => new Artifact(target, "test", target + "/" + ConfigFile(i), "hostname placeholder\n")).ToList();
            var rollout = AnsibleRollout.Create(target, "test", Profile(kind), devices.Select((d, i) => new RolloutDevice(d, configs[i].RelativePath)).ToList(), configs);
            return configs.Concat(rollout).ToList();
        }

        private static void AssertSyntaxOk(IReadOnlyList<Artifact> artifacts, string target)
        {
            var root = AnsibleTool.WriteAll(artifacts);
            try
            {
                var folder = Path.Combine(root, target, AnsibleRollout.Folder);
                foreach (var playbook in new[] { AnsibleRollout.PlaybookFile, AnsibleRollout.CollectFile })
                {
                    if (!File.Exists(Path.Combine(folder, playbook)))
                    {
                        Assert.True(playbook == AnsibleRollout.CollectFile && artifacts.All(a => !a.RelativePath.EndsWith("/" + AnsibleRollout.CollectFile, StringComparison.Ordinal)), playbook + " missing");
                        continue;
                    }
                    var check = AnsibleTool.Run("ansible-playbook", folder, "--syntax-check", "-i", AnsibleRollout.InventoryFile, playbook);
                    Assert.True(check.Succeeded, check.Describe() + "\n" + check.Stdout + "\n" + File.ReadAllText(Path.Combine(folder, playbook)));
                    Assert.DoesNotContain("[WARNING]: Could not match supplied host pattern", check.Stderr);
                }
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    
        private static RolloutProfile Profile(string platform) => ((PolicyLang.Emit.Fabric.ISwitchBackend)PolicyLang.Platforms.PlatformRegistry.Find(platform)!).Rollout;
    }
}
