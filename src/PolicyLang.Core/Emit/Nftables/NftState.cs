using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.State;

namespace PolicyLang.Emit.Nftables
{
    /// <summary>
    /// A ruleset as <c>nft -j list ruleset</c> exports it (the libnftables JSON schema), reduced to what decides the first
    /// packet of a connection: every table's base chains of type filter with their hook, priority and policy, and every
    /// rule with its match as a packet set, its verdict and any DSCP it sets. Every table counts, not only policyc's.
    /// What the header space cannot express exactly (interfaces other than lo, marks, source ports, rate limits on an
    /// accept, concatenations, maps) makes the rule <see cref="NftStateRule.Uncertain"/>: <see cref="NftEvaluator"/> then
    /// reads it both ways. A JSON document that is not such an export, or a value the reader does not know, is a
    /// <see cref="StateReadException"/> at its offset.
    /// </summary>
    public sealed class NftState
    {
        public List<NftStateChain> Chains { get; } = new List<NftStateChain>();

        /// <summary>Tables by "family name" (for messages: which tables the export holds).</summary>
        public List<string> Tables { get; } = new List<string>();

        /// <summary>Whether the text is an nft JSON export (an object with an "nftables" array), without reading it all.</summary>
        public static bool IsExport(string text) => StateJson.LooksLikeObject(text) && text.IndexOf("\"nftables\"", StringComparison.Ordinal) >= 0;

        /// <summary>Reads an export; the JSON document's memory goes back to the thread for the next export (no node is kept).</summary>
        public static NftState Read(string text) => StateJson.Read(text, Read);

        /// <summary>Reads an export from characters that may be a pooled buffer's (<see cref="StateFile.WithChars{T}"/>): the state keeps none of them.</summary>
        public static NftState Read(ReadOnlyMemory<char> text) => StateJson.Read(text, root => Read(root, null));

        /// <summary>As <see cref="Read(ReadOnlyMemory{char})"/>, taking each rule whose text and sets an earlier export had from <paramref name="memo"/>.</summary>
        /// <remarks>With a memo, rules' <c>expr</c> arrays are only measured until a rule is not found there: most rules of a
        /// gateway's export are, and their expressions, most of the text, are then never read (see <see cref="StateJson"/>).</remarks>
        internal static NftState Read(ReadOnlyMemory<char> text, NftRuleMemo? memo) =>
            memo == null ? StateJson.Read(text, root => Read(root, null)) : StateJson.Read(text, root => Read(root, memo), putOff: "expr");

        private static NftState Read(JsonNode root) => Read(root, null);

        private static NftState Read(JsonNode root, NftRuleMemo? memo)
        {
            var list = root.IsObject ? root["nftables"] : null;
            if (list == null || !list.IsArray) throw new StateReadException(root.Offset, "expected an object with an \"nftables\" array (the output of nft -j list ruleset)");
            var state = new NftState();
            var chains = new Dictionary<(string Family, string Table, string Name), NftStateChain>();
            // Named sets by family, table and name as rules write it ("@name").
            var sets = new NamedSets();
            var rules = new List<JsonNode>();
            foreach (var item in list.Items)
            {
                if (!item.TryOnlyMember(out var kind, out var body)) throw new StateReadException(item.Offset, "expected an object with one member (table, chain, rule, set, …)");
                if (kind == "metainfo") continue;
                if (!body.IsObject) throw new StateReadException(body.Offset, "expected an object for " + kind);
                string family = Required(body, "family"), table = kind == "table" ? Required(body, "name") : Required(body, "table");
                switch (kind)
                {
                    case "table":
                        state.Tables.Add(family + " " + table);
                        break;
                    case "chain":
                    {
                        var name = Required(body, "name");
                        var chain = new NftStateChain(family, table, name, body.String("hook"), body.String("type"), Priority(body), body.String("policy") ?? "accept", body.Offset);
                        if (chain.Policy != "accept" && chain.Policy != "drop") throw new StateReadException(body.Offset, "unexpected chain policy '" + chain.Policy + "'");
                        if (chains.ContainsKey((family, table, name))) throw new StateReadException(body.Offset, "chain " + chain.Key + " listed twice");
                        chains[(family, table, name)] = chain;
                        state.Chains.Add(chain);
                        break;
                    }
                    case "set":
                    case "map":
                        sets.Add(family, table, "@" + Required(body, "name"), body);
                        break;
                    case "rule":
                        rules.Add(body);
                        break;
                    default:
                        break; // counters, quotas, limits, flowtables, ct helpers, elements: no verdict of their own
                }
            }
            var reader = new RuleReader(sets, memo);
            NftStateChain? previous = null;
            foreach (var r in rules)
            {
                // Rules come chain by chain: the previous rule's chain is compared in place, without making its names again.
                var chain = previous != null && r.StringEquals("chain", previous.Name) && r.StringEquals("table", previous.Table) && r.StringEquals("family", previous.Family)
                    ? previous : null;
                if (chain == null)
                {
                    var key = (Required(r, "family"), Required(r, "table"), Required(r, "chain"));
                    if (!chains.TryGetValue(key, out chain))
                        throw new StateReadException(r.Offset, "rule of a chain the export does not list: " + key.Item1 + " " + key.Item2 + " " + key.Item3);
                }
                previous = chain;
                chain.Rules.Add(reader.Read(r, chain));
            }
            return state;
        }

