namespace PolicyLang.Syntax
{
    /// <summary>A keyword and its arguments: <c>vlan 110</c>, <c>subnet 10.0.0.0/16, fd00::/48</c>, <c>segment NAME { … }</c>, <c>log</c>.</summary>
    public sealed class SettingSyntax : SyntaxNode
    {
        public SettingSyntax(SyntaxToken keyword, IEnumerable<SyntaxElement> arguments)
            : base(SyntaxKind.Setting, WithKeyword(keyword, arguments)) { }

        // The parser gives the arguments as an array: copied once behind the keyword, without an iterator over both.
        private static SyntaxElement[] WithKeyword(SyntaxToken keyword, IEnumerable<SyntaxElement> arguments)
        {
            if (arguments is not SyntaxElement[] given) return new SyntaxElement[] { keyword }.Concat(arguments).ToArray();
            var all = new SyntaxElement[given.Length + 1];
            all[0] = keyword;
            Array.Copy(given, 0, all, 1, given.Length);
            return all;
        }

        public SyntaxToken Keyword => (SyntaxToken)Children[0];

        public IEnumerable<SyntaxElement> Arguments => Children.Skip(1);

        public SyntaxElement? Argument(int index) => index + 1 < Children.Count ? Children[index + 1] : null;
    }
}
