namespace PolicyLang.Semantics
{
    /// <summary>One side of a flow: every address ('any'), a zone, or one segment of a zone.</summary>
    public sealed class Endpoint
    {
        public Endpoint(ZoneSymbol? zone, SegmentSymbol? segment, SourceLocation location)
        {
            Zone = zone;
            Segment = segment;
            Location = location;
        }

        public ZoneSymbol? Zone { get; }
        public SegmentSymbol? Segment { get; }
        public SourceLocation Location { get; }
        public bool IsAny => Zone == null;

        public override string ToString() => Segment != null ? Segment.QualifiedName : Zone?.Name ?? "any";
    }
}
