namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>An inclusive range of small unsigned values (protocols, ports, ICMP type/code).</summary>
    public readonly struct Interval : IEquatable<Interval>
    {
        public Interval(ulong start, ulong end)
        {
            if (end < start)
            {
                throw new ArgumentException("Interval end must not precede its start.", nameof(end));
            }

            Start = start;
            End = end;
        }

        public ulong Start { get; }

        public ulong End { get; }

        public bool Contains(ulong value) => value >= Start && value <= End;

        public override string ToString() =>
            Start == End
                ? Start.ToString(CultureInfo.InvariantCulture)
                : Start.ToString(CultureInfo.InvariantCulture) + "-" + End.ToString(CultureInfo.InvariantCulture);

        public bool Equals(Interval other) => Start == other.Start && End == other.End;

        public override bool Equals(object? obj) => obj is Interval other && Equals(other);

        public override int GetHashCode() => (Start.GetHashCode() * 397) ^ End.GetHashCode();

        public static bool operator ==(Interval left, Interval right) => left.Equals(right);

        public static bool operator !=(Interval left, Interval right) => !left.Equals(right);
    }
}
