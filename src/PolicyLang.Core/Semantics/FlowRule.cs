using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    /// <summary>A bound flow: what it matches, what it does, and how its traffic is treated.</summary>
    public sealed class FlowRule(
        int index, FlowAction action, Endpoint source, Endpoint destination, IReadOnlyList<ServiceMatch> services,
        FlowDeclarationSyntax syntax, SourceLocation location)
    {
        /// <summary>Position among the policy's flows, in file order; stable names for generated rules derive from it.</summary>
        public int Index { get; } = index;
        public FlowAction Action { get; } = action;
        public Endpoint Source { get; } = source;
        public Endpoint Destination { get; } = destination;
        public IReadOnlyList<ServiceMatch> Services { get; } = services;
        public TrafficClassSymbol? Class { get; internal set; }
        public Located<Rate>? Rate { get; internal set; }
        public bool Log { get; internal set; }
        public string? Description { get; internal set; }
        public FlowDeclarationSyntax Syntax { get; } = syntax;

        /// <summary>The whole flow declaration, where diagnostics about the flow point.</summary>
        public SourceLocation Location { get; } = location;

        public string Describe() => (Action == FlowAction.Allow ? "allow " : "deny ") + Source + " -> " + Destination + " : " + string.Join(", ", Services);

        public override string ToString() => Describe();
    }
}
