using System.Threading.Tasks;
using PolicyLang.LanguageServer.Features;

namespace PolicyLang.LanguageServer
{
    /// <summary>
    /// Checks open documents in the background and publishes their diagnostics: a short while after the last
    /// change (the debounce), cancelling work for a snapshot that a newer change has made stale.
    /// </summary>
    public sealed class DiagnosticsPublisher
    {
        /// <summary>The debounce before a check: 150 ms (longer than the pause between a fast typist's keystrokes, so typing does not start checks that the next keystroke cancels), or <c>POLICYLS_DEBOUNCE_MS</c> (0–5000) from the environment.</summary>
        public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(
            int.TryParse(Environment.GetEnvironmentVariable("POLICYLS_DEBOUNCE_MS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms <= 5000 ? ms : 150);

        /// <summary>At most this many diagnostics are published per document (errors first): editors slow to a crawl past that.</summary>
        public const int MaxPublished = 1000;

        private readonly PolicyWorkspace _workspace;
        private readonly Func<PublishDiagnosticsParams, Task> _publish;
        private readonly TimeSpan _delay;
        private readonly object _gate = new object();
        private readonly Dictionary<string, CancellationTokenSource> _pending = new Dictionary<string, CancellationTokenSource>(StringComparer.Ordinal);

        public DiagnosticsPublisher(PolicyWorkspace workspace, Func<PublishDiagnosticsParams, Task> publish, TimeSpan? delay = null)
        {
            _workspace = workspace;
            _publish = publish;
            _delay = delay ?? DefaultDelay;
        }

        /// <summary>Checks the document (and the open documents that import it) after the debounce delay.</summary>
        public void Schedule(string uri, bool withDependents = true)
        {
            var token = Restart(uri);
            _ = RunAsync(uri, token);
            if (!withDependents) return;
            var document = _workspace.Get(uri);
            if (document == null) return;
            foreach (var dependent in _workspace.Dependents(uri, document.Path)) Schedule(dependent.Uri, withDependents: false);
        }

        /// <summary>
        /// Publishes at once, for the document's new version, what is known without checking it again: its syntax
        /// errors, and the last check's diagnostics of every declaration the edit did not touch, moved to where those
        /// declarations are now (diagnostics of re-parsed declarations are left out until the check). The checked
        /// publish follows after the debounce; this one is marked <c>policylang.stage = "syntax"</c>.
        /// </summary>
        public void PublishSyntaxStage(OpenDocument document)
        {
            try
            {
                var carried = new List<PolicyLang.Diagnostics.Diagnostic>(document.Tree.Diagnostics);
                var last = _workspace.LastAnalysis(document.Uri);
                if (last != null && !ReferenceEquals(last.Document.Tree, document.Tree))
                    carried.AddRange(CarryOver(last, document.Tree));
                var converted = Convert(document, carried);
                _ = _publish(new PublishDiagnosticsParams(document.Uri, document.Version, converted, new PublishInfo("syntax")));
            }
            catch (Exception e)
            {
                Console.Error.WriteLine("policyls: the syntax stage for " + document.Uri + " failed: " + e);
            }
        }

        /// <summary>
        /// The semantic diagnostics of a past analysis that lie in declarations the new tree still has, at their new
        /// offsets. A declaration is "still there" when the new tree has one with the same text (leading trivia
        /// aside; the k-th of equal texts matches the k-th), whether the edit was re-parsed incrementally or not.
        /// </summary>
        private static List<PolicyLang.Diagnostics.Diagnostic> CarryOver(DocumentAnalysis last, PolicyLang.Syntax.PolicySyntaxTree tree)
        {
            var result = new List<PolicyLang.Diagnostics.Diagnostic>();
            var oldTree = last.Document.Tree;
            var path = last.Document.Path;
            var syntax = new HashSet<(string, int, int)>();
            foreach (var d in oldTree.Diagnostics) syntax.Add((d.Id, d.Span.Start, d.Span.Length));
            // What was last published for it (never a check started here: this runs on every keystroke).
            var semantic = (last.Checked ?? Array.Empty<PolicyLang.Diagnostics.Diagnostic>())
                .Where(d => string.Equals(d.Path, path, StringComparison.Ordinal) && !syntax.Contains((d.Id, d.Span.Start, d.Span.Length)))
                .ToList();
            if (semantic.Count == 0) return result;

            // Fast path: an incremental re-parse reuses every untouched declaration's nodes, first token included.
            var byToken = new Dictionary<PolicyLang.Syntax.SyntaxToken, PolicyLang.Syntax.DeclarationSyntax>();
            foreach (var d in tree.Declarations)
                if (d.FirstToken != null) byToken[d.FirstToken] = d;
            var oldDeclarations = oldTree.Declarations;
            List<(string, int)>? oldKeys = null;
            Dictionary<(string, int), int>? newStarts = null;
            foreach (var d in semantic)
            {
                int index = DeclarationIndexAt(oldDeclarations, d.Span.Start);
                if (index < 0) continue;
                var owner = oldDeclarations[index];
                int oldStart = TextStart(owner);
                if (d.Span.Start < oldStart) continue;
                int newStart;
                if (owner.FirstToken != null && byToken.TryGetValue(owner.FirstToken, out var same)) newStart = TextStart(same);
                else
                {
                    // After a full re-parse: match declarations by their text.
                    if (newStarts == null)
                    {
                        oldKeys = Keys(oldTree);
                        var newKeys = Keys(tree);
                        newStarts = new Dictionary<(string, int), int>();
                        for (int i = 0; i < newKeys.Count; i++) newStarts[newKeys[i]] = TextStart(tree.Declarations[i]);
                    }
                    if (!newStarts.TryGetValue(oldKeys![index], out newStart)) continue;
                }
                var span = d.Span.Shift(newStart - oldStart);
                if (span.End <= tree.Text.Length) result.Add(d.WithSpan(span));
            }
            return result;
        }

        private static int TextStart(PolicyLang.Syntax.DeclarationSyntax d) => d.Start + d.Span.Start;

        /// <summary>Each declaration's text without leading trivia, numbered among equal texts.</summary>
        private static List<(string, int)> Keys(PolicyLang.Syntax.PolicySyntaxTree tree)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var keys = new List<(string, int)>(tree.Declarations.Count);
            var text = tree.Text.Text;
            foreach (var d in tree.Declarations)
            {
                var value = text.Substring(TextStart(d), d.Span.Length);
                seen.TryGetValue(value, out var n);
                seen[value] = n + 1;
                keys.Add((value, n));
            }
            return keys;
        }

        private static int DeclarationIndexAt(IReadOnlyList<PolicyLang.Syntax.DeclarationSyntax> declarations, int position)
        {
            int lo = 0, hi = declarations.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                var d = declarations[mid];
                if (position < d.Start) hi = mid - 1;
                else if (position >= d.Start + d.FullSpan.End) lo = mid + 1;
                else return mid;
            }
            return -1;
        }

        /// <summary>Stops pending work for a closed document and clears its diagnostics in the editor.</summary>
        public Task ClearAsync(string uri)
        {
            lock (_gate)
            {
                if (_pending.TryGetValue(uri, out var cts))
                {
                    cts.Cancel();
                    _pending.Remove(uri);
                }
            }
            return _publish(new PublishDiagnosticsParams(uri, null, Array.Empty<LspDiagnostic>()));
        }

        private CancellationToken Restart(string uri)
        {
            lock (_gate)
            {
                if (_pending.TryGetValue(uri, out var old)) old.Cancel();
                var cts = new CancellationTokenSource();
                _pending[uri] = cts;
                return cts.Token;
            }
        }

        private async Task RunAsync(string uri, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(_delay, cancellationToken).ConfigureAwait(false);
                var document = _workspace.Get(uri);
                if (document == null) return;
                // The policy's own check first: what the edit most likely touched, published as soon as it is known
                // (stage "policy"). Then every target's validation, which check and build report too but which can take
                // far longer (ACL budgets of fabric targets): the complete publish, without a stage, follows.
                var analysis = await Task.Run(() =>
                {
                    var a = _workspace.Build(document, cancellationToken);
                    a.Checked = a.Compilation.PolicyDiagnostics;
                    _workspace.Remember(a);
                    return a;
                }, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (analysis.Compilation.Model.Targets.Count > 0)
                {
                    await _publish(new PublishDiagnosticsParams(uri, document.Version, Convert(document, analysis.Compilation.PolicyDiagnostics, analysis.Compilation, _workspace.UriFor), new PublishInfo("policy"))).ConfigureAwait(false);
                    analysis.Checked = await Task.Run(() => analysis.Compilation.Diagnostics, cancellationToken).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }
                await _publish(new PublishDiagnosticsParams(uri, document.Version, Convert(document, analysis.Checked ?? analysis.Compilation.PolicyDiagnostics, analysis.Compilation, _workspace.UriFor))).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A newer change (or a close) took over.
            }
            catch (Exception e)
            {
                Console.Error.WriteLine("policyls: checking " + uri + " failed: " + e);
            }
            finally
            {
                lock (_gate)
                {
                    if (_pending.TryGetValue(uri, out var cts) && cts.Token == cancellationToken)
                    {
                        _pending.Remove(uri);
                        cts.Dispose();
                    }
                }
            }
        }

        /// <summary>The policy's diagnostics that lie in this document, as LSP diagnostics.</summary>
        /// <param name="compilation">Where the related locations' texts come from; without it (the syntax stage, whose carried
        /// diagnostics may point at moved declarations) diagnostics go out without related information.</param>
        public static LspDiagnostic[] Convert(OpenDocument document, IReadOnlyList<PolicyLang.Diagnostics.Diagnostic> diagnostics,
            PolicyCompilation? compilation = null, Func<string, string>? uriFor = null)
        {
            var text = document.Tree.Text;
            DiagnosticRelatedInformation[]? Related(PolicyLang.Diagnostics.Diagnostic d)
            {
                if (compilation == null || d.Related.Count == 0) return null;
                var related = new List<DiagnosticRelatedInformation>();
                foreach (var r in d.Related)
                {
                    var tree = compilation.Trees.FirstOrDefault(t => string.Equals(t.Path, r.Path, StringComparison.Ordinal));
                    if (tree == null || r.Span.End > tree.Text.Length) continue;
                    var uri = string.Equals(r.Path, document.Path, StringComparison.Ordinal) ? document.Uri : uriFor?.Invoke(r.Path);
                    if (uri != null) related.Add(new DiagnosticRelatedInformation(new Location(uri, Conversions.ToRange(tree.Text, r.Span)), r.Message));
                }
                return related.Count > 0 ? related.ToArray() : null;
            }
            return diagnostics
                .Where(d => string.Equals(d.Path, document.Path, StringComparison.Ordinal))
                .OrderByDescending(d => d.Severity)
                .ThenBy(d => d.Span.Start)
                .Take(MaxPublished)
                .OrderBy(d => d.Span.Start)
                .Select(d => new LspDiagnostic(
                    Conversions.ToRange(text, d.Span),
                    Conversions.ToSeverity(d.Severity),
                    d.Id,
                    new CodeDescription(d.Descriptor.HelpLink),
                    "policylang",
                    d.Message,
                    Related(d)))
                .ToArray();
        }
    }
}
