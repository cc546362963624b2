using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.Junos
{
    /// <summary>
    /// Reads the hierarchical Junos text the backend emits: `firewall family inet|inet6 filter` terms and the
    /// `interfaces … unit … family … filter input|input-list` bindings. In an input-list, every filter before the last
    /// must only classify (each term ends in `next term`); the last one is the ACL. Anything else inside a filter term
    /// is an error, so an unexpected rendering fails validation instead of being skipped.
    /// </summary>
    public sealed class JunosAclReader : IAclReader
    {
        public string Platform => JunosPlatform.Description.Name;

        private sealed class Node
        {
            public List<string> Words { get; } = new List<string>();
            public List<Node>? Children { get; set; }
            public int Line { get; set; }
            public string Head => Words.Count > 0 ? Words[0] : "";
        }

        public ParsedConfig Read(string text)
        {
            var root = IsSetFormat(text) ? FromSetLines(text) : Parse(text);
            var parsed = new ParsedConfig();
            var classifyOnly = new HashSet<string>(StringComparer.Ordinal);
            // policy-options prefix-list NAME { PREFIX; … }: what a term's source-prefix-list and destination-prefix-list name.
            var lists = new Dictionary<string, List<(string Prefix, int Line)>>(StringComparer.Ordinal);
            foreach (var po in root.Where(n => n.Head == "policy-options" && n.Children != null))
                foreach (var pl in po.Children!.Where(n => n.Head == "prefix-list" && n.Words.Count == 2))
                {
                    if (!lists.TryGetValue(pl.Words[1], out var items)) lists[pl.Words[1]] = items = new List<(string, int)>();
                    foreach (var item in pl.Children ?? new List<Node>())
                    {
                        if (item.Words.Count != 1 || item.Children != null) throw new AclReadException(item.Line, "expected a prefix in prefix-list '" + pl.Words[1] + "'");
                        items.Add((item.Words[0], item.Line));
                    }
                }
            foreach (var firewall in root.Where(n => n.Head == "firewall" && n.Children != null))
                foreach (var fam in firewall.Children!.Where(n => n.Head == "family" && n.Children != null))
                {
                    var family = fam.Words.Count == 2 && fam.Words[1] == "inet" ? AclFamily.IPv4
                        : fam.Words.Count == 2 && fam.Words[1] == "inet6" ? AclFamily.IPv6
                        : throw new AclReadException(fam.Line, "unexpected family '" + string.Join(" ", fam.Words) + "'");
                    foreach (var f in fam.Children!)
                    {
                        if (f.Head != "filter" || f.Words.Count != 2 || f.Children == null) throw new AclReadException(f.Line, "expected 'filter NAME {', found '" + string.Join(" ", f.Words) + "'");
                        var acl = new ParsedAcl(f.Words[1], family) { Line = f.Line };
                        bool allNext = true;
                        foreach (var term in f.Children)
                        {
                            // interface-specific: counters and policers per interface (Capirca writes it); no effect on what passes.
                            if (term.Head == "interface-specific" && term.Words.Count == 1 && term.Children == null) continue;
                            if (term.Head != "term" || term.Children == null) throw new AclReadException(term.Line, "expected 'term NAME {'");
                            var (entries, next) = Term(term, family, lists);
                            if (next) continue;
                            allNext = false;
                            foreach (var entry in entries!) acl.Add(entry, term.Line, "term " + term.Words.ElementAtOrDefault(1));
                        }
                        if (allNext && f.Children.Count > 0) classifyOnly.Add(acl.Name);
                        if (parsed.Acls.ContainsKey(acl.Name)) throw new AclReadException(f.Line, "filter '" + acl.Name + "' defined twice");
                        parsed.Acls[acl.Name] = acl;
                    }
                }
            foreach (var interfaces in root.Where(n => n.Head == "interfaces" && n.Children != null))
                foreach (var ifd in interfaces.Children!.Where(n => n.Children != null))
                    foreach (var unit in ifd.Children!.Where(n => n.Head == "unit" && n.Children != null && n.Words.Count == 2))
                        foreach (var fam in unit.Children!.Where(n => n.Head == "family" && n.Children != null))
                        {
                            var family = fam.Words[1] == "inet" ? AclFamily.IPv4 : fam.Words[1] == "inet6" ? AclFamily.IPv6 : (AclFamily?)null;
                            if (family == null) continue;
                            foreach (var filter in fam.Children!.Where(n => n.Head == "filter" && n.Children != null))
                                foreach (var b in filter.Children!)
                                {
                                    string acl;
                                    if (b.Head == "input" && b.Words.Count == 2) acl = b.Words[1];
                                    else if (b.Head == "input-list" && b.Words.Count >= 4 && b.Words[1] == "[" && b.Words[b.Words.Count - 1] == "]")
                                    {
                                        var list = b.Words.Skip(2).Take(b.Words.Count - 3).ToList();
                                        foreach (var before in list.Take(list.Count - 1))
                                            if (!classifyOnly.Contains(before))
                                                throw new AclReadException(b.Line, "filter '" + before + "' precedes the ACL in an input-list but can accept or discard");
                                        acl = list[list.Count - 1];
                                    }
                                    else if (b.Head == "output" || b.Head == "output-list") continue;
                                    else throw new AclReadException(b.Line, "unexpected filter binding '" + string.Join(" ", b.Words) + "'");
                                    var names = ifd.Head == "irb" ? new[] { "irb." + unit.Words[1] }
                                        : unit.Words[1] == "0" ? new[] { ifd.Head, ifd.Head + ".0" } : new[] { ifd.Head + "." + unit.Words[1] };
                                    foreach (var n in names) parsed.Bindings.Add(new AclBinding(n, acl, family.Value, inbound: b.Head.StartsWith("input", StringComparison.Ordinal)));
                                }
                        }
            return parsed;
        }

        private static (List<AclEntry>? Entries, bool Next) Term(Node term, AclFamily family, Dictionary<string, List<(string Prefix, int Line)>> lists)
        {
            int? type = null, code = null;
            List<int?> protocols = new List<int?> { null };
            List<IpPrefix>? src = null, dst = null;
            List<Interval>? sport = null, dport = null;
            bool established = false, log = false, next = false;
            AclAction? action = null;
            foreach (var part in term.Children!)
            {
                if (part.Head == "from" && part.Children != null)
                {
                    foreach (var m in part.Children)
                    {
                        switch (m.Head)
                        {
                            case "source-address": src = Prefixes(m, family); break;
                            case "destination-address": dst = Prefixes(m, family); break;
                            case "source-prefix-list": src = FromLists(m, family, lists); break;
                            case "destination-prefix-list": dst = FromLists(m, family, lists); break;
                            case "protocol" when family == AclFamily.IPv4:
                            case "next-header" when family == AclFamily.IPv6:
                                protocols = Values(m).Select(v => (int?)Protocol(v, m.Line)).ToList(); break;
                            case "source-port": sport = Ports(m); break;
                            case "destination-port": dport = Ports(m); break;
                            case "icmp-type": type = IcmpType(Single(m), family, m.Line); break;
                            case "icmp-code": code = AclFields.Number(Single(m), m.Line, 255); break;
                            case "tcp-established" when m.Words.Count == 1 && m.Children == null: established = true; break;
                            default: throw new AclReadException(m.Line, "unexpected match condition '" + string.Join(" ", m.Words) + "'");
                        }
                    }
                }
                else if (part.Head == "then")
                {
                    var actions = part.Children != null ? part.Children.Select(c => string.Join(" ", c.Words)).ToList() : new List<string> { string.Join(" ", part.Words.Skip(1)) };
                    foreach (var a in actions)
                    {
                        if (a == "accept") action = AclAction.Permit;
                        else if (a == "discard") action = AclAction.Deny;
                        else if (a == "syslog" || a == "log") log = true;
                        else if (a == "reject" || a.StartsWith("reject ", StringComparison.Ordinal)) action = AclAction.Deny;
                        else if (a.StartsWith("count ", StringComparison.Ordinal) || a == "sample") { }
                        else if (a == "next term") next = true;
                        else if (a.StartsWith("forwarding-class ", StringComparison.Ordinal) || a.StartsWith("loss-priority ", StringComparison.Ordinal)
                                 || a.StartsWith("policer ", StringComparison.Ordinal)) { }
                        else throw new AclReadException(part.Line, "unexpected action '" + a + "'");
                    }
                }
                else throw new AclReadException(part.Line, "unexpected '" + string.Join(" ", part.Words) + "' in a term");
            }
            if (next)
            {
                if (action != null) throw new AclReadException(term.Line, "a term both goes to the next term and accepts or discards");
                return (null, true);
            }
            // A Junos term without a terminating action accepts. A list of protocols is an entry per protocol.
            return (protocols.Select(protocol => new AclEntry(action ?? AclAction.Permit, protocol, src, dst, sport, dport, type, code, established, log)).ToList(), false);
        }

        /// <summary>The prefixes of the named prefix-lists of the filter's family (a prefix-list may hold both families).</summary>
        private static List<IpPrefix> FromLists(Node m, AclFamily family, Dictionary<string, List<(string Prefix, int Line)>> lists)
        {
            var names = m.Children != null ? m.Children.Select(c => c.Words.Count == 1 ? c.Words[0] : throw new AclReadException(c.Line, "expected a prefix-list name")).ToList()
                : new List<string> { Single(m) };
            var result = new List<IpPrefix>();
            foreach (var name in names)
            {
                if (!lists.TryGetValue(name, out var items)) throw new AclReadException(m.Line, "prefix-list '" + name + "' is not defined under policy-options");
                foreach (var (text, line) in items)
                {
                    if (!IpPrefix.TryParse(text, out var p)) throw new AclReadException(line, "expected a prefix, found '" + text + "'");
                    if (p.IsIPv4 == (family == AclFamily.IPv4)) result.Add(p);
                }
            }
            return result;
        }

        /// <summary>The values of a statement: one, or a bracketed list (<c>protocol [ udp tcp ];</c>).</summary>
        private static List<string> Values(Node m) =>
            m.Words.Count >= 4 && m.Words[1] == "[" && m.Words[m.Words.Count - 1] == "]" ? m.Words.Skip(2).Take(m.Words.Count - 3).ToList() : new List<string> { Single(m) };

        /// <summary>ICMP type keywords of Junos firewall filters (family inet).</summary>
        private static readonly Dictionary<string, int> s_icmpTypes = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["echo-reply"] = 0, ["unreachable"] = 3, ["source-quench"] = 4, ["redirect"] = 5, ["echo-request"] = 8, ["router-advertisement"] = 9,
            ["router-solicit"] = 10, ["time-exceeded"] = 11, ["parameter-problem"] = 12, ["timestamp"] = 13, ["timestamp-reply"] = 14,
            ["info-request"] = 15, ["info-reply"] = 16, ["mask-request"] = 17, ["mask-reply"] = 18,
        };

        /// <summary>ICMPv6 type keywords of Junos firewall filters (family inet6).</summary>
        private static readonly Dictionary<string, int> s_icmpv6Types = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["destination-unreachable"] = 1, ["packet-too-big"] = 2, ["time-exceeded"] = 3, ["parameter-problem"] = 4, ["echo-request"] = 128,
            ["echo-reply"] = 129, ["membership-query"] = 130, ["membership-report"] = 131, ["membership-termination"] = 132, ["router-solicit"] = 133,
            ["router-advertisement"] = 134, ["neighbor-solicit"] = 135, ["neighbor-advertisement"] = 136, ["redirect"] = 137,
        };

        /// <summary>An ICMP type by number or by its Junos keyword.</summary>
        private static int IcmpType(string v, AclFamily family, int line) =>
            (family == AclFamily.IPv4 ? s_icmpTypes : s_icmpv6Types).TryGetValue(v, out var t) ? t : AclFields.Number(v, line, 255);

        private static string Single(Node m)
        {
            if (m.Words.Count != 2 || m.Children != null) throw new AclReadException(m.Line, "expected one value after '" + m.Head + "'");
            return m.Words[1];
        }

        private static List<IpPrefix> Prefixes(Node m, AclFamily family)
        {
            // "10.2.2.25/32 except;" leaves a prefix out of the others (Capirca writes its excludes so).
            var values = m.Children != null
                ? m.Children.Select(c => c.Words.Count == 1 ? (c.Words[0], false) : c.Words.Count == 2 && c.Words[1] == "except" ? (c.Words[0], true) : throw new AclReadException(c.Line, "expected a prefix")).ToList()
                : new List<(string, bool)> { (Single(m), false) };
            var result = new List<IpPrefix>();
            var excepted = new List<IpPrefix>();
            foreach (var (v, except) in values)
            {
                if (!IpPrefix.TryParse(v, out var p) || p.IsIPv4 != (family == AclFamily.IPv4)) throw new AclReadException(m.Line, "expected a " + family + " prefix, found '" + v + "'");
                (except ? excepted : result).Add(p);
            }
            if (excepted.Count == 0) return result;
            return AddressRangeSet.FromPrefixes(result).Except(AddressRangeSet.FromPrefixes(excepted)).ToPrefixes().ToList();
        }

        private static List<Interval> Ports(Node m)
        {
            var values = m.Words.Count >= 4 && m.Words[1] == "[" && m.Words[m.Words.Count - 1] == "]" ? m.Words.Skip(2).Take(m.Words.Count - 3).ToList() : new List<string> { Single(m) };
            return values.Select(v => s_portNames.TryGetValue(v, out var named) ? new Interval((ulong)named, (ulong)named) : AclFields.PortRange(v, m.Line, '-')).ToList();
        }

        /// <summary>
        /// The text synonyms Junos takes for a port in <c>source-port</c> and <c>destination-port</c> (<c>destination-port
        /// [ ssh https ];</c>), from its firewall filter match conditions: one number each, whatever the protocol. A
        /// configuration edited by hand holds them; any other word stays an error.
        /// </summary>
        private static readonly Dictionary<string, int> s_portNames = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["afs"] = 1483, ["bgp"] = 179, ["biff"] = 512, ["bootpc"] = 68, ["bootps"] = 67, ["cmd"] = 514, ["cvspserver"] = 2401,
            ["dhcp"] = 67, ["domain"] = 53, ["eklogin"] = 2105, ["ekshell"] = 2106, ["exec"] = 512, ["finger"] = 79, ["ftp"] = 21,
            ["ftp-data"] = 20, ["http"] = 80, ["https"] = 443, ["ident"] = 113, ["imap"] = 143, ["kerberos-sec"] = 88, ["klogin"] = 543,
            ["kpasswd"] = 761, ["krb-prop"] = 754, ["krbupdate"] = 760, ["kshell"] = 544, ["ldap"] = 389, ["ldp"] = 646, ["login"] = 513,
            ["mobileip-agent"] = 434, ["mobilip-mn"] = 435, ["msdp"] = 639, ["netbios-dgm"] = 138, ["netbios-ns"] = 137,
            ["netbios-ssn"] = 139, ["nfsd"] = 2049, ["nntp"] = 119, ["ntalk"] = 518, ["ntp"] = 123, ["pop3"] = 110, ["pptp"] = 1723,
            ["printer"] = 515, ["radacct"] = 1813, ["radius"] = 1812, ["rip"] = 520, ["rkinit"] = 2108, ["smtp"] = 25, ["snmp"] = 161,
            ["snmptrap"] = 162, ["snpp"] = 444, ["socks"] = 1080, ["ssh"] = 22, ["sunrpc"] = 111, ["syslog"] = 514, ["tacacs"] = 49,
            ["tacacs-ds"] = 65, ["talk"] = 517, ["telnet"] = 23, ["tftp"] = 69, ["timed"] = 525, ["who"] = 513, ["xdmcp"] = 177,
            ["zephyr-clt"] = 2103, ["zephyr-hm"] = 2104,
        };

        private static int Protocol(string v, int line) => v switch
        {
            "icmp" => 1,
            "tcp" => 6,
            "udp" => 17,
            "icmp6" or "icmpv6" => 58,
            "sctp" => 132,
            "igmp" => 2,
            "ipip" => 4,
            "rsvp" => 46,
            "gre" => 47,
            "esp" => 50,
            "ah" => 51,
            "ospf" => 89,
            "pim" => 103,
            "vrrp" => 112,
            _ => AclFields.Number(v, line, 255),
        };

        /// <summary>Every statement of a configuration (hierarchical or display set) as its full path of words, with its line.</summary>
        /// <param name="skipTop">Hierarchies left out whole, by their first word ("firewall"): their statements are not made into
        /// paths (a switch's filters are most of its configuration, and the settings comparison leaves them out).</param>
        public static IEnumerable<(IReadOnlyList<string> Words, int Line)> Statements(string text, Func<string, bool>? skipTop = null)
        {
            if (IsSetFormat(text))
            {
                var lines = text.Split('\n');
                for (int n = 0; n < lines.Length; n++)
                {
                    if (skipTop != null && SetTopWord(lines[n]) is { } top && skipTop(top)) continue;
                    var words = Tokenize(lines[n].Trim()).Select(t => t.Item1).ToList();
                    if (words.Count > 1 && words[0] == "set") yield return (words.Skip(1).ToList(), n + 1);
                }
                yield break;
            }
            var stack = new List<(List<Node> Nodes, int Index, List<string> Path)> { (Parse(text), 0, new List<string>()) };
            while (stack.Count > 0)
            {
                var (nodes, index, path) = stack[stack.Count - 1];
                if (index >= nodes.Count) { stack.RemoveAt(stack.Count - 1); continue; }
                stack[stack.Count - 1] = (nodes, index + 1, path);
                var node = nodes[index];
                if (skipTop != null && path.Count == 0 && node.Words.Count > 0 && skipTop(node.Words[0])) continue;
                var full = path.Concat(node.Words.Where(w => w != "[" && w != "]")).ToList();
                if (node.Children != null) stack.Add((node.Children, 0, full));
                else if (node.Words.Contains("["))
                {
                    int open = node.Words.IndexOf("[");
                    foreach (var v in node.Words.Skip(open + 1).Where(w => w != "]")) yield return (path.Concat(node.Words.Take(open)).Append(v).ToList(), node.Line);
                }
                else yield return (full, node.Line);
            }
        }

        /// <summary>The word after "set" of a plain set command ("set firewall family ..." gives "firewall"), or null.</summary>
        private static string? SetTopWord(string line)
        {
            var l = line.AsSpan().Trim();
            if (l.Length < 4 || !l.StartsWith("set".AsSpan()) || !char.IsWhiteSpace(l[3])) return null;
            l = l.Slice(3).TrimStart();
            int end = 0;
            // A word ends as the tokenizer ends it (Tokenize).
            while (end < l.Length && !char.IsWhiteSpace(l[end]) && "{};[]\"".IndexOf(l[end]) < 0) end++;
            return end == 0 ? null : l.Slice(0, end).ToString();
        }

        /// <summary>Whether the text is <c>show configuration | display set</c> output: its first command is a set command.</summary>
        public static bool IsSetFormat(string text)
        {
            // Line by line until the first command, without splitting the whole configuration into strings (this is asked of
            // every Junos export, twice, and the answer is on one of its first lines).
            int start = 0;
            while (start <= text.Length)
            {
                int end = text.IndexOf('\n', start);
                if (end < 0) end = text.Length;
                var l = text.AsSpan(start, end - start).Trim();
                start = end + 1;
                if (l.Length == 0 || l[0] == '#') continue;
                return l.StartsWith("set ".AsSpan()) || l.StartsWith("deactivate ".AsSpan());
            }
            return false;
        }

        private static readonly HashSet<string> s_prefixLists = new HashSet<string>(StringComparer.Ordinal)
            { "source-address", "destination-address", "address", "source-prefix-list", "destination-prefix-list" };
        private static readonly HashSet<string> s_valueLists = new HashSet<string>(StringComparer.Ordinal) { "source-port", "destination-port", "port", "input-list", "output-list" };

        /// <summary>
        /// The tree of <c>display set</c> output, as the hierarchical text would give it, for the parts this reader reads
        /// (firewall filters and interface filter bindings; other statements are skipped). Repeated values of a list
        /// (addresses, ports, input-list) gather into one statement; <c>deactivate</c> removes what it names.
        /// </summary>
        private static List<Node> FromSetLines(string text)
        {
            var root = new List<Node>();
            var lines = text.Split('\n');
            for (int n = 0; n < lines.Length; n++)
            {
                int line = n + 1;
                var l = lines[n].Trim();
                if (l.Length == 0 || l.StartsWith("#", StringComparison.Ordinal)) continue;
                var words = Tokenize(l).Select(t => t.Item1).ToList();
                if (words.Count == 0) continue;
                bool deactivate = words[0] == "deactivate";
                if (words[0] != "set" && !deactivate && words[0] != "delete")
                    throw new AclReadException(line, "expected a set command (show configuration | display set), found '" + words[0] + "'");
                if (words[0] == "delete") continue;
                var path = new List<List<string>>();
                int i = 1;
                if (i < words.Count && words[i] == "firewall")
                {
                    path.Add(new List<string> { "firewall" });
                    i++;
                    if (!Take(words, ref i, path, "family", 2) || !Take(words, ref i, path, "filter", 2)) continue;
                    if (!Take(words, ref i, path, "term", 2)) { if (deactivate) Remove(root, path); continue; }
                    if (i < words.Count && (words[i] == "from" || words[i] == "then")) path.Add(new List<string> { words[i++] });
                }
                else if (i < words.Count && words[i] == "policy-options")
                {
                    path.Add(new List<string> { "policy-options" });
                    i++;
                    if (!Take(words, ref i, path, "prefix-list", 2)) continue;
                }
                else if (i + 1 < words.Count && words[i] == "interfaces")
                {
                    path.Add(new List<string> { "interfaces" });
                    path.Add(new List<string> { words[i + 1] });
                    i += 2;
                    if (!Take(words, ref i, path, "unit", 2) || !Take(words, ref i, path, "family", 2)) continue;
                    if (i < words.Count && words[i] == "filter") path.Add(new List<string> { words[i++] });
                    else continue;
                }
                else continue;
                if (deactivate)
                {
                    Remove(root, i < words.Count ? path.Concat(new[] { words.Skip(i).ToList() }).ToList() : path);
                    continue;
                }
                var parent = Ensure(root, path, line);
                if (i >= words.Count) continue;
                var head = words[i];
                var values = words.Skip(i + 1).ToList();
                bool prefixList = s_prefixLists.Contains(head) && values.Count == 1;
                // A list gathers into the statement of its own shape; any other repeat stays a statement of its own (and the term reader rejects it).
                var existing = parent.Children!.FirstOrDefault(c => c.Head == head && (c.Children != null) == prefixList);
                if (prefixList)
                {
                    if (existing == null) parent.Children!.Add(existing = new Node { Line = line, Children = new List<Node>() });
                    if (existing.Words.Count == 0) existing.Words.Add(head);
                    existing.Children!.Add(new Node { Line = line, Words = { values[0] } });
                }
                else if (s_valueLists.Contains(head) && values.Count == 1)
                {
                    if (existing == null)
                    {
                        var leaf = new Node { Line = line };
                        leaf.Words.Add(head);
                        leaf.Words.Add(values[0]);
                        parent.Children!.Add(leaf);
                    }
                    else if (existing.Words.Count == 2) { existing.Words.Insert(1, "["); existing.Words.Add(values[0]); existing.Words.Add("]"); }
                    else existing.Words.Insert(existing.Words.Count - 1, values[0]);
                }
                else
                {
                    var leaf = new Node { Line = line };
                    leaf.Words.AddRange(words.Skip(i));
                    parent.Children!.Add(leaf);
                }
            }
            return root;
        }

        private static bool Take(List<string> words, ref int i, List<List<string>> path, string keyword, int count)
        {
            if (i + count - 1 >= words.Count || words[i] != keyword) return false;
            path.Add(words.Skip(i).Take(count).ToList());
            i += count;
            return true;
        }

        private static Node Ensure(List<Node> root, List<List<string>> path, int line)
        {
            var level = root;
            Node? node = null;
            foreach (var words in path)
            {
                node = level.FirstOrDefault(c => c.Children != null && c.Words.SequenceEqual(words));
                if (node == null)
                {
                    node = new Node { Line = line, Children = new List<Node>() };
                    node.Words.AddRange(words);
                    level.Add(node);
                }
                level = node.Children!;
            }
            return node!;
        }

        private static void Remove(List<Node> root, List<List<string>> path)
        {
            var level = root;
            for (int k = 0; k < path.Count; k++)
            {
                var node = level.FirstOrDefault(c => c.Words.SequenceEqual(path[k]))
                    ?? (k == path.Count - 1 && path[k].Count > 0 ? level.FirstOrDefault(c => c.Children == null && c.Head == path[k][0]) : null);
                if (node == null) return;
                if (k == path.Count - 1) { level.Remove(node); return; }
                if (node.Children == null) return;
                level = node.Children;
            }
        }

        private static List<Node> Parse(string text)
        {
            var tokens = Tokenize(text);
            int pos = 0;
            var top = Block(tokens, ref pos, topLevel: true);
            return top;
        }

        private static List<Node> Block(List<(string Text, int Line)> tokens, ref int pos, bool topLevel)
        {
            var nodes = new List<Node>();
            var current = new Node();
            // 'inactive:' before a statement (what show configuration prints for a deactivated one): the box leaves it out, and
            // so does the reader. 'protect:' and load's 'replace:' tag a statement without changing it.
            bool inactive = false;
            while (pos < tokens.Count)
            {
                var (t, line) = tokens[pos++];
                if (current.Words.Count == 0 && (t == "replace:" || t == "protect:")) continue;
                if (current.Words.Count == 0 && t == "inactive:") { inactive = true; continue; }
                if (current.Words.Count == 0) current.Line = line;
                if (t == ";")
                {
                    if (current.Words.Count == 0) throw new AclReadException(line, "empty statement");
                    if (!inactive) nodes.Add(current);
                    current = new Node();
                    inactive = false;
                }
                else if (t == "{")
                {
                    if (current.Words.Count == 0) throw new AclReadException(line, "a block without a name");
                    current.Children = Block(tokens, ref pos, topLevel: false);
                    if (!inactive) nodes.Add(current);
                    current = new Node();
                    inactive = false;
                }
                else if (t == "}")
                {
                    if (topLevel) throw new AclReadException(line, "unbalanced '}'");
                    if (current.Words.Count > 0) throw new AclReadException(line, "statement without ';'");
                    return nodes;
                }
                else current.Words.Add(t);
            }
            if (!topLevel) throw new AclReadException(tokens.Count > 0 ? tokens[tokens.Count - 1].Line : 1, "unterminated block");
            if (current.Words.Count > 0) throw new AclReadException(current.Line, "statement without ';'");
            return nodes;
        }

        /// <summary>The one string of each punctuation token (a configuration has one per statement).</summary>
        private static string Punctuation(char c) => c switch { '{' => "{", '}' => "}", ';' => ";", '[' => "[", _ => "]" };

        private static List<(string, int)> Tokenize(string text)
        {
            var tokens = new List<(string, int)>();
            int line = 1;
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '\n') { line++; i++; continue; }
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c == '#') { while (i < text.Length && text[i] != '\n') i++; continue; }
                if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0) throw new AclReadException(line, "unterminated comment");
                    line += text.Substring(i, end - i).Count(ch => ch == '\n');
                    i = end + 2;
                    continue;
                }
                if (c == '"')
                {
                    int end = text.IndexOf('"', i + 1);
                    if (end < 0 || text.IndexOf('\n', i, end - i) >= 0) throw new AclReadException(line, "unterminated string");
                    tokens.Add((text.Substring(i, end - i + 1), line));
                    i = end + 1;
                    continue;
                }
                if (c == '{' || c == '}' || c == ';' || c == '[' || c == ']') { tokens.Add((Punctuation(c), line)); i++; continue; }
                int start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && "{};[]\"".IndexOf(text[i]) < 0) i++;
                tokens.Add((text.Substring(start, i - start), line));
            }
            return tokens;
        }
    }
}
