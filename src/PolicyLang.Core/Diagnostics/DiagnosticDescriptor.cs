using System.Globalization;

namespace PolicyLang.Diagnostics
{
    /// <summary>One entry of the catalog: a stable code, its default severity, a message template and its documentation.</summary>
    public sealed class DiagnosticDescriptor
    {
        public DiagnosticDescriptor(string id, DiagnosticSeverity defaultSeverity, string category, string title, string messageFormat, string description)
        {
            Id = id;
            DefaultSeverity = defaultSeverity;
            Category = category;
            Title = title;
            MessageFormat = messageFormat;
            Description = description;
        }

        public string Id { get; }
        public DiagnosticSeverity DefaultSeverity { get; }
        public string Category { get; }
        public string Title { get; }
        public string MessageFormat { get; }
        public string Description { get; }

        public string HelpLink => DiagnosticCatalog.HelpBaseUrl + Id.ToLowerInvariant();

        public string Format(params object?[] args) =>
            args.Length == 0 ? MessageFormat : string.Format(CultureInfo.InvariantCulture, MessageFormat, args);

        public override string ToString() => Id;
    }
}
