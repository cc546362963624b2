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

        private Dictionary<string, object>? _models;
        private readonly object _modelsLock = new object();

        /// <summary>
        /// A model of this target (its device models, ACL groups and scopes, its plans) computed once. Kept with the policy's
        /// memos (<see cref="AddressOwnership.Memo{T}"/>), so that a build reuses what the checks built, unless the compilation
        /// is only checked (<see cref="PolicyCompilation.KeepTargetModels"/> false): then it lives as long as this context, and
        /// a check of a thousand targets does not hold every target's models at once.
        /// </summary>
        public T ModelMemo<T>(string key, System.Func<T> factory) where T : class
        {
            if (Compilation.KeepTargetModels) return Addresses.Memo(key, factory);
            return Remember(ref _models, key, factory);
        }

        /// <summary>The value of <paramref name="key"/> in <paramref name="memo"/> (made on first use), computed once outside the lock.</summary>
        private T Remember<T>(ref Dictionary<string, object>? memo, string key, System.Func<T> factory) where T : class
        {
            lock (_modelsLock)
            {
                memo ??= new Dictionary<string, object>(System.StringComparer.Ordinal);
                if (memo.TryGetValue(key, out var known)) return (T)known;
            }
            var value = factory();
            lock (_modelsLock)
            {
                if (memo.TryGetValue(key, out var raced)) return (T)raced;
                memo[key] = value;
            }
            return value;
        }

        private Dictionary<string, object>? _local;

        /// <summary>
        /// The exported files of this target that <c>policyc verify</c> is comparing (its folder's files, in path order); empty
        /// elsewhere. A verifier that reads one device's export may look at its siblings while that export's bytes are at hand.
        /// </summary>
        public IReadOnlyList<State.StateFile> StateFiles { get; set; } = System.Array.Empty<State.StateFile>();

        /// <summary>
        /// A value computed once for this context only, whatever <see cref="PolicyCompilation.KeepTargetModels"/> says: for
        /// what the devices of one target share while they are compared (<c>policyc verify</c>), dropped with the context.
        /// </summary>
        public T LocalMemo<T>(string key, System.Func<T> factory) where T : class => Remember(ref _local, key, factory);

        /// <summary>Flows with at least one endpoint in the target's zones (or 'any'), in file order.</summary>
        public IReadOnlyList<FlowRule> RelevantFlows => _relevantFlows ??= ComputeRelevantFlows();

        private List<FlowRule> ComputeRelevantFlows() => FlowsTouching(Target.Zones.Distinct());

        /// <summary>
        /// The union of the packets of the policy's flows from 'any' that <paramref name="which"/> selects, made once for the
        /// policy under the name <paramref name="what"/> (the same name must always select the same flows). Every list
        /// <see cref="FlowsTouching"/> returns holds all of these flows, so a caller that unites its flows' packets cut to a
        /// region may unite its other flows and add this union cut to the region.
        /// </summary>
        public Analysis.HeaderSpace.PacketSet FromAnyUnion(string what, System.Func<FlowRule, bool> which) =>
            Addresses.Memo("from-any-union:" + what, () => Analysis.HeaderSpace.PacketSet.UnionAll(Model.Flows.Where(f => f.Source.IsAny && which(f)).Select(Flows.Of)));

        /// <summary>Flows with at least one endpoint in one of <paramref name="zones"/> (or 'any'), in file order.</summary>
        public List<FlowRule> FlowsTouching(IEnumerable<ZoneSymbol> zones)
        {
            // The positions of each zone's flows (and of flows with an 'any' side) are indexed once per policy: a policy with
            // a thousand targets would otherwise test every flow against every target.
            var index = Addresses.Memo("flows-by-zone", () => FlowPositions.Build(Model.Flows));
            var flows = Model.Flows;
            var lists = new List<List<int>> { index.Any };
            foreach (var zone in zones)
                if (index.ByZone.TryGetValue(zone, out var list)) lists.Add(list);
            // A flow between two of the zones is in both their lists: the union keeps it once.
            var positions = Analysis.SortedPositions.Union(lists);
            var result = new List<FlowRule>(positions.Count);
            foreach (var p in positions) result.Add(flows[p]);
            return result;
        }

        private sealed class FlowPositions
        {
            public readonly List<int> Any = new List<int>();
            public readonly Dictionary<ZoneSymbol, List<int>> ByZone = new Dictionary<ZoneSymbol, List<int>>();

            public static FlowPositions Build(IReadOnlyList<FlowRule> flows)
            {
                var index = new FlowPositions();
                for (int i = 0; i < flows.Count; i++)
                {
                    var f = flows[i];
                    if (f.Source.IsAny || f.Destination.IsAny) { index.Any.Add(i); continue; }
                    if (f.Source.Zone != null) Add(index, f.Source.Zone, i);
                    if (f.Destination.Zone != null && f.Destination.Zone != f.Source.Zone) Add(index, f.Destination.Zone, i);
                }
                return index;
            }

            private static void Add(FlowPositions index, ZoneSymbol zone, int position)
            {
                if (!index.ByZone.TryGetValue(zone, out var list)) index.ByZone[zone] = list = new List<int>();
                list.Add(position);
            }
        }

        private IReadOnlyList<FlowRule>? _relevantFlows;

        public bool Covers(Endpoint e) => e.IsAny || Target.Zones.Contains(e.Zone!);

        private Analysis.HeaderSpace.AddressRangeSet? _zoneAddresses;

        /// <summary>The addresses of the target's zones.</summary>
        public Analysis.HeaderSpace.AddressRangeSet ZoneAddresses
        {
            get
            {
                if (_zoneAddresses != null) return _zoneAddresses;
                var set = Analysis.HeaderSpace.AddressRangeSet.Empty;
                foreach (var z in Target.Zones) set = set.Union(Addresses.Of(z));
                return _zoneAddresses = set;
            }
        }

        private Analysis.HeaderSpace.PacketSet? _zoneRegion;
        private readonly Dictionary<FlowRule, bool> _takesAway = new Dictionary<FlowRule, bool>();

        /// <summary>The answers of <see cref="DenyTakesAwayHere"/> for the model's flows, by index: 0 not yet known, 1 no, 2 yes. A
        /// dictionary grown deny by deny was 11 MB over the Kubernetes targets of the 100,000-line policy.</summary>
        private sbyte[]? _takesAwayByIndex;

        /// <summary>
        /// Whether a deny takes away traffic this target would otherwise admit: packets to or from its zones that an allow
        /// flow (or a default allow) lets through. A deny that takes nothing away here is enforced by the target's default
        /// deny, whatever its form (a quarantined host that talks to none of the target's zones, for example).
        /// </summary>
        public bool DenyTakesAwayHere(FlowRule deny)
        {
            var flows = Model.Flows;
            int index = deny.Index;
            if (index >= 0 && index < flows.Count && ReferenceEquals(flows[index], deny))
            {
                var answers = System.Threading.Volatile.Read(ref _takesAwayByIndex);
                if (answers == null)
                {
                    System.Threading.Interlocked.CompareExchange(ref _takesAwayByIndex, new sbyte[flows.Count], null);
                    answers = _takesAwayByIndex!;
                }
                // One byte is read and written whole: a thread that races another works the same answer out again.
                var answer = System.Threading.Volatile.Read(ref answers[index]);
                if (answer != 0) return answer == 2;
                bool computed = TakesAway(deny);
                System.Threading.Volatile.Write(ref answers[index], (sbyte)(computed ? 2 : 1));
                return computed;
            }
            lock (_takesAway)
                if (_takesAway.TryGetValue(deny, out var known)) return known;
            bool result = TakesAway(deny);
            lock (_takesAway) _takesAway[deny] = result;
            return result;
        }

        private bool TakesAway(FlowRule deny)
        {
            var all = Analysis.HeaderSpace.AddressRangeSet.All;
            var region = _zoneRegion ??= Analysis.PacketSpace.Between(ZoneAddresses, all).Union(Analysis.PacketSpace.Between(all, ZoneAddresses));
            bool result;
            if (Model.DefaultAction == FlowAction.Allow) result = Flows.Of(deny).Overlaps(region);
            else
            {
                // The parts allows share with the deny are the same for every target: only whether they touch this one's zones differs.
                result = false;
                foreach (var part in Flows.AllowedParts(deny))
                    if (part.Overlaps(region)) { result = true; break; }
            }
            return result;
        }

        public void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args) =>
            _diagnostics.Add(Diagnostic.Create(descriptor, location.Path, location.Span, args));

        /// <summary>Whether an error was reported for this target so far.</summary>
        public bool HasErrors => _diagnostics.Any(d => d.IsError);

        /// <summary>NP4001 at the intent's own span.</summary>
        public void CannotExpress(SourceLocation location, string what) =>
            Report(DiagnosticCatalog.TargetCannotExpress, location, Target.Name, Target.Platform.Value, what);
    }
}
