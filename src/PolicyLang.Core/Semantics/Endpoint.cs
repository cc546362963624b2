using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Semantics
{
    /// <summary>
    /// One side of a flow: every address ('any'), a zone, one segment of a zone, or something narrower inside one zone (a
    /// prefix, a prefix list, or any of these with 'except'). A narrower endpoint keeps the zone that owns its addresses, so
    /// that the targets of that zone carry the flow, and its addresses in <see cref="Restriction"/>.
    /// </summary>
    public sealed class Endpoint(ZoneSymbol? zone, SegmentSymbol? segment, SourceLocation location)
    {
        public ZoneSymbol? Zone { get; } = zone;
        public SegmentSymbol? Segment { get; } = segment;
        public SourceLocation Location { get; } = location;
        public bool IsAny => Zone == null;

        /// <summary>The endpoint's addresses when it is narrower than its zone or segment (always inside <see cref="Zone"/>); null otherwise.</summary>
        public AddressRangeSet? Restriction { get; internal set; }

        /// <summary>Whether the endpoint is narrower than a zone or segment: a prefix, a prefix list, or 'except'.</summary>
        public bool IsNarrowed => Restriction != null;

        /// <summary>The narrower endpoint in canonical form (<c>10.1.2.0/24</c>, <c>bastions</c>, <c>training except lab-hosts</c>).</summary>
        internal string? Text { get; set; }

        public override string ToString() => Text ?? (Segment != null ? Segment.QualifiedName : Zone?.Name ?? "any");
    }
}
