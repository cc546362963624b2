namespace PolicyLang.Semantics
{
    public enum AssertionKind
    {
        /// <summary>No flow reaches the zone, and the zone reaches no other, except the zones listed.</summary>
        Isolated,
        Never,
        Reachable,
        Mtu,
        /// <summary>Every allowed packet between the sides is logged by a flow that allows it.</summary>
        Logged,
        /// <summary>Between the sides, only the listed services (and, with 'on', only the listed segments) are allowed.</summary>
        Only,
        /// <summary>No allow flow between the sides names 'any' as an endpoint or service, or a protocol on every port.</summary>
        Explicit,
        /// <summary>Every allowed packet between the sides is allowed by a flow that carries a class.</summary>
        Classified,
        /// <summary>No allowed packet between the sides is allowed by a flow that carries a class.</summary>
        Unclassified,
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

        /// <summary>With <c>only … on SEGMENTS</c>: the segments of the destination zone traffic may land on; null otherwise.</summary>
        public IReadOnlyList<SegmentSymbol>? Segments { get; internal set; }

        /// <summary>The baseline the assertion belongs to (declared in the same file), or null.</summary>
        public BaselineSymbol? Baseline { get; internal set; }

        /// <summary>
        /// For an assertion written over <c>zones with …</c>: the selector text as written, since the assertion is checked
        /// once per zone the selector picks; null otherwise.
        /// </summary>
        public string? Selection { get; internal set; }

        /// <summary>Where failures are reported: the assertion, or the import of the shipped baseline it comes from.</summary>
        public SourceLocation ReportAt => Baseline?.ImportedAt ?? Location;
    }
}