        private static string Required(JsonNode o, string key) =>
            o.String(key) ?? throw new StateReadException(o.Offset, "expected a string member \"" + key + "\"");

        private static int Priority(JsonNode chain)
        {
            var p = chain["prio"];
            if (p == null) return 0;
            if (p.AsInteger() is long v && v >= int.MinValue && v <= int.MaxValue) return (int)v;
            throw new StateReadException(p.Offset, "expected an integer priority, found " + p);
        }

        /// <summary>Reads rules' expressions into a match, a verdict and what each sets; one reader per export, reset per rule.</summary>
        private sealed class RuleReader
        {
            private NftStateChain _chain = null!;
            private readonly NamedSets _sets;
            private NftMatchBuilder _match = new NftMatchBuilder();
            private readonly List<string> _uncertain = new List<string>();
            private readonly Dictionary<(ulong Value, ulong Max), IntervalSet> _single = new Dictionary<(ulong Value, ulong Max), IntervalSet>();

            // The rule in nft words, written as it is read: one string per rule.
            private readonly StringBuilder _text = new StringBuilder();

            private void Say(string a)
            {
                if (_text.Length > 0) _text.Append(' ');
                _text.Append(a);
            }

            private void Say(string? a, string b, string c, string d)
            {
                if (_text.Length > 0) _text.Append(' ');
                _text.Append(a).Append(b).Append(c).Append(d);
            }

            private readonly NftRuleMemo? _memo;
            private static readonly int[] s_noSets = new int[0];

            public RuleReader(NamedSets sets, NftRuleMemo? memo)
            {
                _sets = sets;
                _memo = memo;
            }

            /// <summary>
            /// The named sets a rule's expressions use, as the memo's numbers for their elements, in the order written; null when
            /// the rule is to be read and not remembered: text with an escape (which could spell a set's name), a set the export
            /// does not list (an error the reading reports), or a full memo.
            /// </summary>
            private int[]? SetsOf(JsonNode expr)
            {
                if (!expr.HasSource) return null;
                var text = expr.Source;
                if (text.IndexOf('\\') >= 0) return null;
                int[]? ids = null;
                int count = 0, at = 0;
                while (true)
                {
                    int q = text.Slice(at).IndexOf("\"@".AsSpan());
                    if (q < 0) break;
                    int start = at + q + 1;
                    int length = text.Slice(start).IndexOf('"');
                    if (length < 0) return null;
                    var set = _sets.Find(_chain.Family, _chain.Table, text.Slice(start, length));
                    if (set == null) return null;
                    if (set.MemoId == null)
                    {
                        var elements = set.Node["elem"];
                        // Raw JSON holds no control character: a set without elements gets a text no set's elements have.
                        set.MemoId = elements != null ? _memo!.SetId(elements.Source) : _memo!.SetId("\u0001".AsSpan());
                    }
                    if (set.MemoId < 0) return null;
                    if (ids == null || count == ids.Length) Array.Resize(ref ids, count == 0 ? 2 : count * 2);
                    ids[count++] = set.MemoId.Value;
                    at = start + length + 1;
                }
                if (count == 0) return s_noSets;
                if (count != ids!.Length) Array.Resize(ref ids, count);
                return ids;
            }

