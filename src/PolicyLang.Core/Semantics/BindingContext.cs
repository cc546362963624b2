using PolicyLang.Syntax;
using PolicyLang.Text;

namespace PolicyLang.Semantics
{
    /// <summary>The file and declaration being bound, to turn relative spans into locations.</summary>
    internal readonly struct BindingContext(PolicySyntaxTree tree, DeclarationSyntax declaration)
    {
        public PolicySyntaxTree Tree { get; } = tree;
        public DeclarationSyntax Declaration { get; } = declaration;

        public SourceLocation Location(SyntaxElement element) => new SourceLocation(Tree.Text, Declaration.AbsoluteSpan(element));

        public SourceLocation Location(SyntaxElement first, SyntaxElement last) =>
            new SourceLocation(Tree.Text, TextSpan.FromBounds(Declaration.AbsoluteSpan(first).Start, Declaration.AbsoluteSpan(last).End));

        public SourceLocation DeclarationLocation => Location(Declaration);
    }
}
