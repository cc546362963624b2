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

        public PacketSet Accepted { get; private set; } = PacketSet.Empty;
        public List<Decision> Decisions { get; } = new List<Decision>();

        /// <summary>DSCP settings in the order they happen to a packet: (packets that reach the rule, value, rule).</summary>
        public List<(PacketSet Packets, int Dscp, NftStateRule Rule)> Marks { get; } = new List<(PacketSet, int, NftStateRule)>();

        /// <summary>Uncertain rules met on the way, for the report.</summary>
        public List<NftStateRule> UncertainRules { get; } = new List<NftStateRule>();

        public static NftEvaluator Most(NftState state, IReadOnlyCollection<string> hooks, PacketSet scope) => Run(state, hooks, scope, most: true);

        public static NftEvaluator Least(NftState state, IReadOnlyCollection<string> hooks, PacketSet scope) => Run(state, hooks, scope, most: false);

        /// <summary>The base chains that filter on <paramref name="hooks"/> (nat and route chains only rewrite or re-route), in the order a packet meets them.</summary>
        public static IEnumerable<NftStateChain> BaseChains(NftState state, IReadOnlyCollection<string> hooks) =>
            state.Chains
                .Where(c => c.Hook != null && hooks.Contains(c.Hook) && (c.Type ?? "filter") == "filter" && c.Family is "inet" or "ip" or "ip6")
                .Select((c, i) => (c, i))
                .OrderBy(x => HookOrder(x.c.Hook!)).ThenBy(x => x.c.Priority).ThenBy(x => x.i)
                .Select(x => x.c);

        private static int HookOrder(string hook) => hook switch { "prerouting" => 0, "input" => 1, "forward" => 1, "output" => 0, "postrouting" => 2, _ => 3 };

        private static NftEvaluator Run(NftState state, IReadOnlyCollection<string> hooks, PacketSet scope, bool most)
        {
            var e = new NftEvaluator();
            var chains = state.Chains.ToDictionary(c => c.Key, StringComparer.Ordinal);
            var passing = scope;
            foreach (var chain in BaseChains(state, hooks))
            {
                var o = e.Chain(chains, chain, passing, most, 0);
                var accepted = o.Accepted;
                if (!o.Returned.IsEmpty)
                {
                    e.Decisions.Add(new Decision(chain, null, o.Returned, chain.Policy == "accept"));
                    if (chain.Policy == "accept") accepted = accepted.Union(o.Returned);
                }
                passing = accepted;
            }
            e.Accepted = passing;
            return e;
        }

        private sealed class Outcome
        {
            public PacketSet Accepted = PacketSet.Empty;
            public PacketSet Returned = PacketSet.Empty;
        }

        private Outcome Chain(Dictionary<string, NftStateChain> chains, NftStateChain chain, PacketSet input, bool most, int depth)
        {
            var o = new Outcome();
            var rest = input;
            foreach (var rule in chain.Rules)
            {
                if (rest.IsEmpty) break;
                var m = rest.Intersect(rule.Match);
                if (m.IsEmpty) continue;
                bool uncertain = rule.Uncertain != null;
                if (uncertain && !UncertainRules.Contains(rule)) UncertainRules.Add(rule);
                if (rule.SetsDscp is int dscp && (!uncertain || most)) Marks.Add((m, dscp, rule));
                switch (rule.Verdict)
                {
                    case NftVerdict.None:
                        break;
                    case NftVerdict.Accept:
                        if (uncertain && !most) break;
                        o.Accepted = o.Accepted.Union(m);
                        Decisions.Add(new Decision(chain, rule, m, true));
                        if (!uncertain) rest = rest.Except(m);
                        break;
                    case NftVerdict.Drop:
                        if (uncertain && most) break;
                        Decisions.Add(new Decision(chain, rule, m, false));
                        rest = rest.Except(m);
                        break;
                    case NftVerdict.Unknown:
                        if (most) { o.Accepted = o.Accepted.Union(m); Decisions.Add(new Decision(chain, rule, m, true)); }
                        else { Decisions.Add(new Decision(chain, rule, m, false)); rest = rest.Except(m); }
                        break;
                    case NftVerdict.Return:
                        if (uncertain) break;
                        o.Returned = o.Returned.Union(m);
                        rest = rest.Except(m);
                        break;
                    case NftVerdict.Jump:
                    case NftVerdict.Goto:
                    {
                        var key = chain.Family + " " + chain.Table + " " + rule.Target;
                        if (!chains.TryGetValue(key, out var target) || depth >= MaxJumpDepth)
                        {
                            // A jump nft would refuse; read it as an unknown verdict.
                            if (most) { o.Accepted = o.Accepted.Union(m); Decisions.Add(new Decision(chain, rule, m, true)); }
                            else { Decisions.Add(new Decision(chain, rule, m, false)); rest = rest.Except(m); }
                            break;
                        }
                        if (uncertain && !most)
                        {
                            Decisions.Add(new Decision(chain, rule, m, false));
                            rest = rest.Except(m);
                            break;
                        }
                        var sub = Chain(chains, target, m, most, depth + 1);
                        o.Accepted = o.Accepted.Union(sub.Accepted);
                        if (uncertain) break; // the packets may also not have jumped: they stay
                        rest = rest.Except(m);
                        if (rule.Verdict == NftVerdict.Jump) rest = rest.Union(sub.Returned);
                        else o.Returned = o.Returned.Union(sub.Returned);
                        break;
                    }
                }
            }
            o.Returned = o.Returned.Union(rest);
            return o;
        }
    }
}
