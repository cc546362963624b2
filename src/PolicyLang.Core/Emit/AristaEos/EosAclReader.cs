using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.AristaEos
{
    /// <summary>
    /// Reads the filters of an EOS configuration: ACLs (<c>ip|ipv6 access-list NAME</c> and their numbered entries, bound
    /// with <c>ip|ipv6 access-group NAME in|out</c>) and traffic-policies (the <c>traffic-policies</c> section's field-sets
    /// and policies, bound with <c>traffic-policy input|output NAME</c>). A traffic-policy becomes one list per family,
    /// named <c>NAME/ipv4</c> and <c>NAME/ipv6</c>: its matches in order, one entry per <c>protocol</c> line (several are
    /// alternatives), then the family's default match: <c>drop</c> denies the rest, and without one EOS forwards it, so the
    /// list ends with a permit of everything. Other sections are skipped; inside an ACL or the traffic-policies section,
    /// anything this reader does not know is an error.
    /// </summary>
    public sealed class EosAclReader : CliAclReader
    {
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

        protected override Session Begin() => new PolicySession();

        protected override void Finish(Session session, ParsedConfig config) => ((PolicySession)session).Finish(config);

        private sealed class Match(string name, AclFamily family, int line)
        {
            public string Name { get; } = name;
            public AclFamily Family { get; } = family;
            public int Line { get; } = line;
            public List<(string Word, int Line)>? Sources { get; set; }
            public List<(string Word, int Line)>? Destinations { get; set; }
            public List<(string[] Words, int Line)> Protocols { get; } = new List<(string[], int)>();
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
        public static int? PortName(int protocol, string name) =>
            protocol == 6 ? (TcpPorts.TryGetValue(name, out var t) ? t : null)
            : protocol == 17 ? (UdpPorts.TryGetValue(name, out var u) ? u : null)
            : null;

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

        /// <summary>What the traffic-policies section holds, collected line by line and turned into lists at the end (a
        /// match may name a field-set defined after it).</summary>
        private sealed class PolicySession() : Session(new CliAclEntryParser(portName: PortName))
        {
            private readonly Dictionary<string, (AclFamily Family, List<IpPrefix> Values)> _prefixSets = new Dictionary<string, (AclFamily, List<IpPrefix>)>(StringComparer.Ordinal);
            private readonly Dictionary<string, List<Interval>> _portSets = new Dictionary<string, List<Interval>>(StringComparer.Ordinal);
            private readonly List<Policy> _policies = new List<Policy>();
            private List<IpPrefix>? _prefixSet;
            private AclFamily _prefixSetFamily;
            private List<Interval>? _portSet;
            private Policy? _policy;
            private Match? _match;
            private bool _actions;

            public override Action<string[], int>? Section(string[] header, int line) =>
                header.Length == 1 && header[0] == "traffic-policies" ? Line : null;

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
                            _prefixSetFamily = w[1] == "ipv4" ? AclFamily.IPv4 : AclFamily.IPv6;
                            _prefixSet = new List<IpPrefix>();
                            if (_prefixSets.ContainsKey(w[3]) || _portSets.ContainsKey(w[3])) throw new AclReadException(line, "field-set '" + w[3] + "' defined twice");
                            _prefixSets[w[3]] = (_prefixSetFamily, _prefixSet);
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
                }
                if (_prefixSet != null)
                {
                    foreach (var value in w) _prefixSet.Add(Prefix(value, _prefixSetFamily, line));
                    return;
                }
                if (_portSet != null)
                {
                    _portSet.AddRange(PortList(string.Join("", w), line));
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
                                if (m.Sources != null || m.Destinations != null || m.Protocols.Count > 0)
                                    throw new AclReadException(m.Line, "the default match '" + m.Name + "' takes no conditions");
                                fallback = m;
                                continue;
                            }
                            if (fallback != null) throw new AclReadException(m.Line, "match '" + m.Name + "' after the default match");
                            var action = m.Drop ? AclAction.Deny : AclAction.Permit;
                            var sources = m.Sources == null ? null : Addresses(m.Sources, family);
                            var destinations = m.Destinations == null ? null : Addresses(m.Destinations, family);
                            if (m.Protocols.Count == 0) acl.Add(new AclEntry(action, null, sources, destinations, log: m.Log), m.Line);
                            foreach (var (words, line) in m.Protocols) acl.Add(ProtocolEntry(action, sources, destinations, words, line, family, m.Log), line);
                        }
                        // EOS forwards what no match of the family takes unless the default match drops it.
                        bool drop = fallback?.Drop ?? false;
                        acl.Add(new AclEntry(drop ? AclAction.Deny : AclAction.Permit, null, null, null, log: fallback?.Log ?? false), fallback?.Line ?? policy.Line);
                    }
                }
            }

            private List<IpPrefix> Addresses(List<(string Word, int Line)> words, AclFamily family)
            {
                var list = new List<IpPrefix>();
                bool sets = false;
                foreach (var (word, line) in words)
                {
                    if (word == "field-set") { sets = true; continue; }
                    if (!sets) { list.Add(Prefix(word, family, line)); continue; }
                    if (!_prefixSets.TryGetValue(word, out var set)) throw new AclReadException(line, "unknown field-set '" + word + "'");
                    if (set.Family != family) throw new AclReadException(line, "field-set '" + word + "' is not of the match's family");
                    list.AddRange(set.Values);
                }
                if (list.Count == 0) throw new AclReadException(words[0].Line, "expected prefixes or field-sets");
                return list;
            }

            /// <summary>"protocol P [flags established] [source port PORTS] [destination port PORTS] [type T code C|all]".</summary>
            private AclEntry ProtocolEntry(AclAction action, IReadOnlyList<IpPrefix>? sources, IReadOnlyList<IpPrefix>? destinations,
                string[] w, int line, AclFamily family, bool log)
            {
                int protocol = w[1] switch
                {
                    "tcp" => 6,
                    "udp" => 17,
                    "icmp" when family == AclFamily.IPv4 => 1,
                    "icmpv6" when family == AclFamily.IPv6 => 58,
                    _ => AclFields.Number(w[1], line, 255),
                };
                bool ports = protocol == 6 || protocol == 17 || protocol == 132;
                bool established = false;
                IReadOnlyList<Interval>? sourcePorts = null, destinationPorts = null;
                int? type = null, code = null;
                int i = 2;
                while (i < w.Length)
                {
                    if (w[i] == "flags" && protocol == 6 && i + 1 < w.Length && w[i + 1] == "established" && !established) { established = true; i += 2; }
                    else if ((w[i] == "source" || w[i] == "destination") && i + 2 < w.Length && w[i + 1] == "port" && ports)
                    {
                        bool source = w[i] == "source";
                        if ((source ? sourcePorts : destinationPorts) != null) throw new AclReadException(line, "a second " + w[i] + " port");
                        i += 2;
                        List<Interval> list;
                        if (w[i] == "field-set")
                        {
                            list = new List<Interval>();
                            for (i++; i < w.Length && w[i] != "source" && w[i] != "destination"; i++)
                                list.AddRange(_portSets.TryGetValue(w[i], out var set) ? set : throw new AclReadException(line, "unknown field-set '" + w[i] + "'"));
                            if (list.Count == 0) throw new AclReadException(line, "expected a field-set name");
                        }
                        else list = PortList(w[i++], line);
                        if (source) sourcePorts = list; else destinationPorts = list;
                    }
                    else if (w[i] == "type" && (protocol == 1 || protocol == 58) && i + 3 < w.Length && w[i + 2] == "code" && type == null)
                    {
                        type = AclFields.Number(w[i + 1], line, 255);
                        code = w[i + 3] == "all" ? null : AclFields.Number(w[i + 3], line, 255);
                        i += 4;
                    }
                    else throw new AclReadException(line, "unexpected '" + w[i] + "' in a protocol match");
                }
                (sourcePorts, destinationPorts) = AclFields.Normalized(sourcePorts, destinationPorts);
                return new AclEntry(action, protocol, sources, destinations, sourcePorts, destinationPorts, type, code, established, log);
            }

            private static IpPrefix Prefix(string text, AclFamily family, int line) =>
                IpPrefix.TryParse(text, out var prefix, out bool hostBits) && !hostBits && text.IndexOf('/') >= 0 && prefix.IsIPv4 == (family == AclFamily.IPv4)
                    ? prefix
                    : throw new AclReadException(line, "expected a prefix of the list's family, found '" + text + "'");

            /// <summary>"80,443,1000-2000".</summary>
            private static List<Interval> PortList(string text, int line) =>
                text.Split(',').Select(p => p.Length == 0 ? throw new AclReadException(line, "empty port in '" + text + "'") : AclFields.PortRange(p, line, '-')).ToList();
        }
    }
}
