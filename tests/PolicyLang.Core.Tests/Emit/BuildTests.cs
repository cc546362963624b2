using System.IO;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.IO;
using PolicyLang.Tests.Cli;
using Xunit;

namespace PolicyLang.Tests.Emit
{
    public sealed class BuildTests
    {
        private const string Policy =
            "policy p {\n  default deny\n}\n" +
            "zone a {\n  subnet 10.1.0.0/16, fd00:1::/48\n}\n" +
            "zone b {\n  subnet 10.2.0.0/16\n}\n" +
            "allow a -> b : tcp/22\n" +
            "target gw nftables {\n  zones a, b\n}\n";

        [Fact]
        public void Builds_are_byte_identical_and_the_manifest_hashes_every_artifact()
        {
            var first = EmitTestHelper.Build(Policy);
            var second = EmitTestHelper.Build(Policy);
            Assert.True(first.Succeeded);
            Assert.Equal(first.Manifest, second.Manifest);
            Assert.Equal(first.Artifacts.Select(a => a.Content), second.Artifacts.Select(a => a.Content));
            var artifact = Assert.Single(first.Artifacts);
            Assert.Equal("gw/ruleset.nft", artifact.RelativePath);
            Assert.Contains("\"sha256\": \"" + PolicyBuilder.Sha256(artifact.Content) + "\"", first.Manifest);
            Assert.DoesNotContain("20", first.Manifest.Split('\n').First(l => l.Contains("generator")));
        }

        [Fact]
        public void Declaration_order_does_not_change_the_output()
        {
            var reordered = "target gw nftables {\n  zones a, b\n}\nallow a -> b : tcp/22\nzone b {\n  subnet 10.2.0.0/16\n}\n" +
                            "zone a {\n  subnet 10.1.0.0/16, fd00:1::/48\n}\npolicy p {\n  default deny\n}\n";
            var one = EmitTestHelper.Artifact(EmitTestHelper.Build(Policy), "gw/ruleset.nft");
            var two = EmitTestHelper.Artifact(EmitTestHelper.Build(reordered), "gw/ruleset.nft");
            Assert.Equal(Strip(one), Strip(two));
        }

        private static string Strip(string ruleset) => string.Join("\n", ruleset.Split('\n').Where(l => !l.TrimStart().StartsWith("#")));

        [Fact]
        public void A_failed_build_writes_nothing_and_keeps_the_previous_output()
        {
            using var dir = new TempFolder();
            var good = dir.Write("p.netpolicy", Policy);
            var output = Path.Combine(dir.Path, "out");
            Assert.Equal(0, CliRunner.Run("build", good, "-o", output).Exit);
            var before = File.ReadAllText(Path.Combine(output, "gw", "ruleset.nft"));
            var manifest = File.ReadAllText(Path.Combine(output, "manifest.json"));

            File.WriteAllText(good, Policy.Replace("tcp/22", "tcp/99999"));
            var (exit, stdout, stderr) = CliRunner.Run("build", good, "-o", output);
            Assert.Equal(1, exit);
            Assert.Contains("error NP2015: port must be 0-65535, found 99999", stdout);
            Assert.Contains("nothing written", stderr);
            Assert.Equal(before, File.ReadAllText(Path.Combine(output, "gw", "ruleset.nft")));
            Assert.Equal(manifest, File.ReadAllText(Path.Combine(output, "manifest.json")));
            Assert.Equal(new[] { "out", "p.netpolicy" }, Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).OrderBy(x => x));
        }

        [Fact]
        public void Rebuilding_replaces_the_output_and_leaves_no_stray_files()
        {
            using var dir = new TempFolder();
            var file = dir.Write("p.netpolicy", Policy);
            var output = Path.Combine(dir.Path, "out");
            Assert.Equal(0, CliRunner.Run("build", file, "-o", output).Exit);
            File.WriteAllText(Path.Combine(output, "gw", "stale.txt"), "old");
            Assert.Equal(0, CliRunner.Run("build", file, "-o", output).Exit);
            Assert.False(File.Exists(Path.Combine(output, "gw", "stale.txt")));
            Assert.Equal(new[] { "out", "p.netpolicy" }, Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).OrderBy(x => x));
        }

        [Fact]
        public void A_folder_policyc_did_not_write_is_never_replaced()
        {
            using var dir = new TempFolder();
            var file = dir.Write("p.netpolicy", Policy);
            dir.Write("precious/notes.txt", "keep");
            var (exit, _, error) = CliRunner.Run("build", file, "-o", Path.Combine(dir.Path, "precious"));
            Assert.Equal(2, exit);
            Assert.Contains("refusing to replace a folder policyc did not write", error);
            Assert.Equal("keep", File.ReadAllText(Path.Combine(dir.Path, "precious", "notes.txt")));
        }

        [Fact]
        public void Two_policies_built_together_may_not_share_a_target_name()
        {
            var first = EmitTestHelper.Compile(Policy, "one.netpolicy");
            var secondText = Policy.Replace("policy p", "policy q");
            var second = EmitTestHelper.Compile(secondText, "two.netpolicy");
            var result = PolicyBuilder.Build(new[] { first, second });
            var d = Assert.Single(result.Diagnostics, x => x.Id == "NP4005");
            Assert.Equal("two.netpolicy", d.Path);
            Assert.Equal("gw", secondText.Substring(d.Span.Start, d.Span.Length));
            Assert.Equal("target 'gw' is also declared by policy 'p' at one.netpolicy(11,8); build output folders are named after targets", d.Message);
            Assert.Empty(result.Artifacts);
        }

        [Fact]
        public void Unknown_target_names_are_usage_errors()
        {
            using var dir = new TempFolder();
            var file = dir.Write("p.netpolicy", Policy);
            var (exit, _, error) = CliRunner.Run("build", file, "-t", "nope", "-o", Path.Combine(dir.Path, "out"));
            Assert.Equal(2, exit);
            Assert.Contains("unknown target 'nope'; the policies declare: gw", error);
        }
    }
}
