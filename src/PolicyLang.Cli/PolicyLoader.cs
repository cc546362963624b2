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
    }
}
