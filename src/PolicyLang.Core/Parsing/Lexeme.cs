using PolicyLang.Syntax;

namespace PolicyLang.Parsing
{
    /// <summary>A raw token or trivia piece found by the lexer: absolute offsets into the text, no allocation.</summary>
    internal readonly struct Lexeme(SyntaxKind kind, int start, int length)
    {
        public SyntaxKind Kind { get; } = kind;
        public int Start { get; } = start;
        public int Length { get; } = length;
        public int End => Start + Length;

        public bool IsTrivia =>
            Kind == SyntaxKind.WhitespaceTrivia || Kind == SyntaxKind.EndOfLineTrivia
            || Kind == SyntaxKind.LineCommentTrivia || Kind == SyntaxKind.BlockCommentTrivia;
    }
}
