using PolicyLang.Semantics;
using PolicyLang.Text;
using PolicyLang.Workspace;

namespace PolicyLang.Cli
{
    /// <summary>Loads the policies named on a command line; input problems are printed and become exit code 2.</summary>
    internal static class PolicyLoader
    {
        public static bool TryLoad(CliContext context, string[] paths, out IReadOnlyList<PolicyCompilation> compilations, out IReadOnlyDictionary<string, SourceText> texts, out int fileCount)
        {
            if (paths.Length == 0) paths = new[] { "." };
            var set = PolicySourceSet.Load(paths, importRoot: context.ImportRoot);
            texts = set.Trees.ToDictionary(t => t.Path, t => t.Text);
            fileCount = set.Trees.Count;
            if (set.InputErrors.Count > 0)
            {
                foreach (var e in set.InputErrors) context.Error.WriteLine("policyc: error: " + e);
                compilations = new List<PolicyCompilation>();
                return false;
            }
            compilations = PolicyCompilation.FromSourceSet(set);
            return true;
        }

        /// <summary>
        /// Loads exactly one policy without errors for a command that asks questions of it (query, verify, report).
        /// Returns the exit code to stop with: 2 for input problems or several policies, 1 when the policy has errors
        /// (printed in <paramref name="errorFormat"/>); null when the policy is ready.
        /// </summary>
        public static int? TryLoadOne(CliContext context, string[] paths, string verb, string errorFormat, out PolicyCompilation compilation, out IReadOnlyDictionary<string, SourceText> texts) =>
            TryLoadOne(context, paths, verb, errorFormat, out compilation, out texts, checkNow: true);

        /// <param name="checkNow">False: the policy's errors are left for the caller to find, with <see cref="StopOnErrors"/>
        /// (verify runs the policy's checks beside its own work).</param>
        public static int? TryLoadOne(CliContext context, string[] paths, string verb, string errorFormat, out PolicyCompilation compilation, out IReadOnlyDictionary<string, SourceText> texts,
            bool checkNow)
        {
            compilation = null!;
            if (!TryLoad(context, paths, out var compilations, out texts, out _)) return ExitCodes.UsageOrIoError;
            if (compilations.Count != 1)
            {
                context.Error.WriteLine($"policyc: error: the paths hold {compilations.Count} policies ({string.Join(", ", compilations.Select(c => c.Name))}); {verb} one at a time");
                return ExitCodes.UsageOrIoError;
            }
            compilation = compilations[0];
            return checkNow ? StopOnErrors(context, compilation.PolicyDiagnostics, texts, verb, errorFormat) : null;
        }

        /// <summary>Prints the errors among the policy's diagnostics and returns exit code 1, or null when there is none.</summary>
        public static int? StopOnErrors(CliContext context, IReadOnlyList<Diagnostics.Diagnostic> policyDiagnostics, IReadOnlyDictionary<string, SourceText> texts, string verb, string errorFormat)
        {
            var errors = policyDiagnostics.Where(d => d.IsError).ToList();
            if (errors.Count == 0) return null;
            DiagnosticPrinter.Print(context.Out, errors, texts, errorFormat);
            context.Error.WriteLine("policyc: the policy has errors; fix them before " + verb + "ing " + (verb == "query" ? "it" : verb == "report" ? "on it" : "against it"));
            return ExitCodes.PolicyErrors;
        }
    }
}
