using PolicyLang.Diagnostics;
using PolicyLang.Workspace;

namespace PolicyLang.LanguageServer
{
    /// <summary>
    /// The editor's view of the files: open buffers (which override the disk) and, for imports that are not open,
    /// the files on disk (parsed once per modification). Builds a document's policy — the document plus everything
    /// it imports, transitively — and hands it to the core to check. Thread-safe.
    /// </summary>
    public sealed class PolicyWorkspace
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, OpenDocument> _byUri = new Dictionary<string, OpenDocument>(StringComparer.Ordinal);
        private readonly Dictionary<string, OpenDocument> _byPath = new Dictionary<string, OpenDocument>(StringComparer.Ordinal);
        private readonly Dictionary<string, DocumentAnalysis> _analyses = new Dictionary<string, DocumentAnalysis>(StringComparer.Ordinal);
        private readonly Dictionary<string, (DateTime Stamp, long Length, PolicySyntaxTree Tree)> _disk =
            new Dictionary<string, (DateTime, long, PolicySyntaxTree)>(StringComparer.Ordinal);

        public OpenDocument Open(string uri, int version, string text)
        {
            var path = DocumentUris.ToPath(uri);
            var document = new OpenDocument(uri, path, version, PolicySyntaxTree.Parse(new SourceText(text, path)));
            lock (_gate)
            {
                if (_byUri.TryGetValue(uri, out var previous)) _byPath.Remove(previous.Path);
                _byUri[uri] = document;
                _byPath[path] = document;
                _analyses.Remove(uri);
            }
            return document;
        }

        /// <summary>Replaces an open document's snapshot (after edits). Returns false when the document is not open.</summary>
        public bool Update(OpenDocument document)
        {
            lock (_gate)
            {
                if (!_byUri.ContainsKey(document.Uri)) return false;
                _byUri[document.Uri] = document;
                _byPath[document.Path] = document;
                return true;
            }
        }

        public OpenDocument? Close(string uri)
        {
            lock (_gate)
            {
                if (!_byUri.TryGetValue(uri, out var document)) return null;
                _byUri.Remove(uri);
                _byPath.Remove(document.Path);
                _analyses.Remove(uri);
                return document;
            }
        }

        public OpenDocument? Get(string uri)
        {
            lock (_gate) return _byUri.TryGetValue(uri, out var d) ? d : null;
        }

        public IReadOnlyList<OpenDocument> OpenDocuments
        {
            get { lock (_gate) return _byUri.Values.ToList(); }
        }

        /// <summary>The URI to show for a path: the open buffer's URI when the file is open, else a file URI.</summary>
        public string UriFor(string path)
        {
            lock (_gate) return _byPath.TryGetValue(path, out var d) ? d.Uri : DocumentUris.FromPath(path);
        }

        /// <summary>Open documents other than <paramref name="uri"/> whose last analysis included <paramref name="path"/>.</summary>
        public IReadOnlyList<OpenDocument> Dependents(string uri, string path)
        {
            lock (_gate)
            {
                return _analyses.Values
                    .Where(a => a.Document.Uri != uri && a.DependsOn(path) && _byUri.ContainsKey(a.Document.Uri))
                    .Select(a => _byUri[a.Document.Uri])
                    .ToList();
            }
        }

        /// <summary>Remembers an analysis, unless the document has changed or closed since.</summary>
        public void Remember(DocumentAnalysis analysis)
        {
            lock (_gate)
            {
                if (_byUri.TryGetValue(analysis.Document.Uri, out var current) && ReferenceEquals(current, analysis.Document))
                    _analyses[analysis.Document.Uri] = analysis;
            }
        }

        /// <summary>The last analysis of a document, whatever version it was made for (null before the first).</summary>
        public DocumentAnalysis? LastAnalysis(string uri)
        {
            lock (_gate) return _analyses.TryGetValue(uri, out var a) ? a : null;
        }

