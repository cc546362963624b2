using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PolicyLang.IO;
using Xunit;

namespace PolicyLang.Tests.Cli
{
    /// <summary>
    /// The output folder is replaced with no moment at which it is missing or partial: a real policyc process is
    /// ended (Environment.FailFast, as kill -9 would) at each step of the replacement in turn, and after every one the
    /// output folder holds a complete build, the old one or the new one; the next build removes what the killed one
    /// left beside it. Both ways are tried: the atomic exchange, and the two renames of systems without it.
    /// </summary>
    public sealed class BuildOutputTests
    {
        private static string Policy(int port) =>
            "zone lan {\n  subnet 10.0.0.0/24\n}\nzone wan {\n  subnet 10.9.0.0/24\n}\n" +
            "allow lan -> wan : tcp/" + port + "\n" +
            "target gw nftables {\n  devices \"gw1\", \"gw2\"\n  zones lan, wan\n  mode gateway\n}\n";

        private static (int Exit, string Output) Policyc(string policy, string output, IDictionary<string, string>? environment = null)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "policyc.dll"));
            foreach (var a in new[] { "build", policy, "-o", output }) info.ArgumentList.Add(a);
            info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
            if (environment != null) foreach (var e in environment) info.Environment[e.Key] = e.Value;
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(120_000), "policyc did not finish");
            return (p.ExitCode, stdout.Result + stderr.Result);
        }

        /// <summary>The manifest of a complete build in the folder, checked file by file against its sha256; null when incomplete.</summary>
        private static string? CompleteManifest(string folder)
        {
            var manifest = Path.Combine(folder, "manifest.json");
            if (!File.Exists(manifest)) return null;
            var text = File.ReadAllText(manifest);
            var listed = new HashSet<string>(StringComparer.Ordinal) { "manifest.json" };
            foreach (Match m in Regex.Matches(text, "\"path\": \"([^\"]+)\".*?\"sha256\": \"([0-9a-f]+)\""))
            {
                var file = Path.Combine(folder, m.Groups[1].Value);
                if (!File.Exists(file)) return null;
                var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))).ToLowerInvariant();
                if (hash != m.Groups[2].Value) return null;
                listed.Add(m.Groups[1].Value);
            }
            var present = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'));
            return present.All(listed.Contains) ? text : null;
        }

        private static string[] Siblings(string parent) =>
            Directory.GetDirectories(parent).Select(Path.GetFileName).Where(n => n!.StartsWith(".out.", StringComparison.Ordinal)).ToArray()!;

        [Theory]
        [InlineData(false, false)]
        [InlineData(true, false)]
        [InlineData(false, true)]
        public void Every_step_of_the_replacement_leaves_a_complete_output(bool twoRenames, bool noSyncFs)
        {
            using var dir = new TempFolder();
            var oldPolicy = dir.Write("old/p.netpolicy", Policy(22));
            var newPolicy = dir.Write("new/p.netpolicy", Policy(443));
            // noSyncFs: the file system flushed file by file after the writes, as where syncfs fails.
            var mode = new Dictionary<string, string> { [BuildOutput.NoExchangeVariable] = twoRenames ? "1" : "0", [BuildOutput.NoSyncFsVariable] = noSyncFs ? "1" : "0" };
            var reference = Path.Combine(dir.Path, "reference");
            Assert.Equal(0, Policyc(newPolicy, reference, mode).Exit);
            var newManifest = CompleteManifest(reference)!;
            Directory.Delete(reference, true);
            var output = Path.Combine(dir.Path, "out");
            var reached = new List<string>();
            foreach (var step in BuildOutput.Steps)
            {
                Assert.Equal(0, Policyc(oldPolicy, output, mode).Exit);
                var oldManifest = CompleteManifest(output);
                Assert.NotNull(oldManifest);
                Assert.NotEqual(oldManifest, newManifest);

                var (exit, text) = Policyc(newPolicy, output, new Dictionary<string, string>(mode) { [BuildOutput.FailpointVariable] = step });
                if (exit == 0)
                {
                    // A step of the other way of replacing: the build ran to the end.
                    Assert.Equal(newManifest, CompleteManifest(output));
                    continue;
                }
                reached.Add(step);
                Assert.Contains("failpoint " + step, text);
                if (twoRenames && step == "retired")
                {
                    // The documented window of the fallback: the old output sits aside, complete, and the next build puts it back first.
                    Assert.False(Directory.Exists(output));
                    var aside = Directory.GetDirectories(dir.Path, ".out.old-*").Single();
                    Assert.Equal(oldManifest, CompleteManifest(aside));
                }
                else
                {
                    var now = CompleteManifest(output);
                    Assert.True(now == oldManifest || now == newManifest, "after a kill at '" + step + "' the output folder is missing or incomplete");
                }
                // The next build completes and removes whatever the killed one left beside the output.
                Assert.Equal(0, Policyc(newPolicy, output, mode).Exit);
                Assert.Equal(newManifest, CompleteManifest(output));
                Assert.Empty(Siblings(dir.Path));
            }
            var expected = BuildOutput.Steps.Where(s => twoRenames ? s != "exchanged" : s != "retired" && s != "moved-in");
            Assert.Equal(expected, reached);
        }

        [Fact]
        public void A_failed_build_leaves_the_previous_output_and_the_next_build_removes_stale_siblings()
        {
            using var dir = new TempFolder();
            var policy = dir.Write("policy/p.netpolicy", Policy(22));
            var output = Path.Combine(dir.Path, "out");
            Assert.Equal(0, Policyc(policy, output).Exit);
            var before = CompleteManifest(output);
            Directory.CreateDirectory(Path.Combine(dir.Path, ".out.staging-0123"));
            Directory.CreateDirectory(Path.Combine(dir.Path, ".out.old-4567"));
            File.WriteAllText(policy, "zone broken {\n");
            Assert.Equal(1, Policyc(policy, output).Exit);
            Assert.Equal(before, CompleteManifest(output));
            File.WriteAllText(policy, Policy(8443));
            Assert.Equal(0, Policyc(policy, output).Exit);
            Assert.Contains("tcp/8443", string.Join("\n", Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(File.ReadAllText)).Replace("dport 8443", "tcp/8443"));
            Assert.Empty(Siblings(dir.Path));
        }
    

        [Fact]
        public void A_file_that_cannot_be_written_is_an_IOException_and_leaves_the_previous_output()
        {
            // Files are written several at a time: a failure must still reach the caller as the exception a single thread
            // would raise (policyc reports IOException as "cannot write"), not wrapped, and nothing of the failed build stays.
            using var dir = new TempFolder();
            var output = Path.Combine(dir.Path, "out");
            var good = new PolicyLang.Emit.BuildResult(new[] { new PolicyLang.Emit.Artifact("t", "nftables", "t/a.nft", "old\n") }, Array.Empty<PolicyLang.Diagnostics.Diagnostic>(), "{}\n");
            Assert.True(BuildOutput.TryWrite(output, good, out var error), error);
            // "t/x" is a folder (another artifact lives in it) and a file at once: writing the file fails.
            var artifacts = Enumerable.Range(0, 40).Select(i => new PolicyLang.Emit.Artifact("t", "nftables", "t/x/f" + i + ".nft", "new\n"))
                .Append(new PolicyLang.Emit.Artifact("t", "nftables", "t/x", "new\n")).ToList();
            var bad = new PolicyLang.Emit.BuildResult(artifacts, Array.Empty<PolicyLang.Diagnostics.Diagnostic>(), "{}\n");
            var thrown = Record.Exception(() => BuildOutput.TryWrite(output, bad, out _));
            Assert.NotNull(thrown);
            Assert.True(thrown is IOException || thrown is UnauthorizedAccessException, thrown!.GetType() + ": " + thrown.Message);
            Assert.Equal("old\n", File.ReadAllText(Path.Combine(output, "t", "a.nft")));
            Assert.False(File.Exists(Path.Combine(output, "t", "x", "f0.nft")));
            Assert.Empty(Siblings(dir.Path));
        }
    }
}
