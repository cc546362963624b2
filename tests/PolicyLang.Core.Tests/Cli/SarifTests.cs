using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using PolicyLang.Diagnostics;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Cli
{
    /// <summary>
    /// <c>policyc check --format sarif</c>: every log validates against the official SARIF 2.1.0 schema, regions are exact,
    /// rules come from the catalog, related locations point at the other flow, fingerprints survive unrelated edits, and
    /// the output is byte-identical across runs.
    /// </summary>
    public sealed class SarifTests
    {
        private static readonly Lazy<NJsonSchema.JsonSchema> s_schema = new Lazy<NJsonSchema.JsonSchema>(() =>
            NJsonSchema.JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Cli", "Sarif", "sarif-schema-2.1.0.json")))
                .GetAwaiter().GetResult());

        private const string Shadowed =
            "zone a {\n  subnet 10.1.0.0/16\n}\nzone b {\n  subnet 10.2.0.0/16\n}\n" +
            "allow a -> b : tcp/1-1000\n" +
            "allow a -> b : tcp/22\n";

        private const string Broken = "zone c {\n  segment s {\n    vlan abc\n  }\n}\n";

        private static JsonElement Sarif(string output)
        {
            var errors = s_schema.Value.Validate(output);
            Assert.True(errors.Count == 0, "not SARIF 2.1.0: " + string.Join("; ", errors.Select(e => e.Path + ": " + e.Kind)));
            return JsonDocument.Parse(output).RootElement;
        }

        [Fact]
        public void A_log_validates_against_the_schema_with_exact_regions_and_the_catalogs_rules()
        {
            using var dir = new TempFolder();
            var file = dir.Write("p.netpolicy", Broken);
            var (exit, output, error) = CliRunner.Run("check", "--format", "sarif", file);
            Assert.Equal(1, exit);
            Assert.Equal("", error);
            var run = Sarif(output).GetProperty("runs")[0];
            Assert.Equal("policyc", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
            var syntax = Assert.Single(run.GetProperty("results").EnumerateArray());
            Assert.Equal("NP0010", syntax.GetProperty("ruleId").GetString());
            Assert.Equal("error", syntax.GetProperty("level").GetString());
            Assert.Equal("expected a VLAN id, found 'abc'", syntax.GetProperty("message").GetProperty("text").GetString());
            var location = syntax.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.Equal(new System.Uri(file).AbsoluteUri, location.GetProperty("artifactLocation").GetProperty("uri").GetString());
            var region = location.GetProperty("region");
            Assert.Equal(3, region.GetProperty("startLine").GetInt32());
            Assert.Equal(10, region.GetProperty("startColumn").GetInt32());
            Assert.Equal(13, region.GetProperty("endColumn").GetInt32());
            Assert.Equal(Broken.IndexOf("abc", StringComparison.Ordinal), region.GetProperty("charOffset").GetInt32());
            Assert.Equal(3, region.GetProperty("charLength").GetInt32());

            var rule = Assert.Single(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray());
            Assert.Equal(0, syntax.GetProperty("ruleIndex").GetInt32());
            var descriptor = DiagnosticCatalog.Find("NP0010")!;
            Assert.Equal("NP0010", rule.GetProperty("id").GetString());
            Assert.Equal(descriptor.Title, rule.GetProperty("shortDescription").GetProperty("text").GetString());
            Assert.Equal(descriptor.Description, rule.GetProperty("fullDescription").GetProperty("text").GetString());
            Assert.Equal(descriptor.HelpLink, rule.GetProperty("helpUri").GetString());
            Assert.Contains("policyc explain NP0010", rule.GetProperty("help").GetProperty("text").GetString());
            Assert.Equal("error", rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        }

        [Fact]
        public void A_shadowed_flow_points_at_the_flow_that_decides_its_packets()
        {
            using var dir = new TempFolder();
            var file = dir.Write("p.netpolicy", Shadowed);
            var (exit, output, _) = CliRunner.Run("check", "--format", "sarif", file);
            Assert.Equal(0, exit);
            var results = Sarif(output).GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
            var shadow = Assert.Single(results, r => r.TryGetProperty("relatedLocations", out _));
            Assert.Equal("warning", shadow.GetProperty("level").GetString());
            Assert.Equal(8, shadow.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
            var related = shadow.GetProperty("relatedLocations")[0];
            Assert.Equal(1, related.GetProperty("id").GetInt32());
            Assert.Contains("allow", related.GetProperty("message").GetProperty("text").GetString());
            var region = related.GetProperty("physicalLocation").GetProperty("region");
            Assert.Equal(7, region.GetProperty("startLine").GetInt32());
            Assert.Equal(1, region.GetProperty("startColumn").GetInt32());
        }

        [Fact]
        public void Fingerprints_survive_lines_added_above_and_the_log_is_byte_identical()
        {
            using var dir = new TempFolder();
            var file = dir.Write("p.netpolicy", Shadowed + "allow a -> b : tcp/22\n");
            var first = CliRunner.Run("check", "--format", "sarif", file).Out;
            Assert.Equal(first, CliRunner.Run("check", "--format", "sarif", file).Out);
            dir.Write("p.netpolicy", "# a comment\n# and another\n" + Shadowed + "allow a -> b : tcp/22\n");
            var moved = CliRunner.Run("check", "--format", "sarif", file).Out;
            string[] Prints(string log) => Sarif(log).GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("partialFingerprints").GetProperty("policylang/v1").GetString()!).ToArray();
            int Line(string log) => Sarif(log).GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0]
                .GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32();
            Assert.NotEqual(Line(first), Line(moved));
            Assert.Equal(Prints(first), Prints(moved));
            Assert.True(Prints(first).Length >= 2);
            Assert.Equal(Prints(first).Length, Prints(first).Distinct().Count());
        }

        [Fact]
        public void The_schema_check_can_fail()
        {
            using var dir = new TempFolder();
            var log = CliRunner.Run("check", "--format", "sarif", dir.Write("p.netpolicy", Broken)).Out;
            Assert.NotEmpty(s_schema.Value.Validate(log.Replace("\"level\": \"error\"", "\"level\": \"fatal\"")));
            Assert.NotEmpty(s_schema.Value.Validate(log.Replace("\"startLine\": 3", "\"startLine\": 0")));
        }

        [Theory]
        [InlineData("ai-platform")]
        [InlineData("campus-lab")]
        [InlineData("inference-edge")]
        public void Samples_give_valid_logs_with_what_text_output_reports(string sample)
        {
            var path = Path.Combine(RepositoryPaths.Samples, sample);
            var (exit, output, _) = CliRunner.Run("check", "--format", "sarif", path);
            Assert.Equal(0, exit);
            var results = Sarif(output).GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
            var text = CliRunner.Run("check", path).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(text.Length, results.Count);
            Assert.All(results, r => Assert.Equal("warning", r.GetProperty("level").GetString()));
        }

        [Fact]
        public void Only_check_and_build_write_sarif()
        {
            var (exit, _, error) = CliRunner.Run("fmt", "--format", "sarif", "--check", RepositoryPaths.Samples);
            Assert.Equal(2, exit);
            Assert.Contains("sarif", error);
        }
    }
}
