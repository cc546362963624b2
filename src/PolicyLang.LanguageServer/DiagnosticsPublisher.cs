using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PolicyLang.LanguageServer.Features;
using PolicyLang.LanguageServer.Protocol;

namespace PolicyLang.LanguageServer
{
    /// <summary>
    /// Checks open documents in the background and publishes their diagnostics: a short while after the last
    /// change (the debounce), cancelling work for a snapshot that a newer change has made stale.
    /// </summary>
    public sealed class DiagnosticsPublisher
    {
        public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(150);

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
                var diagnostics = await Task.Run(() =>
                {
                    var analysis = _workspace.Build(document, cancellationToken);
                    var all = analysis.Compilation.Diagnostics;
                    _workspace.Remember(analysis);
                    return Convert(document, all);
                }, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                await _publish(new PublishDiagnosticsParams(uri, document.Version, diagnostics)).ConfigureAwait(false);
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
        public static LspDiagnostic[] Convert(OpenDocument document, IReadOnlyList<PolicyLang.Diagnostics.Diagnostic> diagnostics)
        {
            var text = document.Tree.Text;
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
                    d.Message))
                .ToArray();
        }
    }
}
