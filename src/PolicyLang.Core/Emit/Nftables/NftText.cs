namespace PolicyLang.Emit.Nftables
{
    /// <summary>
    /// The only ways policy text reaches an nftables ruleset: identifiers rebuilt from a safe alphabet, and
    /// comments and log prefixes reduced to a safe alphabet. No quote, newline, ';', '{' or '}' survives.
    /// </summary>
    public static class NftText
    {
        /// <summary>nft log prefixes are at most 127 bytes.</summary>
        public const int MaxLogPrefix = 127;

        /// <summary>An identifier: letters, digits and '_', starting with a letter.</summary>
        public static string Identifier(string prefix, string name)
        {
            var sb = new StringBuilder(prefix);
            foreach (char c in name) sb.Append(IsSafeIdentifierChar(c) ? c : '_');
            return sb.ToString();
        }

        private static bool IsSafeIdentifierChar(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';

        /// <summary>Text for a '#' comment line: printable ASCII only, one line.</summary>
        public static string Comment(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (char c in text) sb.Append(c >= 0x20 && c < 0x7F ? c : ' ');
            return sb.ToString().Trim();
        }

        /// <summary>The content of a quoted log prefix: a narrow alphabet, at most 127 characters.</summary>
        public static string LogPrefix(string text)
        {
            var sb = new StringBuilder();
            foreach (char c in text)
            {
                bool safe = IsSafeIdentifierChar(c) || c == ' ' || c == '-' || c == '>' || c == '.' || c == ':';
                sb.Append(safe ? c : '_');
            }
            var s = sb.ToString();
            return s.Length > MaxLogPrefix ? s.Substring(0, MaxLogPrefix) : s;
        }

        public static void RequireSafe(string fragment)
        {
            foreach (char c in fragment)
                if (c == '"' || c == '\n' || c == '\r' || c == ';' || c == '#')
                    throw new InvalidOperationException("Unsafe character in an nftables fragment: " + fragment);
        }
    }
}
