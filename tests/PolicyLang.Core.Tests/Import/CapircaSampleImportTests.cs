using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.Import;
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
    /// difference; every verbatim text is carried over or kept as a comment, with a warning. The E2E
    /// CapircaEquivalenceTests compares the imports with aclgen's own Junos output.
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
            var path = Path.Combine(Data, "policies", "pol", sample);
            var result = CapircaImporter.Import(path, Path.Combine(Data, "def"), Path.Combine(Data, "policies"));
            AssertImportsClean(result);
            AssertVerbatimAccountedFor(path, Path.Combine(Data, "policies"), result);
        }

        [Fact]
        public void The_speedway_samples_verbatim_term_stays_a_warning_and_a_comment() =>
            AssertSpeedwayVerbatimKept(CapircaImporter.Import(Path.Combine(Data, "policies", "pol", "sample_speedway.pol"), Path.Combine(Data, "def"), Path.Combine(Data, "policies")));

        [Fact]
        public void The_samples_terms_with_source_ports_are_imported_unless_another_keyword_leaves_them_out()
        {
            var imported = SourcePortTermsImported(Data, ((System.Collections.Generic.IEnumerable<object[]>)Samples()).Select(row => (string)row[0]));
            // 37 in 14 samples; left out: replies ('option:: established', 'tcp-established'), 'source-prefix::', interfaces, expired.
            Assert.Equal(37, imported.Count);
            Assert.Contains("sample_nsxt.pol: accept-dns-replies", imported);
            Assert.Contains("sample_speedway.pol: base-traceroute-in", imported);
            Assert.Contains("sample_juniper_loopback.pol: accept-ike", imported);
            var nsxt = Import("sample_nsxt.pol");
            Assert.Contains("allow INTERNAL -> INTERNAL : udp/53 -> any name accept-dns-replies\n", nsxt.Files.Values.Single());
            Assert.Contains("allow ipv4 -> ipv4 : udp/500 -> 500 name accept-ike\n", nsxt.Files.Values.Single());
            var speedway = Import("sample_speedway.pol");
            Assert.Contains(speedway.Files.Values, t => t.Contains("allow ipv4 -> ipv4 : udp/33434-33534 -> 1024-65535 name base-traceroute-in\n", StringComparison.Ordinal));
            Assert.Contains(speedway.Files.Values, t => t.Contains("allow ipv4 -> ipv4 : udp/1024-65535 -> 33434-33534 name base-traceroute-out\n", StringComparison.Ordinal));
        }

        private static ImportResult Import(string sample)
        {
            using var day = PolicyLang.Semantics.PolicyClock.Use(new System.DateTime(2026, 12, 4));
            return CapircaImporter.Import(Path.Combine(Data, "policies", "pol", sample), Path.Combine(Data, "def"), Path.Combine(Data, "policies"));
        }

        /// <summary>
        /// "SAMPLE: TERM" for every term with source ports that the import of its sample carries (no warning leaves it out),
        /// one per occurrence; no warning names 'source-port::' as a keyword PolicyLang cannot express.
        /// </summary>
        internal static List<string> SourcePortTermsImported(string data, IEnumerable<string> samples)
        {
            var imported = new List<string>();
            foreach (var sample in samples)
            {
                var path = Path.Combine(data, "policies", "pol", sample);
                ImportResult result;
                using (PolicyLang.Semantics.PolicyClock.Use(new System.DateTime(2026, 12, 4)))
                    result = CapircaImporter.Import(path, Path.Combine(data, "def"), Path.Combine(data, "policies"));
                Assert.DoesNotContain(result.Warnings, w => w.Text.Contains("'source-port::'", StringComparison.Ordinal));
                var errors = new List<ImportMessage>();
                var filters = AerleonYaml.IsYaml(path) ? AerleonYaml.ReadPolicy(path, Path.Combine(data, "policies"), errors) : CapircaPolicyReader.Read(path, Path.Combine(data, "policies"), errors);
                Assert.Empty(errors);
                foreach (var term in filters.SelectMany(f => f.Terms).Where(t => t.Fields.ContainsKey("source-port")))
                {
                    bool leftOut = result.Warnings.Any(w => w.File == term.File && w.Line == term.Line
                        && (w.Text.Contains(": not imported: ", StringComparison.Ordinal) || w.Text.Contains(": matches replies of established connections only", StringComparison.Ordinal)));
                    if (!leftOut) imported.Add(sample + ": " + term.Name);
                }
            }
            return imported;
        }

        /// <summary>
        /// The samples' one verbatim term is for Speedway (iptables-restore lines), which no PolicyLang platform takes: a
        /// warning, and the text as a comment in the term's place; no target block is written for it.
        /// </summary>
        internal static void AssertSpeedwayVerbatimKept(ImportResult result)
        {
            AssertImportsClean(result);
            var warning = Assert.Single(result.Warnings, w => w.Text.Contains("verbatim", StringComparison.Ordinal));
            Assert.Equal("sample_speedway.pol:33: term 'base-allow-lo0-out': its verbatim text for 'speedway' is not imported: no PolicyLang platform takes text for 'speedway'; kept as a comment",
                warning.ToString());
            Assert.Contains("\n# term base-allow-lo0-out (sample_speedway.pol:33): its verbatim text for speedway is not imported: no PolicyLang platform takes text for 'speedway'\n"
                + "#   verbatim:: speedway:\n#     -A OUTPUT -o lo -j ACCEPT\n# term base-allow-est-out ", result.Files["OUTPUT.netpolicy"]);
            Assert.All(result.Files.Values, text => Assert.DoesNotContain("\ntarget ", text));
        }

        /// <summary>Every verbatim text of a policy is carried over or kept as a comment, with a warning that names its term and platform.</summary>
        internal static void AssertVerbatimAccountedFor(string policy, string baseDirectory, ImportResult result)
        {
            var errors = new List<ImportMessage>();
            var filters = AerleonYaml.IsYaml(policy) ? AerleonYaml.ReadPolicy(policy, baseDirectory, errors) : CapircaPolicyReader.Read(policy, baseDirectory, errors);
            Assert.Empty(errors);
            foreach (var term in filters.SelectMany(f => f.Terms))
                foreach (var (platform, _) in term.Verbatim)
                    Assert.Contains(result.Warnings, w => w.Text.StartsWith("term '" + term.Name + "': its verbatim text for '" + platform + "' is ", StringComparison.Ordinal)
                        || w.Text.StartsWith("term '" + term.Name + "': not imported: ", StringComparison.Ordinal));
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
