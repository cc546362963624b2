using PolicyLang.Diagnostics;
using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    /// <summary>
    /// Turns syntax trees into a <see cref="PolicyModel"/>: declares every name (reporting duplicates at the second
    /// place), resolves references across files (with "did you mean"), reads values into typed form with range
    /// checks, and reports unused named values. A broken declaration still declares its name, so one mistake does
    /// not cascade into "unknown name" errors elsewhere.
    /// </summary>
    internal sealed partial class Binder
    {
        private static readonly string[] s_protocolWords = { "any", "tcp", "udp", "sctp", "icmp", "icmpv6", "proto" };

        private readonly IReadOnlyList<PolicySyntaxTree> _trees;
        private readonly CancellationToken _cancellationToken;
        private readonly List<Diagnostic> _diagnostics = new List<Diagnostic>();
        private readonly Dictionary<SymbolKind, Dictionary<string, Symbol>> _tables = new Dictionary<SymbolKind, Dictionary<string, Symbol>>();
        private readonly Dictionary<Symbol, List<SourceLocation>> _references = new Dictionary<Symbol, List<SourceLocation>>();
        private readonly HashSet<Symbol> _broken = new HashSet<Symbol>();
        private readonly Dictionary<Symbol, BindingContext> _contexts = new Dictionary<Symbol, BindingContext>();
        private readonly PolicyModel _model = new PolicyModel();

        private Binder(IReadOnlyList<PolicySyntaxTree> trees, CancellationToken cancellationToken)
        {
            _trees = trees;
            _cancellationToken = cancellationToken;
            foreach (SymbolKind k in Enum.GetValues(typeof(SymbolKind))) _tables[k] = new Dictionary<string, Symbol>(StringComparer.Ordinal);
        }

        public static (PolicyModel Model, IReadOnlyList<Diagnostic> Diagnostics) Bind(IReadOnlyList<PolicySyntaxTree> trees, CancellationToken cancellationToken = default)
        {
            var binder = new Binder(trees, cancellationToken);
            binder.Run();
            return (binder._model, binder._diagnostics);
        }

        private void Run()
        {
            foreach (var tree in _trees)
            {
                foreach (var d in tree.Declarations)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    Declare(new BindingContext(tree, d));
                }
            }
            CheckImportCycles();

            // Every pass over the declarations or the symbols stops at a cancellation (a language server request the client
            // cancelled), not only the passes over declarations.
            foreach (var s in Table<PrefixListSymbol>(SymbolKind.PrefixList)) { _cancellationToken.ThrowIfCancellationRequested(); ResolvePrefixList(s, new List<Symbol>()); }
            foreach (var s in Table<PortListSymbol>(SymbolKind.PortList)) { _cancellationToken.ThrowIfCancellationRequested(); ResolvePortList(s, new List<Symbol>()); }
            foreach (var s in Table<ServiceSymbol>(SymbolKind.Service)) { _cancellationToken.ThrowIfCancellationRequested(); ResolveService(s, new List<Symbol>()); }
            foreach (var s in Table<TrafficClassSymbol>(SymbolKind.Class)) { _cancellationToken.ThrowIfCancellationRequested(); BindClass(s); }
            foreach (var s in Table<ZoneSymbol>(SymbolKind.Zone)) { _cancellationToken.ThrowIfCancellationRequested(); BindZone(s); }
            // Ownership worked out from here on sees every zone bound: the model keeps it for the compilation.
            _ownership = null;

            var flows = new List<FlowRule>();
            var assertions = new List<Assertion>();
            var tests = new List<PolicyTest>();
            var quarantines = new List<Quarantine>();
            var baselines = BindBaselines();
            foreach (var tree in _trees)
            {
                baselines.TryGetValue(tree, out var baseline);
                foreach (var d in tree.Declarations)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    var c = new BindingContext(tree, d);
                    switch (d)
                    {
                        case FlowDeclarationSyntax f:
                            var flow = BindFlow(c, f, flows.Count);
                            if (flow != null) flows.Add(flow);
                            break;
                        case AssertDeclarationSyntax a:
                            assertions.AddRange(BindAssertion(c, a, baseline));
                            break;
                        case QuarantineDeclarationSyntax q:
                            var quarantine = BindQuarantine(c, q, flows.Count);
                            if (quarantine != null)
                            {
                                quarantines.Add(quarantine);
                                flows.Add(quarantine.Outbound);
                                flows.Add(quarantine.Inbound);
                            }
                            break;
                        case TestDeclarationSyntax t:
                            tests.Add(BindTest(c, t));
                            break;
                    }
                }
            }
            foreach (var s in Table<TargetSymbol>(SymbolKind.Target)) { _cancellationToken.ThrowIfCancellationRequested(); BindTarget(s); }

            _model.PrefixLists = Table<PrefixListSymbol>(SymbolKind.PrefixList).ToList();
            _model.PortLists = Table<PortListSymbol>(SymbolKind.PortList).ToList();
            _model.Services = Table<ServiceSymbol>(SymbolKind.Service).ToList();
            _model.Classes = Table<TrafficClassSymbol>(SymbolKind.Class).ToList();
            _model.Zones = Table<ZoneSymbol>(SymbolKind.Zone).ToList();
            _model.Targets = Table<TargetSymbol>(SymbolKind.Target).ToList();
            _model.Flows = flows;
            _model.Assertions = assertions;
            _model.Tests = tests;
            _model.Quarantines = quarantines;
            _model.Baselines = Table<BaselineSymbol>(SymbolKind.Baseline).OrderBy(b => b.Location.Path, StringComparer.Ordinal).ThenBy(b => b.Name, StringComparer.Ordinal).ToList();
            _model.References = _references.ToDictionary(p => p.Key, p => (IReadOnlyList<SourceLocation>)p.Value);
            _model.BoundOwnership = _ownership;
            ReportUnused();
        }

        /// <summary>
        /// Binds the baseline declarations: each file's first one names the assertions of that file. A baseline shipped with
        /// the compiler reports its failures at the import that brings it in (the shipped file is not the user's to edit).
        /// </summary>
        private Dictionary<PolicySyntaxTree, BaselineSymbol> BindBaselines()
        {
            var byTree = new Dictionary<PolicySyntaxTree, BaselineSymbol>();
            var importedAt = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach (var tree in _trees)
            {
                foreach (var import in tree.Declarations.OfType<ImportDeclarationSyntax>())
                {
                    var target = Workspace.PolicySourceSet.ResolveImport(tree.Path, import.PathToken.Text);
                    if (target != null && Workspace.BuiltinBaselines.IsBuiltin(target) && !importedAt.ContainsKey(target))
                        importedAt[target] = new SourceLocation(tree.Text, import.AbsoluteSpan(import));
                }
            }
            foreach (var baseline in Table<BaselineSymbol>(SymbolKind.Baseline).OrderBy(b => b.Location.Span.Start))
            {
                var c = _contexts[baseline];
                if (byTree.TryGetValue(c.Tree, out var first))
                {
                    Report(DiagnosticCatalog.OneBaselinePerFile, baseline.Location, first.Name, first.Location.Display);
                    continue;
                }
                byTree[c.Tree] = baseline;
                var settings = SingleSettings(c, ((BlockDeclarationSyntax)c.Declaration).Body.Items, "baseline '" + baseline.Name + "'");
                if (settings.TryGetValue("title", out var t)) baseline.Title = StringSyntax.Unquote(((SyntaxToken)t.Argument(0)!).Text);
                if (settings.TryGetValue("reference", out var r)) baseline.Reference = StringSyntax.Unquote(((SyntaxToken)r.Argument(0)!).Text);
                if (settings.TryGetValue("description", out var d)) baseline.Description = StringSyntax.Unquote(((SyntaxToken)d.Argument(0)!).Text);
                if (importedAt.TryGetValue(baseline.Path, out var at)) baseline.ImportedAt = at;
            }
            return byTree;
        }

        private IEnumerable<T> Table<T>(SymbolKind kind) where T : Symbol => _tables[kind].Values.OfType<T>().Where(s => !_broken.Contains(s));

        private void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args) =>
            _diagnostics.Add(Diagnostic.Create(descriptor, location.Path, location.Span, args));

        private void Declare(BindingContext c)
        {
            var d = c.Declaration;
            var nameToken = d.NameToken;
            if (nameToken == null) return;
            var name = nameToken.Text;
            var location = c.Location(nameToken);
            SymbolKind kind;
            Symbol symbol;
            string keyword = d is ErrorDeclarationSyntax e ? e.RecognizedKeyword?.Text ?? "" : d.Keyword?.Text ?? "";
            switch (keyword)
            {
                case "policy": kind = SymbolKind.Policy; symbol = new PolicyHeader(name, location, d); break;
                case "prefixes": kind = SymbolKind.PrefixList; symbol = new PrefixListSymbol(name, location, d); break;
                case "ports": kind = SymbolKind.PortList; symbol = new PortListSymbol(name, location, d); break;
                case "service": kind = SymbolKind.Service; symbol = new ServiceSymbol(name, location, d); break;
                case "class": kind = SymbolKind.Class; symbol = new TrafficClassSymbol(name, location, d); break;
                case "zone": kind = SymbolKind.Zone; symbol = new ZoneSymbol(name, false, location, d); break;
                case "external": kind = SymbolKind.Zone; symbol = new ZoneSymbol(name, true, location, d); break;
                case "baseline": kind = SymbolKind.Baseline; symbol = new BaselineSymbol(name, location, d); break;
                case "target":
                    kind = SymbolKind.Target;
                    var platform = (d as TargetDeclarationSyntax)?.Platform;
                    symbol = new TargetSymbol(name, new Located<string>(platform?.Text ?? "", platform != null ? c.Location(platform) : location), location, d);
                    break;
                default: return;
            }
            if (d is ErrorDeclarationSyntax) _broken.Add(symbol);
            _contexts[symbol] = c;

            if (kind == SymbolKind.Zone && name == "any")
                Report(DiagnosticCatalog.ReservedName, location, name, "zone", "'any' means every address");
            if (kind == SymbolKind.Service && Array.IndexOf(s_protocolWords, name) >= 0)
                Report(DiagnosticCatalog.ReservedName, location, name, "service", "it names a protocol");

            var table = _tables[kind];
            if (table.TryGetValue(name, out var existing))
            {
                if (kind == SymbolKind.Policy)
                    Report(DiagnosticCatalog.MultiplePolicyHeaders, location, existing.Name, existing.Location.Display);
                else if (!_broken.Contains(symbol))
                    Report(DiagnosticCatalog.DuplicateDeclaration, location, Symbol.Describe(kind), name, existing.Location.Display);
                return;
            }
            if (kind == SymbolKind.Policy && table.Count > 0)
            {
                var first = table.Values.First();
                Report(DiagnosticCatalog.MultiplePolicyHeaders, location, first.Name, first.Location.Display);
                return;
            }
            table[name] = symbol;
            if (symbol is PolicyHeader header && !_broken.Contains(header))
            {
                _model.Header = header;
                BindPolicyHeader(c, header);
            }
        }

        /// <summary>Resolves a name of a kind, recording the reference; reports it with a suggestion when unknown.</summary>
        private T? Resolve<T>(SymbolKind kind, SyntaxToken name, BindingContext c, string? what = null) where T : Symbol
        {
            var location = c.Location(name);
            if (_tables[kind].TryGetValue(name.Text, out var symbol))
            {
                AddReference(symbol, location);
                // A declaration with a syntax error declares its name (so its uses are not "unknown") but has no value:
                // a use of it binds to nothing and reports nothing more; the syntax error is the one diagnostic.
                return _broken.Contains(symbol) ? null : symbol as T;
            }
            var suggestion = Suggest(name.Text, _tables[kind].Keys);
            Report(DiagnosticCatalog.UnknownName, location, what ?? Symbol.Describe(kind), name.Text,
                suggestion != null ? "; did you mean '" + suggestion + "'?" : "");
            return null;
        }

        private void AddReference(Symbol symbol, SourceLocation location)
        {
            if (!_references.TryGetValue(symbol, out var list)) _references[symbol] = list = new List<SourceLocation>();
            list.Add(location);
        }

        internal static string? Suggest(string name, IEnumerable<string> candidates)
        {
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (var candidate in candidates.OrderBy(x => x, StringComparer.Ordinal))
            {
                int d = Parsing.EditDistance.Compute(name, candidate);
                // Names of one or two letters are too short for a meaningful suggestion.
                int shortest = Math.Min(name.Length, candidate.Length);
                if (shortest >= 3 && d < bestDistance && d <= Math.Max(1, shortest / 3))
                {
                    best = candidate;
                    bestDistance = d;
                }
            }
            return best;
        }

        private void ReportUnused()
        {
            foreach (var kind in new[] { SymbolKind.PrefixList, SymbolKind.PortList, SymbolKind.Service, SymbolKind.Class })
            {
                foreach (var symbol in _tables[kind].Values)
                {
                    if (_broken.Contains(symbol) || _references.ContainsKey(symbol)) continue;
                    Report(DiagnosticCatalog.UnusedDeclaration, symbol.Location, Symbol.Describe(kind), symbol.Name);
                }
            }
        }

        private void CheckImportCycles()
        {
            var byPath = new Dictionary<string, PolicySyntaxTree>(StringComparer.Ordinal);
            foreach (var t in _trees) byPath[Normalize(t.Path)] = t;
            var state = new Dictionary<PolicySyntaxTree, int>();
            var stack = new List<PolicySyntaxTree>();
            foreach (var t in _trees) Visit(t);

            void Visit(PolicySyntaxTree tree)
            {
                state[tree] = 1;
                stack.Add(tree);
                foreach (var import in tree.Declarations.OfType<ImportDeclarationSyntax>())
                {
                    var target = Workspace.PolicySourceSet.ResolveImport(tree.Path, import.PathToken.Text);
                    if (target == null || !byPath.TryGetValue(Normalize(target), out var next)) continue;
                    state.TryGetValue(next, out var s);
                    if (s == 1)
                    {
                        var cycle = stack.Skip(stack.IndexOf(next)).Select(x => System.IO.Path.GetFileName(x.Path)).ToList();
                        cycle.Add(System.IO.Path.GetFileName(next.Path));
                        var c = new BindingContext(tree, import);
                        Report(DiagnosticCatalog.ImportCycle, c.Location(import.PathToken), string.Join(" -> ", cycle));
                    }
                    else if (s == 0)
                    {
                        Visit(next);
                    }
                }
                stack.RemoveAt(stack.Count - 1);
                state[tree] = 2;
            }
        }

        private static string Normalize(string path)
        {
            try { return System.IO.Path.GetFullPath(path); }
            catch (ArgumentException) { return path; }
        }
    }
}
