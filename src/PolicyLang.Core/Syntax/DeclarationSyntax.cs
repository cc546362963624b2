using PolicyLang.Diagnostics;
using PolicyLang.Text;

namespace PolicyLang.Syntax
{
    /// <summary>
    /// A top-level declaration: the unit of parsing, of error recovery and of incremental re-parsing.
    /// Everything inside it has spans relative to its own start, so moving it (an edit above it) only
    /// changes <see cref="Start"/> and never the nodes below.
    /// </summary>
    public abstract class DeclarationSyntax : SyntaxNode
    {
        private static readonly Diagnostic[] s_none = Array.Empty<Diagnostic>();

        protected DeclarationSyntax(SyntaxKind kind, SyntaxElement?[] children)
            : base(kind, children)
        {
        }

        /// <summary>Absolute offset of this declaration's first character (its leading trivia included).</summary>
        public int Start { get; private set; }

        /// <summary>Diagnostics found while lexing and parsing this declaration; spans relative to <see cref="Start"/>.</summary>
        public IReadOnlyList<Diagnostic> ParseDiagnostics { get; private set; } = s_none;

        public SyntaxToken? Keyword => Children.Count > 0 ? Children[0] as SyntaxToken : null;

        /// <summary>The declared name, when the declaration has one.</summary>
        public virtual SyntaxToken? NameToken => null;

        /// <summary>The absolute span of an element of this declaration.</summary>
        public TextSpan AbsoluteSpan(SyntaxElement element) => element.Span.Shift(Start);

        public TextSpan AbsoluteFullSpan => FullSpan.Shift(Start);

        internal DeclarationSyntax WithStart(int start)
        {
            if (start == Start) return this;
            var copy = (DeclarationSyntax)MemberwiseClone();
            copy.Start = start;
            return copy;
        }

        /// <summary>Sets <see cref="Start"/> of a declaration the parser has just made, which nothing else holds yet: no copy, unlike
        /// <see cref="WithStart"/> (a 100,000-line policy's parse made a copy of every declaration only to drop the original).</summary>
        internal DeclarationSyntax PlacedAt(int start)
        {
            Start = start;
            return this;
        }

        internal DeclarationSyntax WithParseDiagnostics(IReadOnlyList<Diagnostic> diagnostics)
        {
            ParseDiagnostics = diagnostics.Count == 0 ? s_none : diagnostics;
            return this;
        }
    }
}
