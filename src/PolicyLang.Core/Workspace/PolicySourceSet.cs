using PolicyLang.Diagnostics;
using PolicyLang.Syntax;
using PolicyLang.Text;

namespace PolicyLang.Workspace
{
    /// <summary>
    /// The files of one policy: the ones named on the command line (directories searched for *.netpolicy)
    /// and every file they import, transitively. Loading never throws: unreadable files are diagnostics.
    /// </summary>
    public sealed class PolicySourceSet
    {
        private PolicySourceSet(IReadOnlyList<PolicySyntaxTree> trees, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<string> inputErrors)
        {
            Trees = trees;
            Diagnostics = diagnostics;
            InputErrors = inputErrors;
        }

        /// <summary>Parsed files in a stable order: roots in the order given, then imports in discovery order.</summary>
        public IReadOnlyList<PolicySyntaxTree> Trees { get; }

        /// <summary>Syntax diagnostics of every file, plus imports that could not be read.</summary>
        public IReadOnlyList<Diagnostic> Diagnostics { get; }

        /// <summary>Problems with the inputs themselves (a path that does not exist, a folder without policies).</summary>
        public IReadOnlyList<string> InputErrors { get; }

        /// <summary>Expands command-line paths into policy files; directories are searched recursively.</summary>
        public static IReadOnlyList<string> ExpandInputs(IEnumerable<string> paths, IPolicyFileSystem fs, List<string> errors)
        {
            var files = new List<string>();
            foreach (var p in paths)
            {
                if (fs.DirectoryExists(p))
                {
                    var found = fs.EnumeratePolicyFiles(p).ToList();
                    if (found.Count == 0) errors.Add(DiagnosticCatalog.NoInputs.Format(p));
                    files.AddRange(found);
                }
                else if (fs.FileExists(p))
                {
                    files.Add(p);
                }
                else
                {
                    errors.Add(DiagnosticCatalog.FileNotFound.Format(p, "no such file or directory"));
                }
            }
            return files;
        }

        /// <param name="importRoot">
        /// The folder imports must stay in; null: each input's own folder (a folder given, or the folder of a file given).
        /// </param>
        public static PolicySourceSet Load(IEnumerable<string> paths, IPolicyFileSystem? fileSystem = null, CancellationToken cancellationToken = default,
            string? importRoot = null)
        {
            var fs = fileSystem ?? PhysicalFileSystem.Instance;
            var inputErrors = new List<string>();
            var inputs = paths.ToList();
            var trees = new List<PolicySyntaxTree>();
            var diagnostics = new List<Diagnostic>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<(string Path, string Root, ImportSite? Site)>();
            foreach (var input in inputs)
            {
                var root = importRoot ?? (fs.DirectoryExists(input) ? input : Path.GetDirectoryName(input) ?? "");
                var rootFull = SafeFullPath(fs, root.Length == 0 ? "." : root);
                foreach (var r in ExpandInputs(new[] { input }, fs, inputErrors))
                {
                    // A file found in a folder that is a link to a file outside it is refused like such an import.
                    if (fs is PhysicalFileSystem && r != input && ImportPaths.RealPath(SafeFullPath(fs, r)) is { } real
                        && ImportPaths.RealPath(rootFull) is { } realRoot && !ImportPaths.IsInside(real, realRoot))
                    {
                        inputErrors.Add(DiagnosticCatalog.FileNotFound.Format(DisplayPath(r), "it is a link to a file outside " + DisplayPath(input)));
                        continue;
                    }
                    queue.Enqueue((r, rootFull, null));
                }
            }

            while (queue.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (path, root, site) = queue.Dequeue();
                bool builtin = BuiltinBaselines.IsBuiltin(path);
                var full = builtin ? path : fs.GetFullPath(path);
                if (!seen.Add(full)) continue;
                string text, error;
                // A file found in a folder or imported that has no size is not opened (SourceFiles.HasNoSize): a named pipe there would wait.
                if (!builtin && fs is PhysicalFileSystem && !(site == null && inputs.Contains(path)) && SourceFiles.HasNoSize(path))
                {
                    text = "";
                }
                else if (!(builtin ? BuiltinBaselines.TryRead(path, out text, out error) : fs.TryReadFile(path, out text, out error)))
                {
                    if (site != null) diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.FileNotFound, site.File, site.Span, DisplayPath(path), error));
                    else inputErrors.Add(DiagnosticCatalog.FileNotFound.Format(path, error));
                    continue;
                }
                var tree = PolicySyntaxTree.Parse(new SourceText(text, path, builtin ? path : RelativeDisplay(root, full)), cancellationToken);
                trees.Add(tree);
                diagnostics.AddRange(tree.Diagnostics);
                foreach (var import in tree.Declarations.OfType<ImportDeclarationSyntax>())
                {
                    var resolution = ImportPaths.Resolve(path, import.PathToken.Text, root, fs);
                    var span = import.AbsoluteSpan(import.PathToken);
                    if (!resolution.Ok)
                    {
                        diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.ImportPathRefused, path, span, import.PathToken.Text, resolution.Problem));
                        continue;
                    }
                    queue.Enqueue((resolution.Path!, root, new ImportSite(path, span)));
                }
            }
            return new PolicySourceSet(trees, diagnostics, inputErrors);
        }

        private static string SafeFullPath(IPolicyFileSystem fs, string path)
        {
            try { return fs.GetFullPath(path); }
            catch (ArgumentException) { return path; }
        }

        /// <summary>A file's name as messages show it: relative to the policy's root folder, else its file name.</summary>
        private static string RelativeDisplay(string root, string full)
        {
            if (root.Length > 0 && ImportPaths.IsInside(full, root))
            {
                var rel = full.Substring(root.TrimEnd('/', '\\').Length).TrimStart('/', '\\');
                if (rel.Length > 0) return rel.Replace('\\', '/');
            }
            return Path.GetFileName(full);
        }

        /// <summary>
        /// The path an import names, relative to the importing file's folder; null when the import is refused (empty,
        /// absolute, control characters: see <see cref="ImportPaths"/>). Loading also keeps imports inside the root.
        /// </summary>
        public static string? ResolveImport(string importingFile, string quotedPath) => ImportPaths.Resolve(importingFile, quotedPath).Path;

        private sealed class ImportSite(string file, TextSpan span)
        {
            public string File { get; } = file;
            public TextSpan Span { get; } = span;
        }

        private static string DisplayPath(string path) => path.Replace('\\', '/');
    }
}