            public NftStateRule Read(JsonNode rule, NftStateChain chain)
            {
                _chain = chain;
                _uncertain.Clear();
                _text.Clear();
                var handle = rule.Integer("handle") ?? 0;
                var expr = rule["expr"];
                if (expr == null || !expr.IsArray) throw new StateReadException(rule.Offset, "rule handle " + handle + ": expected an \"expr\" array");
                var setIds = _memo != null ? SetsOf(expr) : null;
                if (setIds != null && _memo!.Find(chain.Family, expr.Source, setIds) is { } known)
                {
                    // The same characters as expressions read in full before: valid JSON, with nothing left to read.
                    expr.KnownValid();
                    return new NftStateRule(chain, handle, rule.Offset, known.Match, known.Verdict, known.Target, known.SetsDscp, known.Uncertain, known.Text);
                }
                _match = new NftMatchBuilder();
                if (chain.Family is "ip" or "ip6") _match.Family(v4: chain.Family == "ip");
                var r = this;
                var verdict = NftVerdict.None;
                string? target = null;
                int? dscp = null;
                bool limited = false;
                foreach (var e in expr.Items)
                {
                    var members = e.Members;
                    if (!e.IsObject || members.Count != 1) throw new StateReadException(e.Offset, "rule handle " + handle + ": expected an expression object");
                    var expression = members[0];
                    var name = expression.Key;
                    var v = expression.Value;
                    switch (name)
                    {
                        case "match": r.Match(v); break;
                        case "accept": verdict = NftVerdict.Accept; r.Say("accept"); break;
                        case "drop": verdict = NftVerdict.Drop; r.Say("drop"); break;
                        case "reject": verdict = NftVerdict.Drop; r.Say("reject"); break;
                        case "return": verdict = NftVerdict.Return; r.Say("return"); break;
                        case "continue": r.Say("continue"); break;
                        case "jump":
                        case "goto":
                            verdict = name == "jump" ? NftVerdict.Jump : NftVerdict.Goto;
                            target = v.String("target") ?? throw new StateReadException(v.Offset, "rule handle " + handle + ": " + name + " without a target");
                            r.Say(name + " " + target);
                            break;
                        case "queue":
                        case "vmap":
                            verdict = NftVerdict.Unknown;
                            r.Say(name);
                            r._uncertain.Add(name + " (its verdict depends on what the header space does not hold)");
                            break;
                        case "limit":
                            limited = true;
                            r.Say("limit");
                            break;
                        case "mangle":
                        {
                            var key = v["key"]?["payload"];
                            var field = key?.String("field");
                            if (field == "dscp")
                            {
                                dscp = NftNames.Dscp(v["value"] ?? throw new StateReadException(v.Offset, "mangle without a value"));
                                r.Say((key!.String("protocol") ?? "ip") + " dscp set " + dscp.Value.ToString(CultureInfo.InvariantCulture));
                            }
                            else r.Say("mangle");
                            break;
                        }
                        case "counter": case "log": case "quota": case "notrack": case "meta": case "ct": case "set": case "synproxy":
                            r.Say(name);
                            break; // statements that neither decide nor filter (meta/ct here are "set" statements)
                        case "snat": case "dnat": case "masquerade": case "redirect": case "tproxy":
                            r.Say(name);
                            r._uncertain.Add(name + " rewrites addresses");
                            break;
                        case "xt":
                            r.Say("xt");
                            r._uncertain.Add("an iptables-nft extension (xt) that nft cannot show");
                            break;
                        default:
                            r.Say(name);
                            r._uncertain.Add("'" + name + "'");
                            break;
                    }
                }
                // A rate limit drops only what exceeds the rate and accepts only up to it: the traffic is allowed (at a rate) either way.
                var match = limited && verdict == NftVerdict.Drop ? PacketSet.Empty : r._match.Build();
                var read = new NftStateRule(chain, handle, rule.Offset, match, verdict, target, dscp,
                    r._uncertain.Count == 0 ? null : string.Join(", ", r._uncertain), r._text.ToString());
                if (setIds != null) _memo!.Add(chain.Family, expr.Source, setIds, read);
                return read;
            }

            private StateReadException Error(JsonNode at, string message) => new StateReadException(at.Offset, message);

