namespace PolicyLang.Text
{
    /// <summary>Replace <see cref="Span"/> of the old text with <see cref="NewText"/>.</summary>
    public readonly struct TextChange
    {
        public TextChange(TextSpan span, string newText)
        {
            Span = span;
            NewText = newText ?? "";
        }

        public TextSpan Span { get; }
        public string NewText { get; }
        public int Delta => NewText.Length - Span.Length;
    }
}
