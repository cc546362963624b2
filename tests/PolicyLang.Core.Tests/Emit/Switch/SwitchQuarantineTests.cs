using System.IO;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using PolicyLang.Semantics;
using PolicyLang.Workspace;
using Xunit;

namespace PolicyLang.Tests.Emit.Switch
{
    /// <summary>
    /// A quarantine on a switch: its denies are laid out as "deny any host X" first, not carved into every permit and
    /// return entry, so several hosts fit an ACL's budget; translation validation still proves the ACLs exact.
    /// </summary>
    public sealed class SwitchQuarantineTests
    {
        // Three IPv6 hosts and one IPv4 host of campus-lab's student segments (one IPv6 host used to add ~1,400 entries).
        private static readonly string[] Hosts = { "2001:db8:100:31::1a", "2001:db8:100:31::2b", "2001:db8:100:31::3c", "10.100.31.26" };

        private static int Entries(PolicyCompilation compilation, bool validate)
        {
            int total = 0;
            foreach (var target in compilation.Model.Targets.Where(t => t.Platform.Value == "cumulus-nvue"))
            {
                var context = SwitchSamples.Context(compilation, target);
                var result = PolicyBuilder.Build(new[] { compilation }, new[] { target.Name });
                Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
                foreach (var facts in FabricTarget.Facts(target))
                {
                    var device = FabricModelBuilder.Build(context, facts, 63);
                    total += device.AclGroups.Sum(g => (g.V4?.Entries.Count ?? 0) + (g.V6?.Entries.Count ?? 0));
                    if (validate)
                    {
                        var config = EmitTestHelper.Artifact(result, target.Name + "/" + facts.Name.Value + ".nvue");
                        Assert.Empty(TranslationValidator.Validate(context, facts, config, SwitchSamples.Reader("cumulus-nvue")));
                    }
                }
            }
            return total;
        }

        [Fact]
        public void Quarantined_hosts_stay_exact_and_cost_a_few_entries_each()
        {
            var copy = Path.Combine(Path.GetTempPath(), "policylang-switch-quarantine-" + Path.GetRandomFileName());
            try
            {
                Directory.CreateDirectory(copy);
                foreach (var f in Directory.GetFiles(Path.Combine(PolicyLang.TestSupport.RepositoryPaths.Samples, "campus-lab"), "*.netpolicy"))
                    File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
                int before = Entries(PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { copy })).Single(), validate: false);
                File.WriteAllText(Path.Combine(copy, "zz-quarantine.netpolicy"), string.Concat(Hosts.Select(h => "quarantine " + h + " { reason \"test\" }\n")));
                var entry = Directory.GetFiles(copy, "*.netpolicy").Single(f => File.ReadAllText(f).Contains("policy "));
                File.AppendAllText(entry, "\nimport \"zz-quarantine.netpolicy\"\n");
                int after = Entries(PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { copy })).Single(), validate: true);
                Assert.True(after <= before + Hosts.Length * 8, before + " entries without quarantines, " + after + " with " + Hosts.Length);
            }
            finally
            {
                Directory.Delete(copy, recursive: true);
            }
        }
    }
}
