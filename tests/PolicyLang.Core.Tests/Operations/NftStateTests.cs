using System.Linq;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Nftables;
using PolicyLang.Emit.State;
using Xunit;
using static PolicyLang.Tests.Operations.StateFiles;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// The nft JSON reader and evaluator on a ruleset exported by nft 1.0.6 itself (mixed.json, from mixed.nft): named
    /// and anonymous sets, ranges, negation, symbolic ICMP names, ct state, rate limits, jump and return, loopback,
    /// a second base chain that only marks.
    /// </summary>
    public sealed class NftStateTests
    {
        private static readonly string[] Forward = { "forward" };

        private static NftEvaluator Least(string json) => NftEvaluator.Least(NftState.Read(json), Forward, PacketSet.All);
        private static NftEvaluator Most(string json) => NftEvaluator.Most(NftState.Read(json), Forward, PacketSet.All);

        [Theory]
        [InlineData("10.0.0.5", "10.9.1.1", 6, 443, true)]   // @s4 -> 10.9/16 tcp 443 accept (logged, counted)
        [InlineData("10.1.0.5", "10.9.1.1", 6, 22, false)]   // the rate-limited drop lets traffic under the rate pass, but nothing accepts it
        [InlineData("10.5.5.5", "1.2.3.4", 6, 8080, true)]   // jump sub: tcp 8080 accept
        [InlineData("10.5.5.5", "1.2.3.4", 6, 8081, false)]  // sub returns: the policy drops
        [InlineData("11.0.0.1", "10.9.0.1", 6, 8080, false)] // ip saddr != 10.0.0.0/8 drop
        [InlineData("10.0.0.1", "8.8.8.8", 17, 53, true)]    // udp 53 with ct state new
        [InlineData("10.2.0.1", "10.2.0.2", 1, 0, true, 8, 0)] // icmp echo-request, code net-unreachable (0)
        [InlineData("10.2.0.1", "10.2.0.2", 1, 0, false, 8, 1)]
        [InlineData("2001:db8::1", "2001:db9::1", 58, 0, true, 128, 0)]
        [InlineData("2001:db8::1", "2001:db9::1", 58, 0, false, 129, 0)]
        [InlineData("fd00::1", "fd00::2", 50, 0, true)]      // meta nfproto ipv6 meta l4proto esp
        [InlineData("10.0.0.1", "10.0.0.2", 50, 0, false)]   // ESP over IPv4 is not in that rule
        [InlineData("127.0.0.1", "10.0.0.2", 6, 1, true)]    // iifname "lo"
        public void Packets_get_the_verdict_nft_gives_them(string src, string dst, int protocol, int port, bool accepted, int type = 0, int code = 0)
        {
            var json = Read("mixed.json");
            var p = Packet(src, dst, (byte)protocol, (ushort)port, (byte)type, (byte)code);
            Assert.Equal(accepted, Least(json).Accepted.Contains(p));
            Assert.Equal(accepted, Most(json).Accepted.Contains(p));
        }

        [Fact]
        public void Marking_rules_are_read_in_order_with_their_dscp()
        {
            var e = Most(Read("mixed.json"));
            var marks = e.Marks.Select(m => (m.Dscp, m.Rule.Chain.Name)).ToList();
            Assert.Equal(new[] { (26, "classify"), (8, "classify") }, marks);
            Assert.True(e.Marks[0].Packets.Contains(Packet("10.0.0.7", "1.1.1.1", 6, 443)));
            Assert.False(e.Marks[0].Packets.Contains(Packet("10.0.0.7", "1.1.1.1", 6, 444)));
        }

        [Fact]
        public void A_match_the_header_space_cannot_hold_is_read_both_ways()
        {
            var json = Read("mixed.json").Replace(
                "{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"iifname\"}}, \"right\": \"lo\"}}",
                "{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"iifname\"}}, \"right\": \"eth7\"}}");
            var p = Packet("10.0.0.1", "10.9.9.9", 6, 1);
            Assert.True(Most(json).Accepted.Contains(p));
            Assert.False(Least(json).Accepted.Contains(p));
            Assert.Contains(Most(json).UncertainRules, r => r.Uncertain!.Contains("eth7"));
        }

        [Fact]
        public void Base_chains_on_one_hook_must_all_accept()
        {
            // A second table whose chain drops what the first accepts: the drop is final.
            var json = Read("mixed.json").Replace("{\"nftables\": [", "{\"nftables\": ["
                + "{\"table\": {\"family\": \"ip\", \"name\": \"other\", \"handle\": 9}},"
                + "{\"chain\": {\"family\": \"ip\", \"table\": \"other\", \"name\": \"fw\", \"handle\": 1, \"type\": \"filter\", \"hook\": \"forward\", \"prio\": 10, \"policy\": \"accept\"}},"
                + "{\"rule\": {\"family\": \"ip\", \"table\": \"other\", \"chain\": \"fw\", \"handle\": 2, \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": 8080}}, {\"drop\": null}]}},");
            Assert.False(Least(json).Accepted.Contains(Packet("10.5.5.5", "1.2.3.4", 6, 8080)));
            // The ip table sees no IPv6: its policy accept leaves IPv6 to the inet table.
            Assert.True(Least(json).Accepted.Contains(Packet("fd00::1", "fd00::2", 50, 0)));
            var drop = Least(json).Decisions.First(d => !d.Accept && d.Packets.Contains(Packet("10.5.5.5", "1.2.3.4", 6, 8080)));
            Assert.Equal("other", drop.Chain.Table);
        }

        [Theory]
        [InlineData("", "expected a JSON value")]
        [InlineData("[]", "\"nftables\" array")]
        [InlineData("{\"nftables\": {}}", "\"nftables\" array")]
        [InlineData("{\"nftables\": [{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"nope\", \"handle\": 1, \"expr\": []}}]}", "chain the export does not list")]
        [InlineData("{\"nftables\": [{\"table\": {\"family\": \"inet\", \"name\": \"t\"}}, {\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"c\", \"hook\": \"forward\", \"type\": \"filter\", \"prio\": 0, \"policy\": \"maybe\"}}]}", "unexpected chain policy")]
        public void Foreign_or_broken_input_is_an_error_at_a_position(string text, string expected)
        {
            var e = Assert.Throws<StateReadException>(() => NftState.Read(text));
            Assert.Contains(expected, e.Message);
            Assert.InRange(e.Offset, 0, text.Length);
        }

        /// <summary>
        /// A rule's "@name" is the set of its own table: the same name in another table holds other addresses, a set listed
        /// twice in one table is its last listing, and a name no table of the rule's lists is an error at the rule.
        /// </summary>
        [Fact]
        public void Named_sets_are_the_rules_own_tables()
        {
            static string Set(string family, string table, string addr) =>
                "{\"set\": {\"family\": \"" + family + "\", \"name\": \"src\", \"table\": \"" + table + "\", \"type\": \"ipv4_addr\", \"flags\": [\"interval\"], \"elem\": [{\"prefix\": {\"addr\": \"" + addr + "\", \"len\": 24}}]}}";
            static string Table(string family, string table, string set) =>
                "{\"table\": {\"family\": \"" + family + "\", \"name\": \"" + table + "\"}}, "
                + "{\"chain\": {\"family\": \"" + family + "\", \"table\": \"" + table + "\", \"name\": \"fw\", \"type\": \"filter\", \"hook\": \"forward\", \"prio\": 0, \"policy\": \"drop\"}}, "
                + "{\"rule\": {\"family\": \"" + family + "\", \"table\": \"" + table + "\", \"chain\": \"fw\", \"handle\": 4, \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, \"right\": \"" + set + "\"}}, {\"accept\": null}]}}";
            // Table a's src holds 10.1.1.0/24 (listed twice: the second listing counts); table b's src 10.2.2.0/24. Both
            // base chains must accept a packet, so only a source in both sets would pass: none does.
            var json = "{\"nftables\": [" + Table("inet", "a", "@src") + ", " + Set("inet", "a", "10.0.0.0") + ", " + Set("inet", "a", "10.1.1.0") + ", "
                + Table("ip", "b", "@src") + ", " + Set("ip", "b", "10.2.2.0") + "]}";
            var state = NftState.Read(json);
            var a = state.Chains.Single(c => c.Table == "a").Rules.Single().Match;
            var b = state.Chains.Single(c => c.Table == "b").Rules.Single().Match;
            Assert.True(a.Contains(Packet("10.1.1.7", "1.2.3.4", 6, 80)));
            Assert.False(a.Contains(Packet("10.0.0.7", "1.2.3.4", 6, 80)));
            Assert.False(a.Contains(Packet("10.2.2.7", "1.2.3.4", 6, 80)));
            Assert.True(b.Contains(Packet("10.2.2.7", "1.2.3.4", 6, 80)));
            Assert.False(b.Contains(Packet("10.1.1.7", "1.2.3.4", 6, 80)));
            var missing = "{\"nftables\": [" + Table("inet", "a", "@nosuch") + ", " + Set("inet", "a", "10.1.1.0") + ", " + Set("ip", "b", "10.2.2.0") + "]}";
            var e = Assert.Throws<StateReadException>(() => NftState.Read(missing));
            Assert.Contains("@nosuch", e.Message);
            var otherTable = "{\"nftables\": [" + Table("inet", "a", "@src") + ", " + Set("ip", "b", "10.2.2.0") + "]}";
            Assert.Contains("does not list", Assert.Throws<StateReadException>(() => NftState.Read(otherTable)).Message);
        }

        [Fact]
        public void Unknown_names_and_wrong_families_are_errors_naming_the_value()
        {
            var json = Read("mixed.json");
            var e = Assert.Throws<StateReadException>(() => NftState.Read(json.Replace("\"echo-request\"}}, {\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"icmp\"", "\"echo-requestx\"}}, {\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"icmp\"")));
            Assert.Contains("echo-requestx", e.Message);
            var v6 = Assert.Throws<StateReadException>(() => NftState.Read(json.Replace("{\"prefix\": {\"addr\": \"10.9.0.0\", \"len\": 16}}", "{\"prefix\": {\"addr\": \"2001:db8::\", \"len\": 32}}")));
            Assert.Contains("wrong family", v6.Message);
        }
    }
}
