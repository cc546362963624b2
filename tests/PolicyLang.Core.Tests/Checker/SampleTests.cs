using System.IO;
using System.Linq;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;

namespace PolicyLang.Tests.Checker
{
    /// <summary>The shipped samples are clean: no diagnostic of any severity, from loading to tests.</summary>
    public sealed class SampleTests
    {
        [Theory]
        [InlineData("ai-platform")]
        [InlineData("campus-lab")]
        [InlineData("inference-edge")]
        public void Sample_compiles_without_any_diagnostic(string sample)
        {
            var set = PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Samples, sample) });
            Assert.Empty(set.InputErrors);
            Assert.Empty(set.Diagnostics);
            var compilations = PolicyCompilation.FromSourceSet(set);
            var compilation = Assert.Single(compilations);
            Assert.NotNull(compilation.Model.Header);
            Assert.Empty(compilation.PolicyDiagnostics.Select(d => d.ToString()));
            // Every target validates without a warning (ai-platform's AWS zone fits one security group since it uses network ACLs).
            Assert.Empty(compilation.Diagnostics.Select(d => d.ToString()));
        }

        [Theory]
        [InlineData("ai-platform")]
        [InlineData("campus-lab")]
        [InlineData("inference-edge")]
        public void Sample_tests_all_pass(string sample)
        {
            var set = PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Samples, sample) });
            var compilation = Assert.Single(PolicyCompilation.FromSourceSet(set));
            var results = compilation.RunTests();
            Assert.NotEmpty(results);
            Assert.All(results, r => Assert.True(r.Passed, r.Test.Name + ": " + r.Packet + " " + r.Explanation));
        }
    }
}
