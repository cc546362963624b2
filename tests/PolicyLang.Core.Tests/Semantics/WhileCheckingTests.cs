using System;
using System.Linq;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Semantics
{
    /// <summary>
    /// <see cref="PolicyCompilation.TryWhileChecking{T}"/> (verify runs the policy's checks beside its comparison): the work's
    /// result counts only for a policy without errors, whichever step finds them, and the checks are those of a plain run.
    /// </summary>
    public sealed class WhileCheckingTests
    {
        private const string Clean = "policy p {\n  default deny\n}\nzone a {\n  subnet 10.1.0.0/16\n}\nzone b {\n  subnet 10.2.0.0/16\n}\nallow a -> b : tcp/443\n";

        private static PolicyCompilation Compile(string text) => PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, "p.netpolicy") });

        [Fact]
        public void Without_errors_the_work_runs_once_and_the_checks_are_a_plain_runs()
        {
            var text = SyntheticPolicy.Generate(3_000);
            int runs = 0;
            var c = Compile(text);
            Assert.True(c.TryWhileChecking(() => { runs++; return c.Model.Targets.Count; }, out var result, out var diagnostics));
            Assert.Equal(1, runs);
            Assert.Equal(c.Model.Targets.Count, result);
            Assert.Equal(Compile(text).PolicyDiagnostics.Select(d => d.ToString()), diagnostics.Select(d => d.ToString()));
            Assert.DoesNotContain(diagnostics, d => d.IsError);
        }

        [Theory]
        [InlineData("assert never a -> b\n", "NP3003")] // the whole-policy checks find it while the work runs
        [InlineData("allow a -> c : tcp/80\n", "NP1001")] // binding finds it before
        public void With_errors_no_result_counts_and_an_exception_of_the_work_is_not_thrown(string line, string code)
        {
            var c = Compile(Clean + line);
            Assert.False(c.TryWhileChecking<int>(() => throw new InvalidOperationException("work on a broken policy"), out var result, out var diagnostics));
            Assert.Equal(0, result);
            Assert.Contains(diagnostics, d => d.IsError && d.Id == code);
        }

        [Fact]
        public void Without_errors_an_exception_of_the_work_is_thrown_as_it_was()
        {
            var c = Compile(Clean);
            var e = Assert.Throws<InvalidOperationException>(() => c.TryWhileChecking<int>(() => throw new InvalidOperationException("a bug"), out _, out _));
            Assert.Equal("a bug", e.Message);
        }
    }
}
