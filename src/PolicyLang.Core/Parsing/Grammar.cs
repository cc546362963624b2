using PolicyLang.Syntax;
using Sprache;

namespace PolicyLang.Parsing
{
    /// <summary>
    /// The PolicyLang grammar (grammar/PolicyLang.ebnf) as Sprache combinators over tokens. Each top-level
    /// declaration is parsed on its own; see <see cref="DeclarationParser"/> for recovery and error reporting.
    /// </summary>
    internal static partial class Grammar
    {
        /// <summary>One token that satisfies <paramref name="predicate"/>. A failure records what was expected in the token stream
        /// (which reports syntax errors); the failure result itself carries one shared array, not a new one per attempt.</summary>
        private static Parser<SyntaxToken> Where(Func<SyntaxToken, bool> predicate, string expected)
        {
            var expectations = new[] { expected };
            return input =>
            {
                var t = (TokenInput)input;
                var token = t.Token;
                if (token != null && predicate(token)) return Result.Success(token, t.Advance());
                t.Stream.Expect(t.Index, expected);
                return Result.Failure<SyntaxToken>(input, expected, expectations);
            };
        }

        private static Parser<SyntaxToken> Tok(SyntaxKind kind) => Where(t => t.Kind == kind, SyntaxFacts.Describe(kind));

        private static Parser<SyntaxToken> Kw(string word) => Where(t => t.IsIdentifier(word), "'" + word + "'");

        private static Parser<SyntaxToken> Name(string what) =>
            Where(t => t.Kind == SyntaxKind.IdentifierToken && !t.IsReservedWord, what);

        private static Parser<SyntaxToken> Str(string what) => Where(t => t.Kind == SyntaxKind.StringToken, what);

        private static Parser<SyntaxToken> Num(string what, params string[] units) =>
            Where(t => t.Kind == SyntaxKind.NumberToken && Array.IndexOf(units, NumberSyntax.UnitOf(t.Text)) >= 0, what);

        private static Parser<SyntaxToken> Plain(string what) => Num(what, "");

        // Combinators over element arrays, so that a setting's arguments compose freely.
        private static Parser<SyntaxElement[]> One(Parser<SyntaxElement> p) => p.Select(e => new[] { e });
        private static Parser<SyntaxElement[]> One(Parser<SyntaxToken> p) => p.Select(e => new SyntaxElement[] { e });

        private static Parser<SyntaxElement[]> Seq(params Parser<SyntaxElement[]>[] parts) => input =>
        {
            var all = new List<SyntaxElement>();
            var rest = input;
            foreach (var part in parts)
            {
                var r = part(rest);
                if (!r.WasSuccessful) return Result.Failure<SyntaxElement[]>(r.Remainder, r.Message, r.Expectations);
                all.AddRange(r.Value);
                rest = r.Remainder;
            }
            return Result.Success(all.ToArray(), rest);
        };

        private static Parser<SyntaxElement[]> Opt(Parser<SyntaxElement[]> p) => p.Optional().Select(o => o.IsDefined ? o.Get() : Array.Empty<SyntaxElement>());

        /// <summary>
        /// The first alternative that succeeds, with Sprache's <c>Or</c> semantics (a success that consumed nothing gives way to a
        /// later success), but without merging the failures' expectations at every step: syntax errors are reported from
        /// what the token stream recorded (<see cref="TokenStream.Expect"/>), so the merged lists were built only to be dropped.
        /// </summary>
        private static Parser<T> Alt<T>(params Parser<T>[] parsers) => input =>
        {
            IResult<T>? success = null;
            IResult<T>? failure = null;
            foreach (var p in parsers)
            {
                var r = p(input);
                if (r.WasSuccessful)
                {
                    if (!r.Remainder.Equals(input)) return r;
                    success = r;
                }
                else failure ??= r;
            }
            return success ?? failure!;
        };

        private static Parser<SyntaxElement> Node(SyntaxKind kind, Parser<SyntaxElement[]> p) => p.Select(e => (SyntaxElement)new SyntaxNode(kind, e));

        private static Parser<SeparatedListSyntax> ListOf(Parser<SyntaxElement> item) =>
            from first in item
            from rest in Seq(One(Tok(SyntaxKind.CommaToken)), One(item)).Many()
            select new SeparatedListSyntax(new[] { first }.Concat(rest.SelectMany(r => r)).ToArray());

        private static Parser<SyntaxElement> ListOf(Parser<SyntaxToken> item) => ListOf(item.Select(t => (SyntaxElement)t));

        private static Parser<BlockSyntax> Block(Parser<SyntaxNode> item) =>
            from open in Tok(SyntaxKind.OpenBraceToken)
            from items in item.Many()
            from close in Tok(SyntaxKind.CloseBraceToken)
            select new BlockSyntax(open, items, close);

        private static Parser<SyntaxNode> Setting(string keyword, params Parser<SyntaxElement[]>[] arguments) =>
            from k in Kw(keyword)
            from args in Seq(arguments)
            select (SyntaxNode)new SettingSyntax(k, args);

        private static Parser<SyntaxElement[]> Arg(Parser<SyntaxToken> p) => One(p);
        private static Parser<SyntaxElement[]> Arg(Parser<SyntaxElement> p) => One(p);
        private static Parser<SyntaxElement[]> Arg(Parser<SeparatedListSyntax> p) => p.Select(l => new SyntaxElement[] { l });
        private static Parser<SyntaxElement[]> Arg(Parser<BlockSyntax> p) => p.Select(b => new SyntaxElement[] { b });
    }
}
