namespace PolicyLang.Semantics
{
    /// <summary>A value with the place it was written, so a later check can point at it.</summary>
    public readonly struct Located<T>(T value, SourceLocation location)
    {
        public T Value { get; } = value;
        public SourceLocation Location { get; } = location;

        public override string ToString() => Value?.ToString() ?? "";
    }
}
