using PolicyLang.Analysis;
using PolicyLang.Analysis.Rules;
using PolicyLang.Diagnostics;
using PolicyLang.Syntax;
using PolicyLang.Workspace;

namespace PolicyLang.Semantics
{
    /// <summary>
    /// One policy: a set of syntax trees (a file with a policy header and everything it imports), bound and checked.
    /// Immutable; every phase is computed once, on first use.
    /// </summary>
    public sealed class PolicyCompilation
    {
        private readonly CancellationToken _cancellationToken;
        private PolicyModel? _model;
        private IReadOnlyList<Diagnostic>? _bindingDiagnostics;
        private AddressOwnership? _addresses;
        private FlowSpace? _flows;
        private IReadOnlyList<Diagnostic>? _diagnostics;

        private PolicyCompilation(IReadOnlyList<PolicySyntaxTree> trees, IReadOnlyList<Diagnostic> loadDiagnostics, CancellationToken cancellationToken)
        {
            Trees = trees;
            LoadDiagnostics = loadDiagnostics;
            _cancellationToken = cancellationToken;
        }

        public static PolicyCompilation Create(IReadOnlyList<PolicySyntaxTree> trees, IReadOnlyList<Diagnostic>? loadDiagnostics = null, CancellationToken cancellationToken = default) =>
            new PolicyCompilation(trees, loadDiagnostics ?? Array.Empty<Diagnostic>(), cancellationToken);

        /// <summary>
        /// Splits loaded files into policies: each file with a policy header, together with what it imports; files
        /// that no such policy reaches form one more policy of their own.
        /// </summary>
        public static IReadOnlyList<PolicyCompilation> FromSourceSet(PolicySourceSet set, CancellationToken cancellationToken = default)
        {
            var byPath = set.Trees.ToDictionary(t => Full(t.Path), t => t, StringComparer.Ordinal);
            var roots = set.Trees.Where(t => t.Declarations.Any(d => d.Kind == SyntaxKind.PolicyDeclaration)).ToList();
            var claimed = new HashSet<PolicySyntaxTree>();
            var groups = new List<List<PolicySyntaxTree>>();
            foreach (var root in roots)
            {
                var group = Reach(root, byPath);
                claimed.UnionWith(group);
                groups.Add(group);
            }
            var rest = set.Trees.Where(t => !claimed.Contains(t)).ToList();
            if (rest.Count > 0 || groups.Count == 0) groups.Add(rest);
            return groups.Select(g => Create(g, set.Diagnostics.Where(d => g.Any(t => t.Path == d.Path) && !IsSyntax(d)).ToList(), cancellationToken)).ToList();
        }

        private static bool IsSyntax(Diagnostic d) => d.Descriptor.Category == "Syntax";

        private static List<PolicySyntaxTree> Reach(PolicySyntaxTree root, Dictionary<string, PolicySyntaxTree> byPath)
        {
            var result = new List<PolicySyntaxTree>();
            var queue = new Queue<PolicySyntaxTree>();
            queue.Enqueue(root);
            var seen = new HashSet<PolicySyntaxTree> { root };
            while (queue.Count > 0)
            {
                var t = queue.Dequeue();
                result.Add(t);
                foreach (var import in t.Declarations.OfType<ImportDeclarationSyntax>())
                {
                    var target = PolicySourceSet.ResolveImport(t.Path, import.PathToken.Text);
                    if (target != null && byPath.TryGetValue(Full(target), out var next) && seen.Add(next)) queue.Enqueue(next);
                }
            }
            return result;
        }

        private static string Full(string path)
        {
            try { return Path.GetFullPath(path); }
            catch (ArgumentException) { return path; }
        }

        public IReadOnlyList<PolicySyntaxTree> Trees { get; }

        /// <summary>Problems found while loading (unreadable imports).</summary>
        public IReadOnlyList<Diagnostic> LoadDiagnostics { get; }

        /// <summary>The policy's name: its header's, else its first file's.</summary>
        public string Name => Model.Header?.Name ?? (Trees.Count > 0 ? Path.GetFileNameWithoutExtension(Trees[0].Path) : "policy");

