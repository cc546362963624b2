namespace PolicyLang.Emit.Kubernetes
{
    /// <summary>An ordered YAML mapping; values are strings, integers, nested mappings or lists.</summary>
    public sealed class YamlMap
    {
        public List<KeyValuePair<string, object>> Entries { get; } = new List<KeyValuePair<string, object>>();

        public YamlMap Add(string key, object value)
        {
            Entries.Add(new KeyValuePair<string, object>(key, value));
            return this;
        }
    }

    /// <summary>
    /// Writes YAML in block style where every string, key or value, is a double-quoted scalar with everything outside
    /// printable ASCII escaped, so no label, name or description can start a new key, document or line.
    /// </summary>
    public static class YamlWriter
    {
        public static void Document(StringBuilder sb, YamlMap map)
        {
            sb.Append("---\n");
            WriteMap(sb, map, 0);
        }

        public static string Quote(string s)
        {
            var sb = new StringBuilder(s.Length + 2);
            QuoteTo(sb, s);
            return sb.ToString();
        }

        private static bool Plain(char c) => c >= 0x20 && c < 0x7F && c != '"' && c != '\\';

        /// <summary>Appends the double-quoted scalar of <paramref name="s"/>.</summary>
        private static void QuoteTo(StringBuilder sb, string s)
        {
            sb.Append('"');
            int run = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (Plain(c)) continue;
                sb.Append(s, run, i - run);
                run = i + 1;
                if (!QuotedText.TryAppendCommonEscape(sb, c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            sb.Append(s, run, s.Length - run).Append('"');
        }

        /// <param name="inline">The first entry continues a list item's "- " and is not indented.</param>
        private static void WriteMap(StringBuilder sb, YamlMap map, int indent, bool inline = false)
        {
            foreach (var e in map.Entries)
            {
                if (inline) inline = false;
                else sb.Append(' ', indent);
                QuoteTo(sb, e.Key);
                sb.Append(':');
                WriteValue(sb, e.Value, indent);
            }
        }

        private static void WriteValue(StringBuilder sb, object value, int indent)
        {
            switch (value)
            {
                case string s:
                    sb.Append(' ');
                    QuoteTo(sb, s);
                    sb.Append('\n');
                    break;
                case int i:
                    sb.Append(' ').Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    break;
                case YamlMap m when m.Entries.Count == 0:
                    sb.Append(" {}\n");
                    break;
                case YamlMap m:
                    sb.Append('\n');
                    WriteMap(sb, m, indent + 2);
                    break;
                case IList<object> list when list.Count == 0:
                    sb.Append(" []\n");
                    break;
                case IList<object> list:
                    sb.Append('\n');
                    foreach (var item in list)
                    {
                        sb.Append(' ', indent).Append('-');
                        if (item is YamlMap im && im.Entries.Count > 0)
                        {
                            // The first entry shares the dash's line; the rest align under it.
                            sb.Append(' ');
                            WriteMap(sb, im, indent + 2, inline: true);
                        }
                        else
                        {
                            // A scalar, empty map or empty list after the dash: WriteValue starts it with its own space.
                            WriteValue(sb, item, indent + 2);
                        }
                    }
                    break;
                default:
                    throw new System.InvalidOperationException("Unsupported YAML value " + value.GetType().Name);
            }
        }
    }
}
