using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport.State;

namespace PolicyLang.Benchmarks
{
    /// <summary>Writes the state folder of a policy's build (see <see cref="StateExports"/>); nftables rulesets go through the kernel.</summary>
    public static class StateExport
    {
        public static int Run(string policy, string dir)
        {
            var clock = Stopwatch.StartNew();
            var compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(File.ReadAllText(policy), Path.GetFullPath(policy)) });
            // Target by target: a target the build refuses (a flow its platform cannot express) has no state to export.
            var artifacts = new List<Artifact>();
            int refused = 0;
            foreach (var t in compilation.Model.Targets)
            {
                var one = PolicyBuilder.Build(new[] { compilation }, new[] { t.Name });
                if (one.Succeeded) artifacts.AddRange(one.Artifacts);
                else refused++;
            }
            var build = new BuildResult(artifacts, Array.Empty<PolicyLang.Diagnostics.Diagnostic>(), "");
            Console.WriteLine($"built {artifacts.Count} artifacts of {compilation.Model.Targets.Count - refused} targets in {clock.Elapsed.TotalSeconds:F1} s ({refused} targets refused by the build)");
            var cache = new Dictionary<string, string?>(StringComparer.Ordinal);
            var ns = "plexport" + Environment.ProcessId;
            bool netns = Run("ip", "netns", "add", ns) == 0;
            if (!netns) Console.WriteLine("no network namespace (not root?): nftables targets are left out");
            else if (Run("ip", "netns", "exec", ns, "nft", "list", "ruleset") != 0)
            {
                // Leaving the gateways out would make a state folder that verifies quickly because most of it is missing.
                Run("ip", "netns", "del", ns);
                Console.Error.WriteLine("nft cannot run in a network namespace (apt-get install -y nftables): no state written");
                return 1;
            }
            try
            {
                int files = StateExports.WriteAll(compilation, build, dir, ruleset =>
                {
                    if (!netns) return null;
                    if (cache.TryGetValue(ruleset, out var known)) return known;
                    var file = Path.GetTempFileName();
                    File.WriteAllText(file, ruleset);
                    Run("ip", "netns", "exec", ns, "nft", "flush", "ruleset");
                    string? export = Run("ip", "netns", "exec", ns, "nft", "-f", file) == 0 ? Output("ip", "netns", "exec", ns, "nft", "-j", "list", "ruleset") : null;
                    if (export is null) throw new InvalidOperationException("nft refused a built ruleset (kept in " + file + ")");
                    File.Delete(file);
                    return cache[ruleset] = export;
                });
                Console.WriteLine($"wrote {files} state files to {dir} in {clock.Elapsed.TotalSeconds:F1} s");
                return 0;
            }
            finally
            {
                if (netns) Run("ip", "netns", "del", ns);
            }
        }

        private static int Run(string file, params string[] args)
        {
            using var p = Process.Start(new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { } }.With(args))!;
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode;
        }

        private static string? Output(string file, params string[] args)
        {
            using var p = Process.Start(new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true }.With(args))!;
            var text = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? text : null;
        }

        private static ProcessStartInfo With(this ProcessStartInfo info, string[] args)
        {
            foreach (var a in args) info.ArgumentList.Add(a);
            return info;
        }
    }
}
