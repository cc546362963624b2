using System.Linq;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Nftables;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// The fast paths of the nftables reader and evaluator give what the plain ones give, on random rulesets: each rule's
    /// match is the intersection of its expressions' packets, a chain decided by halves decides the same packets by the same
    /// rules in the same order as rule by rule, and a run that met no rule read both ways is the same run in either reading.
    /// </summary>
    public sealed class NftEvaluationEquivalenceTests
    {
        private static readonly string[] Forward = { "forward" };

        private static readonly PacketSet[] Scopes =
        {
            PacketSet.All,
            PacketSpace.Between(AddressRangeSet.FromPrefix(IpPrefix.Parse("10.0.0.0/8")), AddressRangeSet.All)
                .Union(PacketSpace.Between(AddressRangeSet.All, AddressRangeSet.FromPrefix(IpPrefix.Parse("10.2.0.0/16")))),
        };

        [Fact]
        public void Each_rule_matches_the_intersection_of_its_expressions()
        {
            for (int seed = 0; seed < 150; seed++)
            {
                var random = new NftRandomRulesets(seed);
                var state = NftState.Read(random.Ruleset(jumps: seed % 2 == 0));
                foreach (var rule in state.Chains.SelectMany(c => c.Rules))
                    Assert.True(random.Expected[rule.Handle].Equals(rule.Match), "seed " + seed + ", " + rule + ": " + rule.Match + " instead of " + random.Expected[rule.Handle]);
            }
        }

        [Fact]
        public void A_chain_decided_by_halves_decides_like_rule_by_rule()
        {
            int divergent = 0, same = 0;
            for (int seed = 0; seed < 300; seed++)
            {
                var state = NftState.Read(new NftRandomRulesets(seed).Ruleset(jumps: seed % 3 == 0));
                foreach (var scope in Scopes)
                    foreach (bool most in new[] { true, false })
                    {
                        var plain = NftEvaluator.Run(state, Forward, scope, most, sequential: true);
                        var split = NftEvaluator.Run(state, Forward, scope, most);
                        string where = "seed " + seed + (most ? " most" : " least");
                        Assert.True(plain.Accepted.Equals(split.Accepted), where);
                        Assert.Equal(plain.Decisions.Select(d => (d.Chain.Key, d.Rule?.Handle, d.Accept)), split.Decisions.Select(d => (d.Chain.Key, d.Rule?.Handle, d.Accept)));
                        Assert.True(plain.Decisions.Zip(split.Decisions, (a, b) => a.Packets.Equals(b.Packets)).All(x => x), where);
                        Assert.Equal(plain.Marks.Select(m => (m.Dscp, m.Rule.Handle)), split.Marks.Select(m => (m.Dscp, m.Rule.Handle)));
                        Assert.True(plain.Marks.Zip(split.Marks, (a, b) => a.Packets.Equals(b.Packets)).All(x => x), where);
                        Assert.Equal(plain.UncertainRules.Select(r => r.Handle), split.UncertainRules.Select(r => r.Handle));
                        Assert.Equal(plain.Divergent, split.Divergent);
                    }
                foreach (var scope in Scopes)
                {
                    var most = NftEvaluator.Most(state, Forward, scope);
                    var least = NftEvaluator.Least(state, Forward, scope);
                    if (most.Divergent) { divergent++; continue; }
                    same++;
                    Assert.True(most.Accepted.Equals(least.Accepted));
                    Assert.Equal(most.Decisions.Select(d => (d.Rule?.Handle, d.Accept, d.Packets)), least.Decisions.Select(d => (d.Rule?.Handle, d.Accept, d.Packets)));
                    Assert.Equal(most.Marks.Select(m => (m.Dscp, m.Rule.Handle, m.Packets)), least.Marks.Select(m => (m.Dscp, m.Rule.Handle, m.Packets)));
                }
            }
            // Both kinds of run occur.
            Assert.True(divergent > 20 && same > 20, divergent + " divergent, " + same + " not");
        }

        [Fact]
        public void The_differences_with_an_intent_worked_out_in_parts_are_the_differences_with_what_is_accepted()
        {
            var intents = new[]
            {
                PacketSet.Empty,
                PacketSet.All,
                PacketSpace.Between(AddressRangeSet.FromPrefix(IpPrefix.Parse("10.1.0.0/16")), AddressRangeSet.All, IntervalSet.FromValues(new[] { 6UL }, IntervalSet.ProtocolMax),
                    IntervalSet.FromValues(new[] { 22UL, 443UL }, IntervalSet.PortMax), IntervalSet.Full(IntervalSet.IcmpMax), IntervalSet.Full(IntervalSet.IcmpMax)),
                NftMatch.V6,
            };
            int divergent = 0, same = 0;
            for (int seed = 0; seed < 200; seed++)
            {
                var state = NftState.Read(new NftRandomRulesets(seed).Ruleset(jumps: seed % 3 == 0));
                foreach (var scope in Scopes)
                    foreach (var allowed in intents)
                        foreach (bool most in new[] { true, false })
                        {
                            var intent = allowed.Intersect(scope);
                            var e = NftEvaluator.Run(state, Forward, scope, most);
                            if (e.Divergent) divergent++; else same++;
                            var exposed = e.AcceptedExcept(intent);
                            var missing = e.NotAccepted(intent);
                            var plain = NftEvaluator.Run(state, Forward, scope, most, sequential: true);
                            Assert.True(plain.Accepted.Except(intent).Equals(exposed), "seed " + seed);
                            Assert.True(intent.Except(plain.Accepted).Equals(missing), "seed " + seed);
                        }
            }
            Assert.True(divergent > 20 && same > 20, divergent + " divergent, " + same + " not");
        }
    }
}