            private void Match(JsonNode m)
            {
                var op = m.String("op") ?? "==";
                var left = m["left"] ?? throw Error(m, "a match without \"left\"");
                var right = m["right"] ?? throw Error(m, "a match without \"right\"");
                bool negate = op == "!=";
                if (op != "==" && op != "!=" && op != "in")
                {
                    // <, >, <=, >= on ports: read as ranges.
                    if (left["payload"]?.String("field") is "dport" or "sport" && right.AsInteger() is long bound && bound >= 0 && bound <= 65535)
                    {
                        var (lo, hi) = op switch
                        {
                            "<" => (0L, bound - 1), "<=" => (0L, bound), ">" => (bound + 1, 65535L), ">=" => (bound, 65535L),
                            _ => throw Error(m, "unexpected operator '" + op + "'"),
                        };
                        var proto = PortProtocols(left["payload"]!.String("protocol")!, left);
                        var portField = left["payload"]!.String("field")!;
                        var range = IntervalSet.FromRange((ulong)Math.Max(0, lo), (ulong)Math.Min(65535, Math.Max(hi, 0)), IntervalSet.PortMax);
                        if (hi < lo) _match.Intersect(PacketSet.Empty);
                        _match.Protocols(proto);
                        if (portField == "dport") _match.Ports(range);
                        else _match.SourcePorts(range);
                        Say(left["payload"]!.String("protocol") + " " + portField + " " + op + " " + bound);
                        return;
                    }
                    _uncertain.Add("a comparison '" + op + "'");
                    Say("(" + op + ")");
                    return;
                }
                if (left["payload"] is { } payload)
                {
                    var protocol = payload.String("protocol");
                    var field = payload.String("field");
                    if (protocol == null || field == null) { Uncertain("a raw payload match"); return; }
                    Say(protocol, " ", field, negate ? " != " : " ");
                    _text.Append(Short(right));
                    PacketSet Apply(PacketSet implied, PacketSet constraint) => implied.Intersect(negate ? PacketSet.All.Except(constraint) : constraint);
                    switch (protocol, field)
                    {
                        case ("ip", "saddr"): case ("ip", "daddr"):
                        case ("ip6", "saddr"): case ("ip6", "daddr"):
                        {
                            bool v4 = protocol == "ip";
                            var addresses = Addresses(right, v4);
                            if (negate)
                            {
                                var c = field == "saddr" ? PacketSpace.Between(addresses, AddressRangeSet.All) : PacketSpace.Between(AddressRangeSet.All, addresses);
                                _match.Intersect(Apply(v4 ? NftMatch.V4 : NftMatch.V6, c));
                                return;
                            }
                            _match.Family(v4);
                            if (field == "saddr") _match.Sources(addresses);
                            else _match.Destinations(addresses);
                            return;
                        }
                        case ("ip", "protocol"): case ("ip6", "nexthdr"):
                        {
                            var protocols = Values(right, NftNames.Protocol, IntervalSet.ProtocolMax);
                            if (negate) { _match.Intersect(Apply(protocol == "ip" ? NftMatch.V4 : NftMatch.V6, NftMatch.Protocols(protocols))); return; }
                            _match.Family(protocol == "ip");
                            _match.Protocols(protocols);
                            return;
                        }
                        case (_, "dport") when protocol is "tcp" or "udp" or "sctp" or "dccp" or "udplite" or "th":
                        {
                            var protos = PortProtocols(protocol, payload);
                            var ports = Values(right, NftNames.Port, IntervalSet.PortMax);
                            if (negate) { _match.Intersect(Apply(NftMatch.Protocols(protos), NftMatch.Ports(protos, ports))); return; }
                            _match.Protocols(protos);
                            _match.Ports(ports);
                            return;
                        }
                        case ("icmp", "type"): case ("icmpv6", "type"):
                        case ("icmp", "code"): case ("icmpv6", "code"):
                        {
                            bool v4 = protocol == "icmp";
                            var values = Values(right, field == "type" ? (v4 ? NftNames.IcmpType : NftNames.Icmpv6Type) : (v4 ? NftNames.IcmpCode : NftNames.Icmpv6Code), IntervalSet.IcmpMax);
                            if (negate) { _match.Intersect(Apply(NftMatch.Icmp(v4), field == "type" ? NftMatch.IcmpTypes(values) : NftMatch.IcmpCodes(values))); return; }
                            _match.Family(v4);
                            _match.Protocols(IntervalSet.FromValues(new[] { v4 ? 1UL : 58UL }, IntervalSet.ProtocolMax));
                            if (field == "type") _match.IcmpTypes(values);
                            else _match.IcmpCodes(values);
                            return;
                        }
                        case (_, "sport") when protocol is "tcp" or "udp" or "sctp" or "dccp" or "udplite" or "th":
                        {
                            var protos = PortProtocols(protocol, payload);
                            var ports = Values(right, NftNames.Port, IntervalSet.PortMax);
                            if (negate) { _match.Intersect(Apply(NftMatch.Protocols(protos), NftMatch.SourcePorts(protos, ports))); return; }
                            _match.Protocols(protos);
                            _match.SourcePorts(ports);
                            return;
                        }
                        default:
                            Uncertain("a match on " + protocol + " " + field);
                            return;
                    }
                }
                if (left["meta"] is { } meta)
                {
                    var key = meta.String("key");
                    Say("meta ", key ?? "", negate ? " != " : " ", Short(right));
                    switch (key)
                    {
                        case "l4proto":
                        {
                            var protocols = Values(right, NftNames.Protocol, IntervalSet.ProtocolMax);
                            if (negate) _match.Intersect(PacketSet.All.Except(NftMatch.Protocols(protocols)));
                            else _match.Protocols(protocols);
                            return;
                        }
                        case "nfproto":
                        {
                            var name = right.Text;
                            var c = name == "ipv4" ? NftMatch.V4 : name == "ipv6" ? NftMatch.V6 : throw Error(right, "unexpected nfproto '" + right + "'");
                            if (negate) _match.Intersect(PacketSet.All.Except(c));
                            else _match.Family(name == "ipv4");
                            return;
                        }
                        case "iifname": case "oifname": case "iif": case "oif":
                            if (right.Text == "lo")
                            {
                                // Only the host's own traffic crosses the loopback interface.
                                bool incoming = key.StartsWith("i", StringComparison.Ordinal);
                                if (negate) _match.Intersect(PacketSet.All.Except(incoming ? PacketSpace.Between(NftMatch.Loopback, AddressRangeSet.All) : PacketSpace.Between(AddressRangeSet.All, NftMatch.Loopback)));
                                else if (incoming) _match.Sources(NftMatch.Loopback);
                                else _match.Destinations(NftMatch.Loopback);
                                return;
                            }
                            Uncertain("an interface match (" + key + " " + Short(right) + ")");
                            return;
                        default:
                            Uncertain("meta " + key);
                            return;
                    }
                }
                if (left["ct"] is { } ct && ct.String("key") == "state" && ct["dir"] == null)
                {
                    var states = right.IsArray ? right.Items.Select(i => i.Text ?? "").ToList() : new List<string> { right.Text ?? "" };
                    Say("ct state" + (negate ? " != " : " ") + string.Join(",", states));
                    bool matchesNew = states.Contains("new") != negate;
                    if (!matchesNew) _match.Intersect(PacketSet.Empty);
                    return;
                }
                Say("(match)");
                Uncertain("a match on " + Short(left));
            }

