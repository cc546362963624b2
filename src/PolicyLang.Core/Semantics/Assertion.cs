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

    public sealed class Assertion(AssertionKind kind, SourceLocation location)
    {
        public AssertionKind Kind { get; } = kind;
        public SourceLocation Location { get; } = location;
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
