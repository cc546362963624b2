using PolicyLang.Semantics;
using PolicyLang.Workspace;

namespace PolicyLang.Analyzers
{
    /// <summary>Loads the project's policy files (path and text) into compilations, the same way the CLI does.</summary>
    internal static class PolicyInputs
    {
        public const string Extension = ".netpolicy";

        public static bool IsPolicyFile(string path) => path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

        public static (PolicySourceSet Set, IReadOnlyList<PolicyCompilation> Compilations) Load(
            IReadOnlyList<KeyValuePair<string, string>> files, CancellationToken cancellationToken)
        {
            var fs = new PolicyFileSystem(files);
            var roots = files.Select(f => f.Key).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList();
            // The project's policy files arrive one by one; imports may reach any folder that holds them all.
            var set = PolicySourceSet.Load(roots, fs, cancellationToken, ImportPaths.CommonFolder(roots.Select(fs.GetFullPath)));
            return (set, PolicyCompilation.FromSourceSet(set, cancellationToken));
        }
    }
}
