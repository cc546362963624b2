namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// Strict address parsing and canonical formatting. Hand-written rather than
    /// System.Net.IPAddress because the BCL accepts legacy inet_aton forms ("10.1",
    /// "010.0.0.1" as octal) that would silently change the meaning of a policy.
    /// </summary>
    internal static class IpAddressText
    {
        public static bool TryParse(string? text, out IpAddress128 address)
        {
            address = default;
            return !string.IsNullOrEmpty(text) && TryParse(text!, 0, text!.Length, out address);
        }

        /// <summary>The address written in [start, end) of <paramref name="s"/> (an empty range is no address).</summary>
        internal static bool TryParse(string s, int start, int end, out IpAddress128 address)
        {
            address = default;
            if (start >= end)
            {
                return false;
            }

            if (s.IndexOf(':', start, end - start) < 0)
            {
                if (!TryParseIPv4(s, start, end, out uint v4))
                {
                    return false;
                }

                address = IpAddress128.FromIPv4(v4);
                return true;
            }

            return TryParseIPv6(s, start, end, out address);
        }

        /// <summary>Exactly four decimal octets; leading zeros are rejected to avoid the octal ambiguity.</summary>
        internal static bool TryParseIPv4(string s, int start, int end, out uint value)
        {
            value = 0;
            int octets = 0;
            int i = start;
            while (true)
            {
                int digitsStart = i;
                uint octet = 0;
                while (i < end && s[i] >= '0' && s[i] <= '9')
                {
                    octet = (octet * 10) + (uint)(s[i] - '0');
                    i++;
                    if (i - digitsStart > 3)
                    {
                        return false;
                    }
                }

                int digits = i - digitsStart;
                if (digits == 0 || octet > 255 || (digits > 1 && s[digitsStart] == '0'))
                {
                    return false;
                }

                value = (value << 8) | octet;
                octets++;
                if (octets == 4)
                {
                    return i == end;
                }

                if (i >= end || s[i] != '.')
                {
                    return false;
                }

                i++;
            }
        }

        private static bool TryParseIPv6(string s, int start, int end, out IpAddress128 address)
        {
            address = default;
            Span<ushort> groups = stackalloc ushort[8];
            int doubleColon = s.IndexOf("::", start, end - start, StringComparison.Ordinal);
            if (doubleColon >= 0 && doubleColon + 1 < end && s.IndexOf("::", doubleColon + 1, end - doubleColon - 1, StringComparison.Ordinal) >= 0)
            {
                return false;
            }

            int headCount;
            int tailCount;
            if (doubleColon < 0)
            {
                if (!TryParseGroups(s, start, end, groups, true, out headCount) || headCount != 8)
                {
                    return false;
                }

                tailCount = 0;
            }
            else
            {
                Span<ushort> tail = stackalloc ushort[8];
                if (!TryParseGroups(s, start, doubleColon, groups, false, out headCount)
                    || !TryParseGroups(s, doubleColon + 2, end, tail, true, out tailCount)
                    || headCount + tailCount > 7)
                {
                    return false;
                }

                // Right-align the tail; the gap in between is the run of zeros that :: stands for.
                tail.Slice(0, tailCount).CopyTo(groups.Slice(8 - tailCount));
            }

            ulong high = 0;
            ulong low = 0;
            for (int g = 0; g < 4; g++)
            {
                high = (high << 16) | groups[g];
                low = (low << 16) | groups[g + 4];
            }

            address = new IpAddress128(high, low);
            return true;
        }

        /// <summary>
        /// Parses colon-separated hex groups in [start,end); a trailing dotted quad counts as two
        /// groups (RFC 4291 section 2.2 form 3). An empty range is zero groups.
        /// </summary>
        private static bool TryParseGroups(string s, int start, int end, Span<ushort> into, bool allowDotted, out int count)
        {
            count = 0;
            if (start == end)
            {
                return true;
            }

            int i = start;
            while (true)
            {
                int next = s.IndexOf(':', i, end - i);
                int groupEnd = next < 0 ? end : next;
                if (next < 0 && s.IndexOf('.', i, groupEnd - i) >= 0)
                {
                    if (!allowDotted || count > 6 || !TryParseIPv4(s, i, groupEnd, out uint v4))
                    {
                        return false;
                    }

                    into[count++] = (ushort)(v4 >> 16);
                    into[count++] = (ushort)v4;
                    return true;
                }

                int len = groupEnd - i;
                if (len < 1 || len > 4 || count >= 8)
                {
                    return false;
                }

                int group = 0;
                for (int k = i; k < groupEnd; k++)
                {
                    int digit = HexDigit(s[k]);
                    if (digit < 0)
                    {
                        return false;
                    }

                    group = (group << 4) | digit;
                }

                into[count++] = (ushort)group;
                if (next < 0)
                {
                    return true;
                }

                i = next + 1;
                if (i == end)
                {
                    // A trailing single colon ("1::2:") is malformed.
                    return false;
                }
            }
        }

        private static int HexDigit(char c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        public static string Format(IpAddress128 address)
        {
            if (address.IsIPv4Mapped)
            {
                return FormatIPv4(address.IPv4Value);
            }

            var groups = new ushort[8];
            for (int g = 0; g < 4; g++)
            {
                groups[g] = (ushort)(address.High >> (48 - (16 * g)));
                groups[g + 4] = (ushort)(address.Low >> (48 - (16 * g)));
            }

            // RFC 5952 4.2: compress the longest run of two or more zero groups, the first on a tie.
            int bestStart = -1;
            int bestLen = 1;
            for (int g = 0; g < 8;)
            {
                if (groups[g] != 0)
                {
                    g++;
                    continue;
                }

                int runStart = g;
                while (g < 8 && groups[g] == 0)
                {
                    g++;
                }

                if (g - runStart > bestLen)
                {
                    bestStart = runStart;
                    bestLen = g - runStart;
                }
            }

            var sb = new StringBuilder(39);
            for (int g = 0; g < 8; g++)
            {
                if (g == bestStart)
                {
                    sb.Append("::");
                    g += bestLen - 1;
                    continue;
                }

                if (sb.Length > 0 && sb[sb.Length - 1] != ':')
                {
                    sb.Append(':');
                }

                sb.Append(groups[g].ToString("x", CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }

        internal static string FormatIPv4(uint v) =>
            string.Join(".", (v >> 24).ToString(CultureInfo.InvariantCulture), ((v >> 16) & 0xFF).ToString(CultureInfo.InvariantCulture),
                ((v >> 8) & 0xFF).ToString(CultureInfo.InvariantCulture), (v & 0xFF).ToString(CultureInfo.InvariantCulture));
    }
}
