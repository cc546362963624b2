using PolicyLang.Syntax;

namespace PolicyLang.Parsing
{
    /// <summary>
    /// The tokens of one declaration, plus the furthest point any alternative reached and what it expected
    /// there: that is where a syntax error is reported, naming everything the grammar allowed.
    /// <para>
    /// A thread parses one declaration after another with the same stream (<see cref="Rent"/>, <see cref="Return"/>): its
    /// positions (<see cref="TokenInput"/>) stay, with the answers they keep, which depend on the position alone (its
    /// failures, an absent optional part), never on the token there; the tokens, the furthest point and what was expected
    /// there are the declaration's own. A 100,000-line policy made a position object, a failure per result type and
    /// position and an array for them in every declaration: about 50 MB of its 218 MB of parsing garbage.
    /// </para>
    /// </summary>
    internal sealed class TokenStream
    {
        private SyntaxToken[] _tokens = Array.Empty<SyntaxToken>();
        private TokenInput?[] _inputs = new TokenInput?[16];
        private Dictionary<object, object>? _memos;

        [ThreadStatic] private static TokenStream? t_spare;

        /// <summary>The most positions a kept stream may hold (a declaration of a real policy has hundreds of tokens).</summary>
        internal const int KeepLimit = 1 << 14;

        /// <summary>Tests: this thread parses every declaration with a new stream, as before streams were kept.</summary>
        [ThreadStatic] internal static bool t_noReuse;

        private TokenStream()
        {
        }

        /// <summary>A stream over <paramref name="tokens"/>: this thread's spare one when it has one. Give it back with
        /// <see cref="Return"/> once nothing of the parse is read any more (a parse inside a parse takes a new one).</summary>
        public static TokenStream Rent(SyntaxToken[] tokens)
        {
            var stream = (t_noReuse ? null : t_spare) ?? new TokenStream();
            t_spare = null;
            stream.Reset(tokens);
            return stream;
        }

        /// <summary>Keeps the stream for this thread's next declaration. It holds no token or node of this one afterwards.</summary>
        public static void Return(TokenStream stream)
        {
            stream._tokens = Array.Empty<SyntaxToken>();
            stream.Expected.Clear();
            stream._memos?.Clear();
            // A stream grown for a huge declaration (a block left open swallows the rest of its file) is not kept: a thread of
            // the language server would otherwise hold its positions for as long as it lives.
            if (!t_noReuse && stream._inputs.Length <= KeepLimit) t_spare = stream;
        }

        private void Reset(SyntaxToken[] tokens)
        {
            _tokens = tokens;
            FurthestIndex = -1;
            Expected.Clear();
            if (_inputs.Length < tokens.Length + 1) Array.Resize(ref _inputs, Math.Max(tokens.Length + 1, _inputs.Length * 2));
        }

        public SyntaxToken[] Tokens => _tokens;

        /// <summary>How many positions the stream has room for (tests).</summary>
        internal int Capacity => _inputs.Length;

        /// <summary>One input object per position, shared by every alternative that reaches it (and by later declarations).</summary>
        public TokenInput InputAt(int index) => _inputs[index] ??= new TokenInput(this, index);

        public int FurthestIndex { get; private set; } = -1;
        public List<string> Expected { get; } = new List<string>();
        public Dictionary<object, object> Memos => _memos ??= new Dictionary<object, object>();

        public void Expect(int index, string what)
        {
            if (index > FurthestIndex)
            {
                FurthestIndex = index;
                Expected.Clear();
            }
            if (index == FurthestIndex && !Expected.Contains(what)) Expected.Add(what);
        }
    }
}
