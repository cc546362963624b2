using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.IO;
using PolicyLang.Semantics;
using PolicyLang.Text;
using PolicyLang.Workspace;

namespace PolicyLang.Build
{
    /// <summary>
    /// <c>PolicyLang.Build --files LIST --output DIR [--target NAME]… [--report errors|all]</c>
    /// Compiles the policies listed in LIST (one path per line: the project's *.netpolicy additional files) and writes
    /// the selected targets' artifacts and manifest.json to DIR, as <c>policyc build</c> does. Diagnostics are printed
    /// in the canonical <c>file(line,col): error NPxxxx: message</c> form that MSBuild turns into build errors.
    /// With <c>--report errors</c> (the default, used while the analyzer runs in the same build) the checker's
    /// warnings are left to the analyzer, which already reported them; errors, and every diagnostic that only building
    /// targets finds (NP4xxx), are printed here. <c>--report all</c> prints everything (when analyzers are off).
    /// Exit codes: 0 built, 1 the policy has errors, 2 usage or I/O error.
    /// </summary>
    public static class Program
    {
        public const string Origin = "PolicyLang";

        public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, Environment.GetEnvironmentVariable);

        /// <param name="environment">Reads an environment variable (tests give their own, as the process's is shared).</param>
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
        {
            string? list = null, output = null, report = "errors";
            var targets = new List<string>();
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("option " + args[i] + " needs a value");
                try
                {
                    switch (args[i])
                    {
                        case "--files": list = Next(); break;
                        case "--output": output = Next(); break;
                        case "--target":
                            targets.AddRange(Next().Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim()).Where(t => t.Length > 0));
                            break;
                        case "--report": report = Next(); break;
                        default: throw new ArgumentException("unknown argument '" + args[i] + "'");
                    }
                }
                catch (ArgumentException e)
                {
                    stdout.WriteLine($"{Origin} : error : {e.Message}");
                    return 2;
                }
            }
            if (list == null || output == null || (report != "errors" && report != "all"))
            {
                stdout.WriteLine($"{Origin} : error : usage: PolicyLang.Build --files LIST --output DIR [--target NAME]... [--report errors|all]");
                return 2;
            }

            var today = PolicyClock.DayOf(environment(PolicyClock.EnvironmentVariable), out var problem);
            if (problem != null)
            {
                stdout.WriteLine($"{Origin} : error NP9003: {problem}");
                return 2;
            }
            using var clock = today is { } day ? PolicyClock.Use(day) : null;

            string[] files;
            try
            {
                files = File.ReadAllLines(list).Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToArray();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                stdout.WriteLine($"{Origin} : error NP9001: {DiagnosticCatalog.FileNotFound.Format(list, e.Message)}");
                return 2;
            }

            var set = PolicySourceSet.Load(files, importRoot: ImportPaths.CommonFolder(files.Select(System.IO.Path.GetFullPath)));
            foreach (var e in set.InputErrors) stdout.WriteLine($"{Origin} : error NP9001: {e}");
            if (set.InputErrors.Count > 0) return 2;
            var compilations = PolicyCompilation.FromSourceSet(set);
            var texts = set.Trees.ToDictionary(t => t.Path, t => t.Text, StringComparer.Ordinal);

            var known = compilations.SelectMany(c => c.Model.Targets).Select(t => t.Name).ToList();
            var unknown = targets.Where(t => !known.Contains(t)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                stdout.WriteLine($"{Origin} : error : PolicyLangTargets names {string.Join(", ", unknown.Select(u => "'" + u + "'"))}, but the policies declare {(known.Count == 0 ? "no targets" : "the targets " + string.Join(", ", known))}");
                return 2;
            }

            var checker = new HashSet<(string, int, int, string)>(compilations.SelectMany(c => c.Diagnostics).Select(d => (d.Path, d.Span.Start, d.Span.Length, d.Id)));
            var result = PolicyBuilder.Build(compilations, targets);
            foreach (var d in result.Diagnostics)
            {
                bool fromChecker = checker.Contains((d.Path, d.Span.Start, d.Span.Length, d.Id));
                if (report == "all" || d.IsError || !fromChecker) stdout.WriteLine(Format(d, texts));
            }
            if (!result.Succeeded)
            {
                stderr.WriteLine($"{Origin}: the policies have errors; nothing written to {output}");
                return 1;
            }
            try
            {
                if (!BuildOutput.TryWrite(output, result, out var error))
                {
                    stdout.WriteLine($"{Origin} : error : {error}");
                    return 2;
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                stdout.WriteLine($"{Origin} : error : cannot write '{output}': {e.Message}");
                return 2;
            }
            stdout.WriteLine($"{Origin}: {result.Artifacts.Count} artifact{(result.Artifacts.Count == 1 ? "" : "s")} for {(targets.Count == 0 ? "every target" : string.Join(", ", targets))} written to {output}");
            return 0;
        }

        /// <summary>The canonical form with the file's full path, so that MSBuild and IDEs can open it.</summary>
        private static string Format(Diagnostic d, IReadOnlyDictionary<string, SourceText> texts)
        {
            texts.TryGetValue(d.Path, out var text);
            var path = d.Path.Length > 0 ? Path.GetFullPath(d.Path) : Origin + " ";
            return DiagnosticFormatter.Format(d, text, path);
        }
    }
}
