using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using PolicyLang.Diagnostics;
using PolicyLang.TestSupport;
using Xunit;
using CoreSeverity = PolicyLang.Diagnostics.DiagnosticSeverity;

namespace PolicyLang.Analyzers.Tests
{
    /// <summary>The analyzer's descriptors and docs/diagnostics.md both come from the one catalog.</summary>
    public class DiagnosticDocsTests
    {
        private static string DocsPath => Path.Combine(RepositoryPaths.Root, "docs", "diagnostics.md");

        [Fact]
        public void Every_catalog_code_is_a_supported_descriptor_with_the_catalogs_text_and_help_link()
        {
            var supported = new PolicyAnalyzer().SupportedDiagnostics;
            Assert.Equal(DiagnosticCatalog.All.Select(d => d.Id), supported.Select(d => d.Id));
            foreach (var (core, roslyn) in DiagnosticCatalog.All.Zip(supported, (a, b) => (a, b)))
            {
                Assert.Equal(core.Title, roslyn.Title.ToString());
                Assert.Equal(core.Description, roslyn.Description.ToString());
                Assert.Equal(core.HelpLink, roslyn.HelpLinkUri);
                Assert.Equal("PolicyLang." + core.Category, roslyn.Category);
                Assert.Equal(RoslynDescriptors.ToRoslyn(core.DefaultSeverity), roslyn.DefaultSeverity);
                Assert.True(roslyn.IsEnabledByDefault);
                // The message is Core's rendered text: the descriptor holds no second copy of it.
                Assert.Equal("{0}", roslyn.MessageFormat.ToString());
                Assert.EndsWith("/diagnostics/" + core.Id.ToLowerInvariant(), roslyn.HelpLinkUri, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void The_generator_supports_no_diagnostics_of_its_own()
        {
            // Each diagnostic is reported by one component: the analyzer. The generator has no descriptor to report.
            var fields = typeof(Generator.PolicyGenerator).Assembly.GetTypes()
                .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public))
                .Where(f => f.FieldType == typeof(Microsoft.CodeAnalysis.DiagnosticDescriptor) && f.DeclaringType != typeof(RoslynDescriptors));
            Assert.Empty(fields);
        }

        [Fact]
        public void Docs_page_has_an_anchor_per_code_and_matches_the_catalog()
        {
            var expected = Render();
            if (Environment.GetEnvironmentVariable("POLICYLANG_UPDATE_BASELINES") == "1")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(DocsPath)!);
                File.WriteAllText(DocsPath, expected);
            }
            Assert.True(File.Exists(DocsPath), "docs/diagnostics.md is missing; run with POLICYLANG_UPDATE_BASELINES=1 to write it");
            var actual = File.ReadAllText(DocsPath).Replace("\r\n", "\n");
            foreach (var d in DiagnosticCatalog.All)
            {
                Assert.Contains("<a id=\"" + d.Id.ToLowerInvariant() + "\"></a>", actual);
                Assert.Contains("## " + d.Id + ": " + d.Title, actual);
            }
            Assert.True(expected == actual, "docs/diagnostics.md is out of date with DiagnosticCatalog; run `POLICYLANG_UPDATE_BASELINES=1 dotnet test tests/PolicyLang.Analyzers.Tests --filter DiagnosticDocs` and review the diff");
        }

        internal static string Render()
        {
            var sb = new StringBuilder();
            sb.Append("# PolicyLang diagnostics\n\n");
            sb.Append("<!-- Generated from src/PolicyLang.Core/Diagnostics/DiagnosticCatalog.cs by tests/PolicyLang.Analyzers.Tests (DiagnosticDocsTests).\n");
            sb.Append("     Do not edit: change the catalog, then run POLICYLANG_UPDATE_BASELINES=1 dotnet test tests/PolicyLang.Analyzers.Tests --filter DiagnosticDocs -->\n\n");
            sb.Append("Every diagnostic that `policyc`, `policyls` and the Roslyn analyzer (package `PolicyLang.Analyzers`) report, with its\n");
            sb.Append("code, default severity and meaning. Each code has an anchor here (`#np0001`, …); the help link of each diagnostic,\n");
            sb.Append("`" + DiagnosticCatalog.HelpBaseUrl + "npxxxx`, is the published form of this page's section for that code.\n\n");
            sb.Append("In a C# project that uses the analyzer, set a code's severity in `.editorconfig` as for any analyzer:\n\n");
            sb.Append("```ini\n[*.netpolicy]\n# error | warning | suggestion | silent | none | default\ndotnet_diagnostic.NP1004.severity = none\n");
            sb.Append("dotnet_analyzer_diagnostic.category-PolicyLang.Values.severity = error\n```\n\n");
            sb.Append("A policy error that is lowered this way still stops `dotnet build` from compiling the policy's targets:\n");
            sb.Append("no configuration is generated from a policy with errors.\n\n");
            sb.Append("| code | default severity | category | title |\n| --- | --- | --- | --- |\n");
            foreach (var d in DiagnosticCatalog.All)
                sb.Append("| [" + d.Id + "](#" + d.Id.ToLowerInvariant() + ") | " + Severity(d.DefaultSeverity) + " | " + d.Category + " | " + Escape(d.Title) + " |\n");
            foreach (var d in DiagnosticCatalog.All)
            {
                sb.Append("\n<a id=\"" + d.Id.ToLowerInvariant() + "\"></a>\n");
                sb.Append("## " + d.Id + ": " + d.Title + "\n\n");
                sb.Append("Default severity: " + Severity(d.DefaultSeverity) + " · category: " + d.Category + "\n\n");
                sb.Append("Message: `" + d.MessageFormat.Replace("`", "'") + "`\n\n");
                sb.Append(d.Description + "\n");
            }
            sb.Append("\n## Retired codes\n\n");
            sb.Append("These codes are no longer reported; `policyc explain` still accepts them and names the codes that replaced them.\n\n");
            sb.Append("| retired | reported now as |\n| --- | --- |\n");
            foreach (var r in DiagnosticCatalog.RetiredCodes)
                sb.Append("| " + r.Key + " | " + string.Join(", ", r.Value.Select(c => "[" + c + "](#" + c.ToLowerInvariant() + ")")) + " |\n");
            return sb.ToString();
        }

        private static string Severity(CoreSeverity s) => PolicyLang.Diagnostics.DiagnosticFormatter.Severity(s);

        private static string Escape(string s) => s.Replace("|", "\\|");
    }
}