            private void Uncertain(string what) => _uncertain.Add(what);

            private static string Short(JsonNode n)
            {
                var s = Nft(n, 0);
                return s.Length > 60 ? s.Substring(0, 57) + "…" : s;
            }

            /// <summary>A right-hand side as nft writes it: 10.0.0.0/8, 80-90, { 22, 443 }, @set.</summary>
            private static string Nft(JsonNode n, int depth)
            {
                if (depth > 4) return "…";
                if (n.IsString || n.IsNumber) return n.Text!;
                if (n["prefix"] is { } p) return p.String("addr") + "/" + p["len"]?.Text;
                if (n["range"] is { IsArray: true } r && r.Items.Count == 2) return Nft(r.Items[0], depth + 1) + "-" + Nft(r.Items[1], depth + 1);
                if (n["set"] is { } set) return "{ " + string.Join(", ", (set.IsArray ? set.Items : new[] { set }).Take(6).Select(i => Nft(i, depth + 1))) + (set.Items.Count > 6 ? ", …" : "") + " }";
                if (n.IsArray) return string.Join(",", n.Items.Take(6).Select(i => Nft(i, depth + 1)));
                if (n["payload"] is { } pl) return pl.String("protocol") + " " + pl.String("field");
                if (n["meta"] is { } m) return "meta " + m.String("key");
                if (n["ct"] is { } ct) return "ct " + ct.String("key");
                return n.ToString();
            }

