using System.IO;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.TestSupport;
using PolicyLang.Tests.Baselines;
using Xunit;

namespace PolicyLang.Tests.Emit
{
    /// <summary>Approved nftables output for every nftables target of every sample.</summary>
    public sealed class NftablesGoldenTests
    {
        [Theory]
        [InlineData("ai-platform")]
        [InlineData("campus-lab")]
        [InlineData("inference-edge")]
        [InlineData("dotnet-consumer")]
        public void Sample_nftables_targets_match_their_approved_rulesets(string sample)
        {
            var compilations = EmitTestHelper.Sample(sample);
            var targets = compilations.SelectMany(c => c.Model.Targets).Where(t => t.Platform.Value == "nftables").Select(t => t.Name).ToList();
            if (targets.Count == 0) return;
            var result = PolicyBuilder.Build(compilations, targets);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var dir = Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Emit", "Golden", sample);
            Directory.CreateDirectory(dir);
            foreach (var a in result.Artifacts)
                Baseline.Verify(a.Content, dir, a.RelativePath.Replace('/', '.'), "nft");
        }
    }
}
