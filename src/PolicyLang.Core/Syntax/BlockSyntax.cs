namespace PolicyLang.Syntax
{
    /// <summary><c>{ item item … }</c>; items are settings (or labels).</summary>
    public sealed class BlockSyntax : SyntaxNode
    {
        public BlockSyntax(SyntaxToken open, IEnumerable<SyntaxNode> items, SyntaxToken close)
            : base(SyntaxKind.Block, new SyntaxElement[] { open }.Concat(items).Concat(new SyntaxElement[] { close }).ToArray()) { }

        public SyntaxToken OpenBrace => (SyntaxToken)Children[0];
        public SyntaxToken CloseBrace => (SyntaxToken)Children[Children.Count - 1];

        public IEnumerable<SyntaxNode> Items
        {
            get
            {
                for (int i = 1; i < Children.Count - 1; i++) yield return (SyntaxNode)Children[i];
            }
        }

        public IEnumerable<SettingSyntax> Settings(string keyword) =>
            Items.OfType<SettingSyntax>().Where(s => s.Keyword.Text == keyword);
    }
}
