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
        /// (which reports syntax errors) and returns the position's shared failure (<see cref="Fail{T}"/>).</summary>
        private static Parser<SyntaxToken> Where(Func<SyntaxToken, bool> predicate, string expected) => input =>
        {
            var t = (TokenInput)input;
            var token = t.Token;
            if (token != null && predicate(token)) return t;
            t.Stream.Expect(t.Index, expected);
            return t.Failure<SyntaxToken>();
        };

        /// <summary>
        /// The failure at a position: one object per position and result type, shared by every parser that fails there. What
        /// a syntax error names comes from the token stream (<see cref="TokenStream.Expect"/>), and the grammar reads only
        /// whether a result succeeded and where it stopped, so a failure's message was built only to be passed along (parsing
        /// the 100,000-line policy allocated 244 MB with a new failure per attempt, 224 MB with these).
        /// </summary>
        private static IResult<T> Fail<T>(IInput at) => at is TokenInput t ? t.Failure<T>() : Result.Failure<T>(at, TokenInput.FailureMessage, Array.Empty<string>());

        /// <summary>A success of the grammar's own combinators (<see cref="Success{T}"/>: lighter than Sprache's).</summary>
        private static IResult<T> Ok<T>(T value, IInput remainder) => new Success<T>(value, remainder);

        private static Parser<SyntaxToken> Tok(SyntaxKind kind) => Where(t => t.Kind == kind, SyntaxFacts.Describe(kind));

        private static Parser<SyntaxToken> Kw(string word) => Where(t => t.IsIdentifier(word), "'" + word + "'");

        private static Parser<SyntaxToken> Name(string what) =>
            Where(t => t.Kind == SyntaxKind.IdentifierToken && !t.IsReservedWord, what);

        private static Parser<SyntaxToken> Str(string what) => Where(t => t.Kind == SyntaxKind.StringToken, what);

        private static Parser<SyntaxToken> Num(string what, params string[] units) =>
            Where(t => t.Kind == SyntaxKind.NumberToken && Array.IndexOf(units, NumberSyntax.UnitOf(t.Text)) >= 0, what);

        private static Parser<SyntaxToken> Plain(string what) => Num(what, "");

        // Combinators over element arrays, so that a setting's arguments compose freely.
        // A token as a sequence of one element is its position itself (TokenInput is that result too): Seq takes the token from
        // it, and only a reader of the value (a node made of that one token) makes the array.
        private static Parser<SyntaxElement[]> One(Parser<SyntaxElement> p) => input =>
        {
            var r = p(input);
            if (!r.WasSuccessful) return Fail<SyntaxElement[]>(r.Remainder);
            if (r is TokenInput t) return t;
            return Ok(new[] { r.Value }, r.Remainder);
        };

        private static Parser<SyntaxElement[]> One(Parser<SyntaxToken> p) => input =>
        {
            var r = p(input);
            if (!r.WasSuccessful) return Fail<SyntaxElement[]>(r.Remainder);
            if (r is TokenInput t) return t;
            return Ok(new SyntaxElement[] { r.Value }, r.Remainder);
        };

        /// <summary>A token parser as a parser of elements: a token is an element, and a result of tokens is one of elements.</summary>
        private static Parser<SyntaxElement> Up(this Parser<SyntaxToken> p) => p;

        private static Parser<SyntaxElement[]> Seq(params Parser<SyntaxElement[]>[] parts) => input =>
        {
            // The parts' elements are gathered in this thread's buffer for the depth of nesting (a part may be a Seq itself),
            // then copied once into an array of their exact number: a list and its growing arrays per sequence were a tenth
            // of what parsing allocated.
            var buffers = t_seqBuffers ??= new List<SyntaxElement>?[8];
            int depth = t_seqDepth;
            if (depth == buffers.Length) t_seqBuffers = buffers = Grow(buffers);
            var all = buffers[depth] ??= new List<SyntaxElement>();
            all.Clear();
            t_seqDepth = depth + 1;
            try
            {
                var rest = input;
                foreach (var part in parts)
                {
                    var r = part(rest);
                    // The part's failure is this one's (same remainder, message and expectations): passed on as it is.
                    if (!r.WasSuccessful) return r;
                    if (r is TokenInput t) all.Add(t.Token!);
                    else all.AddRange(r.Value);
                    rest = r.Remainder;
                }
                return Ok(all.Count == 0 ? Array.Empty<SyntaxElement>() : all.ToArray(), rest);
            }
            finally
            {
                all.Clear();
                t_seqDepth = depth;
            }
        };

        [ThreadStatic] private static List<SyntaxElement>?[]? t_seqBuffers;
        [ThreadStatic] private static int t_seqDepth;

        private static List<SyntaxElement>?[] Grow(List<SyntaxElement>?[] buffers)
        {
            var grown = new List<SyntaxElement>?[buffers.Length * 2];
            Array.Copy(buffers, grown, buffers.Length);
            return grown;
        }

        /// <summary>The parser's elements, or none where it fails (consuming nothing then).</summary>
        private static Parser<SyntaxElement[]> Opt(Parser<SyntaxElement[]> p) => input =>
        {
            var r = p(input);
            if (r.WasSuccessful) return r;
            // Nothing, here: the same answer for every optional part that is absent at this position.
            return input is TokenInput t ? t.NothingResult ??= Ok(Array.Empty<SyntaxElement>(), input)
                : Ok(Array.Empty<SyntaxElement>(), input);
        };

        /// <summary>
        /// The alternatives any number of times, in any order, their elements in the order written (never fails). Options
        /// that may each be given once are parsed this way and a repeat is reported afterwards, at its own span, so the
        /// declaration still parses.
        /// </summary>
        private static Parser<SyntaxElement[]> AnyOrder(params Parser<SyntaxElement[]>[] options)
        {
            var many = Alt(options).Many();
            return input =>
            {
                var r = many(input);
                return Ok(r.Value.SelectMany(e => e).ToArray(), r.Remainder);
            };
        }

        /// <summary>
        /// The parser's result converted: Sprache's <c>Select</c> without the parser it builds on every success (it is
        /// <c>Then(t =&gt; Return(convert(t)))</c>). A failure passes through as Sprache's would.
        /// </summary>
        private static Parser<TOut> Map<TIn, TOut>(this Parser<TIn> parser, Func<TIn, TOut> convert) => input =>
        {
            var r = parser(input);
            return r.WasSuccessful ? Ok(convert(r.Value), r.Remainder) : Fail<TOut>(r.Remainder);
        };

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

        private static Parser<SyntaxElement> Node(SyntaxKind kind, Parser<SyntaxElement[]> p) => p.Map(e => (SyntaxElement)new SyntaxNode(kind, e));

        // The combinators below are written out rather than as query expressions: Sprache's SelectMany builds a new parser
        // on every successful step, which made them most of what parsing allocated.

        private static Parser<SeparatedListSyntax> ListOf(Parser<SyntaxElement> item)
        {
            var rest = Seq(One(Tok(SyntaxKind.CommaToken)), One(item)).Many();
            return input =>
            {
                var first = item(input);
                if (!first.WasSuccessful) return Fail<SeparatedListSyntax>(first.Remainder);
                var more = rest(first.Remainder);
                if (!more.WasSuccessful) return Fail<SeparatedListSyntax>(more.Remainder);
                var all = new List<SyntaxElement> { first.Value };
                foreach (var pair in more.Value) all.AddRange(pair);
                return Ok(new SeparatedListSyntax(all.ToArray()), more.Remainder);
            };
        }

        private static Parser<SyntaxElement> ListOf(Parser<SyntaxToken> item) => ListOf(item.Up());

        private static Parser<BlockSyntax> Block(Parser<SyntaxNode> item)
        {
            var open = Tok(SyntaxKind.OpenBraceToken);
            var items = item.Many();
            var close = Tok(SyntaxKind.CloseBraceToken);
            return input =>
            {
                var o = open(input);
                if (!o.WasSuccessful) return Fail<BlockSyntax>(o.Remainder);
                var i = items(o.Remainder);
                if (!i.WasSuccessful) return Fail<BlockSyntax>(i.Remainder);
                var c = close(i.Remainder);
                if (!c.WasSuccessful) return Fail<BlockSyntax>(c.Remainder);
                return Ok(new BlockSyntax(o.Value, i.Value, c.Value), c.Remainder);
            };
        }

        private static Parser<SyntaxNode> Setting(string keyword, params Parser<SyntaxElement[]>[] arguments)
        {
            var k = Kw(keyword);
            var args = Seq(arguments);
            return input =>
            {
                var word = k(input);
                if (!word.WasSuccessful) return Fail<SyntaxNode>(word.Remainder);
                var a = args(word.Remainder);
                if (!a.WasSuccessful) return Fail<SyntaxNode>(a.Remainder);
                return Ok<SyntaxNode>(new SettingSyntax(word.Value, a.Value), a.Remainder);
            };
        }

        private static Parser<SyntaxElement[]> Arg(Parser<SyntaxToken> p) => One(p);
        private static Parser<SyntaxElement[]> Arg(Parser<SyntaxElement> p) => One(p);
        private static Parser<SyntaxElement[]> Arg(Parser<SeparatedListSyntax> p) => p.Map(l => new SyntaxElement[] { l });
        private static Parser<SyntaxElement[]> Arg(Parser<BlockSyntax> p) => p.Map(b => new SyntaxElement[] { b });
    }
}
