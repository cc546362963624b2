using PolicyLang.Text;

namespace PolicyLang.Syntax
{
    /// <summary>A token or a node. Spans are relative to the start of the enclosing top-level declaration.</summary>
    public abstract class SyntaxElement(SyntaxKind kind)
    {
        public SyntaxKind Kind { get; } = kind;

        /// <summary>The span without leading and trailing trivia.</summary>
        public abstract TextSpan Span { get; }

        /// <summary>The span including trivia.</summary>
        public abstract TextSpan FullSpan { get; }

        public abstract void WriteTo(StringBuilder builder);

        public string ToFullString()
        {
            var sb = new StringBuilder();
            WriteTo(sb);
            return sb.ToString();
        }
    }
}
