namespace PolicyLang.Semantics
{
    /// <summary>ECN/WRED marking thresholds in bytes and the marking probability at the maximum, percent.</summary>
    public sealed class EcnProfile(
        Located<ulong>? minBytes, Located<ulong>? maxBytes, Located<int>? probability, SourceLocation location)
    {
        public Located<ulong>? MinBytes { get; } = minBytes;
        public Located<ulong>? MaxBytes { get; } = maxBytes;
        public Located<int>? Probability { get; } = probability;
        public SourceLocation Location { get; } = location;
    }
}