            private static readonly IntervalSet s_tcp = IntervalSet.FromValues(new[] { 6UL }, IntervalSet.ProtocolMax);
            private static readonly IntervalSet s_udp = IntervalSet.FromValues(new[] { 17UL }, IntervalSet.ProtocolMax);
            private static readonly IntervalSet s_sctp = IntervalSet.FromValues(new[] { 132UL }, IntervalSet.ProtocolMax);
            private static readonly IntervalSet s_dccp = IntervalSet.FromValues(new[] { 33UL }, IntervalSet.ProtocolMax);
            private static readonly IntervalSet s_udplite = IntervalSet.FromValues(new[] { 136UL }, IntervalSet.ProtocolMax);
            private static readonly IntervalSet s_transport = IntervalSet.FromValues(new[] { 6UL, 17UL, 33UL, 132UL, 136UL }, IntervalSet.ProtocolMax);

            private static IntervalSet PortProtocols(string protocol, JsonNode at) => protocol switch
            {
                "tcp" => s_tcp,
                "udp" => s_udp,
                "sctp" => s_sctp,
                "dccp" => s_dccp,
                "udplite" => s_udplite,
                "th" => s_transport,
                _ => throw new StateReadException(at.Offset, "unexpected transport protocol '" + protocol + "'"),
            };

            /// <summary>The addresses a right-hand side names: an address, a prefix, a range, a set literal or a named set.</summary>
            private AddressRangeSet Addresses(JsonNode right, bool v4)
            {
                // A named set is read once per family, however many rules use it (gateways hold sets of thousands of prefixes).
                var setName = right.IsString ? right.Text! : null;
                var named = setName != null && setName.StartsWith("@", StringComparison.Ordinal) ? Set(right) : null;
                if ((v4 ? named?.V4 : named?.V6) is { } cached) return cached;
                var family = v4 ? PacketSpace.IPv4 : PacketSpace.IPv6;
                var ranges = new List<AddressRange>();
                foreach (var element in Elements(right))
                {
                    AddressRangeSet part;
                    if (element.IsString)
                    {
                        if (!IpAddress128.TryParse(element.Text, out var a)) throw Error(element, "expected an " + (v4 ? "IPv4" : "IPv6") + " address, found '" + element.Text + "'");
                        part = AddressRangeSet.FromAddress(a);
                    }
                    else if (element["prefix"] is { } prefix)
                    {
                        var text = prefix.String("addr") + "/" + prefix.Integer("len")?.ToString(CultureInfo.InvariantCulture);
                        if (!IpPrefix.TryParse(text, out var p, out _)) throw Error(element, "expected a prefix, found " + prefix);
                        part = AddressRangeSet.FromPrefix(p);
                    }
                    else if (element["range"] is { IsArray: true } range && range.Items.Count == 2
                        && IpAddress128.TryParse(range.Items[0].Text, out var first) && IpAddress128.TryParse(range.Items[1].Text, out var last) && !(last < first))
                        part = AddressRangeSet.FromRange(first, last);
                    else throw Error(element, "expected an address, prefix or range, found " + element);
                    // IPv4 lives in ::ffff:0:0/96 here; an ip6 prefix that covers it (::/0) still matches IPv6 packets only.
                    var written = element.IsString ? element.Text! : element["prefix"]?.String("addr") ?? element["range"]?.Items[0].Text ?? "";
                    if (written.IndexOf(':') >= 0 == v4 || !part.Overlaps(family))
                        throw Error(element, "an address of the wrong family for " + (v4 ? "ip" : "ip6") + ": " + element);
                    ranges.AddRange(part.Intersect(family).Ranges);
                }
                var result = AddressRangeSet.FromRanges(ranges);
                if (named != null)
                {
                    if (v4) named.V4 = result;
                    else named.V6 = result;
                }
                return result;
            }

