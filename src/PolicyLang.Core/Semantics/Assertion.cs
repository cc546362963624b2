namespace PolicyLang.Semantics
{
    public enum AssertionKind
    {
        /// <summary>No flow reaches the zone, and the zone reaches no other, except the zones listed.</summary>
        Isolated,
        Never,
        Reachable,
        Mtu,
    }

    public sealed class Assertion
    {
        public Assertion(AssertionKind kind, SourceLocation location)
        {
            Kind = kind;
            Location = location;
        }

        public AssertionKind Kind { get; }
        public SourceLocation Location { get; }
        public ZoneSymbol? Zone { get; internal set; }
        public IReadOnlyList<ZoneSymbol> Except { get; internal set; } = new List<ZoneSymbol>();
        public Endpoint? Source { get; internal set; }
        public Endpoint? Destination { get; internal set; }

        /// <summary>Null means every service.</summary>
        public IReadOnlyList<ServiceMatch>? Services { get; internal set; }
        public string Comparison { get; internal set; } = "";
        public int MtuValue { get; internal set; }
    }
}
