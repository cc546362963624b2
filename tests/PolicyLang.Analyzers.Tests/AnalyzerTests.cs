using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Analyzers.Tests
{
    public class AnalyzerTests
    {
        private const string Main = "/src/main.netpolicy";
        private const string Zones = "/src/zones.netpolicy";

        /// <summary>
        /// An .editorconfig as a build sees it: the compiler's analyzer config, and an additional file (the package's
        /// targets add the project's .editorconfig files to AdditionalFiles so the analyzer can apply them to policies).
        /// </summary>
        private static void AddEditorConfig(CSharpAnalyzerTest<PolicyAnalyzer, DefaultVerifier> test, string path, string text)
        {
            test.TestState.AnalyzerConfigFiles.Add((path, text));
            test.TestState.AdditionalFiles.Add((path, text));
        }

        private static CSharpAnalyzerTest<PolicyAnalyzer, DefaultVerifier> Test(params (string Path, string Text)[] files)
        {
            var test = new CSharpAnalyzerTest<PolicyAnalyzer, DefaultVerifier>
            {
                ReferenceAssemblies = References.None,
                TestCode = "public class Consumer { }",
            };
            test.TestState.AdditionalReferences.AddRange(References.Net80);
            foreach (var f in files) test.TestState.AdditionalFiles.Add((f.Path, f.Text));
            return test;
        }

        private const string ZonesText =
            "zone lab {\n" +
            "  segment hosts {\n" +
            "    vlan 10\n" +
            "    subnet 10.1.0.0/24\n" +
            "  }\n" +
            "}\n" +
            "zone office {\n" +
            "  subnet 10.2.0.0/24\n" +
            "}\n";

        private const string MainText =
            "policy demo {\n" +
            "  default deny\n" +
            "}\n" +
            "import \"zones.netpolicy\"\n" +
            "service ssh = tcp/22\n" +
            "allow office -> lab : ssh\n";

        [Fact]
        public async Task A_clean_policy_split_over_additional_files_reports_nothing()
        {
            // zones.netpolicy exists only as an additional file: the import is resolved among them.
            await Test((Main, MainText), (Zones, ZonesText)).RunAsync();
        }

        [Fact]
        public async Task The_samples_report_what_check_reports()
        {
            // As policyc check: target validation included. The samples check clean, so ai-platform's AWS target is read
            // without its network ACLs and with split groups: its zone then needs six security groups (NP4205).
            var files = Directory.GetFiles(RepositoryPaths.Samples, "*.netpolicy", SearchOption.AllDirectories)
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (p, File.ReadAllText(p)))
                .Select(f => f.p.EndsWith(Path.Combine("ai-platform", "targets.netpolicy"), StringComparison.Ordinal)
                    ? (f.p, f.Item2.Replace("  option network-acls on\n", "  option split-groups on\n  option groups-per-interface 8\n", StringComparison.Ordinal)) : f)
                .ToArray();
            Assert.True(files.Length >= 9);
            var test = Test(files);
            var targets = files.Single(f => f.p.EndsWith(Path.Combine("ai-platform", "targets.netpolicy"), StringComparison.Ordinal)).p;
            Assert.Contains("option split-groups on", files.Single(f => f.p == targets).Item2);
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP4205", DiagnosticSeverity.Warning).WithSpan(targets, 85, 8, 85, 21));
            await test.RunAsync();
        }

        [Fact]
        public async Task A_shipped_baseline_loads_inside_the_host_and_reports_at_its_import()
        {
            // The baseline is embedded in Core: nothing on disk, no additional file; its failure lands on the import line.
            var text = "policy p { default deny }\n"
                + "zone dev { labels { stage = \"dev\" } subnet 10.2.0.0/16 }\n"
                + "zone vault { labels { data-class = \"pii\" } subnet 10.1.0.0/16 }\n"
                + "allow dev -> vault : tcp/5432 log\n"
                + "import \"baseline:ai-platform\"\n";
            var test = Test((Main, text));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP3003", DiagnosticSeverity.Error).WithSpan(Main, 5, 1, 5, 30)
                .WithMessage("assertion fails: baseline 'ai-platform' (baseline:ai-platform(17,1)): for zones with stage = \"dev\" -> zones with data-class = \"pii\": "
                    + "never dev -> vault: 10.2.0.10 -> 10.1.0.10 tcp/5432 is allowed by the flow at main.netpolicy(4,1) (allow dev -> vault : tcp/5432)"));
            // The parts of the baseline about zones this policy does not have check nothing, and say so once per selector.
            foreach (var selector in new[] { "stage = \"serving\"", "stage = \"training\"", "trust = \"untrusted\"" })
                test.ExpectedDiagnostics.Add(new DiagnosticResult("NP3012", DiagnosticSeverity.Warning).WithSpan(Main, 5, 1, 5, 30)
                    .WithMessage("no zone carries the labels of 'zones with " + selector + "': the assertion checks nothing"));
            await test.RunAsync();
        }

        [Fact]
        public async Task A_syntax_error_is_reported_at_its_exact_span()
        {
            var text = "zone lab {\n  segment hosts {\n    vlan abc\n  }\n}\n";
            var test = Test(("/src/broken.netpolicy", text));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP0010", DiagnosticSeverity.Error)
                .WithSpan("/src/broken.netpolicy", 3, 10, 3, 13)
                .WithMessage("expected a VLAN id, found 'abc'"));
            await test.RunAsync();
        }

        [Fact]
        public async Task Binding_errors_and_warnings_in_several_files_are_each_reported_once_in_their_own_file()
        {
            var main = MainText +
                "allow office -> labs : ssh\n" +     // line 7: unknown zone
                "service unused = tcp/9999\n";       // line 8: unused service
            var zones = ZonesText + "zone lab {\n}\n"; // line 10: duplicate zone
            var test = Test((Main, main), (Zones, zones));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP1001", DiagnosticSeverity.Error)
                .WithSpan(Main, 7, 17, 7, 21)
                .WithMessage("unknown zone 'labs'; did you mean 'lab'?"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP1004", DiagnosticSeverity.Warning)
                .WithSpan(Main, 8, 9, 8, 15)
                .WithMessage("service 'unused' is declared but never used"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP1002", DiagnosticSeverity.Error)
                .WithSpan(Zones, 10, 6, 10, 9)
                .WithMessage("zone 'lab' is already declared at zones.netpolicy(1,6)"));
            await test.RunAsync();
        }

        [Fact]
        public async Task Imports_missing_from_the_additional_files_are_read_from_disk()
        {
            var dir = Path.Combine(Path.GetTempPath(), "policylang-analyzer-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                // The imported file is on disk only, and has an unused service: its warning is reported in that file.
                var shared = Path.Combine(dir, "shared.netpolicy");
                File.WriteAllText(shared, ZonesText + "service spare = tcp/7\n");
                var main = Path.Combine(dir, "main.netpolicy");
                var test = Test((main, MainText.Replace("zones.netpolicy", "shared.netpolicy")));
                test.ExpectedDiagnostics.Add(new DiagnosticResult("NP1004", DiagnosticSeverity.Warning)
                    .WithSpan(shared, 10, 9, 10, 14)
                    .WithMessage("service 'spare' is declared but never used"));
                await test.RunAsync();
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public async Task An_import_that_exists_nowhere_is_NP9001_at_the_import_string()
        {
            var text = "import \"missing.netpolicy\"\nservice ssh = tcp/22\n";
            var test = Test(("/nowhere-" + Guid.NewGuid().ToString("N") + "/main.netpolicy", text));
            var path = test.TestState.AdditionalFiles[0].filename;
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP9001", DiagnosticSeverity.Error)
                .WithSpan(path, 1, 8, 1, 27)
                .WithMessage($"cannot read '{Path.GetDirectoryName(path)!.Replace('\\', '/')}/missing.netpolicy': no such file"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP1004", DiagnosticSeverity.Warning)
                .WithSpan(path, 2, 9, 2, 12)
                .WithMessage("service 'ssh' is declared but never used"));
            await test.RunAsync();
        }

        [Theory]
        [InlineData("/etc/passwd", "it is absolute")]
        [InlineData("../../../../etc/passwd", "it leaves the policy's folder")]
        [InlineData("a\\u{0}b", "U+0000")]
        public async Task A_refused_import_is_NP1018_at_the_import_string_and_is_never_read(string import, string why)
        {
            var text = "import \"" + import + "\"\nzone a {\n  subnet 10.0.0.0/24\n}\n";
            var test = Test(("/project-" + Guid.NewGuid().ToString("N") + "/policies/main.netpolicy", text));
            var path = test.TestState.AdditionalFiles[0].filename;
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP1018", DiagnosticSeverity.Error)
                .WithSpan(path, 1, 8, 1, 8 + import.Length + 2)
                .WithMessage("import \"" + import + "\" is not allowed: " + Because(why)));
            await test.RunAsync();
        }

        private static string Because(string why) => why switch
        {
            "it is absolute" => "it is absolute; an import names a file relative to the importing file's folder",
            "U+0000" => "it contains the character U+0000; a path is printable text",
            _ => "it leaves the policy's folder (imports stay below the folder the policy is loaded from; policyc's --import-root names a wider one)",
        };

        private const string UnusedText = "service ssh = tcp/22\n";

        [Theory]
        [InlineData("error", DiagnosticSeverity.Error)]
        [InlineData("warning", DiagnosticSeverity.Warning)]
        [InlineData("suggestion", DiagnosticSeverity.Info)]
        [InlineData("default", DiagnosticSeverity.Warning)]
        public async Task EditorConfig_sets_the_severity_of_a_code_in_policy_files(string value, DiagnosticSeverity expected)
        {
            var test = Test((Main, UnusedText));
            AddEditorConfig(test, "/.editorconfig", $"root = true\n\n[*.netpolicy]\ndotnet_diagnostic.NP1004.severity = {value}\n");
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP1004", expected)
                .WithSpan(Main, 1, 9, 1, 12)
                .WithMessage("service 'ssh' is declared but never used"));
            await test.RunAsync();
        }

        [Fact]
        public async Task EditorConfig_none_silences_a_code_and_only_that_code()
        {
            var text = UnusedText + "zone lab {\n  segment hosts {\n    vlan 5000\n    subnet 10.1.0.0/24\n  }\n}\n";
            var test = Test((Main, text));
            AddEditorConfig(test, "/.editorconfig", "root = true\n\n[*]\ndotnet_diagnostic.NP1004.severity = none\n");
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP2001", DiagnosticSeverity.Error)
                .WithSpan(Main, 4, 10, 4, 14)
                .WithMessage("VLAN id must be 1-4094, found 5000"));
            await test.RunAsync();
        }

        [Fact]
        public async Task EditorConfig_sections_apply_by_path_and_category_keys_work()
        {
            var test = Test(("/src/a/main.netpolicy", UnusedText), ("/src/b/main.netpolicy", "service ftp = tcp/21\n"));
            AddEditorConfig(test, "/.editorconfig",
                "root = true\n\n[/src/a/*.netpolicy]\ndotnet_analyzer_diagnostic.category-PolicyLang.Names.severity = error\n");
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP1004", DiagnosticSeverity.Error)
                .WithSpan("/src/a/main.netpolicy", 1, 9, 1, 12)
                .WithMessage("service 'ssh' is declared but never used"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP1004", DiagnosticSeverity.Warning)
                .WithSpan("/src/b/main.netpolicy", 1, 9, 1, 12)
                .WithMessage("service 'ftp' is declared but never used"));
            await test.RunAsync();
        }

        [Fact]
        public async Task GlobalConfig_severities_apply_too()
        {
            var test = Test((Main, UnusedText));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n\ndotnet_diagnostic.NP1004.severity = error\n"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("NP1004", DiagnosticSeverity.Error)
                .WithSpan(Main, 1, 9, 1, 12)
                .WithMessage("service 'ssh' is declared but never used"));
            await test.RunAsync();
        }

        [Fact]
        public async Task Files_that_are_not_policies_are_ignored()
        {
            await Test(("/src/notes.txt", "vlan abc {{ not a policy"), ("/src/data.json", "{}")).RunAsync();
        }

        [Fact]
        public async Task Hostile_text_is_reported_not_thrown()
        {
            var text = "zone \"x\u2028y\" {\n}\nservice $(rm) = tcp/1\n\u0000\u0001 }}} {{ ;\n";
            // Whatever the exact findings, the analyzer must report them as NP diagnostics in the file, not crash
            // (a crash would be an AD0001 diagnostic).
            var diagnostics = await RunAndCollect(text);
            Assert.NotEmpty(diagnostics);
            Assert.All(diagnostics, d => Assert.StartsWith("NP", d.Id));
            Assert.All(diagnostics, d => Assert.Equal(Main, d.Location.GetLineSpan().Path));
        }

        [Fact]
        public async Task The_other_flow_of_an_overlap_is_an_additional_location()
        {
            var text = "zone a {\n  subnet 10.1.0.0/16\n}\nzone b {\n  subnet 10.2.0.0/16\n}\n"
                + "allow a -> b : tcp/1-1000\n"
                + "allow a -> b : tcp/22\n";
            var diagnostics = await RunAndCollect(text);
            var shadowed = Assert.Single(diagnostics, d => d.Id == "NP3001");
            Assert.Equal(7, shadowed.Location.GetLineSpan().StartLinePosition.Line);
            var other = Assert.Single(shadowed.AdditionalLocations);
            Assert.Equal(Main, other.GetLineSpan().Path);
            Assert.Equal(6, other.GetLineSpan().StartLinePosition.Line);
        }

        /// <summary>Runs the analyzer on a compilation directly and returns what it reports.</summary>
        internal static async Task<System.Collections.Immutable.ImmutableArray<Diagnostic>> RunAndCollect(string text, string path = Main)
        {
            var compilation = Compile.Create("public class C { }");
            var options = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(
                System.Collections.Immutable.ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText(path, text)));
            var withAnalyzers = compilation.WithAnalyzers(
                System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new PolicyAnalyzer()), options);
            return await withAnalyzers.GetAllDiagnosticsAsync();
        }
    }
}