            /// <summary>Numbers, names, ranges and sets of them (ports, protocols, ICMP types) as an interval set.</summary>
            private IntervalSet Values(JsonNode right, Func<string, int?> names, ulong max)
            {
                // One number (a rule's port, most often): its set is made once per reader.
                if (right.IsNumber)
                {
                    ulong v = Value(right, names, max);
                    if (_single.TryGetValue((v, max), out var known)) return known;
                    return _single[(v, max)] = IntervalSet.FromRange(v, v, max);
                }
                var ranges = new List<Interval>();
                foreach (var element in Elements(right))
                {
                    if (element["range"] is { IsArray: true } range && range.Items.Count == 2)
                    {
                        ulong a = Value(range.Items[0], names, max), b = Value(range.Items[1], names, max);
                        if (b < a) throw Error(element, "a range whose end is below its start");
                        ranges.Add(new Interval(a, b));
                    }
                    else ranges.Add(new Interval(Value(element, names, max), Value(element, names, max)));
                }
                return IntervalSet.FromRanges(ranges, max);
            }

            private ulong Value(JsonNode n, Func<string, int?> names, ulong max)
            {
                if (n.AsInteger() is long v && v >= 0 && (ulong)v <= max) return (ulong)v;
                if (n.IsString && names(n.Text!) is int named && named >= 0 && (ulong)named <= max) return (ulong)named;
                throw Error(n, "expected a number up to " + max.ToString(CultureInfo.InvariantCulture) + " or a name nft uses, found " + n);
            }

            /// <summary>The named set ("@name") of the rule's table that <paramref name="right"/> names.</summary>
            private NamedSet Set(JsonNode right) =>
                _sets.Find(_chain.Family, _chain.Table, right.Text!) ?? throw Error(right, "the rule uses set " + right.Text + ", which the export does not list");

            /// <summary>The elements of a right-hand side: itself, the members of an anonymous set, or those of a named set ("@name").</summary>
            private IEnumerable<JsonNode> Elements(JsonNode right)
            {
                if (right.IsString && right.Text!.StartsWith("@", StringComparison.Ordinal))
                {
                    var elems = Set(right).Node["elem"];
                    if (elems == null) yield break;
                    foreach (var e in elems.IsArray ? elems.Items : new[] { elems }) yield return Unwrap(e);
                    yield break;
                }
                if (right["set"] is { } anonymous)
                {
                    foreach (var e in anonymous.IsArray ? anonymous.Items : new[] { anonymous }) yield return Unwrap(e);
                    yield break;
                }
                yield return right;
            }

            /// <summary>A set element with options ({"elem": {"val": …, "timeout": …}}) stands for its value.</summary>
            private static JsonNode Unwrap(JsonNode e) => e["elem"]?["val"] ?? e;
        }
    }

    /// <summary>
    /// The named sets and maps of an export by name as rules write it ("@name"), with their addresses once read (per family):
    /// thousands of sets, most of them used by a rule or two, looked up by name and then by family and table (almost
    /// always one of each).
    /// </summary>
    internal sealed class NamedSets
    {
        private readonly Dictionary<string, List<NamedSet>> _byName = new Dictionary<string, List<NamedSet>>(StringComparer.Ordinal);

        /// <summary>A set listed again in the same table replaces the first.</summary>
        public void Add(string family, string table, string name, JsonNode node)
        {
            if (!_byName.TryGetValue(name, out var list)) _byName[name] = list = new List<NamedSet>(1);
            for (int i = list.Count - 1; i >= 0; i--)
                if (list[i].Family == family && list[i].Table == table) list.RemoveAt(i);
            list.Add(new NamedSet(family, table, node));
        }

        public NamedSet? Find(string family, string table, string name) =>
            _byName.TryGetValue(name, out var list) ? In(list, family, table) : null;

        /// <summary>As <see cref="Find(string, string, string)"/>, for a name as a rule's text spells it (no string made for it where the runtime allows).</summary>
        public NamedSet? Find(string family, string table, ReadOnlySpan<char> name)
        {
#if NET9_0_OR_GREATER
            return _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var list) ? In(list, family, table) : null;
#else
            return Find(family, table, name.ToString());
#endif
        }

