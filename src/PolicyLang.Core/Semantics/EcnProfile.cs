namespace PolicyLang.Semantics
{
    /// <summary>ECN/WRED marking thresholds in bytes and the marking probability at the maximum, percent.</summary>
    public sealed class EcnProfile
    {
        public EcnProfile(Located<ulong>? minBytes, Located<ulong>? maxBytes, Located<int>? probability, SourceLocation location)
        {
            MinBytes = minBytes;
            MaxBytes = maxBytes;
            Probability = probability;
            Location = location;
        }

        public Located<ulong>? MinBytes { get; }
        public Located<ulong>? MaxBytes { get; }
        public Located<int>? Probability { get; }
        public SourceLocation Location { get; }
    }
}
