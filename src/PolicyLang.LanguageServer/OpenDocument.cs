namespace PolicyLang.LanguageServer
{
    /// <summary>
    /// An immutable snapshot of an open editor buffer: its URI, the path the core sees, the editor's version and
    /// the syntax tree (kept up to date with <see cref="PolicySyntaxTree.WithChange"/>).
    /// </summary>
    public sealed class OpenDocument(string uri, string path, int version, PolicySyntaxTree tree)
    {
        public string Uri { get; } = uri;
        public string Path { get; } = path;
        public int Version { get; } = version;
        public PolicySyntaxTree Tree { get; } = tree;

        public OpenDocument With(int version, PolicySyntaxTree tree) => new OpenDocument(Uri, Path, version, tree);
    }

    /// <summary>The result of checking one document as part of its policy.</summary>
    public sealed class DocumentAnalysis(
        OpenDocument document, PolicyCompilation compilation, IReadOnlyCollection<string> files)
    {
        public OpenDocument Document { get; } = document;
        public PolicyCompilation Compilation { get; } = compilation;

        /// <summary>The diagnostics last published from this analysis: the policy's own, then with every target's validation.</summary>
        public IReadOnlyList<PolicyLang.Diagnostics.Diagnostic>? Checked { get => _checked; set => _checked = value; }

        private volatile IReadOnlyList<PolicyLang.Diagnostics.Diagnostic>? _checked;

        /// <summary>Normalized paths of every file of the policy, the document's own included.</summary>
        public IReadOnlyCollection<string> Files { get; } = files;

        public bool DependsOn(string path) => Files is HashSet<string> set ? set.Contains(path) : new HashSet<string>(Files, StringComparer.Ordinal).Contains(path);
    }
}
