using PolicyLang.Syntax;

namespace PolicyLang.Syntax
{
    /// <summary><c>policy NAME { … }</c>, <c>class NAME { … }</c>, <c>zone NAME { … }</c>, <c>external NAME { … }</c>.</summary>
    public sealed class BlockDeclarationSyntax : DeclarationSyntax
    {
        public BlockDeclarationSyntax(SyntaxKind kind, SyntaxToken keyword, SyntaxToken name, BlockSyntax body)
            : base(kind, new SyntaxElement[] { keyword, name, body }) { }

        public override SyntaxToken? NameToken => (SyntaxToken)Children[1];
        public BlockSyntax Body => (BlockSyntax)Children[2];
    }

    /// <summary><c>import "file.netpolicy"</c>.</summary>
    public sealed class ImportDeclarationSyntax : DeclarationSyntax
    {
        public ImportDeclarationSyntax(SyntaxToken keyword, SyntaxToken path)
            : base(SyntaxKind.ImportDeclaration, new SyntaxElement[] { keyword, path }) { }

        public SyntaxToken PathToken => (SyntaxToken)Children[1];
    }

    /// <summary><c>prefixes NAME = …</c>, <c>ports NAME = …</c>, <c>service NAME = …</c>.</summary>
    public sealed class ListDeclarationSyntax : DeclarationSyntax
    {
        public ListDeclarationSyntax(SyntaxKind kind, SyntaxToken keyword, SyntaxToken name, SyntaxToken equals, SeparatedListSyntax items)
            : base(kind, new SyntaxElement[] { keyword, name, equals, items }) { }

        public override SyntaxToken? NameToken => (SyntaxToken)Children[1];
        public SeparatedListSyntax Items => (SeparatedListSyntax)Children[3];
    }

    /// <summary><c>allow|deny SRC -> DST : SERVICES [options]</c>.</summary>
    public sealed class FlowDeclarationSyntax : DeclarationSyntax
    {
        public FlowDeclarationSyntax(SyntaxToken action, SyntaxNode source, SyntaxToken arrow, SyntaxNode destination, SyntaxToken colon, SeparatedListSyntax services, SyntaxNode options)
            : base(SyntaxKind.FlowDeclaration, new SyntaxElement[] { action, source, arrow, destination, colon, services, options }) { }

        public SyntaxToken Action => (SyntaxToken)Children[0];
        public bool IsAllow => Action.Text == "allow";
        public SyntaxNode Source => (SyntaxNode)Children[1];
        public SyntaxNode Destination => (SyntaxNode)Children[3];
        public SeparatedListSyntax Services => (SeparatedListSyntax)Children[5];

        /// <summary>A node of kind Block-less list holding each option as a <see cref="SettingSyntax"/>.</summary>
        public SyntaxNode Options => (SyntaxNode)Children[6];
    }

    /// <summary><c>assert …</c>: the second child is one of the assertion nodes.</summary>
    public sealed class AssertDeclarationSyntax : DeclarationSyntax
    {
        public AssertDeclarationSyntax(SyntaxToken keyword, SyntaxNode assertion)
            : base(SyntaxKind.AssertDeclaration, new SyntaxElement[] { keyword, assertion }) { }

        public SyntaxNode Assertion => (SyntaxNode)Children[1];
    }

    /// <summary><c>test "title" { expect … }</c>.</summary>
    public sealed class TestDeclarationSyntax : DeclarationSyntax
    {
        public TestDeclarationSyntax(SyntaxToken keyword, SyntaxToken title, BlockSyntax body)
            : base(SyntaxKind.TestDeclaration, new SyntaxElement[] { keyword, title, body }) { }

        public SyntaxToken Title => (SyntaxToken)Children[1];
        public BlockSyntax Body => (BlockSyntax)Children[2];
    }

    /// <summary><c>quarantine ADDRESS [{ reason "…" expires DATE }]</c>: the address loses every flow, both ways.</summary>
    public sealed class QuarantineDeclarationSyntax : DeclarationSyntax
    {
        public QuarantineDeclarationSyntax(SyntaxToken keyword, SyntaxToken address, BlockSyntax? body)
            : base(SyntaxKind.QuarantineDeclaration, body == null ? new SyntaxElement[] { keyword, address } : new SyntaxElement[] { keyword, address, body }) { }

        public SyntaxToken Address => (SyntaxToken)Children[1];
        public BlockSyntax? Body => Children.Count > 2 ? (BlockSyntax)Children[2] : null;
    }

    /// <summary><c>target NAME PLATFORM { … }</c>.</summary>
    public sealed class TargetDeclarationSyntax : DeclarationSyntax
    {
        public TargetDeclarationSyntax(SyntaxToken keyword, SyntaxToken name, SyntaxToken platform, BlockSyntax body)
            : base(SyntaxKind.TargetDeclaration, new SyntaxElement[] { keyword, name, platform, body }) { }

        public override SyntaxToken? NameToken => (SyntaxToken)Children[1];
        public SyntaxToken Platform => (SyntaxToken)Children[2];
        public BlockSyntax Body => (BlockSyntax)Children[3];
    }

    /// <summary>A declaration that did not parse: it keeps every token, and its keyword and name when recognised.</summary>
    public sealed class ErrorDeclarationSyntax : DeclarationSyntax
    {
        public ErrorDeclarationSyntax(SyntaxElement[] tokens)
            : base(SyntaxKind.ErrorDeclaration, tokens) { }

        /// <summary>The reserved word the declaration starts with, or null for stray text.</summary>
        public SyntaxToken? RecognizedKeyword => Keyword is { Kind: SyntaxKind.IdentifierToken } k && (k.IsReservedWord || SyntaxFacts.IsContextualDeclarationWord(k.Text)) ? k : null;

        public override SyntaxToken? NameToken =>
            RecognizedKeyword != null && Children.Count > 1 && Children[1] is SyntaxToken { Kind: SyntaxKind.IdentifierToken, IsReservedWord: false } n ? n : null;
    }

    /// <summary>The end of the file: trivia after the last declaration.</summary>
    public sealed class EndOfFileSyntax : DeclarationSyntax
    {
        public EndOfFileSyntax(SyntaxToken endOfFile)
            : base(SyntaxKind.EndOfFile, new SyntaxElement[] { endOfFile }) { }
    }
}
