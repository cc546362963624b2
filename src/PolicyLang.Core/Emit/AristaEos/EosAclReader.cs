using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.AristaEos
{
    /// <summary>
    /// Reads the filters of an EOS configuration: ACLs (<c>ip|ipv6 access-list NAME</c> and their numbered entries, bound
    /// with <c>ip|ipv6 access-group NAME in|out</c>) and traffic-policies (the <c>traffic-policies</c> section's field-sets
    /// and policies, bound with <c>traffic-policy input|output NAME</c>). A traffic-policy becomes one list per family,
    /// named <c>NAME/ipv4</c> and <c>NAME/ipv6</c>: its matches in order (the first that matches decides), one entry per
    /// protocol, ICMP type and code of each <c>protocol</c> line (several lines are alternatives; see
    /// <see cref="EosProtocolMatch"/>), then the family's default match: <c>drop</c> denies the rest, and without one EOS
    /// forwards it, so the list ends with a permit of everything. A match without <c>drop</c> forwards; <c>count</c> and
    /// the policy's <c>counter</c> line decide nothing. A prefix field-set holds prefixes and <c>except</c> prefixes, which
    /// it leaves out of them. <c>no traffic-policy NAME</c> (in configuration text such as Capirca's arista_tp output)
    /// removes the policy read before under that name. An <c>ip length</c> condition has no dimension in the header space:
    /// such a match is refused unless the reader is asked for the widest or narrowest reading (<see cref="LengthReading"/>).
    /// Other sections are skipped; inside an ACL or the traffic-policies section, anything this reader does not know is an
    /// error.
    /// </summary>
    public sealed class EosAclReader : CliAclReader
    {
        private readonly LengthReading _length;

        public EosAclReader() : this(LengthReading.Refuse)
        {
        }

        /// <param name="length">How a match with an <c>ip length</c> condition is read.</param>
        public EosAclReader(LengthReading length) => _length = length;

        /// <summary>
        /// How a match that also matches on the packet length (<c>ip length 500-5000</c>) is read. The header space has no
        /// length, so such a match stands for an unknown part of its packets. Refused by default (an
        /// <see cref="AclReadException"/> naming the line); the widest reading lets through every packet the policy could let
        /// through whatever the packets' lengths (permits read without the condition, drops left out), the narrowest only
        /// those it lets through at every length (drops read without the condition, permits left out): the truth lies
        /// between them, and where they agree it is exact.
        /// </summary>
        public enum LengthReading { Refuse, Widest, Narrowest }

        public override string Platform => AristaEosPlatform.Description.Name;

        /// <summary>The name under which a traffic-policy's list of one family is read.</summary>
        public static string PolicyList(string policy, AclFamily family) => policy + (family == AclFamily.IPv4 ? "/ipv4" : "/ipv6");

        protected override (string Name, AclFamily Family)? AclHeader(string[] w, int line) =>
            w.Length == 3 && (w[0] == "ip" || w[0] == "ipv6") && w[1] == "access-list" ? (w[2], w[0] == "ip" ? AclFamily.IPv4 : AclFamily.IPv6) : null;

        protected override AclBinding? Binding(string interfaceName, string[] w) => Bound(interfaceName, w, "access-group", "access-group");

        protected override IEnumerable<AclBinding> Bindings(string interfaceName, string[] w)
        {
            if (w.Length == 3 && w[0] == "traffic-policy" && (w[1] == "input" || w[1] == "output"))
                return new[]
                {
                    new AclBinding(interfaceName, PolicyList(w[2], AclFamily.IPv4), AclFamily.IPv4, w[1] == "input"),
                    new AclBinding(interfaceName, PolicyList(w[2], AclFamily.IPv6), AclFamily.IPv6, w[1] == "input"),
                };
            return base.Bindings(interfaceName, w);
        }

        protected override Session Begin() => new PolicySession(_length);

        protected override void Finish(Session session, ParsedConfig config) => ((PolicySession)session).Finish(config);

        private sealed class Match(string name, AclFamily family, int line)
        {
            public string Name { get; } = name;
            public AclFamily Family { get; } = family;
            public int Line { get; } = line;
            public List<(string Word, int Line)>? Sources { get; set; }
            public List<(string Word, int Line)>? Destinations { get; set; }
            public List<(string[] Words, int Line)> Protocols { get; } = new List<(string[], int)>();
            public (string Text, int Line)? Length { get; set; }
            public bool Drop { get; set; }
            public bool Log { get; set; }
        }

        private sealed class Policy(string name, int line)
        {
            public string Name { get; } = name;
            public int Line { get; } = line;
            public List<Match> Matches { get; } = new List<Match>();
        }

        /// <summary>
        /// The port names EOS takes in ACL entries (<c>permit tcp any any eq www</c>) and shows in its running configuration,
        /// by protocol: the names Capirca's <c>arista</c> generator writes (its PortMap for arista, which follows EOS's CLI).
        /// </summary>
        public static int? PortName(int protocol, string name) => s_portNames.Find(protocol, name);

        private static readonly Dictionary<string, int> TcpPorts = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["bgp"] = 179, ["chargen"] = 19, ["cmd"] = 514, ["daytime"] = 13, ["discard"] = 9, ["domain"] = 53, ["echo"] = 7,
            ["exec"] = 512, ["finger"] = 79, ["ftp"] = 21, ["ftp-data"] = 20, ["gopher"] = 70, ["https"] = 443, ["ident"] = 113,
            ["imap"] = 143, ["irc"] = 194, ["kerberos"] = 88, ["klogin"] = 543, ["kshell"] = 544, ["ldap"] = 389, ["ldaps"] = 636,
            ["login"] = 513, ["lpd"] = 515, ["nfs"] = 2049, ["nntp"] = 119, ["pim-auto-rp"] = 496, ["pop2"] = 109, ["pop3"] = 110,
            ["pptp"] = 1723, ["smtp"] = 25, ["ssh"] = 22, ["sunrpc"] = 111, ["tacacs"] = 49, ["talk"] = 517, ["telnet"] = 23,
            ["uucp"] = 540, ["whois"] = 43, ["www"] = 80,
        };

        private static readonly Dictionary<string, int> UdpPorts = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["biff"] = 512, ["bootpc"] = 68, ["bootps"] = 67, ["discard"] = 9, ["dnsix"] = 195, ["domain"] = 53, ["echo"] = 7,
            ["isakmp"] = 500, ["kerberos"] = 88, ["mobile-ip"] = 434, ["nameserver"] = 42, ["netbios-dgm"] = 138, ["netbios-ns"] = 137,
            ["nfs"] = 2049, ["ntp"] = 123, ["pim-auto-rp"] = 496, ["radius"] = 1812, ["radius-acct"] = 1813, ["rip"] = 520,
            ["snmp"] = 161, ["snmptrap"] = 162, ["sunrpc"] = 111, ["syslog"] = 514, ["tacacs"] = 49, ["talk"] = 517, ["tftp"] = 69,
            ["time"] = 37, ["who"] = 513, ["xdmcp"] = 177,
        };

        // After the two lists: static fields are set in the order they are written.
        private static readonly PortNameTable s_portNames = new PortNameTable(TcpPorts, UdpPorts);

        /// <summary>What the traffic-policies section holds, collected line by line and turned into lists at the end (a
        /// match may name a field-set defined after it).</summary>
        private sealed class PolicySession(LengthReading length) : Session(new CliAclEntryParser(portName: PortName))
        {
            private readonly Dictionary<string, PrefixSet> _prefixSets = new Dictionary<string, PrefixSet>(StringComparer.Ordinal);
            private readonly Dictionary<string, List<Interval>> _portSets = new Dictionary<string, List<Interval>>(StringComparer.Ordinal);
            private readonly List<Policy> _policies = new List<Policy>();
            private PrefixSet? _prefixSet;
            private List<Interval>? _portSet;
            private Policy? _policy;
            private Match? _match;
            private bool _actions;

            public override Action<string[], int>? Section(string[] header, int line)
            {
                if (header.Length != 1 || header[0] != "traffic-policies") return null;
                // A second section (aclgen writes one per policy) starts afresh: nothing of the last one goes on.
                _prefixSet = null;
                _portSet = null;
                _policy = null;
                _match = null;
                _actions = false;
                return Line;
            }

            private void Line(string[] w, int line)
            {
                switch (w[0])
                {
                    case "field-set":
                        _prefixSet = null;
                        _portSet = null;
                        _policy = null;
                        _match = null;
                        if (w.Length == 4 && (w[1] == "ipv4" || w[1] == "ipv6") && w[2] == "prefix")
                        {
                            if (_prefixSets.ContainsKey(w[3]) || _portSets.ContainsKey(w[3])) throw new AclReadException(line, "field-set '" + w[3] + "' defined twice");
                            _prefixSet = new PrefixSet(w[1] == "ipv4" ? AclFamily.IPv4 : AclFamily.IPv6);
                            _prefixSets[w[3]] = _prefixSet;
                        }
                        else if (w.Length == 3 && w[1] == "l4-port")
                        {
                            _portSet = new List<Interval>();
                            if (_prefixSets.ContainsKey(w[2]) || _portSets.ContainsKey(w[2])) throw new AclReadException(line, "field-set '" + w[2] + "' defined twice");
                            _portSets[w[2]] = _portSet;
                        }
                        else throw new AclReadException(line, "expected 'field-set ipv4|ipv6 prefix NAME' or 'field-set l4-port NAME'");
                        return;
                    case "traffic-policy":
                        _prefixSet = null;
                        _portSet = null;
                        _match = null;
                        if (w.Length != 2) throw new AclReadException(line, "expected 'traffic-policy NAME'");
                        if (_policies.Any(p => p.Name == w[1])) throw new AclReadException(line, "traffic-policy '" + w[1] + "' defined twice");
                        _policy = new Policy(w[1], line);
                        _policies.Add(_policy);
                        return;
                    case "no":
                        // 'no traffic-policy NAME' (aclgen writes it before each policy, to replace one configured before) removes
                        // the policy read so far under that name; no other 'no' form is read.
                        if (w.Length != 3 || w[1] != "traffic-policy") throw new AclReadException(line, "unsupported '" + string.Join(" ", w) + "'");
                        _policies.RemoveAll(p => p.Name == w[2]);
                        _prefixSet = null;
                        _portSet = null;
                        _policy = null;
                        _match = null;
                        return;
                }
                if (_prefixSet != null)
                {
                    bool except = w[0] == "except";
                    if (except && w.Length == 1) throw new AclReadException(line, "expected prefixes after 'except'");
                    foreach (var value in w.Skip(except ? 1 : 0)) (except ? _prefixSet.Excepts : _prefixSet.Includes).Add(Prefix(value, _prefixSet.Family, line));
                    return;
                }
                if (_portSet != null)
                {
                    _portSet.AddRange(EosProtocolMatch.PortList(string.Join("", w), line));
                    return;
                }
                if (_policy == null) throw new AclReadException(line, "unexpected '" + w[0] + "' outside a field-set or traffic-policy");
                if (w[0] == "match")
                {
                    if (w.Length != 3 || (w[2] != "ipv4" && w[2] != "ipv6")) throw new AclReadException(line, "expected 'match NAME ipv4|ipv6'");
                    if (_policy.Matches.Any(m => m.Name == w[1])) throw new AclReadException(line, "match '" + w[1] + "' defined twice");
                    _match = new Match(w[1], w[2] == "ipv4" ? AclFamily.IPv4 : AclFamily.IPv6, line);
                    _policy.Matches.Add(_match);
                    _actions = false;
                    return;
                }
                if (w[0] == "counter" && _match == null) return;
                if (_match == null) throw new AclReadException(line, "unexpected '" + w[0] + "' outside a match");
                if (_actions)
                {
                    switch (w[0])
                    {
                        case "drop" when w.Length == 1: _match.Drop = true; return;
                        case "log" when w.Length == 1: _match.Log = true; return;
                        case "count" when w.Length == 2: return;
                        default: throw new AclReadException(line, "unsupported action '" + string.Join(" ", w) + "'");
                    }
                }
                switch (w[0])
                {
                    case "actions" when w.Length == 1:
                        _actions = true;
                        return;
                    case "source" when w.Length >= 3 && w[1] == "prefix":
                        if (_match.Sources != null) throw new AclReadException(line, "a second source line in match '" + _match.Name + "'");
                        _match.Sources = w.Skip(2).Select(x => (x, line)).ToList();
                        return;
                    case "destination" when w.Length >= 3 && w[1] == "prefix":
                        if (_match.Destinations != null) throw new AclReadException(line, "a second destination line in match '" + _match.Name + "'");
                        _match.Destinations = w.Skip(2).Select(x => (x, line)).ToList();
                        return;
                    case "protocol" when w.Length >= 2:
                        _match.Protocols.Add((w, line));
                        return;
                    case "ip" when w.Length == 3 && w[1] == "length":
                        if (_match.Length != null) throw new AclReadException(line, "a second 'ip length' in match '" + _match.Name + "'");
                        foreach (var part in w[2].Split(','))
                            if (part.Length == 0) throw new AclReadException(line, "expected lengths such as 500-5000, found '" + w[2] + "'");
                            else AclFields.PortRange(part, line, '-');
                        _match.Length = (string.Join(" ", w), line);
                        return;
                    default:
                        throw new AclReadException(line, "unsupported match condition '" + string.Join(" ", w) + "'");
                }
            }

            public void Finish(ParsedConfig config)
            {
                foreach (var policy in _policies)
                {
                    foreach (var family in new[] { AclFamily.IPv4, AclFamily.IPv6 })
                    {
                        var name = PolicyList(policy.Name, family);
                        var acl = new ParsedAcl(name, family) { Line = policy.Line };
                        if (config.Acls.ContainsKey(name)) throw new AclReadException(policy.Line, "list '" + name + "' defined twice");
                        config.Acls[name] = acl;
                        var defaultName = family == AclFamily.IPv4 ? EosTrafficPolicies.DefaultV4 : EosTrafficPolicies.DefaultV6;
                        Match? fallback = null;
                        foreach (var m in policy.Matches.Where(m => m.Family == family))
                        {
                            if (m.Name == defaultName)
                            {
                                if (m.Sources != null || m.Destinations != null || m.Protocols.Count > 0 || m.Length != null)
                                    throw new AclReadException(m.Line, "the default match '" + m.Name + "' takes no conditions");
                                fallback = m;
                                continue;
                            }
                            if (fallback != null) throw new AclReadException(m.Line, "match '" + m.Name + "' after the default match");
                            var action = m.Drop ? AclAction.Deny : AclAction.Permit;
                            var sources = m.Sources == null ? null : Addresses(m.Sources, family);
                            var destinations = m.Destinations == null ? null : Addresses(m.Destinations, family);
                            var protocols = m.Protocols.Select(p => (Match: EosProtocolMatch.Read(p.Words, p.Line, family, n => _portSets.TryGetValue(n, out var s) ? s : null), p.Line)).ToList();
                            if (m.Length is { } l && !LengthMatchRead(l.Text, l.Line, action)) continue;
                            // A field-set left empty (or emptied by its excepts) holds no address: the match matches no packet.
                            if (sources?.Count == 0 || destinations?.Count == 0) continue;
                            if (protocols.Count == 0) acl.Add(new AclEntry(action, null, sources, destinations, log: m.Log), m.Line);
                            foreach (var (match, line) in protocols)
                                foreach (var entry in match.Entries(action, sources, destinations, m.Log)) acl.Add(entry, line);
                        }
                        // EOS forwards what no match of the family takes unless the default match drops it.
                        bool drop = fallback?.Drop ?? false;
                        acl.Add(new AclEntry(drop ? AclAction.Deny : AclAction.Permit, null, null, null, log: fallback?.Log ?? false), fallback?.Line ?? policy.Line);
                    }
                }
            }

            /// <summary>
            /// Whether a match with a packet-length condition is read (without the condition) or left out, as
            /// <see cref="LengthReading"/> says; the header space has no length, so by default such a match is refused.
            /// </summary>
            private bool LengthMatchRead(string condition, int line, AclAction action) => length switch
            {
                LengthReading.Widest => action == AclAction.Permit,
                LengthReading.Narrowest => action == AclAction.Deny,
                _ => throw new AclReadException(line, "'" + condition + "' matches on the packet length, which the header space has no dimension for: the match cannot be read exactly"),
            };

            /// <summary>The addresses of a source or destination line: its prefixes and field-sets (each field-set's prefixes
            /// without its excepts); empty when they hold no address.</summary>
            private List<IpPrefix> Addresses(List<(string Word, int Line)> words, AclFamily family)
            {
                var list = new List<IpPrefix>();
                var excepted = new List<PrefixSet>();
                bool sets = false, named = false;
                foreach (var (word, line) in words)
                {
                    if (word == "field-set") { sets = true; continue; }
                    named = true;
                    if (!sets) { list.Add(Prefix(word, family, line)); continue; }
                    if (!_prefixSets.TryGetValue(word, out var set)) throw new AclReadException(line, "unknown field-set '" + word + "'");
                    if (set.Family != family) throw new AclReadException(line, "field-set '" + word + "' is not of the match's family");
                    if (set.Excepts.Count > 0) excepted.Add(set);
                    else list.AddRange(set.Includes);
                }
                if (!named) throw new AclReadException(words[0].Line, "expected prefixes or field-sets");
                if (excepted.Count == 0) return list;
                var addresses = AddressRangeSet.FromPrefixes(list);
                foreach (var set in excepted) addresses = addresses.Union(AddressRangeSet.FromPrefixes(set.Includes).Except(AddressRangeSet.FromPrefixes(set.Excepts)));
                return addresses.ToPrefixes().ToList();
            }

            private static IpPrefix Prefix(string text, AclFamily family, int line) =>
                IpPrefix.TryParse(text, out var prefix, out bool hostBits) && !hostBits && text.IndexOf('/') >= 0 && prefix.IsIPv4 == (family == AclFamily.IPv4)
                    ? prefix
                    : throw new AclReadException(line, "expected a prefix of the list's family, found '" + text + "'");
        }

        /// <summary>A prefix field-set: its prefixes, and the prefixes <c>except</c> takes out of them.</summary>
        private sealed class PrefixSet(AclFamily family)
        {
            public AclFamily Family { get; } = family;
            public List<IpPrefix> Includes { get; } = new List<IpPrefix>();
            public List<IpPrefix> Excepts { get; } = new List<IpPrefix>();
        }
    }
}
