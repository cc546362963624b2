using Sprache;

namespace PolicyLang.Parsing
{
    /// <summary>
    /// A parser's success: its value and where the input goes on, and nothing else. Sprache's own result keeps a message and
    /// expectations for every success as well (56 bytes where this takes 32); the grammar's combinators make one per step that
    /// succeeds, about 60 MB of them for the 100,000-line policy.
    /// </summary>
    internal sealed class Success<T>(T value, IInput remainder) : IResult<T>
    {
        public T Value { get; } = value;
        public bool WasSuccessful => true;
        public string? Message => null;
        public IEnumerable<string> Expectations => Array.Empty<string>();
        public IInput Remainder { get; } = remainder;
        public override string ToString() => "Success parsing " + Value;
    }
}
