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

        /// <summary>
        /// The message with its arguments: each string argument (source text: names, tokens, paths) is cut to
        /// <see cref="DiagnosticText.MaxQuotedLength"/> characters, and the whole is escaped to one line of visible text.
        /// </summary>
        public string Format(params object?[] args)
        {
            if (args.Length == 0) return DiagnosticText.Escape(MessageFormat);
            var capped = new object?[args.Length];
            for (int i = 0; i < args.Length; i++) capped[i] = args[i] is string s ? DiagnosticText.Cap(s) : args[i];
            return DiagnosticText.Escape(string.Format(CultureInfo.InvariantCulture, MessageFormat, capped));
        }

        public override string ToString() => Id;
    }
}
