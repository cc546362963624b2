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
    /// A quarantine on a switch: its denies are laid out as "deny any host X" first and the permits are not carved around
    /// the host, so several hosts fit an ACL's budget; translation validation still proves the ACLs exact.
    /// </summary>
    public sealed class SwitchQuarantineTests
    {
        // Three IPv6 hosts and one IPv4 host of campus-lab's student segments (one IPv6 host used to add ~1,400 entries).
        private static readonly string[] Hosts = { "2001:db8:100:31::1a", "2001:db8:100:31::2b", "2001:db8:100:31::3c", "10.100.31.26" };

        /// <summary>The rules of every cumulus-nvue device (one 'action' line each), each device's ACLs proven exact when asked.</summary>
        private static int Entries(PolicyCompilation compilation, bool validate)
        {
            int total = 0;
            foreach (var target in compilation.Model.Targets.Where(t => t.Platform.Value == "cumulus-nvue"))
            {
                var context = SwitchSamples.Context(compilation, target);
                var result = PolicyBuilder.Build(new[] { compilation }, new[] { target.Name });
                Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Where(d => d.IsError)));
                foreach (var facts in FabricTarget.Facts(target))
                {
                    var config = EmitTestHelper.Artifact(result, target.Name + "/" + facts.Name.Value + ".nvue");
                    total += config.Split('\n').Count(l => l.Contains(" action "));
                    if (validate) Assert.Empty(TranslationValidator.Validate(context, facts, config, SwitchSamples.Reader("cumulus-nvue")));
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
                // Measured: 317 rules, 998 with the four hosts (the replies to the segments are still split around each host);
                // carved into every entry, the lists passed the switches' budget and the build failed.
                Assert.True(after <= before * 4, before + " rules without quarantines, " + after + " with " + Hosts.Length);
            }
            finally
            {
                Directory.Delete(copy, recursive: true);
            }
        }
    }
}
