using System;
using System.Linq;
using PolicyLang.Emit.Nftables;
using PolicyLang.Emit.State;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// Rules taken from the memo of rules read before (gateways of many sites run the same rules) read as they read afresh:
    /// the same rules in another table are taken, a rule whose named set holds other elements is read again, and text the
    /// memo cannot key safely (an escape that could spell a set's name) is always read.
    /// </summary>
    public sealed class NftRuleMemoTests
    {
        private static void AssertSameReading(NftState expected, NftState actual, string because)
        {
            var e = expected.Chains.SelectMany(c => c.Rules).ToList();
            var a = actual.Chains.SelectMany(c => c.Rules).ToList();
            Assert.Equal(e.Count, a.Count);
            for (int i = 0; i < e.Count; i++)
            {
                Assert.Equal(e[i].Handle, a[i].Handle);
                Assert.Equal(e[i].Offset, a[i].Offset);
                Assert.Equal(e[i].Chain.Key, a[i].Chain.Key);
                Assert.True(e[i].Match.Equals(a[i].Match), because + ", " + e[i] + ": " + a[i].Match + " instead of " + e[i].Match);
                Assert.Equal(e[i].Verdict, a[i].Verdict);
                Assert.Equal(e[i].Target, a[i].Target);
                Assert.Equal(e[i].SetsDscp, a[i].SetsDscp);
                Assert.Equal(e[i].Uncertain, a[i].Uncertain);
                Assert.Equal(e[i].Text, a[i].Text);
            }
        }

        private static NftState Read(string text, NftRuleMemo memo) => NftState.Read(text.AsMemory(), memo);

        [Fact]
        public void Random_rulesets_read_through_one_memo_read_as_they_read_afresh()
        {
            var memo = new NftRuleMemo();
            int before = 0;
            for (int seed = 0; seed < 150; seed++)
            {
                var text = new NftRandomRulesets(seed).Ruleset(jumps: seed % 2 == 0);
                // The same rules in a table of another name, then with set s1 holding other addresses (and s2 the same).
                var renamed = text.Replace("\"table\": \"t\"", "\"table\": \"t2\"").Replace("\"name\": \"t\"", "\"name\": \"t2\"");
                var otherSet = renamed.Replace("{\"prefix\": {\"addr\": \"10.3.0.0\", \"len\": 16}}", "{\"prefix\": {\"addr\": \"10.4.0.0\", \"len\": 16}}");
                Assert.NotEqual(renamed, otherSet);
                foreach (var (variant, name) in new[] { (text, "as generated"), (renamed, "renamed"), (otherSet, "s1 changed") })
                    AssertSameReading(NftState.Read(variant), Read(variant, memo), "seed " + seed + " " + name);
                // Rules are remembered the second time they are met (the renamed copy): the third export takes those it shares.
                Assert.True(memo.Hits > before, "seed " + seed + ": the third export's rules were not taken from the memo");
                before = memo.Hits;
            }
        }

        private const string Head = "{\"nftables\": [{\"table\": {\"family\": \"inet\", \"name\": \"t\", \"handle\": 1}}, "
            + "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"fw\", \"handle\": 2, \"type\": \"filter\", \"hook\": \"forward\", \"prio\": 0, \"policy\": \"drop\"}}, ";

        private static string Export(string setElements, string setName) =>
            Head + "{\"set\": {\"family\": \"inet\", \"name\": \"s1\", \"table\": \"t\", \"type\": \"ipv4_addr\", \"handle\": 3, \"flags\": [\"interval\"], \"elem\": ["
            + setElements + "]}}, "
            + "{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"fw\", \"handle\": 4, \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": "
            + "{\"protocol\": \"ip\", \"field\": \"saddr\"}}, \"right\": \"" + setName + "\"}}, {\"accept\": null}]}}]}";

        [Fact]
        public void A_set_that_gained_an_address_is_read_again_though_the_rule_is_the_same()
        {
            var memo = new NftRuleMemo();
            var first = Read(Export("{\"prefix\": {\"addr\": \"10.1.0.0\", \"len\": 16}}", "@s1"), memo);
            var edited = Export("{\"prefix\": {\"addr\": \"10.1.0.0\", \"len\": 16}}, \"192.0.2.7\"", "@s1");
            var second = Read(edited, memo);
            var rule = second.Chains.Single().Rules.Single();
            Assert.True(rule.Match.Contains(StateFiles.Packet("192.0.2.7", "10.9.0.1", 6, 22)));
            Assert.False(first.Chains.Single().Rules.Single().Match.Contains(StateFiles.Packet("192.0.2.7", "10.9.0.1", 6, 22)));
            Assert.Equal(0, memo.Hits);
            AssertSameReading(NftState.Read(edited), second, "edited");
            // The same export twice more: remembered the second time it is met, taken the third.
            Read(edited, memo);
            Assert.Equal(0, memo.Hits);
            AssertSameReading(NftState.Read(edited), Read(edited, memo), "edited, from the memo");
            Assert.Equal(1, memo.Hits);
        }

        [Fact]
        public void The_same_rule_in_an_ip_and_an_ip6_table_is_read_for_each_family()
        {
            // A chain of family ip matches IPv4 only, ip6 IPv6 only: the same expr text reads differently by the chain's family.
            string Export(string family) =>
                "{\"nftables\": [{\"table\": {\"family\": \"" + family + "\", \"name\": \"t\", \"handle\": 1}}, "
                + "{\"chain\": {\"family\": \"" + family + "\", \"table\": \"t\", \"name\": \"fw\", \"handle\": 2, \"type\": \"filter\", \"hook\": \"forward\", \"prio\": 0, \"policy\": \"drop\"}}, "
                + "{\"rule\": {\"family\": \"" + family + "\", \"table\": \"t\", \"chain\": \"fw\", \"handle\": 4, \"expr\": [{\"match\": {\"op\": \"==\", \"left\": "
                + "{\"meta\": {\"key\": \"l4proto\"}}, \"right\": \"tcp\"}}, {\"accept\": null}]}}]}";
            var memo = new NftRuleMemo();
            for (int round = 0; round < 3; round++)
                foreach (var family in new[] { "ip", "ip6" })
                {
                    var state = Read(Export(family), memo);
                    AssertSameReading(NftState.Read(Export(family)), state, family + " round " + round);
                    var match = state.Chains.Single().Rules.Single().Match;
                    Assert.Equal(family == "ip", match.Contains(StateFiles.Packet("10.0.0.1", "10.0.0.2", 6, 80)));
                    Assert.Equal(family == "ip6", match.Contains(StateFiles.Packet("fd00::1", "fd00::2", 6, 80)));
                }
            Assert.True(memo.Hits > 0);
        }

        [Fact]
        public void Exports_that_share_no_rule_leave_nothing_remembered()
        {
            // Each export's rules use its own set of many prefixes: nothing is met twice, so no reading is kept for the run.
            var memo = new NftRuleMemo();
            for (int export = 0; export < 8; export++)
            {
                var elements = string.Join(", ", Enumerable.Range(0, 500).Select(i => "\"10." + export + "." + (i / 250) + "." + (i % 250) + "\""));
                Read(Export(elements, "@s1"), memo);
            }
            Assert.Equal(0, memo.Kept);
            Assert.Equal(0, memo.Hits);
        }

        [Fact]
        public void A_set_name_spelt_with_an_escape_is_never_taken_from_the_memo()
        {
            // "\u0040s1" is "@s1": the memo keys the sets a rule names by finding "@ in its text, so a rule with an escape is read.
            var memo = new NftRuleMemo();
            Read(Export("{\"prefix\": {\"addr\": \"10.1.0.0\", \"len\": 16}}", "\\u0040s1"), memo);
            var edited = Export("\"192.0.2.7\"", "\\u0040s1");
            var second = Read(edited, memo);
            Assert.Equal(0, memo.Hits);
            Assert.True(second.Chains.Single().Rules.Single().Match.Contains(StateFiles.Packet("192.0.2.7", "10.9.0.1", 6, 22)));
            AssertSameReading(NftState.Read(edited), second, "escaped");
        }

        [Fact]
        public void A_rule_of_a_set_the_export_does_not_list_is_still_an_error_after_the_same_rule_was_remembered()
        {
            var memo = new NftRuleMemo();
            Read(Export("\"192.0.2.7\"", "@s1"), memo);
            var missing = Export("\"192.0.2.7\"", "@s1").Replace("\"name\": \"s1\"", "\"name\": \"s9\"");
            var e = Assert.Throws<StateReadException>(() => Read(missing, memo));
            Assert.Contains("does not list", e.Message);
        }

        [Fact]
        public void Verifying_again_with_the_same_policy_sees_an_address_added_to_a_set_by_hand()
        {
            // One compilation, two runs: the second export differs from the first only in a set's elements (web's set gains
            // an address), so its rules' text is what the memo holds from the first run.
            var compilation = StateFiles.Small();
            var clean = StateFiles.Read("small-gw1.json");
            Assert.Empty(StateFiles.Verify(compilation, "gw", new StateFile("state/gw/gw1.json", "gw1", clean)).Devices.Single().Findings);
            const string web = "\"elem\": [{\"prefix\": {\"addr\": \"10.1.0.0\", \"len\": 16}}]";
            Assert.Contains(web, clean);
            var edited = clean.Replace(web, "\"elem\": [{\"prefix\": {\"addr\": \"10.1.0.0\", \"len\": 16}}, \"192.0.2.7\"]");
            var findings = StateFiles.Verify(compilation, "gw", new StateFile("state/gw/gw1.json", "gw1", edited)).Devices.Single().Findings;
            Assert.Contains(findings, f => f.Kind == DriftKind.Exposure && f.Witness is { } w && w.Src.ToString() == "192.0.2.7");
        }
    }
}