        public PolicyModel Model
        {
            get
            {
                if (_model == null)
                {
                    var (model, diagnostics) = Binder.Bind(Trees, _cancellationToken);
                    _bindingDiagnostics = diagnostics;
                    _model = model;
                }
                return _model;
            }
        }

        public AddressOwnership Addresses => _addresses ??= Model.BoundOwnership ?? new AddressOwnership(Model);

        public FlowSpace Flows => _flows ??= new FlowSpace(Model, Addresses);

        public IReadOnlyList<Diagnostic> SyntaxDiagnostics => Trees.SelectMany(t => t.Diagnostics).ToList();

        /// <summary>
        /// Every diagnostic a build of every target would report: syntax, loading, binding, checks and each target's
        /// validation (what its platform cannot express, its limits and names), sorted by file and position.
        /// </summary>
        public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics ??= ComputeDiagnostics();

        /// <summary>
        /// Whether the models the targets' validation builds (device models, ACLs, cloud plans) are kept for a later build of
        /// the same compilation (the default). A caller that only checks sets it to false before asking for
        /// <see cref="Diagnostics"/>: each target's models are then dropped once its validation is done.
        /// </summary>
        public bool KeepTargetModels { get; set; } = true;

        /// <summary>The diagnostics of the policy itself, without any target's validation.</summary>
        public IReadOnlyList<Diagnostic> PolicyDiagnostics => _policyDiagnostics ??= ComputePolicyDiagnostics();

        public bool HasErrors => Diagnostics.Any(d => d.IsError);

        private IReadOnlyList<Diagnostic>? _policyDiagnostics;
        private bool? _modelHasErrors;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<TargetSymbol, Lazy<IReadOnlyList<Diagnostic>>> _targetDiagnostics =
            new System.Collections.Concurrent.ConcurrentDictionary<TargetSymbol, Lazy<IReadOnlyList<Diagnostic>>>();

        /// <summary>Syntax, loading and binding diagnostics: what the checker and the targets' validation both depend on.</summary>
        private List<Diagnostic> FrontEndDiagnostics()
        {
            var all = new List<Diagnostic>(SyntaxDiagnostics);
            all.AddRange(LoadDiagnostics);
            _ = Model;
            all.AddRange(_bindingDiagnostics!);
            return all;
        }

        /// <summary>Whether syntax, loading or binding found errors (then neither the whole-policy checks nor any target's run).</summary>
        private bool ModelHasErrors => _modelHasErrors ??= FrontEndDiagnostics().Any(d => d.IsError);

        /// <summary>
        /// Binds the policy and, when it bound without errors, computes the packet sets that the whole-policy checks and the
        /// targets share (their lazy fields are not for several threads to fill at once): after this, <see cref="PolicyDiagnostics"/>
        /// and <see cref="TargetDiagnostics"/> may run on several threads together.
        /// </summary>
        internal void PrepareForParallelChecks()
        {
            if (!ModelHasErrors) _ = Flows;
        }

        private IReadOnlyList<Diagnostic> ComputePolicyDiagnostics()
        {
            var all = FrontEndDiagnostics();
            bool hasErrors = all.Any(d => d.IsError);
            _modelHasErrors = hasErrors;
            all.AddRange(PolicyChecker.Check(Model, Addresses, Flows, hasErrors, _cancellationToken));
            all = RelocateBuiltin(all);
            all.Sort();
            return all;
        }

