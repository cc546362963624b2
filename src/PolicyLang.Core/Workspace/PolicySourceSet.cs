using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
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

        public static PolicySourceSet Load(IEnumerable<string> paths, IPolicyFileSystem? fileSystem = null, CancellationToken cancellationToken = default)
        {
            var fs = fileSystem ?? PhysicalFileSystem.Instance;
            var inputErrors = new List<string>();
            var roots = ExpandInputs(paths, fs, inputErrors);
            var trees = new List<PolicySyntaxTree>();
            var diagnostics = new List<Diagnostic>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<(string Path, ImportSite? Site)>();
            foreach (var r in roots) queue.Enqueue((r, null));

            while (queue.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (path, site) = queue.Dequeue();
                var full = fs.GetFullPath(path);
                if (!seen.Add(full)) continue;
                if (!fs.TryReadFile(path, out var text, out var error))
                {
                    if (site != null) diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.FileNotFound, site.File, site.Span, DisplayPath(path), error));
                    else inputErrors.Add(DiagnosticCatalog.FileNotFound.Format(path, error));
                    continue;
                }
                var tree = PolicySyntaxTree.Parse(new SourceText(text, path), cancellationToken);
                trees.Add(tree);
                diagnostics.AddRange(tree.Diagnostics);
                foreach (var import in tree.Declarations.OfType<ImportDeclarationSyntax>())
                {
                    var target = ResolveImport(path, import.PathToken.Text);
                    if (target == null) continue;
                    queue.Enqueue((target, new ImportSite(path, import.AbsoluteSpan(import.PathToken))));
                }
            }
            return new PolicySourceSet(trees, diagnostics, inputErrors);
        }

        /// <summary>The path an import names, relative to the importing file's folder; null when the string is empty.</summary>
        public static string? ResolveImport(string importingFile, string quotedPath)
        {
            var value = StringSyntax.Unquote(quotedPath);
            if (string.IsNullOrWhiteSpace(value)) return null;
            var dir = Path.GetDirectoryName(importingFile) ?? "";
            return Path.IsPathRooted(value) ? value : Path.Combine(dir, value);
        }

        private sealed class ImportSite
        {
            public ImportSite(string file, TextSpan span)
            {
                File = file;
                Span = span;
            }

            public string File { get; }
            public TextSpan Span { get; }
        }

        private static string DisplayPath(string path) => path.Replace('\\', '/');
    }
}
