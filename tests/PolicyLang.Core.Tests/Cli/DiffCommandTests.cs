using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using PolicyLang.TestSupport;
using PolicyLang.Tests.Baselines;
using Xunit;

namespace PolicyLang.Tests.Cli
{
    /// <summary>
    /// policyc diff as a reviewer and a pipeline use it: golden reports of realistic edits of the ai-platform sample,
    /// the gates, the JSON schema, SARIF, git revisions, and markdown that policy text cannot break out of.
    /// </summary>
    public sealed class DiffCommandTests
    {
        private static string Sample => Path.Combine(RepositoryPaths.Samples, "ai-platform");

        private static readonly Lazy<NJsonSchema.JsonSchema> s_schema = new Lazy<NJsonSchema.JsonSchema>(() =>
            NJsonSchema.JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "diff.schema.json"))).GetAwaiter().GetResult());

        private static readonly Lazy<NJsonSchema.JsonSchema> s_sarif = new Lazy<NJsonSchema.JsonSchema>(() =>
            NJsonSchema.JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Cli", "Sarif", "sarif-schema-2.1.0.json"))).GetAwaiter().GetResult());

        /// <summary>Copies the sample to old/ and new/ and applies an edit to new/.</summary>
        private static TempFolder Edited(Action<string> edit)
        {
            var dir = new TempFolder();
            foreach (var side in new[] { "old", "new" })
                foreach (var f in Directory.GetFiles(Sample, "*.netpolicy"))
                    dir.Write(Path.Combine(side, Path.GetFileName(f)), File.ReadAllText(f));
            edit(Path.Combine(dir.Path, "new"));
            return dir;
        }

        private static void Replace(string folder, string file, string from, string to)
        {
            var path = Path.Combine(folder, file);
            var text = File.ReadAllText(path);
            Assert.Contains(from, text);
            File.WriteAllText(path, text.Replace(from, to));
        }

        private static (int Exit, string Out, string Error) Diff(TempFolder dir, params string[] options)
        {
            var (exit, output, error) = CliRunner.Run(new[] { "diff", Path.Combine(dir.Path, "old"), Path.Combine(dir.Path, "new") }.Concat(options).ToArray());
            var root = dir.Path.Replace('\\', '/') + "/";
            return (exit, output.Replace(root, ""), error.Replace(root, ""));
        }

        public static TheoryData<string> Edits => new TheoryData<string> { "widen-port-range", "deny-cuts-allow", "move-segment-prefix", "class-dscp", "add-target" };

        private static void Apply(string name, string folder)
        {
            switch (name)
            {
                case "widen-port-range":
                    Replace(folder, "services.netpolicy", "ports s3-ports = 443, 9000", "ports s3-ports = 443, 9000-9010");
                    break;
                case "deny-cuts-allow":
                    Replace(folder, "flows.netpolicy", "allow dev.notebooks -> storage.objects : s3\n",
                        "allow dev.notebooks -> storage.objects : s3\ndeny dev.notebooks -> storage.objects : tcp/9000 description \"object store admin port\"\n");
                    break;
                case "move-segment-prefix":
                    Replace(folder, "zones.netpolicy", "subnet 10.60.16.0/20, fd00:60:0:2::/64", "subnet 10.60.32.0/20, fd00:60:0:2::/64");
                    break;
                case "class-dscp":
                    Replace(folder, "classes.netpolicy", "dscp 26", "dscp 28");
                    break;
                case "add-target":
                    File.AppendAllText(Path.Combine(folder, "targets.netpolicy"),
                        "\ntarget ops-hosts nftables {\n  devices \"mon1.dc1.example.net\"\n  zones ops\n  mode host\n  description \"monitoring hosts\"\n}\n");
                    break;
            }
        }

        [Theory]
        [MemberData(nameof(Edits))]
        public void Realistic_edits_of_the_sample_give_the_approved_report(string edit)
        {
            using var dir = Edited(folder => Apply(edit, folder));
            var (exit, output, error) = Diff(dir, "--format", "markdown");
            Assert.True(exit == 0, output + error);
            Baseline.Verify(output, Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Cli", "Diff"), edit, "md");
        }

        [Fact]
        public void A_policy_compared_with_itself_reports_no_change_and_passes_every_gate()
        {
            using var dir = Edited(_ => { });
            foreach (var gate in new[] { "none", "widened", "any" })
            {
                var (exit, output, error) = Diff(dir, "--fail-on", gate);
                Assert.True(exit == 0, output + error);
                Assert.Contains("policy ai-platform: no change", output);
                Assert.Contains("generated files: no change", output);
            }
        }

        [Fact]
        public void The_gates_stop_a_widening_change_or_any_change()
        {
            using var widened = Edited(folder => Apply("widen-port-range", folder));
            Assert.Equal(0, Diff(widened).Exit);
            var (exit, _, error) = Diff(widened, "--fail-on", "widened");
            Assert.Equal(1, exit);
            Assert.Contains("allows traffic the old policy denied", error);

            using var narrowed = Edited(folder => Apply("deny-cuts-allow", folder));
            Assert.Equal(0, Diff(narrowed, "--fail-on", "widened").Exit);
            Assert.Equal(1, Diff(narrowed, "--fail-on", "any").Exit);
        }

        [Fact]
        public void A_new_side_with_errors_is_reported_and_exits_1()
        {
            using var dir = Edited(folder => Replace(folder, "flows.netpolicy", "allow dev -> inference.gateway : https", "allow dev -> inferense.gateway : https"));
            var (exit, output, error) = Diff(dir);
            Assert.Equal(1, exit);
            Assert.Contains("new:      new/flows.netpolicy(", output);
            Assert.Contains("error NP1001", output);
            Assert.Contains("not compared: old built, new does not build", output);
            Assert.Contains("new policy has errors", error);
        }

        [Fact]
        public void Json_follows_the_documented_schema()
        {
            using var dir = Edited(folder =>
            {
                Apply("deny-cuts-allow", folder);
                Apply("class-dscp", folder);
                Apply("move-segment-prefix", folder);
            });
            var (exit, output, error) = Diff(dir, "--format", "json", "--artifacts");
            Assert.True(exit == 0, output + error);
            var errors = s_schema.Value.Validate(output);
            Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => e.Path + ": " + e.Kind)));
            var root = JsonDocument.Parse(output).RootElement;
            var traffic = root.GetProperty("policies")[0].GetProperty("traffic").EnumerateArray().ToList();
            Assert.Contains(traffic, t => t.GetProperty("kind").GetString() == "newly-denied" && t.GetProperty("new").GetProperty("flow").ValueKind == JsonValueKind.Object
                && t.GetProperty("new").GetProperty("flow").GetProperty("text").GetString()!.StartsWith("deny dev.notebooks", StringComparison.Ordinal));
            Assert.Contains(traffic, t => t.GetProperty("kind").GetString() == "treatment" && t.GetProperty("new").GetProperty("treatment").GetString()!.Contains("dscp 28"));
            Assert.NotEmpty(root.GetProperty("policies")[0].GetProperty("addressMoves").EnumerateArray());
            Assert.All(root.GetProperty("artifacts").GetProperty("changes").EnumerateArray(), c => Assert.StartsWith("--- a/", c.GetProperty("diff").GetString()));
            // Byte-identical across runs.
            Assert.Equal(output, Diff(dir, "--format", "json", "--artifacts").Out);
        }

        [Fact]
        public void Sarif_holds_the_changes_findings_at_the_new_flows_and_validates()
        {
            using var dir = Edited(folder => Apply("deny-cuts-allow", folder));
            File.AppendAllText(Path.Combine(dir.Path, "new", "flows.netpolicy"), "allow dev -> inference.gateway : ssh\n");
            var (exit, output, error) = Diff(dir, "--format", "sarif");
            Assert.True(exit == 0, output + error);
            var errors = s_sarif.Value.Validate(output);
            Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => e.Path + ": " + e.Kind)));
            var results = JsonDocument.Parse(output).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
            var widened = results.Single(r => r.GetProperty("ruleId").GetString() == "NP5001");
            Assert.Equal("warning", widened.GetProperty("level").GetString());
            var region = widened.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
            var lines = File.ReadAllLines(Path.Combine(dir.Path, "new", "flows.netpolicy"));
            Assert.Equal("allow dev -> inference.gateway : ssh", lines[region.GetProperty("startLine").GetInt32() - 1]);
            Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "NP5002");
            Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "NP3002");
        }

        [Fact]
        public void Markdown_escapes_policy_text_so_it_cannot_add_html_links_or_cells()
        {
            using var dir = Edited(folder => Replace(folder, "flows.netpolicy", "allow dev -> inference.gateway : https",
                "allow dev -> inference.gateway : https, ssh description \"<img src=x onerror=alert(1)> | [x](javascript:y) `z` *b*\""));
            var (_, output, _) = Diff(dir, "--format", "markdown");
            var row = output.Split('\n').Single(l => l.StartsWith("| dev → inference", StringComparison.Ordinal));
            Assert.DoesNotContain("<img", row);
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", row);
            Assert.Contains("\\| \\[x\\](javascript:y) \\`z\\` \\*b\\*", row);
            // The row keeps its five cells: no '|' from the policy splits it.
            Assert.Equal(6, System.Text.RegularExpressions.Regex.Matches(row, @"(?<!\\)\|").Count);
        }

        [Fact]
        public void Usage_errors_say_what_diff_expects()
        {
            var (exit, _, error) = CliRunner.Run("diff", Sample);
            Assert.Equal(2, exit);
            Assert.Contains("give OLD and NEW, or --base REV", error);
            (exit, _, error) = CliRunner.Run("diff", Sample, Path.Combine(Sample, "missing"));
            Assert.Equal(2, exit);
            Assert.Contains("missing", error);
        }

        // ------------------------------------------------------------------ git revisions

        private static void Git(string dir, params string[] args)
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false" }.Concat(args)) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            var err = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "git " + string.Join(" ", args) + ": " + err);
        }

        [Fact]
        public void Base_compares_the_working_tree_with_a_git_revision()
        {
            using var repo = new TempFolder();
            foreach (var f in Directory.GetFiles(Sample, "*.netpolicy")) repo.Write(Path.Combine("policy", Path.GetFileName(f)), File.ReadAllText(f));
            Git(repo.Path, "init", "-q", "-b", "main");
            Git(repo.Path, "add", ".");
            Git(repo.Path, "commit", "-q", "-m", "base");
            Apply("widen-port-range", Path.Combine(repo.Path, "policy"));
            Apply("deny-cuts-allow", Path.Combine(repo.Path, "policy"));
            var cwd = Environment.CurrentDirectory;
            var (exit, output, error) = CliRunner.Run("diff", "--base", "main", Path.Combine(repo.Path, "policy"), "--fail-on", "widened");
            Assert.True(exit == 1, output + error);
            Assert.StartsWith("diff: main -> working tree", output);
            Assert.Contains("+ newly allowed  dev -> storage", output);
            Assert.Contains("before: allowed by main:policy/flows.netpolicy(27,1): allow dev.notebooks -> storage.objects : s3 [no class]", output);
            Assert.Contains("tcp port 9001-9010", output);

            // The same revision as the working tree: nothing; an unknown revision: a usage error naming it.
            Git(repo.Path, "commit", "-q", "-am", "widen");
            Assert.Equal(0, CliRunner.Run("diff", "--base", "HEAD", Path.Combine(repo.Path, "policy"), "--fail-on", "any").Exit);
            (exit, _, error) = CliRunner.Run("diff", "--base", "no-such-branch", Path.Combine(repo.Path, "policy"));
            Assert.Equal(2, exit);
            Assert.Contains("'no-such-branch' is not a revision", error);
            (exit, _, error) = CliRunner.Run("diff", "--base", "--output=x", Path.Combine(repo.Path, "policy"));
            Assert.Equal(2, exit);
            Assert.Equal(cwd, Environment.CurrentDirectory);

            // A folder that did not exist at the base revision is compared with nothing: all of it is new.
            repo.Write(Path.Combine("other", "p.netpolicy"), "policy other {\n  default deny\n}\nzone a {\n  subnet 10.9.0.0/24\n}\nzone b {\n  subnet 10.9.1.0/24\n}\nallow a -> b : tcp/22\n");
            (exit, output, error) = CliRunner.Run("diff", "--base", "HEAD", Path.Combine(repo.Path, "other"));
            Assert.True(exit == 0, output + error);
            Assert.Contains("policy other (new): 1 newly allowed", output);
        }
    }
}
