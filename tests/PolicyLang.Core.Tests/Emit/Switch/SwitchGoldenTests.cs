using System.IO;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.TestSupport;
using PolicyLang.Tests.Baselines;
using Xunit;

namespace PolicyLang.Tests.Emit.Switch
{
    /// <summary>Approved output (device configurations, inventory, playbook) of every juniper-junos, sonic and cumulus-nvue target of every sample.</summary>
    public sealed class SwitchGoldenTests
    {
        [Theory]
        [MemberData(nameof(SwitchSamples.SamplesAndPlatforms), MemberType = typeof(SwitchSamples))]
        public void Sample_switch_targets_match_their_approved_output(string sample, string platform)
        {
            var compilations = EmitTestHelper.Sample(sample);
            var targets = compilations.SelectMany(c => c.Model.Targets).Where(t => t.Platform.Value == platform).Select(t => t.Name).ToList();
            if (targets.Count == 0) return;
            var result = PolicyBuilder.Build(compilations, targets);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var dir = Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Emit", "Golden", sample);
            Directory.CreateDirectory(dir);
            foreach (var a in result.Artifacts)
            {
                var ext = Path.GetExtension(a.RelativePath).TrimStart('.');
                Baseline.Verify(a.Content, dir, Path.ChangeExtension(a.RelativePath, null).Replace('/', '.'), ext);
            }
        }

        [Theory]
        [MemberData(nameof(SwitchSamples.SamplesAndPlatforms), MemberType = typeof(SwitchSamples))]
        public void Two_builds_are_byte_identical(string sample, string platform)
        {
            var first = Build(sample, platform);
            var second = Build(sample, platform);
            Assert.Equal(first.Select(a => a.RelativePath), second.Select(a => a.RelativePath));
            for (int i = 0; i < first.Count; i++) Assert.Equal(first[i].Content, second[i].Content);
        }

        private static System.Collections.Generic.IReadOnlyList<Artifact> Build(string sample, string platform)
        {
            var compilations = EmitTestHelper.Sample(sample);
            var targets = compilations.SelectMany(c => c.Model.Targets).Where(t => t.Platform.Value == platform).Select(t => t.Name).ToList();
            return targets.Count == 0 ? new Artifact[0] : PolicyBuilder.Build(compilations, targets).Artifacts;
        }
    }
}
