namespace PolicyLang.Syntax
{
    /// <summary>A keyword and its arguments: <c>vlan 110</c>, <c>subnet 10.0.0.0/16, fd00::/48</c>, <c>segment NAME { … }</c>, <c>log</c>.</summary>
    public sealed class SettingSyntax : SyntaxNode
    {
        public SettingSyntax(SyntaxToken keyword, IEnumerable<SyntaxElement> arguments)
            : base(SyntaxKind.Setting, new SyntaxElement[] { keyword }.Concat(arguments).ToArray()) { }

        public SyntaxToken Keyword => (SyntaxToken)Children[0];

        public IEnumerable<SyntaxElement> Arguments => Children.Skip(1);

        public SyntaxElement? Argument(int index) => index + 1 < Children.Count ? Children[index + 1] : null;
    }
}
