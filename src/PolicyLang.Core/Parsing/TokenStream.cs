using PolicyLang.Syntax;

namespace PolicyLang.Parsing
{
    /// <summary>
    /// The tokens of one declaration, plus the furthest point any alternative reached and what it expected
    /// there: that is where a syntax error is reported, naming everything the grammar allowed.
    /// </summary>
    internal sealed class TokenStream(SyntaxToken[] tokens)
    {
        public SyntaxToken[] Tokens { get; } = tokens;

        private TokenInput?[]? _inputs;

        /// <summary>One input object per position, shared by every alternative that reaches it.</summary>
        public TokenInput InputAt(int index)
        {
            _inputs ??= new TokenInput?[Tokens.Length + 1];
            return _inputs[index] ??= new TokenInput(this, index);
        }
        public int FurthestIndex { get; private set; } = -1;
        public List<string> Expected { get; } = new List<string>();
        public Dictionary<object, object> Memos { get; } = new Dictionary<object, object>();

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
