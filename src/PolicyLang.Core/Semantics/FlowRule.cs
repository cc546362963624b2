using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    /// <summary>A bound flow: what it matches, what it does, and how its traffic is treated.</summary>
    public sealed class FlowRule(
        int index, FlowAction action, Endpoint source, Endpoint destination, IReadOnlyList<ServiceMatch> services,
        FlowDeclarationSyntax? syntax, SourceLocation location)
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

        /// <summary>The flow's own name (<c>name ssh-admin</c>), unique in the policy regardless of case; null when it has none.</summary>
        public Located<string>? Name { get; internal set; }

        /// <summary>A tag the flow's log messages start with (<c>log prefix "FW-DROP"</c>), on targets whose logs have one; null otherwise.</summary>
        public string? LogPrefix { get; internal set; }

        /// <summary>The syslog severity of the flow's log messages (<c>log level warning</c>), on targets that set one; null: the target's default.</summary>
        public string? LogLevel { get; internal set; }

        /// <summary>The syslog severities <c>log level</c> accepts, most severe first (what the binder checks a level against).</summary>
        public static IReadOnlyList<string> LogLevels { get; } = System.Array.AsReadOnly(Binder.LogLevels);

        /// <summary>Whether targets keep a counter of the flow's matches (<c>count</c>).</summary>
        public bool Count { get; internal set; }

        /// <summary>The last day the flow applies (<c>expires 2027-01-31</c>, a UTC calendar day); null when it never expires.</summary>
        public Located<System.DateTime>? Expires { get; internal set; }

        /// <summary>
        /// What generated rules, terms, counters and log prefixes are named after: the flow's name, or <c>f</c> and its
        /// index for a flow without one (the names policyc has always generated).
        /// </summary>
        public string Label => Name?.Value ?? "f" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>How generated comments and descriptions name the flow: <c>flow 'ssh-admin'</c>, or <c>flow 12</c> by its index.</summary>
        public string Reference => Name != null ? "flow '" + Name.Value.Value + "'" : "flow " + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>How messages and reports name the flow: <c>flow 'ssh-admin'</c>, or its location when it has no name.</summary>
        public string Title => Name != null ? "flow '" + Name.Value + "'" : "the flow at " + Location.Display;
        /// <summary>The declaration; null for the flows a <c>quarantine</c> binds to.</summary>
        public FlowDeclarationSyntax? Syntax { get; } = syntax;

        /// <summary>The quarantine this flow enforces, or null for a written flow.</summary>
        public Quarantine? Quarantine { get; internal set; }

        /// <summary>The whole flow declaration, where diagnostics about the flow point.</summary>
        public SourceLocation Location { get; } = location;

        /// <summary>The flow as written, without its options but its name: <c>allow a -> b : tcp/22 name ssh-admin</c>.</summary>
        public string Describe() => (Action == FlowAction.Allow ? "allow " : "deny ") + Source + " -> " + Destination + " : " + string.Join(", ", Services)
            + (Name != null ? " name " + Name.Value.Value : "");

        public override string ToString() => Describe();
    }
}
