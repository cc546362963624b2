using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    public sealed class PolicyHeader : Symbol
    {
        public PolicyHeader(string name, SourceLocation location, DeclarationSyntax declaration)
            : base(SymbolKind.Policy, name, location, declaration) { }

        public string? Version { get; internal set; }
        public string? Owner { get; internal set; }
        public string? Description { get; internal set; }

        /// <summary>What happens to traffic no flow matches; deny when the header does not say.</summary>
        public FlowAction DefaultAction { get; internal set; } = FlowAction.Deny;

        /// <summary>How many days before a flow's expiry date <c>check</c> starts to warn (<c>expiry-warning 30d</c>).</summary>
        public int ExpiryWarningDays { get; internal set; } = DefaultExpiryWarningDays;

        public const int DefaultExpiryWarningDays = 30;
    }
}
