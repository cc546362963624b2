using PolicyLang.Syntax;
using Sprache;

namespace PolicyLang.Parsing
{
    /// <summary>
    /// Lets Sprache's combinators run over tokens instead of characters: each position is a token index, and
    /// <see cref="Current"/> exposes the token kind. Token parsers read the token itself through <see cref="Token"/>.
    /// </summary>
    internal sealed class TokenInput(TokenStream stream, int index) : IInput
    {
        public TokenStream Stream { get; } = stream;
        public int Index { get; } = index;

        public SyntaxToken? Token => Index < Stream.Tokens.Length ? Stream.Tokens[Index] : null;

        /// <summary>The success of every token parser that accepts the token here (the token, then the next position): the
        /// same result whichever parser asks, so one is kept per position instead of one per attempt.</summary>
        internal IResult<SyntaxToken>? TokenResult { get; set; }

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
