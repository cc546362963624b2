using PolicyLang.Text;

namespace PolicyLang.Syntax
{
    /// <summary>An immutable token with its leading and trailing trivia.</summary>
    public sealed class SyntaxToken : SyntaxElement
    {
        internal static readonly SyntaxTrivia[] NoTrivia = Array.Empty<SyntaxTrivia>();

        public SyntaxToken(SyntaxKind kind, int position, string text, IReadOnlyList<SyntaxTrivia> leading, IReadOnlyList<SyntaxTrivia> trailing)
            : base(kind)
        {
            Position = position;
            Text = text;
            LeadingTrivia = leading;
            TrailingTrivia = trailing;
        }

        /// <summary>Start of <see cref="Text"/>, relative to the enclosing declaration.</summary>
        public int Position { get; }
        public string Text { get; }
        public IReadOnlyList<SyntaxTrivia> LeadingTrivia { get; }
        public IReadOnlyList<SyntaxTrivia> TrailingTrivia { get; }

        public override TextSpan Span => new TextSpan(Position, Text.Length);
        // Worked out when asked (a token has a piece or two of trivia) rather than stored: a 100,000-line policy keeps 420,000
        // tokens alive. By index: a foreach over the interface would allocate an enumerator.
        public override TextSpan FullSpan
        {
            get
            {
                int lead = 0;
                for (int i = 0; i < LeadingTrivia.Count; i++) lead += LeadingTrivia[i].Text.Length;
                int trail = 0;
                for (int i = 0; i < TrailingTrivia.Count; i++) trail += TrailingTrivia[i].Text.Length;
                return TextSpan.FromBounds(Position - lead, Position + Text.Length + trail);
            }
        }

        public bool IsIdentifier(string word) => Kind == SyntaxKind.IdentifierToken && string.Equals(Text, word, StringComparison.Ordinal);

        public bool IsReservedWord => Kind == SyntaxKind.IdentifierToken && SyntaxFacts.IsReservedWord(Text);

        public bool HasLeadingLineBreak
        {
            get
            {
                var leading = LeadingTrivia;
                for (int i = 0; i < leading.Count; i++)
                    if (leading[i].Kind == SyntaxKind.EndOfLineTrivia) return true;
                return false;
            }
        }

        public override void WriteTo(StringBuilder builder)
        {
            for (int i = 0; i < LeadingTrivia.Count; i++) builder.Append(LeadingTrivia[i].Text);
            builder.Append(Text);
            for (int i = 0; i < TrailingTrivia.Count; i++) builder.Append(TrailingTrivia[i].Text);
        }

        public override string ToString() => Text;
    }
}
