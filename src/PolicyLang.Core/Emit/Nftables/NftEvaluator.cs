using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Emit.Nftables
{
    /// <summary>
    /// What a ruleset does with the first packet of a connection on some hooks. Base chains of type filter run in
    /// priority order; a drop anywhere is final, an accept ends only its own chain, so a packet passes when every base
    /// chain accepts it (by a rule or by its policy). Jumps, gotos and returns are followed. An uncertain rule
    /// (<see cref="NftStateRule.Uncertain"/>) is read in the direction asked for: <see cref="Most"/> lets it accept and
    /// not drop (what the running state might allow), <see cref="Least"/> the opposite (what it surely allows).
    /// </summary>
    public sealed class NftEvaluator
    {
        private const int MaxJumpDepth = 16;

        /// <summary>A rule or a base chain's policy that decided some packets.</summary>
        public sealed record Decision(NftStateChain Chain, NftStateRule? Rule, PacketSet Packets, bool Accept)
        {
            public int Offset => Rule?.Offset ?? Chain.Offset;

            public override string ToString() => Rule != null ? Rule.ToString() : "the policy " + Chain.Policy + " of " + Chain;
        }

        private IReadOnlyList<PacketSet> _acceptedParts = new PacketSet[0];
        private PacketSet? _accepted;

        /// <summary>The packets every base chain accepts.</summary>
        public PacketSet Accepted => _accepted ??= PacketSet.UnionAll(_acceptedParts);

        private readonly List<Decision> _decisions = new List<Decision>();

        /// <summary>Chains decided by runs (<see cref="Runs"/>): where their decisions go in the list, and how to work them out.</summary>
        private readonly List<(int At, Func<List<Decision>> Work)> _deferred = new List<(int, Func<List<Decision>>)>();

        /// <summary>What decided which packets, in the order a packet meets them. The decisions of a chain decided by runs are
        /// worked out on first use: only findings need them, and a clean device has none.</summary>
        public List<Decision> Decisions
        {
            get
            {
                for (int k = _deferred.Count - 1; k >= 0; k--) _decisions.InsertRange(_deferred[k].At, _deferred[k].Work());
                _deferred.Clear();
                return _decisions;
            }
        }

        /// <summary>DSCP settings in the order they happen to a packet: (packets that reach the rule, value, rule).</summary>
        public List<(PacketSet Packets, int Dscp, NftStateRule Rule)> Marks { get; } = new List<(PacketSet, int, NftStateRule)>();

        /// <summary>Uncertain rules met on the way, for the report.</summary>
        public List<NftStateRule> UncertainRules { get; } = new List<NftStateRule>();

        public static NftEvaluator Most(NftState state, IReadOnlyCollection<string> hooks, PacketSet scope) => Run(state, hooks, scope, most: true);

        public static NftEvaluator Least(NftState state, IReadOnlyCollection<string> hooks, PacketSet scope) => Run(state, hooks, scope, most: false);

        /// <summary>
        /// Whether the run met a rule read differently by <see cref="Most"/> and <see cref="Least"/> (an uncertain rule, an
        /// unknown verdict or a jump nft would refuse) with packets reaching it; when not, the other reading is the same run.
        /// </summary>
        public bool Divergent { get; private set; }

        /// <summary>The base chains that filter on <paramref name="hooks"/> (nat and route chains only rewrite or re-route), in the order a packet meets them.</summary>
        public static IEnumerable<NftStateChain> BaseChains(NftState state, IReadOnlyCollection<string> hooks) =>
            state.Chains
                .Where(c => c.Hook != null && hooks.Contains(c.Hook) && (c.Type ?? "filter") == "filter" && c.Family is "inet" or "ip" or "ip6")
                .Select((c, i) => (c, i))
                .OrderBy(x => HookOrder(x.c.Hook!)).ThenBy(x => x.c.Priority).ThenBy(x => x.i)
                .Select(x => x.c);

        private static int HookOrder(string hook) => hook switch { "prerouting" => 0, "input" => 1, "forward" => 1, "output" => 0, "postrouting" => 2, _ => 3 };

        /// <param name="sequential">Evaluate every chain rule by rule (what chains with jumps always do); the default splits
        /// a chain without jumps into halves (<see cref="Split"/>), which gives the same result.</param>
        internal static NftEvaluator Run(NftState state, IReadOnlyCollection<string> hooks, PacketSet scope, bool most, bool sequential = false)
        {
            var e = new NftEvaluator { _sequential = sequential };
            var chains = state.Chains.ToDictionary(c => c.Key, StringComparer.Ordinal);
            IReadOnlyList<PacketSet> passing = new[] { scope };
            foreach (var chain in BaseChains(state, hooks))
            {
                var o = e.Chain(chains, chain, PacketSet.UnionAll(passing), most, 0);
                var accepted = o.AcceptedParts;
                if (!o.Returned.IsEmpty)
                {
                    e._decisions.Add(new Decision(chain, null, o.Returned, chain.Policy == "accept"));
                    if (chain.Policy == "accept") accepted.Add(o.Returned);
                }
                passing = accepted;
            }
            // The parts are united only when asked: what verify needs are the accepted packets outside the intent (AcceptedExcept).
            e._acceptedParts = passing;
            return e;
        }

        /// <summary>The accepted packets outside <paramref name="allowed"/> (<see cref="Accepted"/> less it), part by part.</summary>
        public PacketSet AcceptedExcept(PacketSet allowed) =>
            _accepted != null ? _accepted.Except(allowed) : PacketSet.UnionAll(_acceptedParts.Select(p => p.Except(allowed)));

        /// <summary>
        /// The packets of <paramref name="wanted"/> (within the scope evaluated) that are not accepted. Unless the run is
        /// <see cref="Divergent"/>, every packet of a base chain's input is either accepted or dropped by one decision, so
        /// those are the packets of <paramref name="wanted"/> that a dropping decision holds.
        /// </summary>
        public PacketSet NotAccepted(PacketSet wanted) =>
            Divergent || _accepted != null || _deferred.Count > 0 ? wanted.Except(Accepted) : PacketSet.UnionAll(_decisions.Where(d => !d.Accept).Select(d => wanted.Intersect(d.Packets)));

        private sealed class Outcome
        {
            /// <summary>The accepted packets in parts, united once at the end (rule by rule would copy a growing set each time).</summary>
            public readonly List<PacketSet> AcceptedParts = new List<PacketSet>();
            public PacketSet Returned = PacketSet.Empty;
            public PacketSet Accepted => PacketSet.UnionAll(AcceptedParts);
        }

        private bool _sequential;

        private Outcome Chain(Dictionary<string, NftStateChain> chains, NftStateChain chain, PacketSet input, bool most, int depth)
        {
            if (!_sequential && chain.Rules.All(r => r.Verdict is NftVerdict.Accept or NftVerdict.Drop && r.Uncertain == null && r.SetsDscp == null)) return Runs(chain, input, most);
            if (!_sequential && !chain.Rules.Any(r => r.Verdict is NftVerdict.Jump or NftVerdict.Goto)) return Split(chain, input, most);
            var o = new Outcome();
            var rest = input;
            foreach (var rule in chain.Rules)
            {
                if (rest.IsEmpty) break;
                var m = rest.Intersect(rule.Match);
                if (m.IsEmpty) continue;
                if (rule.Verdict is not (NftVerdict.Jump or NftVerdict.Goto))
                {
                    if (Decide(chain, rule, m, most, o)) rest = rest.Except(m);
                    continue;
                }
                bool uncertain = rule.Uncertain != null;
                if (uncertain)
                {
                    Divergent = true;
                    if (!UncertainRules.Contains(rule)) UncertainRules.Add(rule);
                }
                if (rule.SetsDscp is int dscp && (!uncertain || most)) Marks.Add((m, dscp, rule));
                var key = chain.Family + " " + chain.Table + " " + rule.Target;
                if (!chains.TryGetValue(key, out var target) || depth >= MaxJumpDepth)
                {
                    // A jump nft would refuse; read it as an unknown verdict.
                    Divergent = true;
                    if (most) { o.AcceptedParts.Add(m); _decisions.Add(new Decision(chain, rule, m, true)); }
                    else { _decisions.Add(new Decision(chain, rule, m, false)); rest = rest.Except(m); }
                    continue;
                }
                if (uncertain && !most)
                {
                    _decisions.Add(new Decision(chain, rule, m, false));
                    rest = rest.Except(m);
                    continue;
                }
                var sub = Chain(chains, target, m, most, depth + 1);
                o.AcceptedParts.Add(sub.Accepted);
                if (uncertain) continue; // the packets may also not have jumped: they stay
                rest = rest.Except(m);
                if (rule.Verdict == NftVerdict.Jump) rest = rest.Union(sub.Returned);
                else o.Returned = o.Returned.Union(sub.Returned);
            }
            o.Returned = o.Returned.Union(rest);
            return o;
        }

        /// <summary>
        /// What a rule other than a jump does with the packets <paramref name="m"/> that reach it; true when they leave the
        /// chain there (the rules after it do not see them).
        /// </summary>
        private bool Decide(NftStateChain chain, NftStateRule rule, PacketSet m, bool most, Outcome o)
        {
            bool uncertain = rule.Uncertain != null;
            if (uncertain)
            {
                Divergent = true;
                if (!UncertainRules.Contains(rule)) UncertainRules.Add(rule);
            }
            if (rule.SetsDscp is int dscp && (!uncertain || most)) Marks.Add((m, dscp, rule));
            switch (rule.Verdict)
            {
                case NftVerdict.Accept:
                    if (uncertain && !most) return false;
                    o.AcceptedParts.Add(m);
                    _decisions.Add(new Decision(chain, rule, m, true));
                    return !uncertain;
                case NftVerdict.Drop:
                    if (uncertain && most) return false;
                    _decisions.Add(new Decision(chain, rule, m, false));
                    return true;
                case NftVerdict.Unknown:
                    Divergent = true;
                    _decisions.Add(new Decision(chain, rule, m, most));
                    if (most) o.AcceptedParts.Add(m);
                    return !most;
                case NftVerdict.Return:
                    if (uncertain) return false;
                    o.Returned = o.Returned.Union(m);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Whether the packets reaching a rule other than a jump leave the chain there (<see cref="Decide"/> without the packets).</summary>
        private static bool Ends(NftStateRule rule, bool most)
        {
            bool uncertain = rule.Uncertain != null;
            return rule.Verdict switch
            {
                NftVerdict.Accept => !uncertain,
                NftVerdict.Drop => !(uncertain && most),
                NftVerdict.Unknown => !most,
                NftVerdict.Return => !uncertain,
                _ => false,
            };
        }

        /// <summary>
        /// A chain whose every rule accepts or drops, certainly, and sets nothing (a gateway's forward chain): first match
        /// only matters between runs of rules with one verdict, so each run is one union (<see cref="PacketSet.UnionAll"/>)
        /// and the chain is decided run by run. Which rule decides which packets is worked out (by <see cref="Split"/>) only
        /// when <see cref="Decisions"/> is read.
        /// </summary>
        private Outcome Runs(NftStateChain chain, PacketSet input, bool most)
        {
            var o = new Outcome();
            var runs = new List<(bool Accept, List<PacketSet> Matches)>();
            foreach (var rule in chain.Rules)
            {
                if (rule.Match.IsEmpty) continue;
                bool accept = rule.Verdict == NftVerdict.Accept;
                if (runs.Count == 0 || runs[runs.Count - 1].Accept != accept) runs.Add((accept, new List<PacketSet>()));
                runs[runs.Count - 1].Matches.Add(rule.Match);
            }
            var accepted = PacketSet.Empty;
            var seen = PacketSet.Empty;
            foreach (var (accept, matches) in runs)
            {
                var union = PacketSet.UnionAll(matches);
                if (accept) accepted = accepted.Union(seen.IsEmpty ? union : union.Except(seen));
                seen = seen.Union(union);
            }
            accepted = input.Intersect(accepted);
            if (!accepted.IsEmpty) o.AcceptedParts.Add(accepted);
            o.Returned = input.Except(seen);
            _deferred.Add((_decisions.Count, () =>
            {
                var scratch = new NftEvaluator();
                scratch.Split(chain, input, most);
                return scratch._decisions;
            }));
            return o;
        }

        /// <summary>
        /// A chain without jumps, by halves rather than rule by rule. The packets reaching rule i are the input less the
        /// matches of the earlier rules that end the chain; the matches of a half that end the chain change what reaches the
        /// other half only where they overlap its matches, which in a gateway's chain of thousands of disjoint rules is
        /// seldom, so the input is not copied once per rule. Rules are still decided in order, on the same packets.
        /// </summary>
        private Outcome Split(NftStateChain chain, PacketSet input, bool most)
        {
            var o = new Outcome();
            var rules = chain.Rules;
            if (rules.Count == 0) { o.Returned = input; return o; }
            var ends = new bool[rules.Count];
            for (int i = 0; i < ends.Length; i++) ends[i] = Ends(rules[i], most);
            var root = Range.Build(rules, ends, 0, rules.Count);
            Solve(chain, root, input, most, o);
            o.Returned = o.Returned.Union(input.Except(root.Ended));
            return o;
        }

        /// <param name="reaching">Holds, among the packets the range's rules match, exactly those that reach its first rule.</param>
        /// <param name="whole">Known: every packet the range's rules match is in <paramref name="reaching"/> (then each rule's match is
        /// the answer, and nothing is checked rule by rule).</param>
        private void Solve(NftStateChain chain, Range range, PacketSet reaching, bool most, Outcome o, bool whole = false)
        {
            if (range.Rule is { } rule)
            {
                // Usually every packet the rule matches reaches it: then the match is the answer, and no new set is built.
                var m = whole || rule.Match.IsSubsetOf(reaching) ? rule.Match : reaching.Intersect(rule.Match);
                if (!m.IsEmpty) Decide(chain, rule, m, most, o);
                return;
            }
            if (!whole && range.Size >= 64)
            {
                // Skipping a large range no packet reaches saves its rules; checking every small one would cost more than it saves.
                if (!reaching.Overlaps(range.Matched)) return;
                // And when everything its rules match reaches it, one check here saves one per rule.
                whole = range.Matched.IsSubsetOf(reaching);
            }
            Solve(chain, range.Left!, reaching, most, o, whole);
            if (range.Left!.Ended.Overlaps(range.Right!.Matched))
            {
                reaching = reaching.Except(range.Left!.Ended);
                whole = false;
            }
            Solve(chain, range.Right!, reaching, most, o, whole);
        }

        /// <summary>Rules [start, end) of a chain: the union of their matches, and of the matches of those that end the chain.</summary>
        private sealed class Range
        {
            public NftStateRule? Rule;
            public int Size;
            public Range? Left, Right;
            public PacketSet Matched = PacketSet.Empty;
            public PacketSet Ended = PacketSet.Empty;

            public static Range Build(List<NftStateRule> rules, bool[] ends, int start, int end)
            {
                if (end - start == 1)
                    return new Range { Rule = rules[start], Size = 1, Matched = rules[start].Match, Ended = ends[start] ? rules[start].Match : PacketSet.Empty };
                int mid = start + (end - start) / 2;
                var left = Build(rules, ends, start, mid);
                var right = Build(rules, ends, mid, end);
                var matched = left.Matched.Union(right.Matched);
                var ended = ReferenceEquals(left.Ended, left.Matched) && ReferenceEquals(right.Ended, right.Matched) ? matched : left.Ended.Union(right.Ended);
                return new Range { Left = left, Right = right, Size = end - start, Matched = matched, Ended = ended };
            }
        }
    }
}
