namespace PolicyLang.Semantics
{
    /// <summary>One side of a flow: every address ('any'), a zone, or one segment of a zone.</summary>
    public sealed class Endpoint(ZoneSymbol? zone, SegmentSymbol? segment, SourceLocation location)
    {
        public ZoneSymbol? Zone { get; } = zone;
        public SegmentSymbol? Segment { get; } = segment;
        public SourceLocation Location { get; } = location;
        public bool IsAny => Zone == null;

        public override string ToString() => Segment != null ? Segment.QualifiedName : Zone?.Name ?? "any";
    }
}
