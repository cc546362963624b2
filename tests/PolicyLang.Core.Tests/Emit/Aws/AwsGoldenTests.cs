using System.IO;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Aws;
using PolicyLang.TestSupport;
using PolicyLang.Tests.Baselines;
using Xunit;

namespace PolicyLang.Tests.Emit.Aws
{
    /// <summary>Approved Terraform and CloudFormation for every aws target of every sample, each also proven against the policy.</summary>
    public sealed class AwsGoldenTests
    {
        [Theory]
        [InlineData("ai-platform")]
        [InlineData("campus-lab")]
        [InlineData("inference-edge")]
        public void Sample_aws_targets_match_their_approved_output(string sample)
        {
            var compilations = EmitTestHelper.Sample(sample);
            var targets = compilations.SelectMany(c => c.Model.Targets.Where(t => t.Platform.Value == "aws").Select(t => (c, t))).ToList();
            if (targets.Count == 0) return;
            var result = PolicyBuilder.Build(compilations, targets.Select(x => x.t.Name).ToList());
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var dir = Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Emit", "Golden", sample);
            Directory.CreateDirectory(dir);
            foreach (var a in result.Artifacts)
                Baseline.Verify(a.Content, dir, a.RelativePath.Replace('/', '.'), a.RelativePath.EndsWith(".tf", System.StringComparison.Ordinal) ? "tf" : "yaml");
            foreach (var (compilation, target) in targets)
            {
                var plan = AwsPlanner.Build(new TargetContext(compilation, target, new System.Collections.Generic.List<PolicyLang.Diagnostics.Diagnostic>()), report: false);
                Assert.True(AwsSemantics.Intent(compilation, target).SetEquals(AwsSemantics.Implemented(compilation, AwsObserved.FromPlan(plan))), target.Name);
            }
        }
    }
}