        /// <summary>
        /// A model for answers that only need names (completion): the last analysis even when a few keystrokes old,
        /// so typing never waits for a bind of the whole policy; a new one when there is none yet.
        /// </summary>
        public PolicyModel RecentModelFor(OpenDocument document, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (_analyses.TryGetValue(document.Uri, out var a)) return a.Compilation.Model;
            }
            return CompilationFor(document, cancellationToken).Model;
        }

        /// <summary>The compilation of a document's current snapshot: the last analysis when it is current, else a new one (bound on demand).</summary>
        public PolicyCompilation CompilationFor(OpenDocument document, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (_analyses.TryGetValue(document.Uri, out var a) && ReferenceEquals(a.Document, document)) return a.Compilation;
            }
            return Build(document, cancellationToken).Compilation;
        }

        /// <summary>Collects the document's policy (the document and its transitive imports) into an unchecked compilation.</summary>
        public DocumentAnalysis Build(OpenDocument document, CancellationToken cancellationToken)
        {
            var trees = new List<PolicySyntaxTree> { document.Tree };
            var root = ImportRootFor(document.Path);
            var loadDiagnostics = new List<Diagnostic>();
            var files = new HashSet<string>(StringComparer.Ordinal) { document.Path };
            var queue = new Queue<PolicySyntaxTree>();
            queue.Enqueue(document.Tree);
            while (queue.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var tree = queue.Dequeue();
                foreach (var import in tree.Declarations.OfType<ImportDeclarationSyntax>())
                {
                    // The same rule as the command line: relative, printable, and inside the policy's folder (here: the
                    // repository that holds the document, or the document's own folder outside a repository).
                    var resolution = ImportPaths.Resolve(tree.Path, import.PathToken.Text, root, PhysicalFileSystem.Instance);
                    if (!resolution.Ok)
                    {
                        loadDiagnostics.Add(Diagnostic.Create(DiagnosticCatalog.ImportPathRefused, tree.Path, import.AbsoluteSpan(import.PathToken),
                            import.PathToken.Text, resolution.Problem));
                        continue;
                    }
                    var target = resolution.Path!;
                    // A baseline shipped with the compiler ("baseline:NAME") is read from Core, as the command line reads it.
                    bool builtin = BuiltinBaselines.IsBuiltin(target);
                    var full = builtin ? target : DocumentUris.Normalize(target);
                    if (!files.Add(full)) continue;
                    string error;
                    var imported = builtin ? BuiltinTree(full, out error, cancellationToken) : TreeFor(full, out error, cancellationToken);
                    if (imported == null)
                    {
                        loadDiagnostics.Add(Diagnostic.Create(DiagnosticCatalog.FileNotFound, tree.Path, import.AbsoluteSpan(import.PathToken),
                            target.Replace('\\', '/'), error));
                        continue;
                    }
                    trees.Add(imported);
                    queue.Enqueue(imported);
                }
            }
            return new DocumentAnalysis(document, PolicyCompilation.Create(trees, loadDiagnostics, cancellationToken), files);
        }

        /// <summary>The folder a document's imports may reach: the repository that holds it, else its own folder.</summary>
        private static string ImportRootFor(string path)
        {
            var folder = System.IO.Path.GetDirectoryName(path) ?? "";
            try
            {
                for (var dir = new System.IO.DirectoryInfo(folder.Length == 0 ? "." : folder); dir != null; dir = dir.Parent)
                    if (System.IO.Directory.Exists(System.IO.Path.Combine(dir.FullName, ".git")) || System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, ".git")))
                        return dir.FullName;
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is ArgumentException || e is System.Security.SecurityException)
            {
            }
            return folder;
        }

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PolicySyntaxTree> s_builtin =
            new System.Collections.Concurrent.ConcurrentDictionary<string, PolicySyntaxTree>(StringComparer.Ordinal);

        /// <summary>
        /// The tree of a baseline shipped inside Core (<c>baseline:NAME</c>), parsed once: its path and display name are the
        /// import's, as <see cref="PolicySourceSet"/> gives them, so its diagnostics move to the import just the same.
        /// </summary>
        private static PolicySyntaxTree? BuiltinTree(string path, out string error, CancellationToken cancellationToken)
        {
            error = "";
            if (s_builtin.TryGetValue(path, out var cached)) return cached;
            if (!BuiltinBaselines.TryRead(path, out var text, out error)) return null;
            return s_builtin.GetOrAdd(path, PolicySyntaxTree.Parse(new SourceText(text, path, path), cancellationToken));
        }

        /// <summary>The tree of a file: its open buffer, else the file on disk (cached until it changes), else null.</summary>
        private PolicySyntaxTree? TreeFor(string path, out string error, CancellationToken cancellationToken)
        {
            error = "";
            lock (_gate)
            {
                if (_byPath.TryGetValue(path, out var open)) return open.Tree;
            }
            DateTime stamp;
            long length;
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    error = Directory.Exists(path) ? "it is a directory" : "no such file";
                    return null;
                }
                stamp = info.LastWriteTimeUtc;
                length = info.Length;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                error = e.Message;
                return null;
            }
            lock (_gate)
            {
                if (_disk.TryGetValue(path, out var cached) && cached.Stamp == stamp && cached.Length == length) return cached.Tree;
            }
            // An imported file of no size is not opened (SourceFiles.HasNoSize): a named pipe would hold the analysis forever.
            string text = "";
            if (length > 0 && !PhysicalFileSystem.Instance.TryReadFile(path, out text, out error)) return null;
            var tree = PolicySyntaxTree.Parse(new SourceText(text, path), cancellationToken);
            lock (_gate) _disk[path] = (stamp, length, tree);
            return tree;
        }
    }
}
