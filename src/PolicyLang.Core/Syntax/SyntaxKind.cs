namespace PolicyLang.Syntax
{
    public enum SyntaxKind
    {
        None = 0,

        // Tokens
        IdentifierToken,
        NumberToken,
        AddressToken,
        StringToken,
        OpenBraceToken,
        CloseBraceToken,
        CommaToken,
        ColonToken,
        EqualsToken,
        ArrowToken,
        SlashToken,
        MinusToken,
        DotToken,
        GreaterEqualsToken,
        LessEqualsToken,
        GreaterToken,
        LessToken,
        EqualsEqualsToken,
        BadToken,
        EndOfFileToken,

        // Trivia
        WhitespaceTrivia,
        EndOfLineTrivia,
        LineCommentTrivia,
        BlockCommentTrivia,

        // Declarations
        PolicyDeclaration,
        ImportDeclaration,
        PrefixListDeclaration,
        PortListDeclaration,
        ServiceDeclaration,
        ClassDeclaration,
        ZoneDeclaration,
        ExternalDeclaration,
        FlowDeclaration,
        AssertDeclaration,
        TestDeclaration,
        TargetDeclaration,
        ErrorDeclaration,
        EndOfFile,

        // Parts
        Block,
        Setting,
        Label,
        SeparatedList,
        PortRange,
        ProtocolMatch,
        Endpoint,
        Rate,
        FlowOptions,
        IsolatedAssertion,
        NeverAssertion,
        ReachableAssertion,
        MtuAssertion,
        Date,

        // Language v2: compliance and quarantine (appended, so earlier values keep their numbers)
        QuarantineDeclaration,
        BaselineDeclaration,
        LoggedAssertion,
        OnlyAssertion,
        ExplicitAssertion,
        ClassifiedAssertion,
        UnclassifiedAssertion,
        ZoneSelector,

        // A line of a target's 'verbatim PLATFORM { "…" }' block (a string token)
        VerbatimLine,
    }
}