        private static NamedSet? In(List<NamedSet> list, string family, string table)
        {
            foreach (var s in list) if (s.Family == family && s.Table == table) return s;
            return null;
        }
    }

    internal sealed class NamedSet(string family, string table, JsonNode node)
    {
        public string Family { get; } = family;
        public string Table { get; } = table;
        public JsonNode Node { get; } = node;
        public AddressRangeSet? V4 { get; set; }
        public AddressRangeSet? V6 { get; set; }

        /// <summary>The <see cref="NftRuleMemo"/>'s number for this set's elements, once asked.</summary>
        public int? MemoId { get; set; }
    }

    public enum NftVerdict { None, Accept, Drop, Return, Jump, Goto, Unknown }

    public sealed class NftStateChain(string family, string table, string name, string? hook, string? type, int priority, string policy, int offset)
    {
        public string Family { get; } = family;
        public string Table { get; } = table;
        public string Name { get; } = name;

        /// <summary>The hook of a base chain; null for a regular chain (reached only by jump or goto).</summary>
        public string? Hook { get; } = hook;
        public string? Type { get; } = type;
        public int Priority { get; } = priority;
        public string Policy { get; } = policy;
        public int Offset { get; } = offset;
        public List<NftStateRule> Rules { get; } = new List<NftStateRule>();
        public string Key => Family + " " + Table + " " + Name;
        public override string ToString() => "chain " + Key;
    }

    public sealed class NftStateRule(NftStateChain chain, long handle, int offset, PacketSet match, NftVerdict verdict, string? target, int? dscp, string? uncertain, string text)
    {
        public NftStateChain Chain { get; } = chain;
        public long Handle { get; } = handle;
        public int Offset { get; } = offset;

        /// <summary>The packets the rule's known matches select (before anything earlier in the chain decided them).</summary>
        public PacketSet Match { get; } = match;
        public NftVerdict Verdict { get; } = verdict;
        public string? Target { get; } = target;
        public int? SetsDscp { get; } = dscp;

        /// <summary>Why the match is not exact (null when it is): the rule is read as matching and as not matching.</summary>
        public string? Uncertain { get; } = uncertain;

        /// <summary>The rule in nft words, shortened: "ip saddr @z1 tcp dport 443 accept".</summary>
        public string Text { get; } = text;

        public override string ToString() =>
            "rule handle " + Handle.ToString(CultureInfo.InvariantCulture) + " in " + Chain.Key + " (" + (Text.Length > 120 ? Text.Substring(0, 117) + "…" : Text) + ")";
    }

    /// <summary>Packet sets of nft match expressions.</summary>
    internal static class NftMatch
    {
        public static readonly PacketSet V4 = PacketSpace.Between(PacketSpace.IPv4, PacketSpace.IPv4);
        public static readonly PacketSet V6 = PacketSpace.Between(PacketSpace.IPv6, PacketSpace.IPv6);

        public static readonly AddressRangeSet Loopback =
            AddressRangeSet.FromPrefix(IpPrefix.Parse("127.0.0.0/8")).Union(AddressRangeSet.FromPrefix(IpPrefix.Parse("::1/128")));

        private static IntervalSet FullProtocols => IntervalSet.Full(IntervalSet.ProtocolMax);
        private static IntervalSet FullPorts => IntervalSet.Full(IntervalSet.PortMax);
        private static IntervalSet FullIcmp => IntervalSet.Full(IntervalSet.IcmpMax);

        public static PacketSet Protocols(IntervalSet protocols) =>
            PacketSpace.Between(AddressRangeSet.All, AddressRangeSet.All, protocols, FullPorts, FullIcmp, FullIcmp);

        public static PacketSet Ports(IntervalSet protocols, IntervalSet ports) =>
            PacketSpace.Between(AddressRangeSet.All, AddressRangeSet.All, protocols, ports, FullIcmp, FullIcmp);

        public static PacketSet SourcePorts(IntervalSet protocols, IntervalSet ports) =>
            PacketSpace.Between(AddressRangeSet.All, AddressRangeSet.All, protocols, FullPorts, FullIcmp, FullIcmp, ports);

        public static PacketSet Icmp(bool v4) =>
            (v4 ? V4 : V6).Intersect(Protocols(IntervalSet.FromValues(new[] { v4 ? 1UL : 58UL }, IntervalSet.ProtocolMax)));

        public static PacketSet IcmpTypes(IntervalSet types) =>
            PacketSpace.Between(AddressRangeSet.All, AddressRangeSet.All, FullProtocols, FullPorts, types, FullIcmp);

        public static PacketSet IcmpCodes(IntervalSet codes) =>
            PacketSpace.Between(AddressRangeSet.All, AddressRangeSet.All, FullProtocols, FullPorts, FullIcmp, codes);
    }
}
