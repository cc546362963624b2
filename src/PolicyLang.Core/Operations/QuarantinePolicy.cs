using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.Text;
using PolicyLang.Workspace;

namespace PolicyLang.Operations
{
    /// <summary>
    /// One policy as <c>policyc quarantine</c> sees it, loaded from the disk or from the disk with a change: the entry file
    /// (the one with the policy header), the overlay beside it, who imports the overlay, and everything
    /// <c>policyc check</c> reports (<see cref="PolicyBuilder.Check"/>, each target's validation included).
    /// </summary>
    internal sealed class QuarantinePolicy
    {
        private IReadOnlyList<Diagnostic>? _diagnostics;
        private IReadOnlyList<string>? _fingerprints;

        private QuarantinePolicy(PolicySourceSet set, IReadOnlyList<PolicyCompilation> compilations, PolicyCompilation policy, string? overlayText)
        {
            Set = set;
            Compilations = compilations;
            Policy = policy;
            Entry = policy.Trees[0];
            OverlayPath = Path.Combine(Path.GetDirectoryName(Entry.Path) ?? "", QuarantineOperation.OverlayFileName);
            OverlayText = overlayText;
            OverlayTree = set.Trees.FirstOrDefault(t => IsOverlay(t.Path))
                ?? (overlayText == null ? null : PolicySyntaxTree.Parse(new SourceText(overlayText, OverlayPath, QuarantineOperation.OverlayFileName)));
            OverlayDeclarations = OverlayTree?.Declarations.OfType<QuarantineDeclarationSyntax>().ToList() ?? new List<QuarantineDeclarationSyntax>();
            Importers = policy.Trees.Where(t => ImportsOverlay(t).Any()).ToList();
        }

        public PolicySourceSet Set { get; }
        public IReadOnlyList<PolicyCompilation> Compilations { get; }

        /// <summary>The one policy with a header among the paths.</summary>
        public PolicyCompilation Policy { get; }

        /// <summary>The file with the policy header: the overlay goes beside it.</summary>
        public PolicySyntaxTree Entry { get; }

        public string OverlayPath { get; }

        /// <summary>The overlay's text; null when there is no overlay.</summary>
        public string? OverlayText { get; }
        public PolicySyntaxTree? OverlayTree { get; }
        public IReadOnlyList<QuarantineDeclarationSyntax> OverlayDeclarations { get; }

        /// <summary>The policy's files that import the overlay (the entry file, unless someone moved the import).</summary>
        public IReadOnlyList<PolicySyntaxTree> Importers { get; }

        public bool Imported => Importers.Count > 0;

        /// <summary>What <c>policyc check</c> reports for the paths, sorted.</summary>
        public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics ??= PolicyBuilder.Check(Compilations);

        public IReadOnlyDictionary<string, SourceText> Texts => Set.Trees.GroupBy(t => t.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal);

        /// <summary>
        /// Loads the paths as <c>policyc check</c> does, from the disk with <paramref name="changes"/> (full or loaded paths;
        /// null text deletes). Null with the problem when the paths cannot be read or hold no policy header or several.
        /// </summary>
        public static QuarantinePolicy? Load(IReadOnlyList<string> paths, IReadOnlyDictionary<string, string?>? changes, string? importRoot,
            CancellationToken cancellationToken, out string problem)
        {
            problem = "";
            var fs = new QuarantineFileSystem(PhysicalFileSystem.Instance, changes);
            var set = PolicySourceSet.Load(paths.Count == 0 ? new[] { "." } : paths, fs, cancellationToken, importRoot);
            if (set.InputErrors.Count > 0)
            {
                problem = string.Join("; ", set.InputErrors);
                return null;
            }
            var compilations = PolicyCompilation.FromSourceSet(set, cancellationToken);
            var policies = compilations.Where(c => c.Trees.Count > 0 && c.Trees[0].Declarations.Any(d => d.Kind == SyntaxKind.PolicyDeclaration)).ToList();
            if (policies.Count != 1)
            {
                problem = policies.Count == 0
                    ? "the paths hold no policy header ('policy NAME { … }'); the quarantine overlay goes beside the file that has one"
                    : "the paths hold " + policies.Count.ToString(CultureInfo.InvariantCulture) + " policies (" + string.Join(", ", policies.Select(c => c.Name))
                        + "); quarantine in one at a time";
                return null;
            }
            var overlayPath = Path.Combine(Path.GetDirectoryName(policies[0].Trees[0].Path) ?? "", QuarantineOperation.OverlayFileName);
            string? overlayText = null;
            if (fs.FileExists(overlayPath))
            {
                if (!fs.TryReadFile(overlayPath, out var text, out var error))
                {
                    problem = DiagnosticCatalog.FileNotFound.Format(overlayPath, error);
                    return null;
                }
                overlayText = text;
            }
            return new QuarantinePolicy(set, compilations, policies[0], overlayText);
        }

