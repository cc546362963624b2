namespace PolicyLang.Syntax
{
    /// <summary>Items separated by commas; the commas are kept as children.</summary>
    public sealed class SeparatedListSyntax : SyntaxNode
    {
        public SeparatedListSyntax(SyntaxElement[] itemsAndSeparators)
            : base(SyntaxKind.SeparatedList, itemsAndSeparators) { }

        public IEnumerable<SyntaxElement> Items
        {
            get
            {
                for (int i = 0; i < Children.Count; i += 2) yield return Children[i];
            }
        }
    }
}
