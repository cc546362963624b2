using System.IO;
using System.Linq;
using PolicyLang.Import.Capirca;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Import
{
    /// <summary>
    /// Every sample policy of Capirca (Import/capirca, copied from google/capirca with its licence) imports without an
    /// error, and every imported filter checks without an error; the first-match comparison of each import found no
    /// difference. The E2E CapircaEquivalenceTests compares the imports with aclgen's own Junos output.
    /// </summary>
    public sealed class CapircaSampleImportTests
    {
        private static string Data => Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Import", "capirca");

        public static TheoryData<string> Samples()
        {
            var data = new TheoryData<string>();
            foreach (var p in Directory.GetFiles(Path.Combine(Data, "policies", "pol"), "*.pol").OrderBy(p => p, System.StringComparer.Ordinal)) data.Add(Path.GetFileName(p));
            return data;
        }

        [Theory]
        [MemberData(nameof(Samples))]
        public void A_Capirca_sample_imports_and_checks_without_errors(string sample)
        {
            using var day = PolicyLang.Semantics.PolicyClock.Use(new System.DateTime(2026, 12, 4));
            AssertImportsClean(CapircaImporter.Import(Path.Combine(Data, "policies", "pol", sample), Path.Combine(Data, "def"), Path.Combine(Data, "policies")));
        }

        /// <summary>No error; every file checks without an error; the first-match comparison found no difference.</summary>
        internal static void AssertImportsClean(PolicyLang.Import.ImportResult result)
        {
            Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
            Assert.NotEmpty(result.Files);
            foreach (var (name, text) in result.Files)
            {
                var compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, name) });
                var errors = compilation.Diagnostics.Where(d => d.IsError).ToList();
                Assert.True(errors.Count == 0, name + ":\n" + string.Join("\n", errors) + "\n" + text);
            }
            Assert.DoesNotContain(result.Warnings, w => w.Text.Contains("which the terms in first-match order"));
            Assert.DoesNotContain(result.Warnings, w => w.Text.Contains("has an error"));
        }
    }
}
