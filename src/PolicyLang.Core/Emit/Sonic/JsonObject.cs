namespace PolicyLang.Emit.Sonic
{
    /// <summary>
    /// A JSON object that keeps its keys in insertion order; values are strings, string lists or objects. The SONiC
    /// backend builds config_db.json as this tree and serializes it here, so the output is valid JSON whatever the names.
    /// </summary>
    public sealed class JsonObject
    {
        private readonly List<KeyValuePair<string, object>> _members = new List<KeyValuePair<string, object>>();

        // Positions of the members by key: an ACL_RULE table holds thousands of rules, and a scan per lookup is quadratic.
        private readonly Dictionary<string, int> _index = new Dictionary<string, int>(StringComparer.Ordinal);

        private object? Get(string key) => _index.TryGetValue(key, out var i) ? _members[i].Value : null;

        public IReadOnlyList<KeyValuePair<string, object>> Members => _members;

        public int Count => _members.Count;

        public JsonObject Set(string key, string value) => Put(key, value);

        public JsonObject Set(string key, IReadOnlyList<string> values) => Put(key, values.ToList());

        /// <summary>The object under <paramref name="key"/>, created (at the end) when missing.</summary>
        public JsonObject Object(string key)
        {
            if (_index.TryGetValue(key, out var i))
                return _members[i].Value as JsonObject ?? throw new InvalidOperationException("'" + key + "' is not an object");
            var o = new JsonObject();
            Put(key, o);
            return o;
        }

        /// <summary>Copies the members of <paramref name="other"/> into this (empty) object.</summary>
        public void Merge(JsonObject other)
        {
            foreach (var m in other._members) Put(m.Key, m.Value);
            if (other._lines != null) foreach (var l in other._lines) MarkLine(l.Key, l.Value);
        }

        /// <summary>The string under <paramref name="key"/>, or null.</summary>
        public string? String(string key) => Get(key) as string;

        /// <summary>The string list under <paramref name="key"/>, or null.</summary>
        public IReadOnlyList<string>? List(string key) => Get(key) as List<string>;

        /// <summary>The object under <paramref name="key"/>, or null (never created).</summary>
        public JsonObject? Find(string key) => Get(key) as JsonObject;

        public bool Has(string key) => _index.ContainsKey(key);

        // The line of each key, for an object read from text (JsonReader): what a reader's error points at.
        private Dictionary<string, int>? _lines;

        internal void MarkLine(string key, int line) => (_lines ??= new Dictionary<string, int>(StringComparer.Ordinal))[key] = line;

        /// <summary>The line <paramref name="key"/> was read at, or <paramref name="otherwise"/> (an object not read from text, or no such key).</summary>
        public int LineOf(string key, int otherwise = 0) => _lines != null && _lines.TryGetValue(key, out var line) ? line : otherwise;

        private JsonObject Put(string key, object value)
        {
            if (Has(key)) throw new InvalidOperationException("duplicate JSON key '" + key + "'");
            _index[key] = _members.Count;
            _members.Add(new KeyValuePair<string, object>(key, value));
            return this;
        }

        /// <summary>Two-space indented JSON ending with a newline.</summary>
        public string Serialize()
        {
            var sb = new StringBuilder();
            Write(sb, this, 0);
            return sb.Append('\n').ToString();
        }

        private static void Write(StringBuilder sb, object value, int depth)
        {
            switch (value)
            {
                case string s:
                    sb.Append(PolicyBuilder.Json(s));
                    break;
                case List<string> list:
                    sb.Append('[');
                    for (int i = 0; i < list.Count; i++) sb.Append(i == 0 ? "" : ", ").Append(PolicyBuilder.Json(list[i]));
                    sb.Append(']');
                    break;
                case JsonObject o:
                    if (o._members.Count == 0) { sb.Append("{}"); break; }
                    sb.Append("{\n");
                    for (int i = 0; i < o._members.Count; i++)
                    {
                        sb.Append(' ', (depth + 1) * 2).Append(PolicyBuilder.Json(o._members[i].Key)).Append(": ");
                        Write(sb, o._members[i].Value, depth + 1);
                        sb.Append(i + 1 < o._members.Count ? ",\n" : "\n");
                    }
                    sb.Append(' ', depth * 2).Append('}');
                    break;
                default:
                    throw new InvalidOperationException("unexpected JSON value " + value.GetType());
            }
        }
    }
}
