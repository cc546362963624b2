namespace PolicyLang.Diagnostics
{
    /// <summary>One entry of the catalog: a stable code, its default severity, a message template and its documentation.</summary>
    public sealed class DiagnosticDescriptor(
        string id, DiagnosticSeverity defaultSeverity, string category, string title, string messageFormat,
        string description)
    {
        public string Id { get; } = id;
        public DiagnosticSeverity DefaultSeverity { get; } = defaultSeverity;
        public string Category { get; } = category;
        public string Title { get; } = title;
        public string MessageFormat { get; } = messageFormat;
        public string Description { get; } = description;

        public string HelpLink => DiagnosticCatalog.HelpBaseUrl + Id.ToLowerInvariant();

        /// <summary>
        /// The message with its arguments: each string argument (source text: names, tokens, paths) is cut to
        /// <see cref="DiagnosticText.MaxQuotedLength"/> characters, and the whole is escaped to one line of visible text.
        /// </summary>
        private bool _quotesSource;

        /// <summary>
        /// Whether the message's string arguments are source text (tokens, paths) that can be arbitrarily long, and so
        /// are cut to <see cref="DiagnosticText.MaxQuotedLength"/>: every syntax and tool diagnostic, and those marked
        /// with <see cref="QuotingSource"/>. Other arguments are names and text the compiler writes, kept whole.
        /// </summary>
        public bool QuotesSource => _quotesSource || Category == "Syntax" || Category == "Tool";

        /// <summary>Marks a descriptor whose arguments quote source text; called once, where the catalog declares it.</summary>
        internal DiagnosticDescriptor QuotingSource()
        {
            _quotesSource = true;
            return this;
        }

        public string Format(params object?[] args)
        {
            if (args.Length == 0) return DiagnosticText.Escape(MessageFormat);
            var capped = new object?[args.Length];
            for (int i = 0; i < args.Length; i++) capped[i] = args[i] is string s && QuotesSource ? DiagnosticText.Cap(s) : args[i];
            return DiagnosticText.Escape(string.Format(CultureInfo.InvariantCulture, MessageFormat, capped));
        }

        public override string ToString() => Id;
    }
}
