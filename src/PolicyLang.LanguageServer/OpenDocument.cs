using PolicyLang.Semantics;
using PolicyLang.Syntax;

namespace PolicyLang.LanguageServer
{
    /// <summary>
    /// An immutable snapshot of an open editor buffer: its URI, the path the core sees, the editor's version and
    /// the syntax tree (kept up to date with <see cref="PolicySyntaxTree.WithChange"/>).
    /// </summary>
    public sealed class OpenDocument
    {
        public OpenDocument(string uri, string path, int version, PolicySyntaxTree tree)
        {
            Uri = uri;
            Path = path;
            Version = version;
            Tree = tree;
        }

        public string Uri { get; }
        public string Path { get; }
        public int Version { get; }
        public PolicySyntaxTree Tree { get; }

        public OpenDocument With(int version, PolicySyntaxTree tree) => new OpenDocument(Uri, Path, version, tree);
    }

    /// <summary>The result of checking one document as part of its policy.</summary>
    public sealed class DocumentAnalysis
    {
        public DocumentAnalysis(OpenDocument document, PolicyCompilation compilation, IReadOnlyCollection<string> files)
        {
            Document = document;
            Compilation = compilation;
            Files = files;
        }

        public OpenDocument Document { get; }
        public PolicyCompilation Compilation { get; }

        /// <summary>The diagnostics last published from this analysis: the policy's own, then with every target's validation.</summary>
        public IReadOnlyList<PolicyLang.Diagnostics.Diagnostic>? Checked { get => _checked; set => _checked = value; }

        private volatile IReadOnlyList<PolicyLang.Diagnostics.Diagnostic>? _checked;

        /// <summary>Normalized paths of every file of the policy, the document's own included.</summary>
        public IReadOnlyCollection<string> Files { get; }

        public bool DependsOn(string path) => Files is HashSet<string> set ? set.Contains(path) : new HashSet<string>(Files, StringComparer.Ordinal).Contains(path);
    }
}
