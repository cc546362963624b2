namespace PolicyLang.Syntax
{
    /// <summary>Turns a string token's text into its value, resolving escapes.</summary>
    public static class StringSyntax
    {
        /// <summary>
        /// A value as a string token: quotes, backslashes and line breaks escaped, other control and format characters
        /// written as <c>\u{…}</c>, so that <see cref="Unquote"/> gives the value back and the token stays on one line.
        /// </summary>
        public static string Quote(string value)
        {
            var sb = new StringBuilder(value.Length + 2).Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (char.IsControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                            || c == '\u200E' || c == '\u200F' || c == '\uFEFF')
                            sb.Append("\\u{").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append('}');
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }

        public static string Unquote(string tokenText)
        {
            if (tokenText.Length == 0 || tokenText[0] != '"') return tokenText;
            int end = tokenText.Length > 1 && tokenText[tokenText.Length - 1] == '"' ? tokenText.Length - 1 : tokenText.Length;
            var sb = new StringBuilder(end);
            for (int i = 1; i < end; i++)
            {
                char c = tokenText[i];
                if (c != '\\' || i + 1 >= end)
                {
                    sb.Append(c);
                    continue;
                }
                char e = tokenText[++i];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        int close = tokenText.IndexOf('}', i);
                        if (i + 1 < end && tokenText[i + 1] == '{' && close > i + 2 && close < end
                            && int.TryParse(tokenText.Substring(i + 2, close - i - 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int cp)
                            && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF))
                        {
                            sb.Append(char.ConvertFromUtf32(cp));
                            i = close;
                        }
                        else
                        {
                            sb.Append('\\').Append(e);
                        }
                        break;
                    default: sb.Append(e); break;
                }
            }
            return sb.ToString();
        }
    }
}
