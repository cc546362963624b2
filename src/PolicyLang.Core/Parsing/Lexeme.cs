using PolicyLang.Syntax;

namespace PolicyLang.Parsing
{
    /// <summary>A raw token or trivia piece found by the lexer: absolute offsets into the text, no allocation.</summary>
    internal readonly struct Lexeme
    {
        public Lexeme(SyntaxKind kind, int start, int length)
        {
            Kind = kind;
            Start = start;
            Length = length;
        }

        public SyntaxKind Kind { get; }
        public int Start { get; }
        public int Length { get; }
        public int End => Start + Length;

        public bool IsTrivia =>
            Kind == SyntaxKind.WhitespaceTrivia || Kind == SyntaxKind.EndOfLineTrivia
            || Kind == SyntaxKind.LineCommentTrivia || Kind == SyntaxKind.BlockCommentTrivia;
    }
}
