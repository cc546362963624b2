namespace PolicyLang.Text
{
    /// <summary>
    /// A zero-based line and character. <see cref="Character"/> counts UTF-16 code units (what editors and
    /// LSP use); <see cref="Column"/> is the one-based column a person reads, counting a surrogate pair once.
    /// </summary>
    public readonly struct LinePosition(int line, int character, int column) : IEquatable<LinePosition>
    {
        public int Line { get; } = line;
        public int Character { get; } = character;
        public int Column { get; } = column;

        public bool Equals(LinePosition other) => Line == other.Line && Character == other.Character;
        public override bool Equals(object? obj) => obj is LinePosition p && Equals(p);
        public override int GetHashCode() => unchecked(Line * 7919 + Character);
        public override string ToString() => $"{Line + 1}:{Column}";
    }
}
