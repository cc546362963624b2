using PolicyLang.Syntax;
using Sprache;

namespace PolicyLang.Parsing
{
    /// <summary>
    /// Lets Sprache's combinators run over tokens instead of characters: each position is a token index, and
    /// <see cref="Current"/> exposes the token kind. Token parsers read the token itself through <see cref="Token"/>.
    /// <para>
    /// A position is also the success of every token parser that accepts its token (<see cref="IResult{T}"/>: the token, then
    /// the next position): the same answer whichever parser asks, so it needs no object of its own (a 100,000-line policy made
    /// 20 MB of them, one per token).
    /// </para>
    /// </summary>
    internal sealed class TokenInput(TokenStream stream, int index) : IInput, IResult<SyntaxToken>
    {
        public TokenStream Stream { get; } = stream;
        public int Index { get; } = index;

        public SyntaxToken? Token => Index < Stream.Tokens.Length ? Stream.Tokens[Index] : null;

        /// <summary>The token here as a sequence of one element, then the next position: what every token argument of a setting
        /// or node gives when it accepts the token (<c>Grammar.One</c>), made once per position instead of once per attempt. The
        /// array is shared by whichever attempt keeps it, and is never written to. Cleared when the declaration is done
        /// (<see cref="TokenStream.Return"/>): the next declaration has another token here.</summary>
        internal IResult<SyntaxElement[]>? OneResult { get; set; }

        /// <summary>No elements, and this position again: what an optional part that is absent here gives (<c>Grammar.Opt</c>).
        /// It depends on the position alone, so it stays for the later declarations the stream parses.</summary>
        internal IResult<SyntaxElement[]>? NothingResult { get; set; }

        // The success of a token parser here (see the class's summary). Only a parser that accepted the token returns it.
        SyntaxToken IResult<SyntaxToken>.Value => Stream.Tokens[Index];
        bool IResult<SyntaxToken>.WasSuccessful => true;
        string? IResult<SyntaxToken>.Message => null;
        IEnumerable<string> IResult<SyntaxToken>.Expectations => Array.Empty<string>();
        IInput IResult<SyntaxToken>.Remainder => Advance();

        /// <summary>The message of every failure: what was expected is in <see cref="TokenStream.Expected"/>.</summary>
        internal const string FailureMessage = "syntax error (the token stream records what was expected)";

        private object?[]? _failures;

        /// <summary>The failure of result type <typeparamref name="T"/> at this position, one per position and type (see Grammar.Fail).</summary>
        internal IResult<T> Failure<T>()
        {
            int slot = FailureSlot<T>.Index;
            var failures = _failures;
            if (failures == null || failures.Length <= slot)
            {
                Array.Resize(ref _failures, Math.Max(slot + 1, 4));
                failures = _failures!;
            }
            return (IResult<T>)(failures[slot] ??= Result.Failure<T>(this, FailureMessage, Array.Empty<string>()));
        }

        private static int s_failureTypes;

        /// <summary>A small number per result type, the index of its failure in <see cref="_failures"/>.</summary>
        private static class FailureSlot<T>
        {
            public static readonly int Index = Interlocked.Increment(ref s_failureTypes) - 1;
        }

        public IInput Advance()
        {
            if (AtEnd) throw new InvalidOperationException("Cannot advance beyond the end of the declaration.");
            return Stream.InputAt(Index + 1);
        }

        public string Source => "";
        public char Current => AtEnd ? '\0' : (char)Stream.Tokens[Index].Kind;
        public bool AtEnd => Index >= Stream.Tokens.Length;
        public int Position => Index;
        public int Line => 0;
        public int Column => Index;
        public IDictionary<object, object> Memos => Stream.Memos;

        public bool Equals(IInput? other) => other is TokenInput t && ReferenceEquals(t.Stream, Stream) && t.Index == Index;
        public override bool Equals(object? obj) => obj is IInput i && Equals(i);
        public override int GetHashCode() => Index;
        public override string ToString() => Token?.Text ?? "<end>";
    }
}
