using PolicyLang.Text;

namespace PolicyLang.Semantics
{
    /// <summary>A place in a file: the path and an absolute span.</summary>
    public readonly struct SourceLocation(SourceText text, TextSpan span) : IEquatable<SourceLocation>
    {
        public SourceText Text { get; } = text;
        public string Path => Text?.Path ?? "";
        public TextSpan Span { get; } = span;

        /// <summary>"file(line,col)", as messages name other places.</summary>
        public string Display
        {
            get
            {
                if (Text == null) return "";
                var p = Text.GetLinePosition(Span.Start);
                var name = Text.DisplayName;
                return string.Format(CultureInfo.InvariantCulture, "{0}({1},{2})", name.Length > 0 ? name : "line", p.Line + 1, p.Column);
            }
        }

        public bool Equals(SourceLocation other) => ReferenceEquals(Text, other.Text) && Span == other.Span;
        public override bool Equals(object? obj) => obj is SourceLocation l && Equals(l);
        public override int GetHashCode() => Span.GetHashCode();
        public override string ToString() => Display;
    }
}
