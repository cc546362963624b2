namespace PolicyLang.Semantics
{
    /// <summary>A value with the place it was written, so a later check can point at it.</summary>
    public readonly struct Located<T>
    {
        public Located(T value, SourceLocation location)
        {
            Value = value;
            Location = location;
        }

        public T Value { get; }
        public SourceLocation Location { get; }

        public override string ToString() => Value?.ToString() ?? "";
    }
}
