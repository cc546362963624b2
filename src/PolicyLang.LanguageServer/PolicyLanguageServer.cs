using System.Reflection;
using System.Text.Json;
using System.Threading.Tasks;
using PolicyLang.Formatting;
using PolicyLang.LanguageServer.Features;
using PolicyLang.LanguageServer.Protocol;
using StreamJsonRpc;

namespace PolicyLang.LanguageServer
{
    /// <summary>
    /// The LSP methods. Every handler only calls the core: parsing, checking, binding and formatting live there.
    /// Notifications run one at a time in arrival order (the JsonRpc synchronization context guarantees it);
    /// requests take a snapshot first and do their work off that context, so a long request never blocks edits.
    /// </summary>
    public sealed class PolicyLanguageServer
    {
        public const string LanguageId = "netpolicy";

        private readonly PolicyWorkspace _workspace = new PolicyWorkspace();
        private readonly DiagnosticsPublisher _diagnostics;
        private readonly TaskCompletionSource<int> _exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _initialized;
        private volatile bool _shutdown;
        private volatile bool _snippets;

        /// <summary><c>POLICYLS_TIMING=1</c>: print the re-parse and syntax-stage time of each didChange to stderr.</summary>
        private static readonly bool s_timing = Environment.GetEnvironmentVariable("POLICYLS_TIMING") == "1";
        private readonly System.Collections.Generic.Dictionary<string, (string ResultId, int[] Data)> _tokenResults =
            new System.Collections.Generic.Dictionary<string, (string ResultId, int[] Data)>(StringComparer.Ordinal);
        private long _tokenResultCounter;

        private readonly Func<string, object, Task> _notify;
        private readonly Func<string, string?> _environment;

        /// <param name="environment">Reads an environment variable (tests pass their own); the process's by default.</param>
        public PolicyLanguageServer(Func<string, object, Task> notify, TimeSpan? debounce = null, Func<string, string?>? environment = null)
        {
            _notify = notify;
            _environment = environment ?? Environment.GetEnvironmentVariable;
            _diagnostics = new DiagnosticsPublisher(_workspace, p => notify("textDocument/publishDiagnostics", p), debounce);
        }

        /// <summary>Completes with the process exit code when the client sends <c>exit</c>.</summary>
        internal Task<int> ExitCode => _exit.Task;

        internal bool ShutdownRequested => _shutdown;

        // ---- lifecycle ----

        [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
        public InitializeResult Initialize(InitializeParams? parameters)
        {
            _snippets = SnippetSupport(parameters?.Capabilities);
            _initialized = true;
            var version = typeof(PolicyLanguageServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            return new InitializeResult(
                new ServerCapabilities(
                    new TextDocumentSyncOptions(OpenClose: true, Change: 2, Save: new SaveOptions(IncludeText: false)),
                    DocumentFormattingProvider: true,
                    DefinitionProvider: true,
                    HoverProvider: true,
                    DocumentSymbolProvider: true,
                    ReferencesProvider: true,
                    RenameProvider: new RenameOptions(PrepareProvider: true),
                    CompletionProvider: new CompletionOptions(new[] { " ", ":", ">", "," }),
                    CodeActionProvider: new CodeActionOptions(new[] { "quickfix" }),
                    FoldingRangeProvider: true,
                    WorkspaceSymbolProvider: true,
                    SemanticTokensProvider: new SemanticTokensOptions(
                        new SemanticTokensLegend(SemanticTokens.TokenTypes, SemanticTokens.TokenModifiers),
                        Range: true,
                        Full: new SemanticTokensFullOptions(Delta: true))),
                new ServerInfo("policyls", version));
        }

        /// <summary><c>capabilities.textDocument.completion.completionItem.snippetSupport</c>, read leniently: anything else is no.</summary>
        private static bool SnippetSupport(JsonElement? capabilities)
        {
            var e = capabilities ?? default;
            foreach (var name in new[] { "textDocument", "completion", "completionItem", "snippetSupport" })
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e)) return false;
            }
            return e.ValueKind == JsonValueKind.True;
        }

