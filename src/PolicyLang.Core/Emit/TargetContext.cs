using PolicyLang.Analysis;
using PolicyLang.Diagnostics;
using PolicyLang.Platforms;
using PolicyLang.Semantics;

namespace PolicyLang.Emit
{
    /// <summary>Everything a backend needs for one target, and where it reports problems.</summary>
    public sealed class TargetContext
    {
        private readonly List<Diagnostic> _diagnostics;

        public TargetContext(PolicyCompilation compilation, TargetSymbol target, List<Diagnostic> diagnostics)
        {
            Compilation = compilation;
            Target = target;
            _diagnostics = diagnostics;
        }

        public PolicyCompilation Compilation { get; }
        public TargetSymbol Target { get; }
        public PolicyModel Model => Compilation.Model;
        public AddressOwnership Addresses => Compilation.Addresses;
        public FlowSpace Flows => Compilation.Flows;

        /// <summary>The description of the target's platform (a context exists only for a registered platform).</summary>
        public PlatformDescription Platform => _platform ??= PlatformRegistry.Describe(Target.Platform.Value)
            ?? throw new System.InvalidOperationException("no platform '" + Target.Platform.Value + "' is registered");

        private PlatformDescription? _platform;

        /// <summary>Flows with at least one endpoint in the target's zones (or 'any'), in file order.</summary>
        public IReadOnlyList<FlowRule> RelevantFlows =>
            _relevantFlows ??= Model.Flows.Where(f => Covers(f.Source) || Covers(f.Destination)).ToList();

        private IReadOnlyList<FlowRule>? _relevantFlows;

        public bool Covers(Endpoint e) => e.IsAny || Target.Zones.Contains(e.Zone!);

        public void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args) =>
            _diagnostics.Add(Diagnostic.Create(descriptor, location.Path, location.Span, args));

        /// <summary>Whether an error was reported for this target so far.</summary>
        public bool HasErrors => _diagnostics.Any(d => d.IsError);

        /// <summary>NP4001 at the intent's own span.</summary>
        public void CannotExpress(SourceLocation location, string what) =>
            Report(DiagnosticCatalog.TargetCannotExpress, location, Target.Name, Target.Platform.Value, what);
    }
}