        /// <summary>Why the overlay cannot be edited: it is the entry file, has syntax errors, or holds more than quarantines.</summary>
        public string? OverlayProblem()
        {
            if (IsOverlay(Entry.Path))
                return "the policy's entry file is itself called " + QuarantineOperation.OverlayFileName + "; policyc keeps quarantines in a file of that name beside it, so rename the entry file";
            if (OverlayTree == null) return null;
            var name = OverlayTree.Text.DisplayName;
            if (OverlayTree.HasErrors)
            {
                var first = OverlayTree.Diagnostics.First(d => d.IsError);
                return name + " has syntax errors (" + new SourceLocation(OverlayTree.Text, first.Span).Display + ": " + first.Message + "); fix them before changing its quarantines";
            }
            var other = OverlayTree.Declarations.FirstOrDefault(d => d.Kind != SyntaxKind.QuarantineDeclaration);
            if (other != null)
                return name + " holds more than quarantines (" + new SourceLocation(OverlayTree.Text, other.AbsoluteSpan(other)).Display
                    + "), so it is not the overlay policyc quarantine writes; rename that file or move its other declarations";
            return null;
        }

        public bool IsOverlay(string path) => Full(path) == Full(OverlayPath);

        /// <summary>The SARIF fingerprint of each of <see cref="Diagnostics"/>, in order: stable when lines move.</summary>
        public IReadOnlyList<string> Fingerprints()
        {
            if (_fingerprints != null) return _fingerprints;
            var texts = Texts;
            var fingerprint = new DiagnosticFingerprint(Full, p => texts.TryGetValue(p, out var t) ? t : null);
            return _fingerprints = Diagnostics.Select(fingerprint.Of).ToList();
        }

        /// <summary>A file without its imports of the overlay (whole lines), the rest byte for byte.</summary>
        public static string WithoutImports(PolicySyntaxTree tree, string overlayPath)
        {
            while (true)
            {
                var import = Imports(tree, overlayPath).FirstOrDefault();
                if (import == null) return tree.Text.Text;
                tree = PolicySyntaxTree.Parse(new SourceText(QuarantineText.WithoutLines(tree, import, withComments: false), tree.Path, tree.Text.DisplayName));
            }
        }

        private IEnumerable<ImportDeclarationSyntax> ImportsOverlay(PolicySyntaxTree tree) => Imports(tree, OverlayPath);

        private static IEnumerable<ImportDeclarationSyntax> Imports(PolicySyntaxTree tree, string overlayPath) =>
            tree.Declarations.OfType<ImportDeclarationSyntax>().Where(i => PolicySourceSet.ResolveImport(tree.Path, i.PathToken.Text) is { } p && Full(p) == Full(overlayPath));

        private static string Full(string path)
        {
            if (path.Length == 0) return path;
            try { return Path.GetFullPath(path); }
            catch (ArgumentException) { return path; }
        }
    }
}
