using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PolicyLang.E2E.Lab
{
    /// <summary>An interface address with its prefix length: <c>10.10.0.5/16</c>.</summary>
    internal sealed class CidrAddress
    {
        private CidrAddress(IPAddress address, int prefixLength)
        {
            Address = address;
            PrefixLength = prefixLength;
            Network = Masked(address, prefixLength);
        }

        public IPAddress Address { get; }
        public int PrefixLength { get; }
        public IPAddress Network { get; }
        public bool IsV6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

        /// <summary>The first address after the network address (<c>10.10.0.1</c> for <c>10.10.0.0/16</c>).</summary>
        public IPAddress FirstHost
        {
            get
            {
                var bytes = Network.GetAddressBytes();
                for (var i = bytes.Length - 1; i >= 0; i--)
                {
                    if (++bytes[i] != 0) break;
                }
                return new IPAddress(bytes);
            }
        }

        public static CidrAddress Parse(string text)
        {
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0) throw new FormatException($"'{text}': expected an address with a prefix length, such as 10.10.0.5/16");
            if (!IPAddress.TryParse(text.AsSpan(0, slash), out var address)
                || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
            {
                throw new FormatException($"'{text}': not an IPv4 or IPv6 address");
            }
            var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > maxPrefix)
            {
                throw new FormatException($"'{text}': prefix length must be 0..{maxPrefix}");
            }
            if (prefix > maxPrefix - 2)
            {
                throw new FormatException($"'{text}': prefix /{prefix} leaves no room for a gateway and a host");
            }
            return new CidrAddress(address, prefix);
        }

        public bool Contains(IPAddress address) =>
            address.AddressFamily == Address.AddressFamily && Masked(address, PrefixLength).Equals(Network);

        public bool Overlaps(CidrAddress other) =>
            other.Address.AddressFamily == Address.AddressFamily
            && Masked(other.Network, Math.Min(PrefixLength, other.PrefixLength)).Equals(Masked(Network, Math.Min(PrefixLength, other.PrefixLength)));

        public override string ToString() => Address + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);

        private static IPAddress Masked(IPAddress address, int prefixLength)
        {
            var bytes = address.GetAddressBytes();
            for (var i = 0; i < bytes.Length; i++)
            {
                var bitsHere = Math.Clamp(prefixLength - i * 8, 0, 8);
                bytes[i] &= (byte)(0xFF << (8 - bitsHere));
            }
            return new IPAddress(bytes);
        }
    }
}
