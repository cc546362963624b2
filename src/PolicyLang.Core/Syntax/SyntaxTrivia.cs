namespace PolicyLang.Syntax
{
    /// <summary>Whitespace, a line break or a comment. Trivia carries no meaning but is kept so the tree prints back its source.</summary>
    public sealed class SyntaxTrivia(SyntaxKind kind, string text)
    {
        public SyntaxKind Kind { get; } = kind;
        public string Text { get; } = text;
        public bool IsComment => Kind == SyntaxKind.LineCommentTrivia || Kind == SyntaxKind.BlockCommentTrivia;

        public override string ToString() => Text;
    }
}
