using PolicyLang.Text;

namespace PolicyLang.Diagnostics
{
    /// <summary>A diagnostic is data: a catalog entry, where it is, and the rendered message.</summary>
    public sealed class Diagnostic : IComparable<Diagnostic>
    {
        public Diagnostic(DiagnosticDescriptor descriptor, DiagnosticSeverity severity, string path, TextSpan span, string message,
            IReadOnlyList<RelatedLocation>? related = null)
        {
            Descriptor = descriptor;
            Severity = severity;
            Path = path ?? "";
            Span = span;
            Message = DiagnosticText.Escape(message ?? "");
            Related = related ?? Array.Empty<RelatedLocation>();
        }

        public static Diagnostic Create(DiagnosticDescriptor descriptor, string path, TextSpan span, params object?[] args) =>
            new Diagnostic(descriptor, descriptor.DefaultSeverity, path, span, descriptor.Format(args));

        public DiagnosticDescriptor Descriptor { get; }
        public string Id => Descriptor.Id;
        public DiagnosticSeverity Severity { get; }
        public string Path { get; }
        public TextSpan Span { get; }
        public string Message { get; }
        public bool IsError => Severity == DiagnosticSeverity.Error;

        /// <summary>Other places the message speaks of: the flow that shadows this one, the deny it overlaps.</summary>
        public IReadOnlyList<RelatedLocation> Related { get; }

        public Diagnostic WithRelated(IEnumerable<RelatedLocation> related) =>
            new Diagnostic(Descriptor, Severity, Path, Span, Message, related.ToList());

        public Diagnostic WithSpan(TextSpan span) => new Diagnostic(Descriptor, Severity, Path, span, Message, Related);
        public Diagnostic WithPath(string path) => new Diagnostic(Descriptor, Severity, path, Span, Message, Related);
        public Diagnostic WithSeverity(DiagnosticSeverity severity) => new Diagnostic(Descriptor, severity, Path, Span, Message, Related);

        public int CompareTo(Diagnostic? other)
        {
            if (other is null) return 1;
            int c = string.CompareOrdinal(Path, other.Path);
            if (c != 0) return c;
            c = Span.CompareTo(other.Span);
            if (c != 0) return c;
            c = string.CompareOrdinal(Id, other.Id);
            return c != 0 ? c : string.CompareOrdinal(Message, other.Message);
        }

        public override string ToString() => $"{Path}{Span}: {Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
    }

    /// <summary>A place a diagnostic refers to besides its own span, and what it is.</summary>
    public sealed record RelatedLocation(string Path, TextSpan Span, string Message);
}