        /// <summary>
        /// A diagnostic inside a baseline shipped with the compiler (an unknown service it expects the policy to declare, say)
        /// is reported at the import that brings the baseline in, naming the line: the shipped text is no file an editor can open.
        /// </summary>
        private List<Diagnostic> RelocateBuiltin(List<Diagnostic> all)
        {
            if (!all.Any(d => BuiltinBaselines.IsBuiltin(d.Path))) return all;
            // The binder found where each shipped baseline is imported.
            var sites = Model.Baselines.Where(b => b.ImportedAt != null)
                .ToDictionary(b => b.Path, b => (Path: b.ImportedAt!.Value.Path, Span: b.ImportedAt.Value.Span), StringComparer.Ordinal);
            var texts = Trees.Where(t => BuiltinBaselines.IsBuiltin(t.Path)).ToDictionary(t => t.Path, t => t.Text, StringComparer.Ordinal);
            var result = new List<Diagnostic>(all.Count);
            foreach (var d in all)
            {
                if (!BuiltinBaselines.IsBuiltin(d.Path) || !sites.TryGetValue(d.Path, out var site))
                {
                    result.Add(d);
                    continue;
                }
                var line = texts.TryGetValue(d.Path, out var text) ? text.GetLinePosition(d.Span.Start).Line + 1 : 0;
                result.Add(new Diagnostic(d.Descriptor, d.Severity, site.Path, site.Span,
                    "in " + d.Path + (line > 0 ? " (line " + line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")" : "") + ": " + d.Message
                    + (d.Descriptor == DiagnosticCatalog.UnknownName ? " (the baseline expects the policy to declare it; its reference page says what it holds)" : ""), d.Related));
            }
            return result;
        }

        /// <summary>
        /// Runs <paramref name="work"/> on the policy while its whole-policy checks (<see cref="PolicyDiagnostics"/>) run beside
        /// it, for a command whose work is only good when the policy has no error (verify): the checks of a large policy keep
        /// one core busy for seconds that would otherwise pass before the work starts. Returns false, and no result, when the
        /// policy has errors (<paramref name="policyDiagnostics"/> holds them); the work's result, or its exception, then counts
        /// for nothing. Without errors, an exception of the work is thrown as it was.
        /// </summary>
        public bool TryWhileChecking<T>(Func<T> work, out T result, out IReadOnlyList<Diagnostic> policyDiagnostics)
        {
            result = default!;
            if (_policyDiagnostics != null || Environment.ProcessorCount < 2 || ModelHasErrors)
            {
                policyDiagnostics = PolicyDiagnostics;
                if (policyDiagnostics.Any(d => d.IsError)) return false;
                result = work();
                return true;
            }
            PrepareForParallelChecks();
            var checks = System.Threading.Tasks.Task.Run(() => PolicyDiagnostics);
            Exception? failure = null;
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
            policyDiagnostics = checks.GetAwaiter().GetResult();
            if (policyDiagnostics.Any(d => d.IsError))
            {
                result = default!;
                return false;
            }
            if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            return true;
        }

        private IReadOnlyList<Diagnostic> ComputeDiagnostics()
        {
            var targets = Model.Targets;
            var perTarget = new IReadOnlyList<Diagnostic>[targets.Count];
            IReadOnlyList<Diagnostic>? policy = null;
            if (targets.Count > 0 && Environment.ProcessorCount > 1 && !ModelHasErrors)
            {
                // The whole-policy checks and the targets' validation read the same bound model and packet sets and depend on
                // nothing of each other: the checks run as the first work item (one long one) while the other cores take targets.
                PrepareForParallelChecks();
                System.Threading.Tasks.Parallel.For(0, targets.Count + 1, new System.Threading.Tasks.ParallelOptions { CancellationToken = _cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
                    i => { if (i == 0) policy = PolicyDiagnostics; else perTarget[i - 1] = TargetDiagnostics(targets[i - 1]); });
            }
            else
            {
                policy = PolicyDiagnostics;
                for (int i = 0; i < targets.Count; i++) perTarget[i] = TargetDiagnostics(targets[i]);
            }
            var all = new List<Diagnostic>(policy!);
            foreach (var list in perTarget) all.AddRange(list);
            all.Sort();
            return all;
        }

        /// <summary>
        /// A target's validation by its backend: what the platform cannot express, its limits and its names; computed
        /// once. Empty while the policy has syntax or binding errors (a half-bound model would give misleading answers).
        /// </summary>
        public IReadOnlyList<Diagnostic> TargetDiagnostics(TargetSymbol target)
        {
            if (ModelHasErrors) return Array.Empty<Diagnostic>();
            return _targetDiagnostics.GetOrAdd(target, t => new Lazy<IReadOnlyList<Diagnostic>>(() => Emit.TargetValidator.Validate(this, t))).Value;
        }

        public IReadOnlyList<TestResult> RunTests() => PolicyChecker.RunTests(Model, Addresses, Flows).ToList();
    }
}
