using PolicyLang.Syntax;
using PolicyLang.Text;

namespace PolicyLang.Semantics
{
    /// <summary>The file and declaration being bound, to turn relative spans into locations.</summary>
    internal readonly struct BindingContext
    {
        public BindingContext(PolicySyntaxTree tree, DeclarationSyntax declaration)
        {
            Tree = tree;
            Declaration = declaration;
        }

        public PolicySyntaxTree Tree { get; }
        public DeclarationSyntax Declaration { get; }

        public SourceLocation Location(SyntaxElement element) => new SourceLocation(Tree.Text, Declaration.AbsoluteSpan(element));

        public SourceLocation Location(SyntaxElement first, SyntaxElement last) =>
            new SourceLocation(Tree.Text, TextSpan.FromBounds(Declaration.AbsoluteSpan(first).Start, Declaration.AbsoluteSpan(last).End));

        public SourceLocation DeclarationLocation => Location(Declaration);
    }
}
