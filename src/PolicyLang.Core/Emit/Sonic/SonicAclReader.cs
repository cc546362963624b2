using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.Sonic
{
    /// <summary>
    /// Reads ACL_TABLE and ACL_RULE from a config_db.json fragment: tables of type L3/L3V6 at stage ingress are bound
    /// to their ports, and their rules are ordered by PRIORITY, highest first (two rules of one table with the same
    /// priority are an error: SONiC's order between them is undefined). An unknown rule field is an error.
    /// </summary>
    public sealed class SonicAclReader : IAclReader
    {
        public string Platform => SonicPlatform.Description.Name;

        public ParsedConfig Read(string text)
        {
            var root = JsonReader.Parse(text);
            var parsed = new ParsedConfig();
            var tables = root.Find("ACL_TABLE");
            if (tables == null) return parsed;
            foreach (var t in tables.Members)
            {
                int tableLine = tables.LineOf(t.Key);
                var table = t.Value as JsonObject ?? throw new AclReadException(tableLine, "ACL_TABLE '" + t.Key + "' is not an object");
                var type = table.String("type");
                var family = type == "L3" ? AclFamily.IPv4 : type == "L3V6" ? AclFamily.IPv6 : throw new AclReadException(table.LineOf("type", tableLine), "ACL_TABLE '" + t.Key + "': unexpected type '" + type + "'");
                var stage = (table.String("stage") ?? "ingress").ToLowerInvariant();
                parsed.Acls[t.Key] = new ParsedAcl(t.Key, family);
                foreach (var port in table.List("ports") ?? Array.Empty<string>())
                    parsed.Bindings.Add(new AclBinding(port, t.Key, family, inbound: stage == "ingress"));
            }
            var rules = new Dictionary<string, List<(long Priority, AclEntry Entry, string Key)>>(StringComparer.Ordinal);
            var ruleTable = root.Find("ACL_RULE");
            foreach (var r in ruleTable?.Members ?? Array.Empty<KeyValuePair<string, object>>())
            {
                int ruleLine = ruleTable!.LineOf(r.Key);
                int bar = r.Key.IndexOf('|');
                var tableName = bar > 0 ? r.Key.Substring(0, bar) : throw new AclReadException(ruleLine, "ACL_RULE key '" + r.Key + "' is not TABLE|RULE");
                if (!parsed.Acls.TryGetValue(tableName, out var acl)) throw new AclReadException(ruleLine, "ACL_RULE '" + r.Key + "' names no ACL_TABLE");
                var rule = r.Value as JsonObject ?? throw new AclReadException(ruleLine, "ACL_RULE '" + r.Key + "' is not an object");
                var (priority, entry) = Rule(r.Key, rule, acl.Family, ruleLine);
                if (!rules.TryGetValue(tableName, out var list)) rules[tableName] = list = new List<(long, AclEntry, string)>();
                if (list.Any(x => x.Priority == priority)) throw new AclReadException(rule.LineOf("PRIORITY", ruleLine), "two rules of '" + tableName + "' have PRIORITY " + priority);
                list.Add((priority, entry, r.Key));
            }
            foreach (var kv in rules)
                foreach (var x in kv.Value.OrderByDescending(x => x.Priority))
                    parsed.Acls[kv.Key].Add(x.Entry, 0, "ACL_RULE " + x.Key);
            return parsed;
        }

        private static (long, AclEntry) Rule(string key, JsonObject rule, AclFamily family, int ruleLine)
        {
            bool v6 = family == AclFamily.IPv6;
            long priority = -1;
            AclAction? action = null;
            int? protocol = null, type = null, code = null;
            List<IpPrefix>? src = null, dst = null;
            List<Interval>? sport = null, dport = null;
            bool established = false;
            foreach (var m in rule.Members)
            {
                // Errors point at the field's line (the rule's when it has none).
                int at = rule.LineOf(m.Key, ruleLine);
                var value = m.Value as string ?? throw new AclReadException(at, key + ": field " + m.Key + " is not a string");
                switch (m.Key)
                {
                    case "PRIORITY": priority = AclFields.Number(value, at, 999999); break;
                    case "PACKET_ACTION":
                        action = value == "FORWARD" ? AclAction.Permit : value == "DROP" ? AclAction.Deny : throw new AclReadException(at, key + ": unexpected PACKET_ACTION '" + value + "'");
                        break;
                    case "IP_TYPE":
                        if (value != (v6 ? "IPV6ANY" : "IPV4ANY") && value != "ANY") throw new AclReadException(at, key + ": unexpected IP_TYPE '" + value + "'");
                        break;
                    case "SRC_IP" when !v6: case "SRC_IPV6" when v6: src = Prefix(key, value, family, at); break;
                    case "DST_IP" when !v6: case "DST_IPV6" when v6: dst = Prefix(key, value, family, at); break;
                    case "IP_PROTOCOL" when !v6: case "NEXT_HEADER" when v6: protocol = AclFields.Number(value, at, 255); break;
                    case "L4_SRC_PORT": case "L4_SRC_PORT_RANGE": sport = new List<Interval> { AclFields.PortRange(value, at, '-') }; break;
                    case "L4_DST_PORT": case "L4_DST_PORT_RANGE": dport = new List<Interval> { AclFields.PortRange(value, at, '-') }; break;
                    case "ICMP_TYPE" when !v6: case "ICMPV6_TYPE" when v6: type = AclFields.Number(value, at, 255); break;
                    case "ICMP_CODE" when !v6: case "ICMPV6_CODE" when v6: code = AclFields.Number(value, at, 255); break;
                    case "TCP_FLAGS":
                        if (value != "0x10/0x10") throw new AclReadException(at, key + ": unexpected TCP_FLAGS '" + value + "'");
                        established = true;
                        break;
                    default: throw new AclReadException(at, key + ": unexpected field " + m.Key);
                }
            }
            if (priority < 0 || action == null) throw new AclReadException(ruleLine, key + ": a rule needs PRIORITY and PACKET_ACTION");
            if (established && protocol != 6) throw new AclReadException(rule.LineOf("TCP_FLAGS", ruleLine), key + ": TCP_FLAGS on a rule that is not TCP");
            return (priority, new AclEntry(action.Value, protocol, src, dst, sport, dport, type, code, established));
        }

        private static List<IpPrefix> Prefix(string key, string value, AclFamily family, int line)
        {
            if (!IpPrefix.TryParse(value, out var p) || p.IsIPv4 != (family == AclFamily.IPv4))
                throw new AclReadException(line, key + ": expected a " + family + " prefix, found '" + value + "'");
            return new List<IpPrefix> { p };
        }
    }
}
