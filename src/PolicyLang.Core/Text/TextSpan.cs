namespace PolicyLang.Text
{
    /// <summary>A range of UTF-16 code units in a text: [Start, End).</summary>
    public readonly struct TextSpan : IEquatable<TextSpan>, IComparable<TextSpan>
    {
        public TextSpan(int start, int length)
        {
            if (start < 0) throw new ArgumentOutOfRangeException(nameof(start));
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
            Start = start;
            Length = length;
        }

        public int Start { get; }
        public int Length { get; }
        public int End => Start + Length;
        public bool IsEmpty => Length == 0;

        public static TextSpan FromBounds(int start, int end) => new TextSpan(start, end - start);

        public TextSpan Shift(int delta) => new TextSpan(Start + delta, Length);

        public bool Contains(TextSpan other) => other.Start >= Start && other.End <= End;

        public bool Contains(int position) => position >= Start && position < End;

        /// <summary>True when the spans share a position, or when either is empty and touches the other.</summary>
        public bool IntersectsWith(TextSpan other) => other.Start <= End && other.End >= Start;

        public bool Equals(TextSpan other) => Start == other.Start && Length == other.Length;
        public override bool Equals(object? obj) => obj is TextSpan s && Equals(s);
        public override int GetHashCode() => unchecked(Start * 397 ^ Length);
        public int CompareTo(TextSpan other) => Start != other.Start ? Start.CompareTo(other.Start) : Length.CompareTo(other.Length);
        public static bool operator ==(TextSpan a, TextSpan b) => a.Equals(b);
        public static bool operator !=(TextSpan a, TextSpan b) => !a.Equals(b);
        public override string ToString() => $"[{Start}..{End})";
    }
}
