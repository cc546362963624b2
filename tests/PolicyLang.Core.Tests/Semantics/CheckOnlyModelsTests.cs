using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Semantics
{
    /// <summary>
    /// <see cref="PolicyCompilation.KeepTargetModels"/> false (what <c>policyc check</c> sets) drops each target's device
    /// models and plans once its validation is done: the diagnostics must be exactly those of a compilation that keeps them,
    /// and a build of it must still produce the same files.
    /// </summary>
    public sealed class CheckOnlyModelsTests
    {
        private static PolicyCompilation Compile(string text) =>
            PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, "synthetic.netpolicy") });

        [Fact]
        public void Dropping_target_models_after_validation_changes_no_diagnostic()
        {
            var text = SyntheticPolicy.Generate(10_000);
            var kept = Compile(text);
            var dropped = Compile(text);
            dropped.KeepTargetModels = false;
            var expected = kept.Diagnostics.Select(d => d.ToString()).ToList();
            var actual = dropped.Diagnostics.Select(d => d.ToString()).ToList();
            // The synthetic policy's targets exceed budgets and quotas and cannot express some flows: validation has work to do.
            Assert.Contains(expected, d => d.Contains("NP4106") || d.Contains("NP4001") || d.Contains("NP4204"));
            Assert.Equal(expected, actual);
        }

        [Fact]
        public void A_compilation_that_dropped_its_models_still_builds_the_same_files()
        {
            var text = SyntheticPolicy.Generate(2_000);
            var kept = Compile(text);
            var dropped = Compile(text);
            dropped.KeepTargetModels = false;
            var targets = kept.Model.Targets.Where(t => !kept.TargetDiagnostics(t).Any(d => d.IsError)).Select(t => t.Name).ToList();
            Assert.NotEmpty(targets);
            _ = dropped.Diagnostics;
            var a = PolicyBuilder.Build(new[] { kept }, targets);
            var b = PolicyBuilder.Build(new[] { dropped }, targets);
            Assert.NotEmpty(a.Artifacts);
            Assert.Equal(a.Artifacts.Select(x => x.RelativePath + "\n" + x.Content), b.Artifacts.Select(x => x.RelativePath + "\n" + x.Content));
        }
    }
}
