namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// A 128-bit address. IPv4 addresses live inside this space as IPv4-mapped IPv6
    /// addresses (::ffff:a.b.c.d) so that both families share one dimension and one set
    /// algebra; a policy that mentions both families then needs no special cases.
    /// </summary>
    /// <remarks>
    /// Stored as two ulongs because netstandard2.0 has no UInt128. The same struct also
    /// serves as the value type of the internal range engine for the narrower dimensions,
    /// which keeps a single, well-tested implementation of the interval algebra.
    /// </remarks>
    public readonly struct IpAddress128(ulong high, ulong low) : IEquatable<IpAddress128>, IComparable<IpAddress128>
    {
        /// <summary>The high 64 bits of the IPv4-mapped block ::ffff:0:0/96.</summary>
        internal const ulong MappedHigh = 0UL;
        internal const ulong MappedLowPrefix = 0x0000_FFFF_0000_0000UL;

        public ulong High { get; } = high;
        public ulong Low { get; } = low;

        public static IpAddress128 Zero => default;
        public static IpAddress128 MaxValue => new IpAddress128(ulong.MaxValue, ulong.MaxValue);

        /// <summary>First address of the IPv4-mapped block, i.e. 0.0.0.0.</summary>
        public static IpAddress128 IPv4First => FromIPv4(0u);

        /// <summary>Last address of the IPv4-mapped block, i.e. 255.255.255.255.</summary>
        public static IpAddress128 IPv4Last => FromIPv4(uint.MaxValue);

        /// <summary>True for ::ffff:0:0/96, which is how this model represents IPv4.</summary>
        public bool IsIPv4Mapped => High == MappedHigh && (Low & 0xFFFF_FFFF_0000_0000UL) == MappedLowPrefix;

        /// <summary>The low 32 bits; meaningful as an IPv4 address only when <see cref="IsIPv4Mapped"/>.</summary>
        public uint IPv4Value => (uint)Low;

        public static IpAddress128 FromIPv4(uint value) => new IpAddress128(MappedHigh, MappedLowPrefix | value);

        /// <summary>Values of the narrow dimensions (ports, protocols) are embedded in the low word.</summary>
        internal static IpAddress128 FromUInt64(ulong value) => new IpAddress128(0, value);

        internal IpAddress128 Increment() => Low == ulong.MaxValue ? new IpAddress128(High + 1, 0) : new IpAddress128(High, Low + 1);

        internal IpAddress128 Decrement() => Low == 0 ? new IpAddress128(High - 1, ulong.MaxValue) : new IpAddress128(High, Low - 1);

        internal IpAddress128 Subtract(IpAddress128 other)
        {
            ulong low = Low - other.Low;
            ulong borrow = Low < other.Low ? 1UL : 0UL;
            return new IpAddress128(High - other.High - borrow, low);
        }

        internal IpAddress128 And(IpAddress128 other) => new IpAddress128(High & other.High, Low & other.Low);

        internal IpAddress128 Or(IpAddress128 other) => new IpAddress128(High | other.High, Low | other.Low);

        internal IpAddress128 Not() => new IpAddress128(~High, ~Low);

        /// <summary>Mask with the top <paramref name="length"/> bits set (0..128).</summary>
        internal static IpAddress128 NetworkMask(int length)
        {
            if (length <= 0)
            {
                return Zero;
            }

            if (length >= 128)
            {
                return MaxValue;
            }

            if (length <= 64)
            {
                ulong high = length == 64 ? ulong.MaxValue : ~(ulong.MaxValue >> length);
                return new IpAddress128(high, 0);
            }

            return new IpAddress128(ulong.MaxValue, ~(ulong.MaxValue >> (length - 64)));
        }

        /// <summary>Number of trailing zero bits; 128 for zero. Used by the CIDR cover.</summary>
        internal int TrailingZeroCount()
        {
            if (Low != 0)
            {
                return CountTrailingZeros(Low);
            }

            return High != 0 ? 64 + CountTrailingZeros(High) : 128;
        }

        /// <summary>Floor of log2; -1 for zero. Used by the CIDR cover.</summary>
        internal int Log2Floor()
        {
            if (High != 0)
            {
                return 64 + Log2(High);
            }

            return Low != 0 ? Log2(Low) : -1;
        }

        private static int CountTrailingZeros(ulong v)
        {
            int n = 0;
            while ((v & 1UL) == 0)
            {
                v >>= 1;
                n++;
            }

            return n;
        }

        private static int Log2(ulong v)
        {
            int n = -1;
            while (v != 0)
            {
                v >>= 1;
                n++;
            }

            return n;
        }

        public static bool TryParse(string? text, out IpAddress128 address) => IpAddressText.TryParse(text, out address);

        public static IpAddress128 Parse(string text)
        {
            if (!TryParse(text, out IpAddress128 address))
            {
                throw new FormatException($"'{text}' is not a valid IPv4 or IPv6 address.");
            }

            return address;
        }

        /// <summary>IPv4-mapped addresses print as a dotted quad, everything else as RFC 5952 IPv6.</summary>
        public override string ToString() => IpAddressText.Format(this);

        public int CompareTo(IpAddress128 other)
        {
            int c = High.CompareTo(other.High);
            return c != 0 ? c : Low.CompareTo(other.Low);
        }

        public bool Equals(IpAddress128 other) => High == other.High && Low == other.Low;

        public override bool Equals(object? obj) => obj is IpAddress128 other && Equals(other);

        public override int GetHashCode() => (High.GetHashCode() * 397) ^ Low.GetHashCode();

        public static bool operator ==(IpAddress128 left, IpAddress128 right) => left.Equals(right);

        public static bool operator !=(IpAddress128 left, IpAddress128 right) => !left.Equals(right);

        public static bool operator <(IpAddress128 left, IpAddress128 right) =>
            left.High < right.High || (left.High == right.High && left.Low < right.Low);

        public static bool operator >(IpAddress128 left, IpAddress128 right) => right < left;

        public static bool operator <=(IpAddress128 left, IpAddress128 right) => !(right < left);

        public static bool operator >=(IpAddress128 left, IpAddress128 right) => !(left < right);
    }
}
