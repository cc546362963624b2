namespace PolicyLang.Syntax
{
    public static class SyntaxFacts
    {
        /// <summary>Words that start top-level declarations; they cannot be used as names.</summary>
        public static readonly IReadOnlyList<string> ReservedWords = new[]
        {
            "policy", "import", "prefixes", "ports", "service", "class", "zone", "external",
            "allow", "deny", "assert", "test", "target",
        };

        /// <summary>
        /// Words that start a declaration only where the next tokens say so (<c>quarantine 10.0.0.5</c>, <c>baseline NAME {</c>),
        /// and remain names everywhere else: they came with language v2, and zones called "quarantine" are common.
        /// </summary>
        public static readonly IReadOnlyList<string> ContextualDeclarationWords = new[] { "baseline", "quarantine" };

        public static bool IsContextualDeclarationWord(string text) => text == "baseline" || text == "quarantine";

        /// <summary>The length of the longest reserved word: a longer identifier is never one.</summary>
        public static readonly int LongestReservedWord = ReservedWords.Max(w => w.Length);

        private static readonly HashSet<string> s_reserved = new HashSet<string>(ReservedWords, StringComparer.Ordinal);

        public static bool IsReservedWord(string text) => s_reserved.Contains(text);

        public static bool IsIdentifierStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

        public static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || IsDigit(c);

        public static bool IsDigit(char c) => c >= '0' && c <= '9';

        public static bool IsHexDigit(char c) => IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        /// <summary>Whether <paramref name="text"/> can be written as a name without quoting.</summary>
        public static bool IsValidName(string text)
        {
            if (string.IsNullOrEmpty(text) || !IsIdentifierStart(text[0])) return false;
            for (int i = 1; i < text.Length; i++)
            {
                char c = text[i];
                if (IsIdentifierPart(c)) continue;
                if (c == '-' && i + 1 < text.Length && IsIdentifierPart(text[i + 1])) continue;
                return false;
            }
            return !IsReservedWord(text);
        }

        public static string Describe(SyntaxKind kind) => kind switch
        {
            SyntaxKind.IdentifierToken => "a name",
            SyntaxKind.NumberToken => "a number",
            SyntaxKind.AddressToken => "an address",
            SyntaxKind.StringToken => "a string",
            SyntaxKind.OpenBraceToken => "'{'",
            SyntaxKind.CloseBraceToken => "'}'",
            SyntaxKind.CommaToken => "','",
            SyntaxKind.ColonToken => "':'",
            SyntaxKind.EqualsToken => "'='",
            SyntaxKind.ArrowToken => "'->'",
            SyntaxKind.SlashToken => "'/'",
            SyntaxKind.MinusToken => "'-'",
            SyntaxKind.DotToken => "'.'",
            SyntaxKind.GreaterEqualsToken => "'>='",
            SyntaxKind.LessEqualsToken => "'<='",
            SyntaxKind.GreaterToken => "'>'",
            SyntaxKind.LessToken => "'<'",
            SyntaxKind.EqualsEqualsToken => "'=='",
            SyntaxKind.EndOfFileToken => "the end of the file",
            _ => kind.ToString(),
        };
    }
}
