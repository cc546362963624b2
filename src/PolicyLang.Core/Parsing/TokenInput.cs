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
    internal sealed class TokenInput(TokenStream stream, int index) : IInput, IResult<SyntaxToken>, IResult<SyntaxElement[]>
    {
        public TokenStream Stream { get; } = stream;
        public int Index { get; } = index;

        public SyntaxToken? Token => Index < Stream.Tokens.Length ? Stream.Tokens[Index] : null;

        /// <summary>No elements, and this position again: what an optional part that is absent here gives (<c>Grammar.Opt</c>).
        /// It depends on the position alone, so it stays for the later declarations the stream parses.</summary>
        internal IResult<SyntaxElement[]>? NothingResult { get; set; }

        // The success of a token parser here (see the class's summary). Only a parser that accepted the token returns it.
        SyntaxToken IResult<SyntaxToken>.Value => Stream.Tokens[Index];
        bool IResult<SyntaxToken>.WasSuccessful => true;
        string? IResult<SyntaxToken>.Message => null;
        IEnumerable<string> IResult<SyntaxToken>.Expectations => Array.Empty<string>();
        IInput IResult<SyntaxToken>.Remainder => Advance();

        // The same success as a sequence of one element (Grammar.One): Seq takes the token itself, and a reader of the value
        // gets a new array of it (a node's children, never shared).
        SyntaxElement[] IResult<SyntaxElement[]>.Value => new SyntaxElement[] { Stream.Tokens[Index] };
        bool IResult<SyntaxElement[]>.WasSuccessful => true;
        string? IResult<SyntaxElement[]>.Message => null;
        IEnumerable<string> IResult<SyntaxElement[]>.Expectations => Array.Empty<string>();
        IInput IResult<SyntaxElement[]>.Remainder => Advance();

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
