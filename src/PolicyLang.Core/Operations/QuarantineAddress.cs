using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Operations
{
    /// <summary>
    /// The address or prefix a quarantine names, in one canonical form: an IPv4 or IPv6 address (<c>10.10.1.5</c>,
    /// <c>fd00:10::5</c>) or a prefix without host bits (<c>10.10.1.0/24</c>). Two spellings of the same block (a /32 and
    /// its address, an IPv4-mapped IPv6 form and the IPv4 one, upper-case hex) are one address.
    /// </summary>
    public sealed class QuarantineAddress
    {
        private QuarantineAddress(IpPrefix prefix)
        {
            Prefix = prefix;
            var host = prefix.FamilyLength == (prefix.IsIPv4 ? 32 : 128);
            Text = host ? prefix.Address.ToString() : prefix.ToString();
        }

        public IpPrefix Prefix { get; }

        /// <summary>The canonical text, as the overlay writes it.</summary>
        public string Text { get; }

        /// <summary>An address or prefix as the command line gives it; null with the reason when it is not one.</summary>
        public static QuarantineAddress? Parse(string? text, out string error)
        {
            error = "";
            var value = (text ?? "").Trim();
            if (value.Length == 0)
            {
                error = "no address given; name an IPv4 or IPv6 address or prefix, such as 10.10.1.5 or fd00:10::/64";
                return null;
            }
            if (value.Length > 64 || !IpPrefix.TryParse(value, out var prefix, out bool hostBits))
            {
                error = Shown(value) + " is not an IPv4 or IPv6 address or prefix (such as 10.10.1.5, 10.10.1.0/24 or fd00:10::5)";
                return null;
            }
            if (hostBits)
            {
                error = Shown(value) + " has host bits set: the prefix is " + prefix + "; name that prefix, or the single address without a length";
                return null;
            }
            if (prefix.FamilyLength == 0)
            {
                error = Shown(value) + " is every address of its family; a quarantine cuts off one host or one prefix";
                return null;
            }
            return new QuarantineAddress(prefix);
        }

        /// <summary>The address a quarantine of the policy is written with, when it parses (the binder has read it).</summary>
        public static QuarantineAddress? Of(string written) => IpPrefix.TryParse(written, out var prefix, out _) ? new QuarantineAddress(prefix) : null;

        /// <summary>Whether <paramref name="other"/> names exactly these addresses.</summary>
        public bool SameAs(QuarantineAddress? other) => other != null && other.Prefix == Prefix;

        /// <summary>Whether every address of this one lies inside <paramref name="other"/>.</summary>
        public bool Inside(QuarantineAddress? other) => other != null && other.Prefix.Contains(Prefix);

        public override string ToString() => Text;

        /// <summary>Input echoed in a message: printable ASCII only, so a message never carries a control or bidi character.</summary>
        private static string Shown(string value)
        {
            var sb = new StringBuilder("'");
            foreach (char c in value.Length > 64 ? value.Substring(0, 64) + "…" : value)
                sb.Append(c >= 0x20 && c < 0x7F || c == '…' ? c : '?');
            return sb.Append('\'').ToString();
        }
    }
}
