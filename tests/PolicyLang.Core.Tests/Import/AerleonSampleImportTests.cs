using System;
using System.IO;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Import.Capirca;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Import
{
    /// <summary>
    /// Aerleon's own samples (Import/aerleon, copied from aerleon/aerleon with its licence): every policy, YAML or .pol,
    /// imports with its YAML and .net definitions and checks without errors, the first-match comparison of each import
    /// finds no difference, every verbatim text is carried over or kept as a comment with a warning, and each YAML
    /// sample allows exactly the packets its .pol twin allows, filter by filter.
    /// </summary>
    public sealed class AerleonSampleImportTests
    {
        private static string Data => Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Import", "aerleon");

        public static TheoryData<string> Samples()
        {
            var data = new TheoryData<string>();
            foreach (var p in Directory.GetFiles(Path.Combine(Data, "policies", "pol")).Where(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".pol", StringComparison.Ordinal))
                .OrderBy(p => p, StringComparer.Ordinal)) data.Add(Path.GetFileName(p));
            return data;
        }

        private static PolicyLang.Import.ImportResult Import(string sample)
        {
            using var day = PolicyClock.Use(new DateTime(2026, 12, 4));
            return CapircaImporter.Import(Path.Combine(Data, "policies", "pol", sample), Path.Combine(Data, "def"), Path.Combine(Data, "policies"));
        }

        [Theory]
        [MemberData(nameof(Samples))]
        public void An_Aerleon_sample_imports_and_checks_without_errors(string sample)
        {
            var result = Import(sample);
            CapircaSampleImportTests.AssertImportsClean(result);
            CapircaSampleImportTests.AssertVerbatimAccountedFor(Path.Combine(Data, "policies", "pol", sample), Path.Combine(Data, "policies"), result);
        }

        [Fact]
        public void The_speedway_samples_verbatim_term_stays_a_warning_and_a_comment() => CapircaSampleImportTests.AssertSpeedwayVerbatimKept(Import("sample_speedway.pol"));

        [Fact]
        public void The_samples_terms_with_source_ports_are_imported_unless_another_keyword_leaves_them_out()
        {
            var imported = CapircaSampleImportTests.SourcePortTermsImported(Data, ((System.Collections.Generic.IEnumerable<object[]>)Samples()).Select(row => (string)row[0]));
            // The .pol samples carry the 37 of Capirca's (the fortigate ones, which Aerleon lacks, import none), the YAML arista_tp twin two more.
            Assert.Equal(39, imported.Count);
            Assert.Contains("sample_arista_tp_yaml.yaml: accept-ike", imported);
            Assert.Contains("sample_arista_tp_yaml.yaml: allow-radius-replies", imported);
        }

        [Theory]
        [InlineData("sample_cisco_lab_yaml.yaml", "sample_cisco_lab.pol")]
        [InlineData("sample_arista_tp_yaml.yaml", "sample_arista_tp.pol")]
        [InlineData("sample_srx_yaml.yaml", "sample_srx.pol")]
        [InlineData("sample_paloalto_yaml.yaml", "sample_paloalto.pol")]
        [InlineData("sample_k8s_yaml.yaml", "sample_k8s.pol")]
        [InlineData("sample_ipset_yaml.yaml", "sample_ipset.pol")]
        public void A_YAML_sample_allows_what_its_pol_twin_allows(string yaml, string pol)
        {
            var a = Import(yaml);
            var b = Import(pol);
            // Filters are matched in order: one without a name is named after its file, which differs between the twins.
            Assert.Equal(b.Files.Count, a.Files.Count);
            var any = new Endpoint(null, null, default);
            foreach (var ((name, textA), (_, textB)) in a.Files.Zip(b.Files, (x, y) => (x, y)))
            {
                PacketSet Allowed(string text) =>
                    PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, name) }).Flows.AllowedBetween(any, any, null, PacketSet.All);
                var x = Allowed(textA);
                var y = Allowed(textB);
                Assert.True(x.Equals(y), name + ": the YAML import and the .pol import differ at "
                    + (x.Except(y).TryGetWitness(out var p) ? p + " (YAML allows it)" : y.Except(x).TryGetWitness(out var q) ? q + " (.pol allows it)" : "?"));
            }
        }
    }
}

namespace PolicyLang.Tests.Import
{
    /// <summary>Aerleon YAML that is not what the importer expects, or not YAML at all, gives messages, never an exception.</summary>
    public sealed class AerleonYamlRobustnessTests
    {
        [Fact]
        public void Random_cut_and_deeply_nested_YAML_gives_messages()
        {
            var root = Path.Combine(Path.GetTempPath(), "policyc-aerleon-robust-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(root, "def"));
            Directory.CreateDirectory(Path.Combine(root, "policies", "pol"));
            try
            {
                var data = Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Import", "aerleon");
                var policy = File.ReadAllText(Path.Combine(data, "policies", "pol", "sample_cisco_lab_yaml.yaml"));
                var naming = File.ReadAllText(Path.Combine(data, "def", "naming.yaml"));
                var random = new Random(2026);
                var pol = Path.Combine(root, "policies", "pol", "x.yaml");
                for (int i = 0; i < 300; i++)
                {
                    string Mutate(string text)
                    {
                        var chars = text.Substring(0, random.Next(text.Length)).ToCharArray();
                        for (int k = 0; k < 5 && chars.Length > 0; k++) chars[random.Next(chars.Length)] = (char)random.Next(0, 128);
                        return new string(chars);
                    }
                    File.WriteAllText(pol, i % 4 == 0 ? new string(Enumerable.Range(0, 300).Select(_ => (char)random.Next(0, 256)).ToArray()) : Mutate(policy));
                    File.WriteAllText(Path.Combine(root, "def", "naming.yaml"), i % 2 == 0 ? naming : Mutate(naming));
                    var result = CapircaImporter.Import(pol, Path.Combine(root, "def"));
                    foreach (var text in result.Files.Values) Assert.Empty(PolicySyntaxTree.Parse(text, "x.netpolicy").Diagnostics);
                }
                File.WriteAllText(pol, "filters: " + new string('[', 20000) + new string(']', 20000) + "\n");
                var deep = CapircaImporter.Import(pol, Path.Combine(root, "def"));
                Assert.NotEmpty(deep.Errors);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
