using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Nftables;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// Random <c>nft -j list ruleset</c> exports for the nftables reader and evaluator tests, with each rule's match also
    /// worked out the plain way (one packet set per expression, intersected in order) for comparison.
    /// </summary>
    internal sealed class NftRandomRulesets
    {
        private readonly Random _random;
        private readonly StringBuilder _json = new StringBuilder();
        private int _handle = 100;

        /// <summary>The expected match of each rule by handle.</summary>
        public Dictionary<long, PacketSet> Expected { get; } = new Dictionary<long, PacketSet>();

        public NftRandomRulesets(int seed)
        {
            _random = new Random(seed);
        }

        private static readonly string[] s_v4Prefixes = { "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.2.0.0/16", "10.2.0.0/15", "192.168.0.0/16" };
        private static readonly string[] s_v6Prefixes = { "fd00::/8", "fd00:1::/32", "fd00:2::/32" };
        private static readonly (string Name, string[] Elements)[] s_sets =
        {
            ("s1", new[] { "10.1.0.0/16", "10.3.0.0/16" }),
            ("s2", new[] { "10.2.0.0/16", "10.9.9.9" }),
        };

        /// <summary>A ruleset: two base chains on forward (one with jumps now and then) and two regular chains.</summary>
        public string Ruleset(bool jumps)
        {
            _json.Clear();
            Expected.Clear();
            var items = new List<string>
            {
                "{\"table\": {\"family\": \"inet\", \"name\": \"t\", \"handle\": 1}}",
                Chain("pre", "forward", -10, Pick("accept", "drop")),
                Chain("fw", "forward", 0, Pick("accept", "drop")),
                Chain("sub", null, 0, null),
                Chain("sub2", null, 0, null),
            };
            foreach (var (name, elements) in s_sets)
                items.Add("{\"set\": {\"family\": \"inet\", \"name\": \"" + name + "\", \"table\": \"t\", \"type\": \"ipv4_addr\", \"handle\": 5, \"flags\": [\"interval\"], \"elem\": ["
                    + string.Join(", ", elements.Select(e => e.Contains('/') ? Prefix(e) : "\"" + e + "\"")) + "]}}");
            for (int i = 0, n = _random.Next(0, 6); i < n; i++) items.Add(Rule("pre", jumps: false, sub: false));
            for (int i = 0, n = _random.Next(5, 40); i < n; i++) items.Add(Rule("fw", jumps, sub: false));
            for (int i = 0, n = _random.Next(0, 12); i < n; i++) items.Add(Rule("sub", jumps: false, sub: true));
            for (int i = 0, n = _random.Next(0, 4); i < n; i++) items.Add(Rule("sub2", jumps: false, sub: true));
            return "{\"nftables\": [" + string.Join(", ", items) + "]}";
        }

        private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];

        private static string Chain(string name, string? hook, int prio, string? policy) =>
            "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"" + name + "\", \"handle\": 2"
            + (hook != null ? ", \"type\": \"filter\", \"hook\": \"" + hook + "\", \"prio\": " + prio.ToString(CultureInfo.InvariantCulture) + ", \"policy\": \"" + policy + "\"" : "") + "}}";

        private static string Prefix(string text)
        {
            var parts = text.Split('/');
            return "{\"prefix\": {\"addr\": \"" + parts[0] + "\", \"len\": " + parts[1] + "}}";
        }

        private static AddressRangeSet Addresses(string text) =>
            text.Contains('/') ? AddressRangeSet.FromPrefix(IpPrefix.Parse(text)) : AddressRangeSet.FromAddress(IpAddress128.Parse(text));

        private static IntervalSet Values(ulong max, params ulong[] values) => IntervalSet.FromValues(values, max);

        private string Rule(string chain, bool jumps, bool sub)
        {
            long handle = _handle++;
            var expressions = new List<string>();
            var match = PacketSet.All;
            for (int i = 0, n = _random.Next(0, 4); i < n; i++)
            {
                bool negate = _random.Next(5) == 0;
                string op = negate ? "!=" : "==";
                string Match(string left, string right) => "{\"match\": {\"op\": \"" + op + "\", \"left\": " + left + ", \"right\": " + right + "}}";
                PacketSet Apply(PacketSet implied, PacketSet constraint) => implied.Intersect(negate ? PacketSet.All.Except(constraint) : constraint);
                switch (_random.Next(11))
                {
                    case 0:
                    case 1:
                    {
                        bool source = _random.Next(2) == 0;
                        string field = source ? "saddr" : "daddr";
                        AddressRangeSet addresses;
                        string right;
                        if (_random.Next(3) == 0)
                        {
                            var (name, elements) = Pick(s_sets);
                            right = "\"@" + name + "\"";
                            addresses = elements.Select(Addresses).Aggregate(AddressRangeSet.Empty, (a, b) => a.Union(b));
                        }
                        else
                        {
                            var prefix = Pick(s_v4Prefixes);
                            right = Prefix(prefix);
                            addresses = Addresses(prefix);
                        }
                        expressions.Add(Match("{\"payload\": {\"protocol\": \"ip\", \"field\": \"" + field + "\"}}", right));
                        match = match.Intersect(Apply(NftMatch.V4, source ? PacketSpace.Between(addresses, AddressRangeSet.All) : PacketSpace.Between(AddressRangeSet.All, addresses)));
                        break;
                    }
                    case 2:
                    {
                        var prefix = Pick(s_v6Prefixes);
                        bool source = _random.Next(2) == 0;
                        expressions.Add(Match("{\"payload\": {\"protocol\": \"ip6\", \"field\": \"" + (source ? "saddr" : "daddr") + "\"}}", Prefix(prefix)));
                        var addresses = Addresses(prefix);
                        match = match.Intersect(Apply(NftMatch.V6, source ? PacketSpace.Between(addresses, AddressRangeSet.All) : PacketSpace.Between(AddressRangeSet.All, addresses)));
                        break;
                    }
                    case 3:
                    {
                        var (protocol, number) = Pick(("tcp", 6UL), ("udp", 17UL));
                        var (right, ports) = Pick(("22", Values(IntervalSet.PortMax, 22)), ("{\"set\": [22, 443]}", Values(IntervalSet.PortMax, 22, 443)),
                            ("{\"range\": [1000, 2000]}", IntervalSet.FromRange(1000, 2000, IntervalSet.PortMax)));
                        bool source = _random.Next(4) == 0;
                        expressions.Add(Match("{\"payload\": {\"protocol\": \"" + protocol + "\", \"field\": \"" + (source ? "sport" : "dport") + "\"}}", right));
                        var protocols = Values(IntervalSet.ProtocolMax, number);
                        match = match.Intersect(Apply(NftMatch.Protocols(protocols), source ? NftMatch.SourcePorts(protocols, ports) : NftMatch.Ports(protocols, ports)));
                        break;
                    }
                    case 4:
                    {
                        var (right, protocols) = Pick(("\"tcp\"", Values(IntervalSet.ProtocolMax, 6)), ("{\"set\": [\"udp\", \"icmp\"]}", Values(IntervalSet.ProtocolMax, 17, 1)));
                        expressions.Add(Match("{\"meta\": {\"key\": \"l4proto\"}}", right));
                        var c = NftMatch.Protocols(protocols);
                        match = match.Intersect(negate ? PacketSet.All.Except(c) : c);
                        break;
                    }
                    case 5:
                        expressions.Add(Match("{\"payload\": {\"protocol\": \"icmp\", \"field\": \"type\"}}", "\"echo-request\""));
                        match = match.Intersect(Apply(NftMatch.Icmp(true), NftMatch.IcmpTypes(Values(IntervalSet.IcmpMax, 8))));
                        break;
                    case 6:
                    {
                        var (right, isNew) = Pick(("\"new\"", true), ("\"established\"", false), ("[\"new\", \"established\"]", true));
                        op = negate ? "!=" : "in";
                        expressions.Add(Match("{\"ct\": {\"key\": \"state\"}}", right));
                        if (isNew == negate) match = PacketSet.Empty;
                        break;
                    }
                    case 7:
                    {
                        var name = Pick("lo", "eth0");
                        bool incoming = _random.Next(2) == 0;
                        expressions.Add(Match("{\"meta\": {\"key\": \"" + (incoming ? "iifname" : "oifname") + "\"}}", "\"" + name + "\""));
                        if (name == "lo")
                        {
                            var c = incoming ? PacketSpace.Between(NftMatch.Loopback, AddressRangeSet.All) : PacketSpace.Between(AddressRangeSet.All, NftMatch.Loopback);
                            match = match.Intersect(negate ? PacketSet.All.Except(c) : c);
                        }
                        break;
                    }
                    case 8:
                    {
                        bool v4 = _random.Next(2) == 0;
                        expressions.Add(Match("{\"meta\": {\"key\": \"nfproto\"}}", v4 ? "\"ipv4\"" : "\"ipv6\""));
                        var c = v4 ? NftMatch.V4 : NftMatch.V6;
                        match = match.Intersect(negate ? PacketSet.All.Except(c) : c);
                        break;
                    }
                    case 9:
                        expressions.Add(Match("{\"payload\": {\"protocol\": \"ip\", \"field\": \"protocol\"}}", "6"));
                        match = match.Intersect(Apply(NftMatch.V4, NftMatch.Protocols(Values(IntervalSet.ProtocolMax, 6))));
                        break;
                    default:
                        op = "<";
                        expressions.Add(Match("{\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}", "1024"));
                        match = match.Intersect(NftMatch.Ports(Values(IntervalSet.ProtocolMax, 6), IntervalSet.FromRange(0, 1023, IntervalSet.PortMax)));
                        break;
                }
            }
            if (_random.Next(6) == 0) expressions.Add("{\"counter\": {\"packets\": 0, \"bytes\": 0}}");
            if (_random.Next(8) == 0) expressions.Add("{\"mangle\": {\"key\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"dscp\"}}, \"value\": " + Pick("\"af41\"", "46", "\"cs1\"") + "}}");
            bool limited = _random.Next(10) == 0;
            if (limited) expressions.Add("{\"limit\": {\"rate\": 10, \"per\": \"second\"}}");
            var verdicts = new List<string> { "{\"accept\": null}", "{\"drop\": null}", "{\"reject\": null}", "{\"queue\": {\"num\": 1}}", "" };
            if (sub) verdicts.Add("{\"return\": null}");
            if (jumps) verdicts.AddRange(new[] { "{\"jump\": {\"target\": \"sub\"}}", "{\"goto\": {\"target\": \"sub2\"}}", "{\"jump\": {\"target\": \"missing\"}}" });
            var verdict = Pick(verdicts.ToArray());
            if (verdict.Length > 0) expressions.Add(verdict);
            if (limited && (verdict.StartsWith("{\"drop", StringComparison.Ordinal) || verdict.StartsWith("{\"reject", StringComparison.Ordinal))) match = PacketSet.Empty;
            Expected[handle] = match;
            return "{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"" + chain + "\", \"handle\": " + handle.ToString(CultureInfo.InvariantCulture)
                + ", \"expr\": [" + string.Join(", ", expressions) + "]}}";
        }
    }
}
