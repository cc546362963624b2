namespace PolicyLang.Semantics
{
    /// <summary>The bound policy: every symbol, flow, assertion, test and target, with references resolved.</summary>
    public sealed class PolicyModel
    {
        internal PolicyModel() { }

        public PolicyHeader? Header { get; internal set; }
        public FlowAction DefaultAction => Header?.DefaultAction ?? FlowAction.Deny;

        public IReadOnlyList<PrefixListSymbol> PrefixLists { get; internal set; } = Array.Empty<PrefixListSymbol>();
        public IReadOnlyList<PortListSymbol> PortLists { get; internal set; } = Array.Empty<PortListSymbol>();
        public IReadOnlyList<ServiceSymbol> Services { get; internal set; } = Array.Empty<ServiceSymbol>();
        public IReadOnlyList<TrafficClassSymbol> Classes { get; internal set; } = Array.Empty<TrafficClassSymbol>();
        public IReadOnlyList<ZoneSymbol> Zones { get; internal set; } = Array.Empty<ZoneSymbol>();
        public IReadOnlyList<FlowRule> Flows { get; internal set; } = Array.Empty<FlowRule>();
        public IReadOnlyList<Assertion> Assertions { get; internal set; } = Array.Empty<Assertion>();
        public IReadOnlyList<PolicyTest> Tests { get; internal set; } = Array.Empty<PolicyTest>();
        public IReadOnlyList<TargetSymbol> Targets { get; internal set; } = Array.Empty<TargetSymbol>();

        /// <summary>Addresses cut off everywhere (<c>quarantine</c>); their flows are in <see cref="Flows"/> too.</summary>
        public IReadOnlyList<Quarantine> Quarantines { get; internal set; } = Array.Empty<Quarantine>();

        /// <summary>The named sets of assertions (<c>baseline</c>), in declaration order.</summary>
        public IReadOnlyList<BaselineSymbol> Baselines { get; internal set; } = Array.Empty<BaselineSymbol>();

        /// <summary>
        /// The same policy without its quarantines: what tests and 'reachable' assertions are about, since a quarantine is
        /// an emergency measure that must not fail the build of the design it suspends.
        /// </summary>
        public PolicyModel WithoutQuarantines()
        {
            if (Quarantines.Count == 0) return this;
            var copy = (PolicyModel)MemberwiseClone();
            copy.Flows = Flows.Where(f => f.Quarantine == null).ToList();
            copy.Quarantines = Array.Empty<Quarantine>();
            return copy;
        }

        public IEnumerable<SegmentSymbol> Segments => Zones.SelectMany(z => z.Segments);

        /// <summary>
        /// The address ownership the binder worked out to read 'except' and prefix endpoints, from this model's zones once they
        /// were bound (null when it needed none): the compilation takes it instead of working out the same again (a policy of
        /// 100,000 lines spent 10-20 ms on it under a profiler, with every core but one waiting).
        /// </summary>
        internal AddressOwnership? BoundOwnership { get; set; }

        /// <summary>Every place a symbol is referenced, for "find references" and unused-declaration warnings.</summary>
        public IReadOnlyDictionary<Symbol, IReadOnlyList<SourceLocation>> References { get; internal set; } =
            new Dictionary<Symbol, IReadOnlyList<SourceLocation>>();

        public ZoneSymbol? FindZone(string name) => Zones.FirstOrDefault(z => z.Name == name);
        public ServiceSymbol? FindService(string name) => Services.FirstOrDefault(s => s.Name == name);
        public TrafficClassSymbol? FindClass(string name) => Classes.FirstOrDefault(c => c.Name == name);
        public TargetSymbol? FindTarget(string name) => Targets.FirstOrDefault(t => t.Name == name);

        /// <summary>Every declared symbol, segments included, in declaration order.</summary>
        public IEnumerable<Symbol> AllSymbols()
        {
            if (Header != null) yield return Header;
            foreach (var s in PrefixLists) yield return s;
            foreach (var s in PortLists) yield return s;
            foreach (var s in Services) yield return s;
            foreach (var s in Classes) yield return s;
            foreach (var z in Zones)
            {
                yield return z;
                foreach (var s in z.Segments) yield return s;
            }
            foreach (var s in Targets) yield return s;
        }
    }
}
