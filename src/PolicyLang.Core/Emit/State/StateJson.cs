namespace PolicyLang.Emit.State
{
    public enum JsonKind { Object, Array, String, Number, True, False, Null }

    /// <summary>
    /// A JSON value of a running-state export, with the offset it starts at (for diagnostics). A value that
    /// <see cref="StateJson"/> read is a view of the document's <see cref="JsonTape"/> (made when asked for: exports of
    /// megabytes hold hundreds of thousands of values, and a tree of objects that lives as long as the read costs more in
    /// garbage collection than the read itself); YAML builds its values as objects.
    /// </summary>
    public sealed class JsonNode
    {
        private static readonly IReadOnlyList<JsonNode> s_none = new JsonNode[0];
        private static readonly IReadOnlyList<KeyValuePair<string, JsonNode>> s_noMembers = new KeyValuePair<string, JsonNode>[0];

        // A value read by StateJson is a tape and a row (a small object: a document's values are made by the hundred thousand
        // as readers walk them); a YAML value holds its parts itself.
        private readonly JsonTape? _tape;
        private readonly int _index;
        private readonly Parts? _parts;

        private sealed class Parts(JsonKind kind, int offset, string? text, IReadOnlyList<JsonNode>? items, IReadOnlyList<KeyValuePair<string, JsonNode>>? members)
        {
            public readonly JsonKind Kind = kind;
            public readonly int Offset = offset;
            public readonly string? Text = text;
            public readonly IReadOnlyList<JsonNode>? Items = items;
            public readonly IReadOnlyList<KeyValuePair<string, JsonNode>>? Members = members;
        }

        internal JsonNode(JsonKind kind, int offset, string? text = null, IReadOnlyList<JsonNode>? items = null, IReadOnlyList<KeyValuePair<string, JsonNode>>? members = null)
        {
            _parts = new Parts(kind, offset, text, items, members);
        }

        internal JsonNode(JsonTape tape, int index)
        {
            _tape = tape;
            _index = index;
        }

        public JsonKind Kind => _tape != null ? _tape.KindOf(_index) : _parts!.Kind;
        public int Offset => _tape != null ? _tape.OffsetOf(_index) : _parts!.Offset;

        /// <summary>The offset just after the value (0 for a YAML value).</summary>
        public int End => _tape != null ? _tape.EndOf(_index) : 0;

        /// <summary>
        /// The value's characters as the document has them, from its first character to just after its last: a key for
        /// readers that remember what they made of the same text (empty for a YAML value; see <see cref="HasSource"/>).
        /// </summary>
        internal ReadOnlySpan<char> Source => _tape != null ? _tape.SourceOf(_index) : default;

        /// <summary>Whether <see cref="Source"/> holds the value's text (a value StateJson read).</summary>
        internal bool HasSource => _tape != null;

        /// <summary>A string's value or a number's text; null otherwise.</summary>
        public string? Text => _tape != null ? _tape.TextOf(_index) : _parts!.Text;

        public IReadOnlyList<JsonNode> Items => _tape != null ? _tape.ItemsOf(_index) ?? s_none : _parts!.Items ?? s_none;

        /// <summary>An object's members in document order (a repeated key keeps both).</summary>
        public IReadOnlyList<KeyValuePair<string, JsonNode>> Members => _tape != null ? _tape.MembersOf(_index) ?? s_noMembers : _parts!.Members ?? s_noMembers;

        public bool IsObject => Kind == JsonKind.Object;
        public bool IsArray => Kind == JsonKind.Array;
        public bool IsString => Kind == JsonKind.String;
        public bool IsNumber => Kind == JsonKind.Number;

        /// <summary>The first member named <paramref name="key"/>, or null.</summary>
        public JsonNode? this[string key]
        {
            get
            {
                if (_tape != null) return _tape.Find(_index, key);
                foreach (var m in Members) if (m.Key == key) return m.Value;
                return null;
            }
        }

        /// <summary>Gives the memory of the document this value was read from back (<see cref="StateJson.Read{T}"/>).</summary>
        internal void ReleaseDocument() => _tape?.Release();

        /// <summary>
        /// Says that this value's text is known to be valid JSON: the same characters as a value read in full before (a reader's
        /// memo found them). A value whose reading was put off (<see cref="StateJson.Read{T}(ReadOnlyMemory{char}, Func{JsonNode, T}, string)"/>)
        /// is then not read at the end of the document only to check it.
        /// </summary>
        internal void KnownValid() => _tape?.KnownValid(_index);

        /// <summary>Reads what was put off and not vouched for in the document this value was read from.</summary>
        internal void CheckDeferred() => _tape?.CheckDeferred();

        public string? String(string key)
        {
            if (_tape != null) return _tape.FindIndex(_index, key) is int i && _tape.KindOf(i) == JsonKind.String ? _tape.TextOf(i) : null;
            return this[key] is { Kind: JsonKind.String } n ? n.Text : null;
        }

        /// <summary>Whether string member <paramref name="key"/> is <paramref name="value"/> (false when missing or not a string), without making it.</summary>
        public bool StringEquals(string key, string value)
        {
            if (_tape != null) return _tape.FindIndex(_index, key) is int i && _tape.TextIs(i, value);
            return String(key) == value;
        }

        /// <summary>An integer member, or null when missing or not an integer within <see cref="long"/>.</summary>
        public long? Integer(string key)
        {
            if (_tape != null) return _tape.FindIndex(_index, key) is int i && _tape.KindOf(i) == JsonKind.Number ? _tape.IntegerOf(i) : null;
            return this[key]?.AsInteger();
        }

        /// <summary>
        /// The key and value of an object with exactly one member (an nft export's items: {"rule": {…}}), without listing its
        /// members; false for anything else.
        /// </summary>
        internal bool TryOnlyMember(out string key, out JsonNode value)
        {
            if (_tape != null) return _tape.TryOnlyMember(_index, out key, out value);
            var members = Members;
            if (Kind == JsonKind.Object && members.Count == 1)
            {
                key = members[0].Key;
                value = members[0].Value;
                return true;
            }
            key = null!;
            value = null!;
            return false;
        }

        private static long? Parse(string? text) =>
            long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (long?)null;

        public long? AsInteger() => Kind == JsonKind.Number ? Parse(Text) : null;

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
    /// A JSON document as flat arrays, one row per value (kind, start and end offsets, and two numbers: a string's or a
    /// number's span in the text, or a container's first child and count), and the children of every container side by
    /// side (an object's as key, value pairs). Arrays of numbers are nothing for the garbage collector to trace.
    /// </summary>
    internal sealed class JsonTape
    {
        // Rows and children live in chunks below the large-object threshold (85,000 bytes): arrays on the large-object heap
        // count towards full collections, and a full collection traces the whole policy held in memory.
        private const int RowShift = 12, RowChunk = 1 << RowShift, RowMask = RowChunk - 1;
        private const int ChildShift = 14, ChildChunk = 1 << ChildShift, ChildMask = ChildChunk - 1;

        private struct Row
        {
            public int Offset, End, A, B;
            public JsonKind Kind;
        }

        private readonly ReadOnlyMemory<char> _source;
        private readonly List<Row[]> _rows = new List<Row[]>();
        private int _count;
        private readonly List<int[]> _children = new List<int[]>();
        private int _childCount;

        // Strings with escapes, decoded while reading (A of such a string is the bitwise complement of its index here).
        private readonly List<string> _decoded = new List<string>();

        // Short strings seen before (member names, families, table names repeat thousands of times): one string each.
        private readonly PolicyLang.Text.RecentStrings _interned = new PolicyLang.Text.RecentStrings(4096, 64);

        public JsonTape(ReadOnlyMemory<char> source) => _source = source;

        // Chunks of documents read and given back on this thread (JsonDocumentScope), for the next document: a gateway's
        // export fills megabytes of them, which would otherwise be allocated, promoted and collected once per file.
        [ThreadStatic] private static Stack<Row[]>? t_freeRows;
        [ThreadStatic] private static Stack<int[]>? t_freeChildren;
        private bool _released;

        private static Row[] NewRows() => t_freeRows is { Count: > 0 } free ? free.Pop() : new Row[RowChunk];
        private static int[] NewChildren() => t_freeChildren is { Count: > 0 } free ? free.Pop() : new int[ChildChunk];

        /// <summary>Gives the chunks back for the next document read on this thread; no node of this one may be read after.</summary>
        public void Release()
        {
            if (_released) return;
            _released = true;
            t_freeRows ??= new Stack<Row[]>();
            t_freeChildren ??= new Stack<int[]>();
            // At most 64 MB kept per thread, whatever the largest document was.
            foreach (var r in _rows) if (t_freeRows.Count < 800) t_freeRows.Push(r);
            foreach (var c in _children) if (t_freeChildren.Count < 1000) t_freeChildren.Push(c);
            _rows.Clear();
            _children.Clear();
            _deferred = null;
        }

        private ref Row At(int i) => ref _rows[i >> RowShift][i & RowMask];

        private int Child(int k) => _children[k >> ChildShift][k & ChildMask];

        public int Add(JsonKind kind, int offset, int a, int b)
        {
            if ((_count & RowMask) == 0 && _count >> RowShift == _rows.Count) _rows.Add(NewRows());
            ref var row = ref At(_count);
            row.Kind = kind;
            row.Offset = offset;
            row.A = a;
            row.B = b;
            return _count++;
        }

        public int AddDecoded(string value)
        {
            _decoded.Add(value);
            return ~(_decoded.Count - 1);
        }

        public void SetEnd(int node, int end) => At(node).End = end;

        // An array or object whose values were not read (its row's B is Unread, or KnownText once a reader vouched for its text):
        // its row holds its kind, its extent and (in A) its depth; its values are read the first time they are asked for.
        private const int Unread = -1, KnownText = -2;
        private List<int>? _deferred;

        /// <summary>Adds a container whose values are read when first asked for (<see cref="Ensure"/>); it lies at [offset, end).</summary>
        public int AddDeferred(JsonKind kind, int offset, int end, int depth)
        {
            int node = Add(kind, offset, depth, Unread);
            At(node).End = end;
            (_deferred ??= new List<int>()).Add(node);
            return node;
        }

        public void KnownValid(int i)
        {
            ref var row = ref At(i);
            if (row.B == Unread) row.B = KnownText;
        }

        /// <summary>Reads the values of a container whose reading was put off, if it was.</summary>
        private void Ensure(int i)
        {
            if (At(i).B >= 0) return;
            int offset = At(i).Offset, end = At(i).End, depth = At(i).A;
            int fresh = StateJson.ValueAt(_source.Span, this, offset, depth);
            // A value read in full ends where its brackets were found to end; anything else is not one value (then the caller reads
            // the whole document again, without putting anything off, for the error a full reading gives).
            if (EndOf(fresh) != end || KindOf(fresh) != KindOf(i)) throw new StateReadException(offset, "the value does not end where its brackets do");
            ref var row = ref At(i);
            row.A = At(fresh).A;
            row.B = At(fresh).B;
        }

        /// <summary>Reads every container whose reading was put off and that no reader vouched for: the whole document is then valid JSON.</summary>
        public void CheckDeferred()
        {
            if (_deferred == null) return;
            foreach (var i in _deferred)
                if (At(i).B == Unread) Ensure(i);
        }

        /// <summary>Sets a container's children: <paramref name="count"/> values (an object: members) from the pending list.</summary>
        public void SetChildren(int node, List<int> pending, int first, int count)
        {
            ref var row = ref At(node);
            row.A = _childCount;
            row.B = count;
            for (int k = first; k < pending.Count; k++)
            {
                if ((_childCount & ChildMask) == 0 && _childCount >> ChildShift == _children.Count) _children.Add(NewChildren());
                _children[_childCount >> ChildShift][_childCount & ChildMask] = pending[k];
                _childCount++;
            }
            pending.RemoveRange(first, pending.Count - first);
        }

        public ReadOnlySpan<char> SourceOf(int i)
        {
            ref var row = ref At(i);
            return _source.Span.Slice(row.Offset, row.End - row.Offset);
        }

        public JsonKind KindOf(int i) => At(i).Kind;
        public int OffsetOf(int i) => At(i).Offset;
        public int EndOf(int i) => At(i).End;

        public string? TextOf(int i)
        {
            ref var row = ref At(i);
            if (row.Kind != JsonKind.String && row.Kind != JsonKind.Number) return null;
            return row.A < 0 ? _decoded[~row.A] : Slice(row.A, row.B);
        }

        /// <summary>The characters [start, end) as a string, the same string for the same short text.</summary>
        private string Slice(int start, int end) => _interned.Get(_source.Span.Slice(start, end - start));

        public bool KeyIs(int keyNode, string key)
        {
            ref var row = ref At(keyNode);
            if (row.A < 0) return _decoded[~row.A] == key;
            return row.B - row.A == key.Length && _source.Span.Slice(row.A, key.Length).SequenceEqual(key.AsSpan());
        }

        /// <summary>Whether value <paramref name="i"/> is the string <paramref name="value"/>.</summary>
        public bool TextIs(int i, string value) => KindOf(i) == JsonKind.String && KeyIs(i, value);

        public JsonNode? Find(int i, string key) => FindIndex(i, key) is int value ? new JsonNode(this, value) : null;

        /// <summary>The row of the first member named <paramref name="key"/> of object <paramref name="i"/>, or null.</summary>
        public int? FindIndex(int i, string key)
        {
            Ensure(i);
            ref var row = ref At(i);
            if (row.Kind != JsonKind.Object) return null;
            int first = row.A, count = row.B;
            for (int m = 0; m < count; m++)
                if (KeyIs(Child(first + 2 * m), key)) return Child(first + 2 * m + 1);
            return null;
        }

        /// <summary>
        /// A number's value as a <see cref="long"/>: what long.TryParse with a leading sign allowed gives its text, read from the
        /// text in place (no string made); null for a fraction, an exponent or a value out of range.
        /// </summary>
        public long? IntegerOf(int i)
        {
            ref var row = ref At(i);
            if (row.Kind != JsonKind.Number || row.A < 0) return null;
            var text = _source.Span.Slice(row.A, row.B - row.A);
            int k = 0;
            bool negative = false;
            if (k < text.Length && (text[k] == '-' || text[k] == '+')) negative = text[k++] == '-';
            if (k == text.Length) return null;
            // Accumulated as a negative number: long.MinValue has no positive counterpart.
            long value = 0;
            for (; k < text.Length; k++)
            {
                int d = text[k] - '0';
                if ((uint)d > 9) return null;
                if (value < (long.MinValue + d) / 10) return null;
                value = value * 10 - d;
            }
            if (negative) return value;
            return value == long.MinValue ? null : -value;
        }

        /// <summary>The key and value of object <paramref name="i"/> when it has exactly one member.</summary>
        public bool TryOnlyMember(int i, out string key, out JsonNode value)
        {
            Ensure(i);
            ref var row = ref At(i);
            if (row.Kind == JsonKind.Object && row.B == 1)
            {
                key = TextOf(Child(row.A))!;
                value = new JsonNode(this, Child(row.A + 1));
                return true;
            }
            key = null!;
            value = null!;
            return false;
        }

        public IReadOnlyList<JsonNode>? ItemsOf(int i)
        {
            Ensure(i);
            ref var row = ref At(i);
            return row.Kind == JsonKind.Array && row.B > 0 ? new ItemList(this, row.A, row.B) : null;
        }

        public IReadOnlyList<KeyValuePair<string, JsonNode>>? MembersOf(int i)
        {
            Ensure(i);
            ref var row = ref At(i);
            return row.Kind == JsonKind.Object && row.B > 0 ? new MemberList(this, row.A, row.B) : null;
        }

        private sealed class ItemList(JsonTape tape, int first, int count) : IReadOnlyList<JsonNode>
        {
            public int Count => count;

            public JsonNode this[int index] =>
                (uint)index < (uint)count ? new JsonNode(tape, tape.Child(first + index)) : throw new ArgumentOutOfRangeException(nameof(index));

            public IEnumerator<JsonNode> GetEnumerator()
            {
                for (int k = 0; k < count; k++) yield return new JsonNode(tape, tape.Child(first + k));
            }

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }

        private sealed class MemberList(JsonTape tape, int first, int count) : IReadOnlyList<KeyValuePair<string, JsonNode>>
        {
            public int Count => count;

            public KeyValuePair<string, JsonNode> this[int index] =>
                (uint)index < (uint)count ? Member(index) : throw new ArgumentOutOfRangeException(nameof(index));

            private KeyValuePair<string, JsonNode> Member(int m) =>
                new KeyValuePair<string, JsonNode>(tape.TextOf(tape.Child(first + 2 * m))!, new JsonNode(tape, tape.Child(first + 2 * m + 1)));

            public IEnumerator<KeyValuePair<string, JsonNode>> GetEnumerator()
            {
                for (int m = 0; m < count; m++) yield return Member(m);
            }

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }

    /// <summary>
    /// A strict JSON (RFC 8259) reader for running-state exports: every value keeps its offset, nesting deeper than
    /// <see cref="MaxDepth"/> and anything after the document are errors (<see cref="StateReadException"/> at the offset),
    /// so hostile input is rejected with a position instead of exhausting the stack.
    /// </summary>
    public static class StateJson
    {
        public const int MaxDepth = 200;

        public static JsonNode Parse(string text) => Parse(text.AsMemory());

        /// <summary>Reads a document whose characters stay unchanged as long as any of its values is read.</summary>
        public static JsonNode Parse(ReadOnlyMemory<char> text) => Parse(text, null);

        private static JsonNode Parse(ReadOnlyMemory<char> text, string? putOff)
        {
            var tape = new JsonTape(text);
            var r = new Reader(text.Span, tape) { PutOff = putOff };
            try
            {
                r.Skip();
                var value = r.Value(0);
                r.Skip();
                if (r.Pos != text.Length) throw new StateReadException(r.Pos, "text after the JSON document");
                return new JsonNode(tape, value);
            }
            catch (StateReadException)
            {
                tape.Release();
                throw;
            }
        }

        /// <summary>
        /// Reads a document, hands it to <paramref name="read"/> and gives its memory back to this thread for the next one. For
        /// readers that turn the document into their own model and keep no node of it (an nftables ruleset, thousands per run).
        /// </summary>
        public static T Read<T>(string text, Func<JsonNode, T> read) => Read(text.AsMemory(), read);

        /// <summary>As <see cref="Read{T}(string, Func{JsonNode, T})"/>, from characters that may be a pooled buffer's: no node outlives the call.</summary>
        public static T Read<T>(ReadOnlyMemory<char> text, Func<JsonNode, T> read)
        {
            var root = Parse(text);
            try
            {
                return read(root);
            }
            finally
            {
                root.ReleaseDocument();
            }
        }

        /// <summary>
        /// As <see cref="Read{T}(ReadOnlyMemory{char}, Func{JsonNode, T})"/>, except that the arrays and objects that are the value
        /// of a member named <paramref name="putOff"/> are only measured (their brackets matched), not read, until a reader asks
        /// for their values: for readers that often know such a value by its text alone (a rule's expressions met in an earlier
        /// export). What a reader vouched for (<see cref="JsonNode.KnownValid"/>) is not read at all; everything else is read
        /// before the result is returned, so the document is checked as fully as without putting anything off. Should anything go
        /// wrong, the document is read again in full and the reader run on that, so that errors are the ones a full reading gives.
        /// </summary>
        internal static T Read<T>(ReadOnlyMemory<char> text, Func<JsonNode, T> read, string putOff)
        {
            JsonNode root;
            try
            {
                root = Parse(text, putOff);
            }
            catch (StateReadException)
            {
                return Read(text, read);
            }
            try
            {
                var result = read(root);
                root.CheckDeferred();
                return result;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Read again below: a full reading gives the error (or the same exception) the document gives without putting off.
            }
            finally
            {
                root.ReleaseDocument();
            }
            return Read(text, read);
        }

        /// <summary>Reads the value at <paramref name="pos"/> of a document's text into its tape (a value whose reading was put off).</summary>
        internal static int ValueAt(ReadOnlySpan<char> text, JsonTape tape, int pos, int depth)
        {
            var r = new Reader(text, tape) { Pos = pos };
            return r.Value(depth);
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

        private ref struct Reader
        {
            private readonly ReadOnlySpan<char> text;
            public int Pos;
            public readonly JsonTape Tape;

            /// <summary>The member name whose array or object values are measured, not read (<see cref="Read{T}(ReadOnlyMemory{char}, Func{JsonNode, T}, string)"/>).</summary>
            public string? PutOff;

            // Values of the open arrays and objects (an object's as key, value pairs), innermost last.
            private readonly List<int> _pending;

            public Reader(ReadOnlySpan<char> text, JsonTape tape)
            {
                this.text = text;
                Pos = 0;
                Tape = tape;
                _pending = new List<int>();
            }

            public void Skip()
            {
                if (Pos == 0 && text.Length > 0 && text[0] == '\uFEFF') Pos = 1;
                while (Pos < text.Length && (text[Pos] == ' ' || text[Pos] == '\n' || text[Pos] == '\r' || text[Pos] == '\t')) Pos++;
            }

            private readonly StateReadException Error(string expected) =>
                new StateReadException(Pos, "expected " + expected + ", found " + (Pos >= text.Length ? "the end of the file" : "'" + Printable(text[Pos]) + "'"));

            private static string Printable(char c) => c < ' ' || c > '~' ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString();

            public int Value(int depth)
            {
                int node = ValueCore(depth);
                Tape.SetEnd(node, Pos);
                return node;
            }

            private int ValueCore(int depth)
            {
                if (depth > MaxDepth) throw new StateReadException(Pos, "JSON nested deeper than " + MaxDepth + " levels");
                if (Pos >= text.Length) throw Error("a JSON value");
                int start = Pos;
                switch (text[Pos])
                {
                    case '{':
                    {
                        Pos++;
                        int node = Tape.Add(JsonKind.Object, start, 0, 0);
                        int first = _pending.Count;
                        Skip();
                        if (Pos < text.Length && text[Pos] == '}') { Pos++; return node; }
                        int members = 0;
                        while (true)
                        {
                            Skip();
                            if (Pos >= text.Length || text[Pos] != '"') throw Error("a member name in quotes");
                            int key = String();
                            Tape.SetEnd(key, Pos);
                            Skip();
                            if (Pos >= text.Length || text[Pos] != ':') throw Error("':'");
                            Pos++;
                            Skip();
                            _pending.Add(key);
                            _pending.Add(PutOff != null && Tape.KeyIs(key, PutOff) ? Measured(depth + 1) : Value(depth + 1));
                            members++;
                            Skip();
                            if (Pos < text.Length && text[Pos] == ',') { Pos++; continue; }
                            if (Pos < text.Length && text[Pos] == '}') { Pos++; Tape.SetChildren(node, _pending, first, members); return node; }
                            throw Error("',' or '}'");
                        }
                    }
                    case '[':
                    {
                        Pos++;
                        int node = Tape.Add(JsonKind.Array, start, 0, 0);
                        int first = _pending.Count;
                        Skip();
                        if (Pos < text.Length && text[Pos] == ']') { Pos++; return node; }
                        int items = 0;
                        while (true)
                        {
                            Skip();
                            _pending.Add(Value(depth + 1));
                            items++;
                            Skip();
                            if (Pos < text.Length && text[Pos] == ',') { Pos++; continue; }
                            if (Pos < text.Length && text[Pos] == ']') { Pos++; Tape.SetChildren(node, _pending, first, items); return node; }
                            throw Error("',' or ']'");
                        }
                    }
                    case '"':
                        return String();
                    case 't': Word("true"); return Tape.Add(JsonKind.True, start, 0, 0);
                    case 'f': Word("false"); return Tape.Add(JsonKind.False, start, 0, 0);
                    case 'n': Word("null"); return Tape.Add(JsonKind.Null, start, 0, 0);
                    default:
                        if (text[Pos] == '-' || (text[Pos] >= '0' && text[Pos] <= '9')) return Number();
                        throw Error("a JSON value");
                }
            }

            /// <summary>
            /// An array or object measured by matching its brackets (strings skipped), its values left unread; any other value, or
            /// one that does not measure as well-formed (a control character in a string, the end of the text, nesting deeper than
            /// <see cref="MaxDepth"/>), is read as usual, so that its error is the usual one.
            /// </summary>
            private int Measured(int depth)
            {
                if (Pos >= text.Length || (text[Pos] != '[' && text[Pos] != '{')) return Value(depth);
                int open = 0;
                for (int i = Pos; i < text.Length; i++)
                {
                    char c = text[i];
                    if (c == '"')
                    {
                        for (i++; i < text.Length; i++)
                        {
                            c = text[i];
                            if (c == '"') break;
                            if (c == '\\') i++;
                            else if (c < ' ') return Value(depth);
                        }
                        if (i >= text.Length) return Value(depth);
                    }
                    else if (c == '[' || c == '{')
                    {
                        // Conservative: every value inside, scalars too, must be within the limit, or the value is read as usual.
                        if (depth + open++ + 1 > MaxDepth) return Value(depth);
                    }
                    else if ((c == ']' || c == '}') && --open == 0)
                    {
                        int node = Tape.AddDeferred(text[Pos] == '[' ? JsonKind.Array : JsonKind.Object, Pos, i + 1, depth);
                        Pos = i + 1;
                        return node;
                    }
                }
                return Value(depth);
            }

            private void Word(string word)
            {
                if (Pos + word.Length > text.Length || !text.Slice(Pos, word.Length).SequenceEqual(word.AsSpan())) throw Error("'" + word + "'");
                Pos += word.Length;
            }

            private int Number()
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
                return Tape.Add(JsonKind.Number, start, start, Pos);
            }

            private int String()
            {
                int at = Pos;
                Pos++; // opening quote
                int start = Pos;
                // Most strings hold no escape: found whole, without copying character by character.
                for (int i = Pos; i < text.Length; i++)
                {
                    char c = text[i];
                    if (c == '"') { Pos = i + 1; return Tape.Add(JsonKind.String, at, start, i); }
                    if (c == '\\' || c < ' ') break;
                }
                var sb = new StringBuilder();
                while (true)
                {
                    if (Pos >= text.Length) throw Error("'\"' to close the string");
                    char c = text[Pos];
                    if (c == '"') { Pos++; return Tape.Add(JsonKind.String, at, Tape.AddDecoded(sb.ToString()), 0); }
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
                            if (Pos + 4 > text.Length || !int.TryParse(text.Slice(Pos, 4).ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
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
