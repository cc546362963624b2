namespace PolicyLang.Syntax
{
    /// <summary>Whitespace, a line break or a comment. Trivia carries no meaning but is kept so the tree prints back its source.</summary>
    public sealed class SyntaxTrivia
    {
        public SyntaxTrivia(SyntaxKind kind, string text)
        {
            Kind = kind;
            Text = text;
        }

        public SyntaxKind Kind { get; }
        public string Text { get; }
        public bool IsComment => Kind == SyntaxKind.LineCommentTrivia || Kind == SyntaxKind.BlockCommentTrivia;

        public override string ToString() => Text;
    }
}
