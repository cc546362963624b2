namespace PolicyLang.Diagnostics
{
    /// <summary>
    /// The one place that makes diagnostic text safe to print: every message is a single line of visible text. Control
    /// characters, line and paragraph separators, bidirectional overrides and isolates, zero-width and other invisible
    /// format characters and lone surrogates are written as <c>\u{XXXX}</c> (the language's own escape), so a CI log
    /// or an editor shows what the file says and nothing it does not; source text quoted in a message is cut to
    /// <see cref="MaxQuotedLength"/> characters.
    /// </summary>
    public static class DiagnosticText
    {
        /// <summary>The longest piece of source text (a token, a name, a path) a message quotes whole.</summary>
        public const int MaxQuotedLength = 160;

        public static bool NeedsEscape(char c) =>
            c < 0x20 || (c >= 0x7F && c <= 0x9F)
            || c == '\u00AD' || c == '\u061C' || c == '\u180E'
            || (c >= '\u200B' && c <= '\u200F') || (c >= '\u2028' && c <= '\u202E') || (c >= '\u2060' && c <= '\u206F')
            || c == '\uFEFF' || (c >= '\uFFF9' && c <= '\uFFFB') || char.IsSurrogate(c);

        /// <summary>The text with every character of <see cref="NeedsEscape"/> escaped (a valid surrogate pair is kept).</summary>
        public static string Escape(string text)
        {
            int i = 0;
            while (i < text.Length && !NeedsEscape(text[i])) i++;
            if (i == text.Length) return text;
            var sb = new StringBuilder(text.Length + 16);
            sb.Append(text, 0, i);
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    sb.Append(c).Append(text[++i]);
                    continue;
                }
                if (NeedsEscape(c)) sb.Append("\\u{").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('}');
                else sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>Quoted source text, cut in the middle to <see cref="MaxQuotedLength"/> characters.</summary>
        public static string Cap(string text, int max = MaxQuotedLength)
        {
            if (text.Length <= max) return text;
            int head = max * 2 / 3, tail = max - head - 1;
            if (char.IsHighSurrogate(text[head - 1])) head--;
            if (char.IsLowSurrogate(text[text.Length - tail])) tail--;
            return text.Substring(0, head) + "…" + text.Substring(text.Length - tail);
        }
    }
}
