using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.Sonic
{
    /// <summary>A strict JSON reader into <see cref="JsonObject"/> (strings, string lists, objects): what config_db.json fragments hold.</summary>
    public static class JsonReader
    {
        public static JsonObject Parse(string text)
        {
            int pos = 0, line = 1;
            Skip(text, ref pos, ref line);
            var o = Object(text, ref pos, ref line);
            Skip(text, ref pos, ref line);
            if (pos != text.Length) throw new AclReadException(line, "text after the JSON document");
            return o;
        }

        private static void Skip(string t, ref int pos, ref int line)
        {
            while (pos < t.Length && (t[pos] == ' ' || t[pos] == '\n' || t[pos] == '\r' || t[pos] == '\t'))
            {
                if (t[pos] == '\n') line++;
                pos++;
            }
        }

        private static void Expect(string t, ref int pos, int line, char c)
        {
            if (pos >= t.Length || t[pos] != c) throw new AclReadException(line, "expected '" + c + "'");
            pos++;
        }

        private static JsonObject Object(string t, ref int pos, ref int line)
        {
            var o = new JsonObject();
            Expect(t, ref pos, line, '{');
            Skip(t, ref pos, ref line);
            if (pos < t.Length && t[pos] == '}') { pos++; return o; }
            while (true)
            {
                Skip(t, ref pos, ref line);
                var key = String(t, ref pos, line);
                int keyLine = line;
                Skip(t, ref pos, ref line);
                Expect(t, ref pos, line, ':');
                Skip(t, ref pos, ref line);
                if (o.Has(key)) throw new AclReadException(line, "duplicate key '" + key + "'");
                if (pos < t.Length && t[pos] == '{') o.Object(key).Merge(Object(t, ref pos, ref line));
                else if (pos < t.Length && t[pos] == '[')
                {
                    pos++;
                    var list = new List<string>();
                    Skip(t, ref pos, ref line);
                    if (pos < t.Length && t[pos] == ']') pos++;
                    else
                        while (true)
                        {
                            Skip(t, ref pos, ref line);
                            list.Add(String(t, ref pos, line));
                            Skip(t, ref pos, ref line);
                            if (pos < t.Length && t[pos] == ',') { pos++; continue; }
                            Expect(t, ref pos, line, ']');
                            break;
                        }
                    o.Set(key, list);
                }
                else o.Set(key, String(t, ref pos, line));
                o.MarkLine(key, keyLine);
                Skip(t, ref pos, ref line);
                if (pos < t.Length && t[pos] == ',') { pos++; continue; }
                Expect(t, ref pos, line, '}');
                return o;
            }
        }

        private static string String(string t, ref int pos, int line)
        {
            Expect(t, ref pos, line, '"');
            var sb = new StringBuilder();
            while (true)
            {
                if (pos >= t.Length || t[pos] == '\n') throw new AclReadException(line, "unterminated string");
                char c = t[pos++];
                if (c == '"') return sb.ToString();
                if (c != '\\') { sb.Append(c); continue; }
                if (pos >= t.Length) throw new AclReadException(line, "unterminated escape");
                char e = t[pos++];
                switch (e)
                {
                    case '"': case '\\': case '/': sb.Append(e); break;
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u':
                        if (pos + 4 > t.Length || !int.TryParse(t.Substring(pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var u))
                            throw new AclReadException(line, "bad \\u escape");
                        sb.Append((char)u);
                        pos += 4;
                        break;
                    default: throw new AclReadException(line, "bad escape '\\" + e + "'");
                }
            }
        }
    }
}
