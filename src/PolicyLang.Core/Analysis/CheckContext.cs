using PolicyLang.Diagnostics;
using PolicyLang.Semantics;

namespace PolicyLang.Analysis
{
    /// <summary>What a checker rule reads, and where it reports.</summary>
    public sealed class CheckContext
    {
        private readonly List<Diagnostic> _diagnostics;

        internal CheckContext(PolicyModel model, AddressOwnership addresses, FlowSpace flows, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            Model = model;
            Addresses = addresses;
            Flows = flows;
            _diagnostics = diagnostics;
            CancellationToken = cancellationToken;
        }

        public PolicyModel Model { get; }
        public AddressOwnership Addresses { get; }
        public FlowSpace Flows { get; }
        public CancellationToken CancellationToken { get; }

        private CheckContext? _withoutQuarantines;

        /// <summary>
        /// The same check over the policy without its quarantines (this context itself when it has none): what tests and
        /// 'reachable' assertions are checked against. It reports into the same list.
        /// </summary>
        public CheckContext WithoutQuarantines
        {
            get
            {
                if (Model.Quarantines.Count == 0) return this;
                if (_withoutQuarantines != null) return _withoutQuarantines;
                var model = Model.WithoutQuarantines();
                return _withoutQuarantines = new CheckContext(model, Addresses, new FlowSpace(model, Addresses), _diagnostics, CancellationToken);
            }
        }

        public void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args) =>
            _diagnostics.Add(Diagnostic.Create(descriptor, location.Path, location.Span, args));

        /// <summary>Reports with the other places the message names (a shadowing flow, an overlapping deny).</summary>
        public void ReportWith(DiagnosticDescriptor descriptor, SourceLocation location, IEnumerable<(SourceLocation Where, string What)> related,
            params object?[] args) =>
            _diagnostics.Add(Diagnostic.Create(descriptor, location.Path, location.Span, args)
                .WithRelated(related.Select(r => new RelatedLocation(r.Where.Path, r.Where.Span, r.What))));
    }
}
