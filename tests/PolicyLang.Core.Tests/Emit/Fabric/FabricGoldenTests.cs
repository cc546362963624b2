using System.IO;
using PolicyLang.Emit;
using PolicyLang.TestSupport;
using PolicyLang.Tests.Baselines;
using Xunit;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>Approved configurations of every EOS and NX-OS device, for every sample (the sample's own target or a synthesized one).</summary>
    public sealed class FabricGoldenTests
    {
        [Theory]
        [MemberData(nameof(FabricSamples.Cases), MemberType = typeof(FabricSamples))]
        public void Sample_fabric_targets_match_their_approved_configurations(string sample, string platform)
        {
            var (compilations, targets) = FabricSamples.Load(sample, platform);
            var result = PolicyBuilder.Build(compilations, targets);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            Assert.NotEmpty(result.Artifacts);
            var dir = Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Emit", "Golden", sample, platform);
            Directory.CreateDirectory(dir);
            foreach (var a in result.Artifacts)
                Baseline.Verify(a.Content, dir, a.RelativePath.Substring(0, a.RelativePath.Length - 4).Replace('/', '.'), "cfg");
        }

        [Theory]
        [MemberData(nameof(FabricSamples.Cases), MemberType = typeof(FabricSamples))]
        public void Builds_are_byte_identical(string sample, string platform)
        {
            var first = PolicyBuilder.Build(FabricSamples.Load(sample, platform).Compilations, FabricSamples.Load(sample, platform).Targets);
            var (compilations, targets) = FabricSamples.Load(sample, platform);
            var second = PolicyBuilder.Build(compilations, targets);
            Assert.Equal(first.Manifest, second.Manifest);
            Assert.Equal(first.Artifacts.Count, second.Artifacts.Count);
            for (int i = 0; i < first.Artifacts.Count; i++) Assert.Equal(first.Artifacts[i].Content, second.Artifacts[i].Content);
        }
    }
}
