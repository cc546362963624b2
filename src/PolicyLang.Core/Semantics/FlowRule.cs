using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    /// <summary>A bound flow: what it matches, what it does, and how its traffic is treated.</summary>
    public sealed class FlowRule
    {
        public FlowRule(int index, FlowAction action, Endpoint source, Endpoint destination, IReadOnlyList<ServiceMatch> services,
            FlowDeclarationSyntax syntax, SourceLocation location)
        {
            Index = index;
            Action = action;
            Source = source;
            Destination = destination;
            Services = services;
            Syntax = syntax;
            Location = location;
        }

        /// <summary>Position among the policy's flows, in file order; stable names for generated rules derive from it.</summary>
        public int Index { get; }
        public FlowAction Action { get; }
        public Endpoint Source { get; }
        public Endpoint Destination { get; }
        public IReadOnlyList<ServiceMatch> Services { get; }
        public TrafficClassSymbol? Class { get; internal set; }
        public Located<Rate>? Rate { get; internal set; }
        public bool Log { get; internal set; }
        public string? Description { get; internal set; }
        public FlowDeclarationSyntax Syntax { get; }

        /// <summary>The whole flow declaration, where diagnostics about the flow point.</summary>
        public SourceLocation Location { get; }

        public string Describe() => (Action == FlowAction.Allow ? "allow " : "deny ") + Source + " -> " + Destination + " : " + string.Join(", ", Services);

        public override string ToString() => Describe();
    }
}
