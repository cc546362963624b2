using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.E2E
{
    /// <summary>
    /// docs/ci.md's recipe, run as written: its command block is read from the document and run by bash with the real
    /// policyc on PATH, in a git repository with a base branch and a change on top, the way a pipeline runs it on a pull
    /// request. The GitHub Actions and GitLab CI examples must run the same lines.
    /// </summary>
    public sealed class CiRecipeTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "policylang-ci-" + Guid.NewGuid().ToString("N"));

        public CiRecipeTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private static string Doc => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "ci.md")).Replace("\r\n", "\n");

        /// <summary>The fenced block after the &lt;!-- recipe --&gt; marker.</summary>
        private static string[] Recipe()
        {
            var m = Regex.Match(Doc, "<!-- recipe -->\n```sh\n(.*?)```", RegexOptions.Singleline);
            Assert.True(m.Success, "docs/ci.md has no recipe block");
            return m.Groups[1].Value.Split('\n').Where(l => l.Trim().Length > 0).ToArray();
        }

        private static string Block(string language, string after)
        {
            int at = Doc.IndexOf(after, StringComparison.Ordinal);
            Assert.True(at >= 0, after);
            var m = new Regex("```" + language + "\n(.*?)```", RegexOptions.Singleline).Match(Doc, at);
            Assert.True(m.Success);
            return m.Groups[1].Value;
        }

        [Fact]
        public void The_pipeline_examples_run_the_recipes_lines()
        {
            foreach (var section in new[] { "## GitHub Actions", "## GitLab CI" })
            {
                var yaml = Block("yaml", section);
                foreach (var line in Recipe()) Assert.True(yaml.Contains(line.Trim(), StringComparison.Ordinal), section + " does not run: " + line);
            }
        }

        private (int Exit, string Output) Run(string workingDirectory, string file, IReadOnlyDictionary<string, string> env, params string[] args)
        {
            var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) start.ArgumentList.Add(a);
            foreach (var (k, v) in env) start.Environment[k] = v;
            using var p = Process.Start(start)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout + stderr.Result);
        }

        private void Git(string repo, params string[] args)
        {
            var (exit, output) = Run(repo, "git", new Dictionary<string, string>(),
                new[] { "-c", "user.name=ci", "-c", "user.email=ci@example.com", "-c", "commit.gpgsign=false" }.Concat(args).ToArray());
            Assert.True(exit == 0, "git " + string.Join(" ", args) + ": " + output);
        }

        /// <summary>A repository whose main branch holds the sample under policy/, and a feature branch that edits it.</summary>
        private string Repository(Action<string> change)
        {
            var repo = Path.Combine(_dir, "repo-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var policy = Path.Combine(repo, "policy");
            Directory.CreateDirectory(policy);
            foreach (var f in Directory.GetFiles(Path.Combine(RepositoryPaths.Samples, "ai-platform"), "*.netpolicy"))
                File.Copy(f, Path.Combine(policy, Path.GetFileName(f)));
            Git(repo, "init", "-q", "-b", "main");
            Git(repo, "add", ".");
            Git(repo, "commit", "-q", "-m", "the policy on main");
            Git(repo, "checkout", "-q", "-b", "feature");
            change(policy);
            Git(repo, "commit", "-q", "-am", "the change under review");
            return repo;
        }

        /// <summary>Runs the recipe in <paramref name="repo"/> with the built policyc on PATH.</summary>
        private (int Exit, string Output) RunRecipe(string repo)
        {
            var bin = Path.Combine(_dir, "bin");
            Directory.CreateDirectory(bin);
            var policyc = Path.Combine(bin, "policyc");
            var dll = Path.Combine(AppContext.BaseDirectory, "policyc.dll");
            Assert.True(File.Exists(dll), dll);
            File.WriteAllText(policyc, "#!/bin/sh\nexec dotnet \"" + dll + "\" \"$@\"\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(policyc, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var script = Path.Combine(_dir, "recipe.sh");
            File.WriteAllText(script, "set -eu -o pipefail\n" + string.Join("\n", Recipe()) + "\n");
            var env = new Dictionary<string, string>
            {
                ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
                ["POLICY"] = "policy",
                ["BASE"] = "main",
            };
            return Run(repo, "bash", env, script);
        }

        private static void Replace(string folder, string file, string from, string to)
        {
            var path = Path.Combine(folder, file);
            var text = File.ReadAllText(path);
            Assert.Contains(from, text);
            File.WriteAllText(path, text.Replace(from, to));
        }

        [Fact]
        public void A_change_that_widens_access_is_reported_and_stopped_by_the_gate()
        {
            var repo = Repository(p => Replace(p, "flows.netpolicy", "allow dev -> inference.gateway : https", "allow dev -> inference.gateway : https, ssh"));
            var (exit, output) = RunRecipe(repo);
            Assert.True(exit == 1, "the gate let a widening change through:\n" + output);
            Assert.Contains("allows traffic the old policy denied (--fail-on widened)", output);

            // Every earlier step ran and left what the pipeline uploads and posts.
            var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo, "policyc.sarif"))).RootElement;
            Assert.Equal("2.1.0", sarif.GetProperty("version").GetString());
            Assert.True(File.Exists(Path.Combine(repo, "out", "manifest.json")));
            var report = File.ReadAllText(Path.Combine(repo, "policy-diff.md"));
            Assert.StartsWith("### PolicyLang change review", report.TrimStart('\uFEFF'));
            Assert.Contains("| ai-platform | 1 | 0 | 0 | 0 | 0 | 0 |", report);
            Assert.Contains("| dev → inference | 10.60.0.0/19 -&gt; 10.30.64.0/18 tcp port 22", report);
            Assert.Contains("allowed by policy/flows.netpolicy(28,1): allow dev -&gt; inference.gateway : https, ssh", report);
            Assert.Contains("| inference-k8s (kubernetes) | inference-k8s/inference-gateway.yaml | changed |", report);
        }

        [Fact]
        public void A_change_that_only_narrows_access_passes_the_gate_with_its_report()
        {
            var repo = Repository(p => Replace(p, "flows.netpolicy", "allow dev.notebooks -> storage.objects : s3\n",
                "allow dev.notebooks -> storage.objects : s3\ndeny dev.notebooks -> storage.objects : tcp/9000\n"));
            var (exit, output) = RunRecipe(repo);
            Assert.True(exit == 0, output);
            var report = File.ReadAllText(Path.Combine(repo, "policy-diff.md"));
            Assert.Contains("| ai-platform | 0 | 1 | 0 | 0 | 1 | 0 |", report);
            Assert.Contains("Newly denied (1)", report);
            Assert.Contains("allowed by main:policy/flows.netpolicy(27,1): allow dev.notebooks -&gt; storage.objects : s3", report);
            // The new overlap warning is a finding in the SARIF the pipeline uploads.
            var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo, "policyc.sarif"))).RootElement.GetProperty("runs")[0].GetProperty("results");
            Assert.Contains(results.EnumerateArray(), r => r.GetProperty("ruleId").GetString() == "NP3002");
        }
    }
}
