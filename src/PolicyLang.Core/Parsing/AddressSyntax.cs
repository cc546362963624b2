using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PolicyLang.Parsing
{
    /// <summary>Shape checks for address tokens: strict dotted quads (no "10.0.0" shorthand) and RFC 4291 IPv6.</summary>
    internal static class AddressSyntax
    {
        public static bool IsAddress(string text) => IsIPv4(text) || IsIPv6(text);

        public static bool IsPrefixOrAddress(string text)
        {
            int slash = text.IndexOf('/');
            if (slash < 0) return IsAddress(text);
            string addr = text.Substring(0, slash), len = text.Substring(slash + 1);
            if (len.Length == 0 || len.Length > 3 || (len.Length > 1 && len[0] == '0')) return false;
            if (!int.TryParse(len, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) return false;
            if (IsIPv4(addr)) return n <= 32;
            return IsIPv6(addr) && n <= 128;
        }

        public static bool IsIPv4(string text)
        {
            var parts = text.Split('.');
            if (parts.Length != 4) return false;
            foreach (var p in parts)
            {
                if (p.Length == 0 || p.Length > 3 || (p.Length > 1 && p[0] == '0')) return false;
                foreach (char c in p) if (c < '0' || c > '9') return false;
                if (int.Parse(p, CultureInfo.InvariantCulture) > 255) return false;
            }
            return true;
        }

        public static bool IsIPv6(string text) =>
            text.IndexOf(':') >= 0 && text.IndexOf('%') < 0
            && IPAddress.TryParse(text, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6;
    }
}
