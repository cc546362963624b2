using System;
using System.IO;
using System.Linq;
using PolicyLang.E2E.Lab;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;

namespace PolicyLang.E2E
{
    /// <summary>Every nftables target of every sample and of the lab policy, in gateway and host mode, passes `nft -c`.</summary>
    public sealed class NftCheckTests
    {
        [SkippableTheory]
        [InlineData("samples/ai-platform")]
        [InlineData("samples/inference-edge")]
        [InlineData("samples/campus-lab")]
        [InlineData("tests/PolicyLang.E2E/Policies/lab.netpolicy")]
        public void Every_compiled_nftables_target_passes_nft_check(string path)
        {
            E2EPrerequisites.Require();
            var compilations = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Root, path) }));
            var targets = compilations.SelectMany(c => c.Model.Targets).Where(t => t.Platform.Value == "nftables").Select(t => t.Name).ToList();
            if (targets.Count == 0) return;
            var result = PolicyBuilder.Build(compilations, targets);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            foreach (var artifact in result.Artifacts)
            {
                var file = Path.Combine(Path.GetTempPath(), "pl-check-" + Guid.NewGuid().ToString("N") + ".nft");
                try
                {
                    File.WriteAllText(file, artifact.Content);
                    var check = HostCommand.Run(ToolPaths.Nft, new[] { "-c", "-f", file }, TimeSpan.FromSeconds(30));
                    Assert.True(check.Succeeded, artifact.RelativePath + ":\n" + check.Stderr);
                }
                finally
                {
                    File.Delete(file);
                }
            }
        }
    }
}
