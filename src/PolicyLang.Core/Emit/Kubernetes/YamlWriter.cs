using System.Collections.Generic;
using System.Globalization;
using System.Text;

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
            sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c >= 0x7F) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }

        private static void WriteMap(StringBuilder sb, YamlMap map, int indent)
        {
            foreach (var e in map.Entries)
            {
                sb.Append(' ', indent).Append(Quote(e.Key)).Append(':');
                WriteValue(sb, e.Value, indent);
            }
        }

        private static void WriteValue(StringBuilder sb, object value, int indent)
        {
            switch (value)
            {
                case string s:
                    sb.Append(' ').Append(Quote(s)).Append('\n');
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
                        sb.Append(' ', indent).Append("- ");
                        if (item is YamlMap im && im.Entries.Count > 0)
                        {
                            // The first entry shares the dash's line; the rest align under it.
                            var first = new StringBuilder();
                            WriteMap(first, im, indent + 2);
                            sb.Append(first.ToString().Substring(indent + 2));
                        }
                        else
                        {
                            var one = new StringBuilder();
                            WriteValue(one, item, indent + 2);
                            sb.Append(one.ToString().TrimStart(' '));
                        }
                    }
                    break;
                default:
                    throw new System.InvalidOperationException("Unsupported YAML value " + value.GetType().Name);
            }
        }
    }
}
