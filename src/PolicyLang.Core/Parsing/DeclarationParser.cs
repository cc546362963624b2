using PolicyLang.Diagnostics;
using PolicyLang.Syntax;
using PolicyLang.Text;

namespace PolicyLang.Parsing
{
    /// <summary>
    /// Parses one top-level declaration with the Sprache grammar. On failure the declaration becomes an
    /// <see cref="ErrorDeclarationSyntax"/> that keeps all its tokens, with exactly one syntax diagnostic:
    /// at the furthest token any alternative reached, naming everything that was expected there.
    /// </summary>
    internal static class DeclarationParser
    {
        public static DeclarationSyntax Parse(SyntaxToken[] tokens, string? unclosedBlock, string followedBy, List<Diagnostic> diagnostics, bool hasLexerErrors)
        {
            var first = tokens[0];
            var parser = first.IsReservedWord || (first.Kind == SyntaxKind.IdentifierToken && SyntaxFacts.IsContextualDeclarationWord(first.Text)) ? Grammar.ForKeyword(first.Text) : null;
            if (parser == null)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.ExpectedDeclaration, "", first.Span, Describe(first)));
                return new ErrorDeclarationSyntax(tokens);
            }

            var stream = TokenStream.Rent(tokens);
            try
            {
                var result = parser(stream.InputAt(0));
                if (result.WasSuccessful && result.Remainder.AtEnd && unclosedBlock == null)
                {
                    ReportRepeatedLogOptions(result.Value, diagnostics);
                    return result.Value;
                }

                int at = stream.FurthestIndex;
                if (result.WasSuccessful) at = Math.Max(at, ((TokenInput)result.Remainder).Index);
                var last = tokens[tokens.Length - 1];
                var endSpan = new TextSpan(last.Span.End, 0);

                if (unclosedBlock != null && at >= tokens.Length)
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UnclosedBlock, "", endSpan, unclosedBlock, followedBy));
                }
                else if (at < tokens.Length && tokens[at].Kind == SyntaxKind.BadToken || hasLexerErrors && at < tokens.Length && tokens[at].Kind == SyntaxKind.StringToken && !IsClosedString(tokens[at]))
                {
                    // The lexer has already reported this token; a second message would say the same thing.
                }
                else
                {
                    var expected = at == stream.FurthestIndex && stream.Expected.Count > 0
                        ? new List<string>(stream.Expected)
                        : new List<string>();
                    // A complete declaration followed by more text: the text may also have been meant as a new declaration.
                    if (result.WasSuccessful && ((TokenInput)result.Remainder).Index == at) expected.Add("the end of the declaration");
                    string found;
                    TextSpan span;
                    if (at < tokens.Length)
                    {
                        found = Describe(tokens[at], expected) + DashesInName(tokens, at);
                        span = tokens[at].Span;
                    }
                    else
                    {
                        found = followedBy;
                        span = endSpan;
                    }
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SyntaxError, "", span, JoinExpected(expected), found));
                }
                return new ErrorDeclarationSyntax(tokens);
            }
            finally
            {
                TokenStream.Return(stream);
            }
        }

        /// <summary>A <c>log</c> option given twice (NP1006 at the repeat): the grammar takes them in any order, so it takes a repeat too.</summary>
        private static void ReportRepeatedLogOptions(DeclarationSyntax declaration, List<Diagnostic> diagnostics)
        {
            if (declaration is not FlowDeclarationSyntax flow) return;
            foreach (var setting in flow.Options.Children)
            {
                if (setting is not SettingSyntax log || !log.Keyword.IsIdentifier("log")) continue;
                foreach (var (keyword, value) in LogOptions.Repeats(log))
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DuplicateSetting, "", TextSpan.FromBounds(keyword.Span.Start, value.Span.End),
                        "log " + keyword.Text, "this flow"));
            }
        }

        private static bool IsClosedString(SyntaxToken t) => t.Text.Length >= 2 && t.Text[t.Text.Length - 1] == '"';

        /// <summary>
        /// " ('my--ssh' is not a name: …)" where the unexpected token is a '-' written against a name, as in <c>name my--ssh</c>
        /// or <c>zone a-</c>: the lexer ended the name before the dash, so "found '-'" alone would not say why.
        /// </summary>
        private static string DashesInName(SyntaxToken[] tokens, int at)
        {
            if (tokens[at].Kind != SyntaxKind.MinusToken || at == 0 || tokens[at - 1].Kind != SyntaxKind.IdentifierToken
                || tokens[at - 1].Span.End != tokens[at].Span.Start) return "";
            var word = new StringBuilder(tokens[at - 1].Text);
            for (int k = at; k < tokens.Length && (tokens[k].Kind is SyntaxKind.MinusToken or SyntaxKind.IdentifierToken or SyntaxKind.NumberToken)
                && tokens[k].Span.Start == tokens[k - 1].Span.End && word.Length <= 80; k++)
                word.Append(tokens[k].Text);
            return " ('" + word + "' is not a name: a name holds '-' only between two letters or digits, one at a time)";
        }

        internal static string Describe(SyntaxToken token, IReadOnlyList<string>? expected = null)
        {
            string text = Lexer.Quote(token.Text);
            if (token.IsReservedWord) return "the reserved word " + text;
            if (token.Kind == SyntaxKind.IdentifierToken && expected != null)
            {
                var suggestion = Suggest(token.Text, expected);
                if (suggestion != null) return text + " (did you mean '" + suggestion + "'?)";
            }
            return text;
        }

        private static string? Suggest(string found, IReadOnlyList<string> expected)
        {
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (var e in expected)
            {
                if (e.Length < 3 || e[0] != '\'' || e[e.Length - 1] != '\'') continue;
                var word = e.Substring(1, e.Length - 2);
                if (!char.IsLetter(word[0])) continue;
                int d = EditDistance.Compute(found, word);
                if (d < bestDistance && d <= Math.Max(1, word.Length / 3)) { best = word; bestDistance = d; }
            }
            return best;
        }

        internal static string JoinExpected(IReadOnlyList<string> expected)
        {
            var items = expected.Distinct().ToList();
            if (items.Count == 1) return items[0];
            return string.Join(", ", items.Take(items.Count - 1)) + " or " + items[items.Count - 1];
        }
    }
}
