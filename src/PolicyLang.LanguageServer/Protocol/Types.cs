// The small part of the Language Server Protocol (3.17) this server speaks. Property names are serialized
// in camelCase; null properties are omitted. Inbound records are lenient: every member is optional, and
// handlers treat a missing member as "no answer" rather than failing.
namespace PolicyLang.LanguageServer.Protocol
{
    /// <summary><c>window/showMessage</c>: type 1 error, 2 warning, 3 info, 4 log.</summary>
    public sealed record ShowMessageParams(int Type, string Message);

    public sealed record Position(int Line, int Character);

    public sealed record Range(Position Start, Position End);

    public sealed record Location(string Uri, Range Range);

    public sealed record TextDocumentIdentifier(string? Uri);

    public sealed record VersionedTextDocumentIdentifier(string? Uri, int? Version);

    public sealed record TextDocumentItem(string? Uri, string? LanguageId, int? Version, string? Text);

    public sealed record DidOpenTextDocumentParams(TextDocumentItem? TextDocument);

    /// <summary>With a range, an incremental edit; without one, the document's whole new content.</summary>
    public sealed record TextDocumentContentChangeEvent(Range? Range, int? RangeLength, string? Text);

    public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier? TextDocument, TextDocumentContentChangeEvent[]? ContentChanges);

    public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier? TextDocument);

    public sealed record DidSaveTextDocumentParams(TextDocumentIdentifier? TextDocument, string? Text);

    public sealed record TextDocumentPositionParams(TextDocumentIdentifier? TextDocument, Position? Position);

    public sealed record FormattingOptions(int? TabSize, bool? InsertSpaces);

    public sealed record DocumentFormattingParams(TextDocumentIdentifier? TextDocument, FormattingOptions? Options);

    public sealed record DocumentSymbolParams(TextDocumentIdentifier? TextDocument);

    public sealed record TextEdit(Range Range, string NewText);

    public sealed record MarkupContent(string Kind, string Value);

    public sealed record Hover(MarkupContent Contents, Range? Range);

    public sealed record CodeDescription(string Href);

    public static class DiagnosticSeverityCode
    {
        public const int Error = 1;
        public const int Warning = 2;
        public const int Information = 3;
        public const int Hint = 4;
    }

    public sealed record LspDiagnostic(Range Range, int Severity, string Code, CodeDescription? CodeDescription, string Source, string Message,
        DiagnosticRelatedInformation[]? RelatedInformation = null);

    /// <summary>Another place the diagnostic speaks of (the flow that shadows this one), shown under it by the editor.</summary>
    public sealed record DiagnosticRelatedInformation(Location Location, string Message);

    /// <summary>
    /// <c>policylang.stage</c> (an extension; clients ignore unknown members) is <c>"syntax"</c> on the immediate
    /// publish after an edit (syntax errors plus the last check's diagnostics of untouched declarations), <c>"policy"</c>
    /// on the publish of the policy's own check (a policy with targets), and absent on the complete publish that
    /// follows for the same version (every target's validation included, as <c>policyc check</c> reports it).
    /// </summary>
    public sealed record PublishDiagnosticsParams(string Uri, int? Version, LspDiagnostic[] Diagnostics, PublishInfo? Policylang = null);

    public sealed record PublishInfo(string Stage);

    /// <summary>LSP SymbolKind values used for policy declarations.</summary>
    public static class SymbolKindCode
    {
        public const int File = 1;
        public const int Module = 2;
        public const int Namespace = 3;
        public const int Package = 4;
        public const int Class = 5;
        public const int Method = 6;
        public const int Interface = 11;
        public const int Boolean = 17;
        public const int Array = 18;
        public const int Object = 19;
        public const int Struct = 23;
        public const int Event = 24;
    }

    public sealed record DocumentSymbol(string Name, string? Detail, int Kind, Range Range, Range SelectionRange, DocumentSymbol[]? Children);

    public sealed record ReferenceContext(bool? IncludeDeclaration);

    public sealed record ReferenceParams(TextDocumentIdentifier? TextDocument, Position? Position, ReferenceContext? Context);

    public sealed record RenameParams(TextDocumentIdentifier? TextDocument, Position? Position, string? NewName);

    public sealed record WorkspaceEdit(System.Collections.Generic.Dictionary<string, TextEdit[]> Changes);

    public sealed record PrepareRenameResult(Range Range, string Placeholder);

    public sealed record RenameOptions(bool PrepareProvider);

    public sealed record CompletionParams(TextDocumentIdentifier? TextDocument, Position? Position);

    /// <summary>
    /// A completion; <paramref name="InsertText"/> when it differs from the label, with <paramref name="InsertTextFormat"/> 2
    /// (a snippet, with <c>${1:…}</c> placeholders) only for clients that said they support snippets.
    /// </summary>
    public sealed record CompletionItem(string Label, int Kind, string? Detail, string? Documentation = null, string? InsertText = null, int? InsertTextFormat = null, string? FilterText = null);

    public sealed record CompletionList(bool IsIncomplete, CompletionItem[] Items);

    public sealed record CompletionOptions(string[] TriggerCharacters);

    public static class CompletionItemKindCode
    {
        public const int Keyword = 14;
        public const int Module = 9;
        public const int Class = 7;
        public const int Interface = 8;
        public const int Value = 12;
        public const int Constant = 21;
        public const int Property = 10;
        public const int Snippet = 15;
        public const int Operator = 24;
    }

    public static class InsertTextFormatCode
    {
        public const int PlainText = 1;
        public const int Snippet = 2;
    }

    public sealed record CodeActionDiagnostic(Range? Range, string? Code, string? Message);

    public sealed record CodeActionContext(CodeActionDiagnostic[]? Diagnostics);

    public sealed record CodeActionParams(TextDocumentIdentifier? TextDocument, Range? Range, CodeActionContext? Context);

    public sealed record CodeAction(string Title, string Kind, LspDiagnostic[]? Diagnostics, bool? IsPreferred, WorkspaceEdit Edit);

    public sealed record CodeActionOptions(string[] CodeActionKinds);

    public sealed record FoldingRangeParams(TextDocumentIdentifier? TextDocument);

    public sealed record FoldingRange(int StartLine, int EndLine, string? Kind);

    public sealed record WorkspaceSymbolParams(string? Query);

    public sealed record SymbolInformation(string Name, int Kind, Location Location, string? ContainerName);

    /// <summary><c>capabilities</c> stays raw JSON: the server reads one flag from it and never fails on its shape.</summary>
    public sealed record InitializeParams(int? ProcessId, string? RootUri, System.Text.Json.JsonElement? Capabilities = null);

    public sealed record SaveOptions(bool IncludeText);

    public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions Save);

    public sealed record ServerCapabilities(
        TextDocumentSyncOptions TextDocumentSync,
        bool DocumentFormattingProvider,
        bool DefinitionProvider,
        bool HoverProvider,
        bool DocumentSymbolProvider,
        bool? ReferencesProvider = null,
        RenameOptions? RenameProvider = null,
        CompletionOptions? CompletionProvider = null,
        CodeActionOptions? CodeActionProvider = null,
        bool? FoldingRangeProvider = null,
        bool? WorkspaceSymbolProvider = null,
        SemanticTokensOptions? SemanticTokensProvider = null);

    public sealed record ServerInfo(string Name, string? Version);

    public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

    /// <summary>JSON-RPC and LSP error codes.</summary>
    public static class ErrorCodes
    {
        public const int InvalidRequest = -32600;
        public const int InvalidParams = -32602;
        public const int ServerNotInitialized = -32002;
        public const int RequestCancelled = -32800;
        public const int RequestFailed = -32803;
    }

}

namespace PolicyLang.LanguageServer.Protocol
{
    public sealed record SemanticTokensLegend(string[] TokenTypes, string[] TokenModifiers);

    public sealed record SemanticTokensFullOptions(bool Delta);

    public sealed record SemanticTokensOptions(SemanticTokensLegend Legend, bool Range, SemanticTokensFullOptions Full);

    public sealed record SemanticTokensParams(TextDocumentIdentifier? TextDocument);

    public sealed record SemanticTokensRangeParams(TextDocumentIdentifier? TextDocument, Range? Range);

    public sealed record SemanticTokensDeltaParams(TextDocumentIdentifier? TextDocument, string? PreviousResultId);

    public sealed record SemanticTokensResult(string? ResultId, int[] Data);

    public sealed record SemanticTokensEdit(int Start, int DeleteCount, int[] Data);

    public sealed record SemanticTokensDeltaResult(string? ResultId, SemanticTokensEdit[] Edits);
}
