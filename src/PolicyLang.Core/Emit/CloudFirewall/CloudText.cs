using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Emit.CloudFirewall
{
    /// <summary>
    /// The only ways policy text reaches a Bicep or Terraform file: names rebuilt from a narrow alphabet and free text
    /// reduced to printable ASCII without quotes, backslashes or interpolation characters ('$', '%', '{', '}', '`'),
    /// so no policy string can end a string literal or start an expression in either language.
    /// </summary>
    public static class CloudText
    {
        /// <summary>Ports as firewall rules list them: merged, in order, "443" or "1000-2000".</summary>
        public static List<string> PortRanges(IEnumerable<Interval> ranges) =>
            IntervalSet.FromRanges(ranges, IntervalSet.PortMax).Ranges
                .Select(r => r.Start == r.End ? r.Start.ToString(CultureInfo.InvariantCulture) : r.Start.ToString(CultureInfo.InvariantCulture) + "-" + r.End.ToString(CultureInfo.InvariantCulture))
                .ToList();

        /// <summary>Free text for a description or comment, at most <paramref name="max"/> characters.</summary>
        public static string Text(string text, int max)
        {
            var sb = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                bool safe = c >= 0x20 && c < 0x7F && c != '"' && c != '\'' && c != '\\' && c != '$' && c != '%' && c != '{' && c != '}' && c != '`';
                sb.Append(safe ? c : ' ');
            }
            var s = sb.ToString().Trim();
            while (s.Contains("  ")) s = s.Replace("  ", " ");
            return s.Length > max ? s.Substring(0, max).TrimEnd() : s;
        }

        /// <summary>A name fragment: lowercase letters, digits and single '-', no leading or trailing '-'.</summary>
        public static string Slug(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (char c in text.ToLowerInvariant())
            {
                bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                if (ok) sb.Append(c);
                else if (sb.Length > 0 && sb[sb.Length - 1] != '-') sb.Append('-');
            }
            return sb.ToString().Trim('-');
        }

        /// <summary>Cuts a name to a length without leaving a trailing '-'.</summary>
        public static string Cut(string name, int max) => (name.Length > max ? name.Substring(0, max) : name).TrimEnd('-');

        /// <summary>A short stable hash (FNV-1a, 32 bits) in hex, to keep cut names distinct.</summary>
        public static string ShortHash(string text)
        {
            uint h = 2166136261;
            foreach (char c in text) { h ^= c; h *= 16777619; }
            return h.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
