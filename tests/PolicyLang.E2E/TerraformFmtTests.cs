using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.E2E.Aws;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.E2E
{
    /// <summary>
    /// Every Terraform file the compiler writes is already in <c>terraform fmt</c> layout: each target of every sample
    /// (samples/*) and of every policy in Policies/ (cloud-hostile.netpolicy among them) is built, its .tf files are
    /// written out, and the real <c>terraform fmt -check -diff -recursive</c> must exit 0. terraform fmt needs no
    /// provider; without terraform the test is skipped, or fails under CI=true.
    /// </summary>
    public sealed class TerraformFmtTests
    {
        /// <summary>The backends that write Terraform; each must show up in the files checked.</summary>
        private static readonly string[] s_terraformPlatforms = { "aws", "azure-nsg", "gcp-firewall" };

        private readonly ITestOutputHelper _output;

        public TerraformFmtTests(ITestOutputHelper output) => _output = output;

        /// <summary>Each sample folder and each policy file of the E2E tests, relative to the repository root.</summary>
        public static IReadOnlyList<string> PolicyPaths()
        {
            var samples = Directory.GetDirectories(RepositoryPaths.Samples)
                .Where(d => Directory.EnumerateFiles(d, "*.netpolicy", SearchOption.AllDirectories).Any());
            var policies = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.E2E", "Policies"), "*.netpolicy");
            return samples.Concat(policies)
                .Select(p => Path.GetRelativePath(RepositoryPaths.Root, p).Replace('\\', '/'))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();
        }

        [SkippableFact]
        public void Terraform_fmt_would_change_nothing_in_any_terraform_output()
        {
            AwsTools.Require(AwsTools.Terraform);
            var dir = ToolRun.TempDirectory("fmt");
            try
            {
                var written = new List<(string Path, string Platform)>();
                foreach (var path in PolicyPaths())
                {
                    var compilations = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Root, path) }));
                    // Every target: whichever backend writes .tf files is checked, not only the ones known today.
                    var result = PolicyBuilder.Build(compilations);
                    Assert.True(result.Succeeded, path + ":\n" + string.Join("\n", result.Diagnostics));
                    foreach (var a in result.Artifacts.Where(a => a.RelativePath.EndsWith(".tf", StringComparison.Ordinal)))
                    {
                        var relative = Path.GetFileNameWithoutExtension(path) + "/" + a.RelativePath;
                        var file = Path.Combine(dir, "out", relative);
                        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                        File.WriteAllText(file, a.Content);
                        written.Add((relative, a.Platform));
                    }
                }
                foreach (var (path, platform) in written) _output.WriteLine(platform + ": " + path);
                _output.WriteLine(written.Count + " Terraform files from " + PolicyPaths().Count + " policies");
                Assert.All(s_terraformPlatforms, p => Assert.Contains(written, w => w.Platform == p));

                var fmt = ToolRun.Run(AwsTools.Terraform, new[] { "fmt", "-check", "-diff", "-recursive", "-no-color", "out" }, dir, TimeSpan.FromMinutes(2));
                Assert.True(fmt.Succeeded, "terraform fmt would change these files (" + fmt.Describe() + "):\n" + fmt.Stdout);
            }
            finally
            {
                ToolRun.Delete(dir);
            }
        }

        /// <summary>The check above can fail: one attribute out of line in a real output, and terraform fmt -check says so.</summary>
        [SkippableFact]
        public void Terraform_fmt_check_catches_a_misaligned_attribute()
        {
            AwsTools.Require(AwsTools.Terraform);
            var compilations = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Root, "tests/PolicyLang.E2E/Policies/cloud.netpolicy") }));
            var result = PolicyBuilder.Build(compilations, new[] { "g" });
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var text = result.Artifacts.Single(a => a.RelativePath == "g/firewall.tf").Content;
            var line = text.Split('\n').First(l => l.StartsWith("  priority ", StringComparison.Ordinal));
            var broken = text.Replace(line + "\n", "  priority = " + line.Substring(line.IndexOf('=') + 2) + "\n");
            Assert.NotEqual(text, broken);
            var dir = ToolRun.TempDirectory("fmt-broken");
            try
            {
                Directory.CreateDirectory(Path.Combine(dir, "out"));
                File.WriteAllText(Path.Combine(dir, "out", "firewall.tf"), broken);
                var fmt = ToolRun.Run(AwsTools.Terraform, new[] { "fmt", "-check", "-diff", "-recursive", "-no-color", "out" }, dir, TimeSpan.FromMinutes(1));
                Assert.False(fmt.Succeeded, "terraform fmt -check accepted a misaligned attribute:\n" + broken);
                Assert.Contains("-  priority = ", fmt.Stdout);
            }
            finally
            {
                ToolRun.Delete(dir);
            }
        }
    }
}
