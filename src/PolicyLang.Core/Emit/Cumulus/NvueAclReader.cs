using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.Cumulus
{
    /// <summary>
    /// Reads an NVUE command file: `nv set acl NAME type|rule …` and `nv set interface IF acl NAME inbound|outbound`.
    /// Every line must be blank, a '#' comment or an `nv` command; rules are ordered by number. Rules that only mark
    /// (set dscp/class), police or log do not decide a packet; an ACL made only of them is not a filter, so its binding is
    /// not one of the interface's filtering ACLs. An unknown match or action is an error.
    /// </summary>
    public sealed class NvueAclReader : IAclReader
    {
        public string Platform => NvuePlatform.Description.Name;

        private sealed class RuleText
        {
            public int Line { get; set; }
            public List<string> Matches { get; } = new List<string>();
            public List<string> Actions { get; } = new List<string>();
        }

        public ParsedConfig Read(string text)
        {
            var types = new Dictionary<string, AclFamily>(StringComparer.Ordinal);
            var rules = new Dictionary<string, SortedDictionary<int, RuleText>>(StringComparer.Ordinal);
            var bindings = new List<(string Interface, string Acl, bool Inbound, int Line)>();
            var interfaceLines = new Dictionary<string, int>(StringComparer.Ordinal);
            var lines = text.Split('\n');
            for (int n = 0; n < lines.Length; n++)
            {
                int line = n + 1;
                var l = lines[n].TrimEnd('\r');
                if (l.Trim().Length == 0 || l.StartsWith("#", StringComparison.Ordinal)) continue;
                var w = l.Split(' ');
                if (w.Any(x => x.Length == 0) || w[0] != "nv") throw new AclReadException(line, "expected an nv command, found '" + l + "'");
                if (w.Length >= 3 && w[1] == "config" && (w[2] == "detach" || w[2] == "apply")) continue;
                if (w.Length == 4 && w[1] == "unset" && w[2] == "acl") { types.Remove(w[3]); rules.Remove(w[3]); continue; }
                if (w.Length < 3 || w[1] != "set") throw new AclReadException(line, "unexpected command '" + l + "'");
                if (w[2] == "acl")
                {
                    if (w.Length == 6 && w[4] == "type")
                    {
                        types[w[3]] = w[5] == "ipv4" ? AclFamily.IPv4 : w[5] == "ipv6" ? AclFamily.IPv6 : throw new AclReadException(line, "unexpected ACL type '" + w[5] + "'");
                        continue;
                    }
                    if (w.Length >= 8 && w[4] == "rule")
                    {
                        int id = AclFields.Number(w[5], line, 65535);
                        if (!rules.TryGetValue(w[3], out var acl)) rules[w[3]] = acl = new SortedDictionary<int, RuleText>();
                        if (!acl.TryGetValue(id, out var rule)) acl[id] = rule = new RuleText { Line = line };
                        var path = string.Join(" ", w.Skip(7));
                        if (w[6] == "match") rule.Matches.Add(path);
                        else if (w[6] == "action") rule.Actions.Add(path);
                        else throw new AclReadException(line, "unexpected rule setting '" + w[6] + "'");
                        continue;
                    }
                    throw new AclReadException(line, "unexpected ACL command '" + l + "'");
                }
                if (w[2] == "interface" && w.Length == 7 && w[4] == "acl")
                {
                    if (w[6] != "inbound" && w[6] != "outbound") throw new AclReadException(line, "unexpected ACL direction '" + w[6] + "'");
                    bindings.Add((w[3], w[5], w[6] == "inbound", line));
                    if (!interfaceLines.ContainsKey(w[3])) interfaceLines[w[3]] = line;
                }
            }

            var parsed = new ParsedConfig();
            foreach (var kv in interfaceLines) parsed.InterfaceLines[kv.Key] = kv.Value;
            var filtering = new HashSet<string>(StringComparer.Ordinal);
            foreach (var kv in rules)
            {
                if (!types.TryGetValue(kv.Key, out var family)) throw new AclReadException(kv.Value.Values.First().Line, "ACL '" + kv.Key + "' has rules but no type");
                var acl = new ParsedAcl(kv.Key, family) { Line = kv.Value.Values.First().Line };
                bool decides = false;
                foreach (var rule in kv.Value)
                {
                    var entry = Rule(rule.Value, family, out bool decisive);
                    if (!decisive) continue;
                    decides = true;
                    acl.Add(entry!, rule.Value.Line, "rule " + rule.Key.ToString(CultureInfo.InvariantCulture));
                }
                parsed.Acls[kv.Key] = acl;
                if (decides) filtering.Add(kv.Key);
            }
            foreach (var (iface, aclName, inbound, line) in bindings)
            {
                if (!parsed.Acls.TryGetValue(aclName, out var acl)) throw new AclReadException(line, "interface " + iface + " binds ACL '" + aclName + "', which has no rules");
                if (filtering.Contains(aclName)) parsed.Bindings.Add(new AclBinding(iface, aclName, acl.Family, inbound));
            }
            return parsed;
        }

        private static AclEntry? Rule(RuleText r, AclFamily family, out bool decisive)
        {
            AclAction? action = null;
            bool marks = false;
            foreach (var a in r.Actions)
            {
                if (a == "permit") action = action == null ? AclAction.Permit : throw new AclReadException(r.Line, "two verdicts in one rule");
                else if (a == "deny") action = action == null ? AclAction.Deny : throw new AclReadException(r.Line, "two verdicts in one rule");
                else if (a == "log" || a.StartsWith("set dscp ", StringComparison.Ordinal) || a.StartsWith("set class ", StringComparison.Ordinal)
                         || a.StartsWith("police ", StringComparison.Ordinal)) marks = true;
                else throw new AclReadException(r.Line, "unexpected action '" + a + "'");
            }
            decisive = action != null;
            if (action == null && !marks) throw new AclReadException(r.Line, "a rule without an action");
            int? protocol = null, type = null;
            List<IpPrefix>? src = null, dst = null;
            List<Interval>? sport = null, dport = null;
            bool flagsAck = false, maskAck = false;
            string? l4 = null;
            foreach (var m in r.Matches)
            {
                var w = m.Split(' ');
                if (w.Length == 3 && w[0] == "ip" && w[1] == "source-ip") src = Prefix(r.Line, w[2], family);
                else if (w.Length == 3 && w[0] == "ip" && w[1] == "dest-ip") dst = Prefix(r.Line, w[2], family);
                else if (w.Length == 3 && w[0] == "ip" && w[1] == "protocol")
                    protocol = w[2] switch { "icmp" => 1, "tcp" => 6, "udp" => 17, "icmpv6" => 58, _ => AclFields.Number(w[2], r.Line, 255) };
                else if (w.Length == 4 && w[0] == "ip" && (w[1] == "tcp" || w[1] == "udp") && (w[2] == "source-port" || w[2] == "dest-port"))
                {
                    if (l4 != null && l4 != w[1]) throw new AclReadException(r.Line, "tcp and udp ports in one rule");
                    l4 = w[1];
                    var ports = new List<Interval> { AclFields.PortRange(w[3], r.Line, ':') };
                    if (w[2] == "source-port") sport = ports; else dport = ports;
                }
                else if (w.Length == 3 && w[0] == "ip" && w[1] == (family == AclFamily.IPv4 ? "icmp-type" : "icmpv6-type")) type = AclFields.Number(w[2], r.Line, 255);
                else if (m == "ip tcp flags ack") flagsAck = true;
                else if (m == "ip tcp mask ack") maskAck = true;
                else throw new AclReadException(r.Line, "unexpected match '" + m + "'");
            }
            if (flagsAck != maskAck) throw new AclReadException(r.Line, "TCP flags without the matching mask");
            if (l4 != null && protocol != (l4 == "tcp" ? 6 : 17)) throw new AclReadException(r.Line, l4 + " ports on a rule whose protocol is not " + l4);
            if (flagsAck && protocol != 6) throw new AclReadException(r.Line, "TCP flags on a rule that is not TCP");
            return action == null ? null : new AclEntry(action.Value, protocol, src, dst, sport, dport, type, null, flagsAck);
        }

        private static List<IpPrefix> Prefix(int line, string value, AclFamily family)
        {
            if (!IpPrefix.TryParse(value, out var p) || p.IsIPv4 != (family == AclFamily.IPv4))
                throw new AclReadException(line, "expected a " + family + " prefix, found '" + value + "'");
            return new List<IpPrefix> { p };
        }
    }
}
