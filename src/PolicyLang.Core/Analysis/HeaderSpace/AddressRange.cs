namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// An inclusive range of 128-bit values. Inclusive bounds because the top of the space
    /// (ffff:...:ffff, port 65535) must be representable without overflowing an exclusive end.
    /// </summary>
    public readonly struct AddressRange : IEquatable<AddressRange>
    {
        public AddressRange(IpAddress128 first, IpAddress128 last)
        {
            if (last < first)
            {
                throw new ArgumentException("Range end must not precede its start.", nameof(last));
            }

            First = first;
            Last = last;
        }

        public IpAddress128 First { get; }

        public IpAddress128 Last { get; }

        public bool Contains(IpAddress128 value) => value >= First && value <= Last;

        public override string ToString() => First == Last ? First.ToString() : First + "-" + Last;

        public bool Equals(AddressRange other) => First == other.First && Last == other.Last;

        public override bool Equals(object? obj) => obj is AddressRange other && Equals(other);

        public override int GetHashCode() => (First.GetHashCode() * 397) ^ Last.GetHashCode();

        public static bool operator ==(AddressRange left, AddressRange right) => left.Equals(right);

        public static bool operator !=(AddressRange left, AddressRange right) => !left.Equals(right);
    }
}