        /// <summary>
        /// A <c>POLICYLANG_TODAY</c> that is not a day written YYYY-MM-DD stops policyc and the build (NP9003); an editor's
        /// server keeps serving, and says so in an error message, checking expiry dates against the real day (UTC).
        /// </summary>
        [JsonRpcMethod("initialized", UseSingleObjectParameterDeserialization = true)]
        public void Initialized(JsonElement? parameters = null)
        {
            _ = parameters;
            PolicyLang.Semantics.PolicyClock.DayOf(_environment(PolicyLang.Semantics.PolicyClock.EnvironmentVariable), out var problem);
            if (problem == null) return;
            var text = "policyls: error NP9003: " + problem + " (expiry dates are checked against today, UTC, instead)";
            Console.Error.WriteLine(text);
            _ = _notify("window/showMessage", new ShowMessageParams(1, text));
        }

        [JsonRpcMethod("shutdown")]
        public object? Shutdown()
        {
            _shutdown = true;
            return null;
        }

        [JsonRpcMethod("exit")]
        public void Exit() => _exit.TrySetResult(_shutdown ? 0 : 1);

        /// <summary>
        /// Answers a request that <see cref="MessageSanitizer"/> could not pass on (invalid UTF-8, no method, params that
        /// are neither an object nor an array, …) with the error it chose: params <c>{ code, message }</c>.
        /// </summary>
        [JsonRpcMethod(MessageSanitizer.RejectMethod, UseSingleObjectParameterDeserialization = true)]
        public void Reject(JsonElement? parameters = null)
        {
            int code = ErrorCodes.InvalidRequest;
            string message = "invalid request";
            if (parameters is { ValueKind: JsonValueKind.Object } p)
            {
                if (p.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var value)) code = value;
                if (p.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) message = m.GetString() ?? message;
            }
            throw new LocalRpcException(message) { ErrorCode = code };
        }

        // ---- document synchronization ----

        [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
        public void DidOpen(DidOpenTextDocumentParams? parameters)
        {
            var item = parameters?.TextDocument;
            if (item?.Uri == null || item.Text == null || _shutdown) return;
            _workspace.Open(item.Uri, item.Version ?? 0, item.Text);
            _diagnostics.Schedule(item.Uri);
        }

        [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
        public void DidChange(DidChangeTextDocumentParams? parameters)
        {
            var uri = parameters?.TextDocument?.Uri;
            if (uri == null || parameters!.ContentChanges == null) return;
            var document = _workspace.Get(uri);
            if (document == null) return;
            var tree = document.Tree;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            foreach (var change in parameters.ContentChanges)
            {
                if (change == null) continue;
                var newText = change.Text ?? "";
                if (change.Range == null)
                {
                    tree = PolicySyntaxTree.Parse(new SourceText(newText, document.Path));
                    continue;
                }
                tree = tree.WithChange(new TextChange(Conversions.ToClampedSpan(tree.Text, change.Range), newText));
            }
            var updated = document.With(parameters.TextDocument!.Version ?? document.Version + 1, tree);
            _workspace.Update(updated);
            var parsed = watch.Elapsed.TotalMilliseconds;
            _diagnostics.PublishSyntaxStage(updated);
            _diagnostics.Schedule(uri);
            if (s_timing)
                Console.Error.WriteLine(FormattableString.Invariant($"TIMING v{updated.Version} parse {parsed:0.0} syntax-stage {watch.Elapsed.TotalMilliseconds - parsed:0.0}"));
        }

        [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
        public Task DidClose(DidCloseTextDocumentParams? parameters)
        {
            var uri = parameters?.TextDocument?.Uri;
            if (uri == null || _workspace.Close(uri) == null) return Task.CompletedTask;
            lock (_tokenResults) _tokenResults.Remove(uri);
            foreach (var dependent in _workspace.OpenDocuments) _diagnostics.Schedule(dependent.Uri, withDependents: false);
            return _diagnostics.ClearAsync(uri);
        }

        [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
        public void DidSave(DidSaveTextDocumentParams? parameters)
        {
            // The open buffer is already what the editor saved; a save can change what other files see on disk.
            var uri = parameters?.TextDocument?.Uri;
            if (uri == null) return;
            foreach (var document in _workspace.OpenDocuments) _diagnostics.Schedule(document.Uri, withDependents: false);
        }

        // ---- language features ----

        [JsonRpcMethod("textDocument/formatting", UseSingleObjectParameterDeserialization = true)]
        public async Task<TextEdit[]?> FormattingAsync(DocumentFormattingParams? parameters, CancellationToken cancellationToken)
        {
            return await OnDocumentAsync(parameters?.TextDocument, document =>
            {
                var tree = document.Tree;
                if (tree.HasErrors) return Array.Empty<TextEdit>();
                cancellationToken.ThrowIfCancellationRequested();
                var formatted = PolicyFormatter.Format(tree);
                if (string.Equals(formatted, tree.Text.Text, StringComparison.Ordinal)) return Array.Empty<TextEdit>();
                return new[] { new TextEdit(Conversions.ToRange(tree.Text, new TextSpan(0, tree.Text.Length)), formatted) };
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The common shape of a position request: the open document and the offset of the position, or null for an
        /// unknown document or a position outside it; the work runs off the message loop, cancellable.
        /// </summary>
        private async Task<T?> AtPositionAsync<T>(TextDocumentIdentifier? id, Position? position, Func<OpenDocument, int, T?> work, CancellationToken cancellationToken)
            where T : class
        {
            var document = Snapshot(id);
            if (document == null) return null;
            var offset = Conversions.ToOffset(document.Tree.Text, position);
            if (offset == null) return null;
            return await Task.Run(() => work(document, offset.Value), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Like <see cref="AtPositionAsync"/>, for the declared symbol named at the position (and the span of that name).</summary>
        private Task<T?> AtSymbolAsync<T>(TextDocumentIdentifier? id, Position? position, Func<OpenDocument, PolicyLang.Semantics.Symbol, TextSpan, T?> work,
            CancellationToken cancellationToken)
            where T : class =>
            AtPositionAsync(id, position, (document, offset) =>
            {
                var compilation = _workspace.CompilationFor(document, cancellationToken);
                var symbol = SymbolLookup.At(compilation.Model, document.Path, offset, out var span);
                return symbol == null ? null : work(document, symbol, span);
            }, cancellationToken);

        [JsonRpcMethod("textDocument/definition", UseSingleObjectParameterDeserialization = true)]
        public async Task<Location[]?> DefinitionAsync(TextDocumentPositionParams? parameters, CancellationToken cancellationToken)
        {
            return await AtPositionAsync(parameters?.TextDocument, parameters?.Position, (document, offset) =>
            {
                var import = ImportAt(document.Tree, offset);
                if (import != null)
                {
                    var target = PolicyLang.Workspace.PolicySourceSet.ResolveImport(document.Path, import.PathToken.Text);
                    // A shipped baseline has no file to open; its hover says what it holds.
                    if (target == null || PolicyLang.Workspace.BuiltinBaselines.IsBuiltin(target)) return null;
                    var path = DocumentUris.Normalize(target);
                    var zero = new Position(0, 0);
                    return new[] { new Location(_workspace.UriFor(path), new Range(zero, zero)) };
                }
                var compilation = _workspace.CompilationFor(document, cancellationToken);
                // A 'zones with …' selector goes to every zone it picks.
                if (Constructs.SelectedZonesAt(document.Tree, compilation.Model, offset) is { } zones)
                    return zones.Count == 0 ? null : zones.Where(z => z.Location.Text != null)
                        .Select(z => new Location(_workspace.UriFor(z.Location.Path), Conversions.ToRange(z.Location.Text, z.Location.Span))).ToArray();
                var symbol = SymbolLookup.At(compilation.Model, document.Path, offset, out _);
                if (symbol == null || symbol.Location.Text == null) return null;
                return new[] { new Location(_workspace.UriFor(symbol.Location.Path), Conversions.ToRange(symbol.Location.Text, symbol.Location.Span)) };
            }, cancellationToken).ConfigureAwait(false);
        }

        [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
        public async Task<Hover?> HoverAsync(TextDocumentPositionParams? parameters, CancellationToken cancellationToken)
        {
            return await AtPositionAsync(parameters?.TextDocument, parameters?.Position, (document, offset) =>
            {
                var compilation = _workspace.CompilationFor(document, cancellationToken);
                var text = document.Tree.Text;
                // A selector, a quarantine, a baseline's keyword or a shipped baseline's import first: none of them is a name.
                if (Constructs.Hover(document.Tree, compilation, offset) is { } construct)
                    return new Hover(new MarkupContent("markdown", construct.Markdown), Conversions.ToRange(text, construct.Span));
                var symbol = SymbolLookup.At(compilation.Model, document.Path, offset, out var span);
                if (symbol != null) return new Hover(new MarkupContent("markdown", HoverText.Describe(symbol, compilation)), Conversions.ToRange(text, span));
                // A protocol match, where no name in it (a port list) is hovered: the match in words.
                return Constructs.ProtocolMatchHover(document.Tree, compilation.Model, offset) is { } match
                    ? new Hover(new MarkupContent("markdown", match.Markdown), Conversions.ToRange(text, match.Span))
                    : null;
            }, cancellationToken).ConfigureAwait(false);
        }

        [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
        public async Task<DocumentSymbol[]?> DocumentSymbolAsync(DocumentSymbolParams? parameters, CancellationToken cancellationToken)
        {
            return await OnDocumentAsync(parameters?.TextDocument, document => DocumentSymbols.Collect(document.Tree, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        [JsonRpcMethod("textDocument/references", UseSingleObjectParameterDeserialization = true)]
        public async Task<Location[]?> ReferencesAsync(ReferenceParams? parameters, CancellationToken cancellationToken)
        {
            return await AtPositionAsync(parameters?.TextDocument, parameters?.Position, (document, offset) =>
            {
                bool includeDeclaration = parameters!.Context?.IncludeDeclaration ?? true;
                var found = SymbolOccurrences.Find(_workspace, document, offset, cancellationToken);
                if (found == null) return null;
                var locations = includeDeclaration ? found.Declaration.Concat(found.References) : found.References;
                return locations.Select(l => new Location(_workspace.UriFor(l.Path), Conversions.ToRange(l.Text, l.Span))).ToArray();
            }, cancellationToken).ConfigureAwait(false);
        }

        [JsonRpcMethod("textDocument/prepareRename", UseSingleObjectParameterDeserialization = true)]
        public async Task<PrepareRenameResult?> PrepareRenameAsync(TextDocumentPositionParams? parameters, CancellationToken cancellationToken)
        {
            return await AtSymbolAsync(parameters?.TextDocument, parameters?.Position, (document, symbol, span) =>
            {
                Rename.EnsureRenamable(symbol);
                return new PrepareRenameResult(Conversions.ToRange(document.Tree.Text, span), symbol.Name);
            }, cancellationToken).ConfigureAwait(false);
        }

        [JsonRpcMethod("textDocument/rename", UseSingleObjectParameterDeserialization = true)]
        public async Task<WorkspaceEdit?> RenameAsync(RenameParams? parameters, CancellationToken cancellationToken)
        {
            return await AtPositionAsync(parameters?.TextDocument, parameters?.Position, (document, offset) =>
            {
                var newName = parameters!.NewName ?? throw new LocalRpcException("rename needs a new name") { ErrorCode = ErrorCodes.InvalidParams };
                var found = SymbolOccurrences.Find(_workspace, document, offset, cancellationToken);
                if (found == null) return null;
                return Rename.Edits(found, newName, _workspace.UriFor);
            }, cancellationToken).ConfigureAwait(false);
        }

        [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
        public async Task<CompletionList?> CompletionAsync(CompletionParams? parameters, CancellationToken cancellationToken)
        {
            return await AtPositionAsync(parameters?.TextDocument, parameters?.Position, (document, offset) =>
            {
                var items = Completion.Items(document.Tree, offset, () => _workspace.RecentModelFor(document, cancellationToken), _snippets);
                return new CompletionList(false, items);
            }, cancellationToken).ConfigureAwait(false);
        }

        [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
        public async Task<CodeAction[]?> CodeActionAsync(CodeActionParams? parameters, CancellationToken cancellationToken)
        {
            var document = Snapshot(parameters?.TextDocument);
            if (document == null || parameters!.Range == null) return null;
            var span = Conversions.ToClampedSpan(document.Tree.Text, parameters.Range);
            return await Task.Run(() =>
            {
                var compilation = _workspace.CompilationFor(document, cancellationToken);
                return QuickFixes.For(document, compilation.PolicyDiagnostics, span);
            }, cancellationToken).ConfigureAwait(false);
        }

        [JsonRpcMethod("textDocument/foldingRange", UseSingleObjectParameterDeserialization = true)]
        public async Task<FoldingRange[]?> FoldingRangeAsync(FoldingRangeParams? parameters, CancellationToken cancellationToken)
        {
            return await OnDocumentAsync(parameters?.TextDocument, document => Outline.Folding(document.Tree, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        [JsonRpcMethod("workspace/symbol", UseSingleObjectParameterDeserialization = true)]
        public async Task<SymbolInformation[]> WorkspaceSymbolAsync(WorkspaceSymbolParams? parameters, CancellationToken cancellationToken)
        {
            Snapshot(null);
            var query = parameters?.Query ?? "";
            return await Task.Run(() => Outline.WorkspaceSymbols(_workspace, query, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        [JsonRpcMethod("textDocument/semanticTokens/full", UseSingleObjectParameterDeserialization = true)]
        public async Task<SemanticTokensResult?> SemanticTokensFullAsync(SemanticTokensParams? parameters, CancellationToken cancellationToken)
        {
            return await OnDocumentAsync(parameters?.TextDocument, document =>
            {
                var data = SemanticTokensFor(document, null, cancellationToken);
                return new SemanticTokensResult(RememberTokens(document.Uri, data), data);
            }, cancellationToken).ConfigureAwait(false);
        }

        [JsonRpcMethod("textDocument/semanticTokens/full/delta", UseSingleObjectParameterDeserialization = true)]
        public async Task<object?> SemanticTokensDeltaAsync(SemanticTokensDeltaParams? parameters, CancellationToken cancellationToken)
        {
            return await OnDocumentAsync<object>(parameters?.TextDocument, document =>
            {
                var data = SemanticTokensFor(document, null, cancellationToken);
                int[]? previous = null;
                lock (_tokenResults)
                {
                    if (parameters!.PreviousResultId != null && _tokenResults.TryGetValue(document.Uri, out var last) && last.ResultId == parameters.PreviousResultId)
                        previous = last.Data;
                }
                var resultId = RememberTokens(document.Uri, data);
                if (previous == null) return new SemanticTokensResult(resultId, data);
                var edit = SemanticTokens.Diff(previous, data);
                var edits = edit == null ? Array.Empty<SemanticTokensEdit>() : new[] { new SemanticTokensEdit(edit.Value.Start, edit.Value.DeleteCount, edit.Value.Data) };
                return new SemanticTokensDeltaResult(resultId, edits);
            }, cancellationToken).ConfigureAwait(false);
        }

        [JsonRpcMethod("textDocument/semanticTokens/range", UseSingleObjectParameterDeserialization = true)]
        public async Task<SemanticTokensResult?> SemanticTokensRangeAsync(SemanticTokensRangeParams? parameters, CancellationToken cancellationToken)
        {
            var document = Snapshot(parameters?.TextDocument);
            if (document == null || parameters!.Range == null) return null;
            var span = Conversions.ToClampedSpan(document.Tree.Text, parameters.Range);
            return await Task.Run(() => new SemanticTokensResult(null, SemanticTokensFor(document, span, cancellationToken)),
                cancellationToken).ConfigureAwait(false);
        }

        private int[] SemanticTokensFor(OpenDocument document, TextSpan? within, CancellationToken cancellationToken)
        {
            var model = _workspace.CompilationFor(document, cancellationToken).Model;
            var tokens = SemanticTokens.Classify(document.Tree, model, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            return SemanticTokens.Encode(document.Tree.Text, tokens, within);
        }

        /// <summary>Keeps the last full result per document (for the next delta request) and returns its id.</summary>
        private string RememberTokens(string uri, int[] data)
        {
            lock (_tokenResults)
            {
                var id = (++_tokenResultCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _tokenResults[uri] = (id, data);
                return id;
            }
        }

        /// <summary>The open document a request is about, or null when it is not open. Fails requests out of lifecycle order.</summary>
        /// <summary>Runs <paramref name="work"/> off the RPC thread on the document's current snapshot; null when the document is not open.</summary>
        private Task<T?> OnDocumentAsync<T>(TextDocumentIdentifier? identifier, Func<OpenDocument, T?> work, CancellationToken cancellationToken)
            where T : class
        {
            var document = Snapshot(identifier);
            return document == null ? Task.FromResult<T?>(null) : Task.Run(() => work(document), cancellationToken);
        }

        private OpenDocument? Snapshot(TextDocumentIdentifier? identifier)
        {
            if (!_initialized) throw new LocalRpcException("the server is not initialized") { ErrorCode = ErrorCodes.ServerNotInitialized };
            if (_shutdown) throw new LocalRpcException("the server is shutting down") { ErrorCode = ErrorCodes.InvalidRequest };
            return identifier?.Uri == null ? null : _workspace.Get(identifier.Uri);
        }

        private static ImportDeclarationSyntax? ImportAt(PolicySyntaxTree tree, int offset)
        {
            var declaration = tree.DeclarationAt(offset) as ImportDeclarationSyntax
                ?? (offset > 0 ? tree.DeclarationAt(offset - 1) as ImportDeclarationSyntax : null);
            if (declaration == null) return null;
            var span = declaration.AbsoluteSpan(declaration.PathToken);
            return offset >= span.Start && offset <= span.End ? declaration : null;
        }
    }
}
