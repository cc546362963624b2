using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using Xunit;

namespace PolicyLang.Tests.Robustness
{
    /// <summary>
    /// Big inputs whose parse might hang somewhere that ignores cancellation (the lexer runs before the parser
    /// first checks its token). In-process, such a parse would keep a core busy for the rest of the test run after
    /// its timeout, so these run in a separate <c>policyc check</c> process that is killed (by its id) on timeout.
    /// <c>policyc check FILE</c> loads the file and calls <c>PolicySyntaxTree.Parse</c>; exit code 0 or 1 means it
    /// finished (clean or with diagnostics), anything else is a crash.
    /// </summary>
    public class IsolatedHangTests
    {
        private static readonly TimeSpan Timeout = ParseGuard.BigInputTimeout;

        [Fact]
        public void Check_Finishes_OnOneMegabyteOfDottedHexDigitNames()
        {
            // "dead.beef.dead.beef…": names made of hex digits separated by dots, one line, 1 MB.
            var sb = new StringBuilder("allow ");
            while (sb.Length < 1 << 20) sb.Append("dead.beef.");
            sb.Append("x -> y : ssh\n");
            RunIsolated("1 MB of dotted hex-digit names on one line", sb.ToString());
        }

        /// <summary>The harness itself: a small file finishes at once (so a failure above is the parser, not the harness).</summary>
        [Fact]
        public void Check_Finishes_OnSmallInput() => RunIsolated("small valid file", "zone a {\n}\n");

        private static void RunIsolated(string name, string text)
        {
            var dir = AppContext.BaseDirectory;
            var cli = Path.Combine(dir, "policyc.dll");
            Assert.True(File.Exists(cli), "policyc.dll not found next to the tests: " + cli);
            var file = Path.Combine(Path.GetTempPath(), "policylang-fuzz-" + Guid.NewGuid().ToString("N") + ".netpolicy");
            File.WriteAllText(file, text, new UTF8Encoding(false));
            try
            {
                var host = Environment.ProcessPath;
                if (host == null || !Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) host = "dotnet";
                var info = new ProcessStartInfo(host)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                info.ArgumentList.Add(cli);
                info.ArgumentList.Add("check");
                info.ArgumentList.Add(file);
                using var process = Process.Start(info)!;
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                var watch = Stopwatch.StartNew();
                bool exited = process.WaitForExit((int)Timeout.TotalMilliseconds);
                if (!exited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                }
                Assert.True(exited, $"big input '{name}' (length {text.Length}): 'policyc check' did not finish within {Timeout.TotalSeconds:0} s (hang?); killed");
                process.WaitForExit(); // flush the redirected streams
                string err = stderr.Result;
                Assert.True(process.ExitCode == 0 || process.ExitCode == 1,
                    $"big input '{name}': 'policyc check' exited with {process.ExitCode} after {watch.Elapsed.TotalSeconds:0.0} s (crash?): {Truncate(err)} {Truncate(stdout.Result)}");
            }
            finally
            {
                File.Delete(file);
            }
        }

        private static string Truncate(string s) => s.Length > 2000 ? s.Substring(0, 2000) + "…" : s;
    }
}
