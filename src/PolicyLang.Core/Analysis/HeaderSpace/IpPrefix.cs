namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// A CIDR block in the shared 128-bit space. <see cref="Length"/> is always in 128-bit
    /// terms (10.0.0.0/16 is stored as ::ffff:10.0.0.0/112) so containment and range math
    /// never branch on family; <see cref="FamilyLength"/> gives the length users wrote.
    /// Host bits are always cleared, so equal blocks compare equal.
    /// </summary>
    public readonly struct IpPrefix : IEquatable<IpPrefix>, IComparable<IpPrefix>
    {
        private const int MappedBits = 96;

        /// <param name="address">Any address inside the block; host bits are cleared.</param>
        /// <param name="length">Prefix length in the 128-bit space, 0..128.</param>
        public IpPrefix(IpAddress128 address, int length)
        {
            if (length < 0 || length > 128)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "Prefix length must be in 0..128.");
            }

            Address = address.And(IpAddress128.NetworkMask(length));
            Length = length;
        }

        public IpAddress128 Address { get; }

        /// <summary>Length in the 128-bit space (IPv4 /16 is 112).</summary>
        public int Length { get; }

        /// <summary>
        /// True when the block lies wholly inside ::ffff:0:0/96, i.e. it is an IPv4 block.
        /// ::/0 is not IPv4: it spans both families.
        /// </summary>
        public bool IsIPv4 => Length >= MappedBits && Address.IsIPv4Mapped;

        /// <summary>The length in the block's own family: 0..32 for IPv4, 0..128 otherwise.</summary>
        public int FamilyLength => IsIPv4 ? Length - MappedBits : Length;

        public IpAddress128 First => Address;

        public IpAddress128 Last => Address.Or(IpAddress128.NetworkMask(Length).Not());

        public static IpPrefix All => new IpPrefix(IpAddress128.Zero, 0);

        public static IpPrefix AllIPv4 => new IpPrefix(IpAddress128.IPv4First, MappedBits);

        /// <summary>Creates an IPv4 block from a 32-bit address and an IPv4 length (0..32).</summary>
        public static IpPrefix FromIPv4(uint address, int ipv4Length)
        {
            if (ipv4Length < 0 || ipv4Length > 32)
            {
                throw new ArgumentOutOfRangeException(nameof(ipv4Length), "IPv4 prefix length must be in 0..32.");
            }

            return new IpPrefix(IpAddress128.FromIPv4(address), ipv4Length + MappedBits);
        }

        public bool Contains(IpAddress128 address) => address >= First && address <= Last;

        public bool Contains(IpPrefix other) => other.Length >= Length && Contains(other.Address);

        /// <summary>
        /// Parses "a.b.c.d/n", "v6/n", or a bare address (a host block). Host bits are
        /// accepted but reported, so the caller can decide whether that is a diagnostic.
        /// </summary>
        public static bool TryParse(string? text, out IpPrefix prefix, out bool hostBitsSet)
        {
            prefix = default;
            hostBitsSet = false;
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }

            string s = text!;
            int slash = s.IndexOf('/');
            int addressEnd = slash < 0 ? s.Length : slash;
            if (!IpAddressText.TryParse(s, 0, addressEnd, out IpAddress128 address))
            {
                return false;
            }

            // The family is decided by how the address was written, not by its value:
            // "::ffff:10.0.0.0/104" is a v6-syntax length even though the address is mapped.
            bool writtenAsIPv4 = s.IndexOf(':', 0, addressEnd) < 0;
            int familyBits = writtenAsIPv4 ? 32 : 128;
            int familyLength = familyBits;
            if (slash >= 0)
            {
                // One to three decimal digits, without a leading zero.
                int digits = s.Length - slash - 1;
                if (digits == 0 || digits > 3 || (digits > 1 && s[slash + 1] == '0'))
                {
                    return false;
                }

                familyLength = 0;
                for (int k = slash + 1; k < s.Length; k++)
                {
                    if (s[k] < '0' || s[k] > '9')
                    {
                        return false;
                    }

                    familyLength = (familyLength * 10) + (s[k] - '0');
                }

                if (familyLength > familyBits)
                {
                    return false;
                }
            }

            int length = writtenAsIPv4 ? familyLength + MappedBits : familyLength;
            prefix = new IpPrefix(address, length);
            hostBitsSet = prefix.Address != address;
            return true;
        }

        public static bool TryParse(string? text, out IpPrefix prefix) => TryParse(text, out prefix, out _);

        public static IpPrefix Parse(string text)
        {
            if (!TryParse(text, out IpPrefix prefix, out _))
            {
                throw new FormatException($"'{text}' is not a valid IP prefix.");
            }

            return prefix;
        }

        /// <summary>IPv4 blocks print as "a.b.c.d/n" with the IPv4 length; others as RFC 5952 "v6/n".</summary>
        /// <remarks>
        /// A non-IPv4 block never starts at a mapped address: below /96 the last bit of the
        /// ffff group is a host bit and is cleared, so the v6 branch never prints a dotted quad.
        /// </remarks>
        public override string ToString() =>
            IsIPv4
                ? IpAddressText.FormatIPv4(Address.IPv4Value) + "/" + FamilyLength.ToString(CultureInfo.InvariantCulture)
                : IpAddressText.Format(Address) + "/" + Length.ToString(CultureInfo.InvariantCulture);

        public int CompareTo(IpPrefix other)
        {
            int c = Address.CompareTo(other.Address);
            return c != 0 ? c : Length.CompareTo(other.Length);
        }

        public bool Equals(IpPrefix other) => Address == other.Address && Length == other.Length;

        public override bool Equals(object? obj) => obj is IpPrefix other && Equals(other);

        public override int GetHashCode() => (Address.GetHashCode() * 31) + Length;

        public static bool operator ==(IpPrefix left, IpPrefix right) => left.Equals(right);

        public static bool operator !=(IpPrefix left, IpPrefix right) => !left.Equals(right);
    }
}
