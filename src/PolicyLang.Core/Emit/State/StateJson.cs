namespace PolicyLang.Emit.State
{
    public enum JsonKind { Object, Array, String, Number, True, False, Null }

    /// <summary>A JSON value of a running-state export, with the offset it starts at (for diagnostics).</summary>
    public sealed class JsonNode
    {
        private static readonly IReadOnlyList<JsonNode> s_none = new JsonNode[0];
        private static readonly IReadOnlyList<KeyValuePair<string, JsonNode>> s_noMembers = new KeyValuePair<string, JsonNode>[0];

        internal JsonNode(JsonKind kind, int offset, string? text = null, IReadOnlyList<JsonNode>? items = null, IReadOnlyList<KeyValuePair<string, JsonNode>>? members = null)
        {
            Kind = kind;
            Offset = offset;
            Text = text;
            Items = items ?? s_none;
            Members = members ?? s_noMembers;
        }

        public JsonKind Kind { get; }
        public int Offset { get; }

        /// <summary>The offset just after the value.</summary>
        public int End { get; internal set; }

        /// <summary>A string's value or a number's text; null otherwise.</summary>
        public string? Text { get; }

        public IReadOnlyList<JsonNode> Items { get; }

        /// <summary>An object's members in document order (a repeated key keeps both).</summary>
        public IReadOnlyList<KeyValuePair<string, JsonNode>> Members { get; }

        public bool IsObject => Kind == JsonKind.Object;
        public bool IsArray => Kind == JsonKind.Array;
        public bool IsString => Kind == JsonKind.String;
        public bool IsNumber => Kind == JsonKind.Number;

        /// <summary>The first member named <paramref name="key"/>, or null.</summary>
        public JsonNode? this[string key]
        {
            get
            {
                foreach (var m in Members) if (m.Key == key) return m.Value;
                return null;
            }
        }

        public string? String(string key) => this[key] is { Kind: JsonKind.String } n ? n.Text : null;

        /// <summary>An integer member, or null when missing or not an integer within <see cref="long"/>.</summary>
        public long? Integer(string key) => this[key]?.AsInteger();

        public long? AsInteger() =>
            Kind == JsonKind.Number && long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (long?)null;

        public override string ToString() => Kind switch
        {
            JsonKind.String => "\"" + Text + "\"",
            JsonKind.Number => Text!,
            JsonKind.True => "true",
            JsonKind.False => "false",
            JsonKind.Null => "null",
            JsonKind.Array => "[" + string.Join(", ", Items.Take(4).Select(i => i.ToString())) + (Items.Count > 4 ? ", …" : "") + "]",
            _ => "{" + string.Join(", ", Members.Take(3).Select(m => "\"" + m.Key + "\": " + m.Value)) + (Members.Count > 3 ? ", …" : "") + "}",
        };
    }

    /// <summary>
    /// A strict JSON (RFC 8259) reader for running-state exports: every value keeps its offset, nesting deeper than
    /// <see cref="MaxDepth"/> and anything after the document are errors (<see cref="StateReadException"/> at the offset),
    /// so hostile input is rejected with a position instead of exhausting the stack.
    /// </summary>
    public static class StateJson
    {
        public const int MaxDepth = 200;

        public static JsonNode Parse(string text)
        {
            var r = new Reader(text);
            r.Skip();
            var value = r.Value(0);
            r.Skip();
            if (r.Pos != text.Length) throw new StateReadException(r.Pos, "text after the JSON document");
            return value;
        }

        /// <summary>Whether the text starts like a JSON object (after a byte-order mark and white space).</summary>
        public static bool LooksLikeObject(string text)
        {
            foreach (var c in text)
            {
                if (c == '\uFEFF' || char.IsWhiteSpace(c)) continue;
                return c == '{';
            }
            return false;
        }

        private sealed class Reader(string text)
        {
            public int Pos;

            // Values of the open arrays and objects, innermost last: each becomes an array of its exact size when it closes.
            private readonly List<JsonNode> _items = new List<JsonNode>();
            private readonly List<KeyValuePair<string, JsonNode>> _members = new List<KeyValuePair<string, JsonNode>>();

            // Short strings seen before (member names, families, table names repeat thousands of times): one string each.
            private const int InternLength = 64;
            private readonly string?[] _interned = new string?[4096];

            public void Skip()
            {
                if (Pos == 0 && text.Length > 0 && text[0] == '\uFEFF') Pos = 1;
                while (Pos < text.Length && (text[Pos] == ' ' || text[Pos] == '\n' || text[Pos] == '\r' || text[Pos] == '\t')) Pos++;
            }

            private StateReadException Error(string expected) =>
                new StateReadException(Pos, "expected " + expected + ", found " + (Pos >= text.Length ? "the end of the file" : "'" + Printable(text[Pos]) + "'"));

            private static string Printable(char c) => c < ' ' || c > '~' ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString();

            public JsonNode Value(int depth)
            {
                var node = ValueCore(depth);
                node.End = Pos;
                return node;
            }

            private JsonNode ValueCore(int depth)
            {
                if (depth > MaxDepth) throw new StateReadException(Pos, "JSON nested deeper than " + MaxDepth + " levels");
                if (Pos >= text.Length) throw Error("a JSON value");
                int start = Pos;
                switch (text[Pos])
                {
                    case '{':
                    {
                        Pos++;
                        int first = _members.Count;
                        Skip();
                        if (Pos < text.Length && text[Pos] == '}') { Pos++; return new JsonNode(JsonKind.Object, start); }
                        while (true)
                        {
                            Skip();
                            if (Pos >= text.Length || text[Pos] != '"') throw Error("a member name in quotes");
                            var key = String();
                            Skip();
                            if (Pos >= text.Length || text[Pos] != ':') throw Error("':'");
                            Pos++;
                            Skip();
                            _members.Add(new KeyValuePair<string, JsonNode>(key, Value(depth + 1)));
                            Skip();
                            if (Pos < text.Length && text[Pos] == ',') { Pos++; continue; }
                            if (Pos < text.Length && text[Pos] == '}') { Pos++; return new JsonNode(JsonKind.Object, start, members: Take(_members, first)); }
                            throw Error("',' or '}'");
                        }
                    }
                    case '[':
                    {
                        Pos++;
                        int first = _items.Count;
                        Skip();
                        if (Pos < text.Length && text[Pos] == ']') { Pos++; return new JsonNode(JsonKind.Array, start); }
                        while (true)
                        {
                            Skip();
                            _items.Add(Value(depth + 1));
                            Skip();
                            if (Pos < text.Length && text[Pos] == ',') { Pos++; continue; }
                            if (Pos < text.Length && text[Pos] == ']') { Pos++; return new JsonNode(JsonKind.Array, start, items: Take(_items, first)); }
                            throw Error("',' or ']'");
                        }
                    }
                    case '"':
                        return new JsonNode(JsonKind.String, start, String());
                    case 't': Word("true"); return new JsonNode(JsonKind.True, start);
                    case 'f': Word("false"); return new JsonNode(JsonKind.False, start);
                    case 'n': Word("null"); return new JsonNode(JsonKind.Null, start);
                    default:
                        if (text[Pos] == '-' || (text[Pos] >= '0' && text[Pos] <= '9')) return new JsonNode(JsonKind.Number, start, Number());
                        throw Error("a JSON value");
                }
            }

            /// <summary>The values from <paramref name="first"/> on, removed from the list.</summary>
            private static T[] Take<T>(List<T> list, int first)
            {
                var values = new T[list.Count - first];
                list.CopyTo(first, values, 0, values.Length);
                list.RemoveRange(first, values.Length);
                return values;
            }

            /// <summary>The characters [start, end) as a string, the same string for the same short text.</summary>
            private string Text(int start, int end)
            {
                int length = end - start;
                if (length > InternLength) return text.Substring(start, length);
                var span = text.AsSpan(start, length);
                uint hash = 2166136261;
                foreach (char c in span) hash = (hash ^ c) * 16777619;
                ref var slot = ref _interned[hash & (uint)(_interned.Length - 1)];
                if (slot != null && span.SequenceEqual(slot.AsSpan())) return slot;
                return slot = text.Substring(start, length);
            }

            private void Word(string word)
            {
                if (string.CompareOrdinal(text, Pos, word, 0, word.Length) != 0) throw Error("'" + word + "'");
                Pos += word.Length;
            }

            private string Number()
            {
                int start = Pos;
                if (text[Pos] == '-') Pos++;
                int digits = Pos;
                while (Pos < text.Length && text[Pos] >= '0' && text[Pos] <= '9') Pos++;
                if (Pos == digits) throw Error("a digit");
                if (Pos < text.Length && text[Pos] == '.')
                {
                    Pos++;
                    int frac = Pos;
                    while (Pos < text.Length && text[Pos] >= '0' && text[Pos] <= '9') Pos++;
                    if (Pos == frac) throw Error("a digit");
                }
                if (Pos < text.Length && (text[Pos] == 'e' || text[Pos] == 'E'))
                {
                    Pos++;
                    if (Pos < text.Length && (text[Pos] == '+' || text[Pos] == '-')) Pos++;
                    int exp = Pos;
                    while (Pos < text.Length && text[Pos] >= '0' && text[Pos] <= '9') Pos++;
                    if (Pos == exp) throw Error("a digit");
                }
                return Text(start, Pos);
            }

            private string String()
            {
                Pos++; // opening quote
                int start = Pos;
                // Most strings hold no escape: found whole, without copying character by character.
                for (int i = Pos; i < text.Length; i++)
                {
                    char c = text[i];
                    if (c == '"') { Pos = i + 1; return Text(start, i); }
                    if (c == '\\' || c < ' ') break;
                }
                var sb = new StringBuilder();
                while (true)
                {
                    if (Pos >= text.Length) throw Error("'\"' to close the string");
                    char c = text[Pos];
                    if (c == '"') { Pos++; return sb.ToString(); }
                    if (c < ' ') throw Error("a character of a string (control characters must be escaped)");
                    if (c != '\\') { sb.Append(c); Pos++; continue; }
                    Pos++;
                    if (Pos >= text.Length) throw Error("an escape");
                    char e = text[Pos++];
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (Pos + 4 > text.Length || !int.TryParse(text.Substring(Pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                                throw Error("four hex digits after \\u");
                            sb.Append((char)code);
                            Pos += 4;
                            break;
                        default:
                            Pos--;
                            throw Error("an escape such as \\n or \\u0041");
                    }
                }
            }
        }
    }
}
