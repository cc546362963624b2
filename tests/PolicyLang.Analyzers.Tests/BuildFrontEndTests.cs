using System;
using System.IO;
using System.Linq;
using Xunit;

namespace PolicyLang.Analyzers.Tests
{
    /// <summary>PolicyLang.Build, the front end the package's build targets run on `dotnet build`.</summary>
    public sealed class BuildFrontEndTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "policylang-build-" + Guid.NewGuid().ToString("N"));

        public BuildFrontEndTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private const string Policy =
            "policy gw {\n  default deny\n}\n" +
            "service ssh = tcp/22\n" +
            "zone lan {\n  subnet 10.1.0.0/24\n}\n" +
            "external internet {\n  subnet 0.0.0.0/0\n}\n" +
            "allow lan -> internet : ssh\n" +
            "target edge nftables {\n  devices \"gw1\"\n  zones lan, internet\n  mode gateway\n}\n";

        private (int Exit, string Out, string Err) Run(string policy, params string[] extra)
        {
            var file = Path.Combine(_dir, "p.netpolicy");
            File.WriteAllText(file, policy);
            var list = Path.Combine(_dir, "files.txt");
            File.WriteAllText(list, file + "\n");
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var args = new[] { "--files", list, "--output", Path.Combine(_dir, "out") }.Concat(extra).ToArray();
            int exit = PolicyLang.Build.Program.Run(args, stdout, stderr);
            return (exit, stdout.ToString(), stderr.ToString());
        }

        [Fact]
        public void A_clean_policy_writes_the_targets_artifacts_and_manifest()
        {
            var (exit, output, _) = Run(Policy, "--target", "edge");
            Assert.Equal(0, exit);
            Assert.Contains("PolicyLang: 1 artifact for edge written to", output);
            Assert.True(File.Exists(Path.Combine(_dir, "out", "manifest.json")));
            Assert.True(File.Exists(Path.Combine(_dir, "out", "edge", "ruleset.nft")));
        }

        [Fact]
        public void An_error_is_printed_in_canonical_form_with_the_full_path_and_nothing_is_written()
        {
            var (exit, output, _) = Run(Policy.Replace("tcp/22", "tcp/70000"));
            Assert.Equal(1, exit);
            var file = Path.GetFullPath(Path.Combine(_dir, "p.netpolicy"));
            Assert.Contains(file + "(4,19): error NP2015: port must be 0-65535, found 70000", output);
            Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
        }

        [Fact]
        public void Checker_warnings_are_left_to_the_analyzer_unless_all_is_asked()
        {
            var withUnused = Policy + "service spare = tcp/7\n";
            var (exit, output, _) = Run(withUnused);
            Assert.Equal(0, exit);
            Assert.DoesNotContain("NP1004", output);

            (exit, output, _) = Run(withUnused, "--report", "all");
            Assert.Equal(0, exit);
            Assert.Contains("(17,9): warning NP1004: service 'spare' is declared but never used", output);
        }

        [Fact]
        public void An_unknown_target_is_a_usage_error_naming_the_declared_ones()
        {
            var (exit, output, _) = Run(Policy, "--target", "nope");
            Assert.Equal(2, exit);
            Assert.Contains("PolicyLang : error : PolicyLangTargets names 'nope', but the policies declare the targets edge", output);
        }

        [Fact]
        public void A_POLICYLANG_TODAY_that_is_not_a_day_is_NP9003_and_nothing_is_built()
        {
            var file = Path.Combine(_dir, "p.netpolicy");
            File.WriteAllText(file, Policy);
            var list = Path.Combine(_dir, "files.txt");
            File.WriteAllText(list, file + "\n");
            var stdout = new StringWriter();
            int exit = PolicyLang.Build.Program.Run(new[] { "--files", list, "--output", Path.Combine(_dir, "out") }, stdout, new StringWriter(),
                name => name == "POLICYLANG_TODAY" ? "tomorrow" : null);
            Assert.Equal(2, exit);
            Assert.StartsWith("PolicyLang : error NP9003: POLICYLANG_TODAY is 'tomorrow', not a day written YYYY-MM-DD", stdout.ToString());
            Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
        }

        [Fact]
        public void Bad_arguments_are_usage_errors_not_exceptions()
        {
            Assert.Equal(2, PolicyLang.Build.Program.Run(new[] { "--files" }, new StringWriter(), new StringWriter()));
            Assert.Equal(2, PolicyLang.Build.Program.Run(new[] { "--bogus", "x" }, new StringWriter(), new StringWriter()));
            Assert.Equal(2, PolicyLang.Build.Program.Run(new[] { "--files", Path.Combine(_dir, "missing.txt"), "--output", _dir }, new StringWriter(), new StringWriter()));
        }
    }
}
