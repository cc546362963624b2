using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Fabric;

namespace PolicyLang.E2E.Import
{
    /// <summary>
    /// A strict, test-side reader of the OpenConfig ACL JSON that Aerleon's <c>openconfig</c> and <c>sonic</c> generators
    /// write (aerleon/lib/openconfig.py, sonic.py): a list of ACL sets (<c>name</c>, <c>type</c> ACL_IPV4, ACL_IPV6 or
    /// ACL_MIXED, <c>config</c> repeating both, <c>acl-entries.acl-entry</c>), each entry a <c>sequence-id</c>,
    /// <c>actions.config.forwarding-action</c> (ACCEPT, DROP, REJECT), at most one of <c>ipv4</c>/<c>ipv6</c> with
    /// <c>config</c> <c>source-address</c>, <c>destination-address</c>, <c>protocol</c> (a number or an OpenConfig
    /// IP_* name), and <c>transport.config</c> with <c>source-port</c>/<c>destination-port</c> (a number or "a..b") and
    /// established (SONiC's <c>tcp-session-established: true</c>, OpenConfig's <c>detail-mode BUILTIN</c> with
    /// <c>builtin-detail TCP_ESTABLISHED</c>). Anything else is refused with an <see cref="InvalidOperationException"/>.
    /// <para>
    /// The JSON names no term. Each entry is put down to its term with the list aerleon_oacl_terms.py records while aclgen
    /// runs: one (term, family, number of entries) per call of openconfig's <c>Term.ConvertToDict</c>, which aclgen makes
    /// per header, per term in the policy's order, per family (a mixed header: inet, then inet6), and whose entries it
    /// appends in that order; the n-th entry of the file (all sets in file order) gets sequence-id 5n, which is checked.
    /// An entry without <c>ipv4</c>/<c>ipv6</c> in an ACL_MIXED set matches both families, and is read into both.
    /// </para>
    /// </summary>
    internal static class OpenConfigAclReader
    {
        /// <summary>One ACL set: its name, type, and per family the entries it holds, in order, each with its term.</summary>
        internal sealed record AclSet(string Name, string Type, Dictionary<AclFamily, List<(string Term, AclEntry Entry)>> Entries);

        /// <summary>One call of openconfig's Term.ConvertToDict as aerleon_oacl_terms.py records it.</summary>
        internal sealed record TermCall(string Term, string Family, int Entries);

        private static readonly Dictionary<string, int> ProtocolNames = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["IP_ICMP"] = 1, ["IP_IGMP"] = 2, ["IP_TCP"] = 6, ["IP_UDP"] = 17, ["IP_RSVP"] = 46, ["IP_GRE"] = 47,
            ["IP_AUTH"] = 51, ["IP_PIM"] = 103, ["IP_L2TP"] = 115,
        };

        internal static List<TermCall> ReadTermCalls(string json)
        {
            using var doc = JsonDocument.Parse(json);
            Want(doc.RootElement.ValueKind == JsonValueKind.Array, "oacl-terms.json: expected a list");
            return doc.RootElement.EnumerateArray().Select(c =>
            {
                Keys(c, "term call", "term", "family", "entries");
                var family = c.GetProperty("family").GetString()!;
                Want(family is "inet" or "inet6", "oacl-terms.json: family " + family);
                return new TermCall(c.GetProperty("term").GetString()!, family, c.GetProperty("entries").GetInt32());
            }).ToList();
        }

        internal static List<AclSet> Read(string json, IReadOnlyList<TermCall> calls)
        {
            using var doc = JsonDocument.Parse(json);
            Want(doc.RootElement.ValueKind == JsonValueKind.Array, "expected a list of ACL sets");
            // The term of each entry of the file, in order.
            var terms = calls.SelectMany(c => Enumerable.Repeat(c, c.Entries)).ToList();
            var sets = new List<AclSet>();
            int n = 0;
            foreach (var set in doc.RootElement.EnumerateArray())
            {
                Keys(set, "ACL set", "acl-entries", "config", "name", "type");
                var name = Text(set, "name");
                var type = Text(set, "type");
                var config = set.GetProperty("config");
                Keys(config, "ACL set config", "name", "type");
                Want(Text(config, "name") == name && Text(config, "type") == type, $"ACL set {name}: config says {config}");
                var families = type switch
                {
                    "ACL_IPV4" => new[] { AclFamily.IPv4 },
                    "ACL_IPV6" => new[] { AclFamily.IPv6 },
                    "ACL_MIXED" => new[] { AclFamily.IPv4, AclFamily.IPv6 },
                    _ => throw new InvalidOperationException($"ACL set {name}: type {type} not read"),
                };
                var entries = families.ToDictionary(f => f, _ => new List<(string, AclEntry)>());
                var list = set.GetProperty("acl-entries");
                Keys(list, "acl-entries", "acl-entry");
                foreach (var e in list.GetProperty("acl-entry").EnumerateArray())
                {
                    n++;
                    var seq = e.GetProperty("sequence-id").GetInt32();
                    Want(seq == 5 * n, $"ACL set {name}: entry {n} has sequence-id {seq}, aclgen gives the n-th entry of a file 5n");
                    Want(n <= terms.Count, $"ACL set {name}: entry {seq} is past the {terms.Count} entries aclgen's terms returned");
                    var call = terms[n - 1];
                    var (family, entry) = Entry(e, name, type);
                    var callFamily = call.Family == "inet" ? AclFamily.IPv4 : AclFamily.IPv6;
                    Want(family == null || family == callFamily, $"ACL set {name}: entry {seq} of {family} put down to an {call.Family} call of term {call.Term}");
                    foreach (var f in family is AclFamily only ? new[] { only } : families) entries[f].Add((call.Term, entry));
                }
                sets.Add(new AclSet(name, type, entries));
            }
            Want(n == terms.Count, $"{n} entries in the file, aclgen's terms returned {terms.Count}");
            return sets;
        }

        /// <summary>One acl-entry: its family (null: none named) and the entry.</summary>
        private static (AclFamily? Family, AclEntry Entry) Entry(JsonElement e, string set, string type)
        {
            var seq = e.GetProperty("sequence-id").GetInt32().ToString(CultureInfo.InvariantCulture);
            var where = $"ACL set {set} entry {seq}";
            Keys(e, where, "sequence-id", "actions", "ipv4", "ipv6", "transport");
            var actions = e.GetProperty("actions");
            Keys(actions, where + " actions", "config");
            Keys(actions.GetProperty("config"), where + " actions.config", "forwarding-action");
            // REJECT answers with an ICMP error; either way the packet is not let through.
            var action = Text(actions.GetProperty("config"), "forwarding-action") switch
            {
                "ACCEPT" => AclAction.Permit,
                "DROP" or "REJECT" => AclAction.Deny,
                var a => throw new InvalidOperationException($"{where}: forwarding-action {a} not read"),
            };
            bool v4 = e.TryGetProperty("ipv4", out var ip4), v6 = e.TryGetProperty("ipv6", out var ip6);
            Want(!(v4 && v6), where + ": both ipv4 and ipv6");
            AclFamily? family = v4 ? AclFamily.IPv4 : v6 ? AclFamily.IPv6 : null;
            Want(family == null || type == "ACL_MIXED" || (type == "ACL_IPV4") == (family == AclFamily.IPv4), $"{where}: {family} in an {type} set");
            int? protocol = null;
            IReadOnlyList<IpPrefix>? sources = null, destinations = null;
            if (family != null)
            {
                var ip = v4 ? ip4 : ip6;
                Keys(ip, where + " ip", "config");
                var c = ip.GetProperty("config");
                Keys(c, where + " ip config", "source-address", "destination-address", "protocol");
                sources = Prefix(c, "source-address", family.Value, where);
                destinations = Prefix(c, "destination-address", family.Value, where);
                if (c.TryGetProperty("protocol", out var p))
                {
                    if (p.ValueKind == JsonValueKind.Number) protocol = p.GetInt32();
                    else
                    {
                        var name = p.GetString()!;
                        if (name.StartsWith("openconfig-packet-match-types:", StringComparison.Ordinal)) name = name.Substring(30);
                        protocol = ProtocolNames.TryGetValue(name, out var number) ? number : throw new InvalidOperationException($"{where}: protocol {name} not read");
                    }
                    Want(protocol is >= 0 and <= 255, $"{where}: protocol {protocol}");
                }
            }
            IReadOnlyList<Interval>? sourcePorts = null, destinationPorts = null;
            bool established = false;
            if (e.TryGetProperty("transport", out var transport))
            {
                Keys(transport, where + " transport", "config");
                var c = transport.GetProperty("config");
                Keys(c, where + " transport config", "source-port", "destination-port", "tcp-session-established", "detail-mode", "builtin-detail");
                sourcePorts = Ports(c, "source-port", where);
                destinationPorts = Ports(c, "destination-port", where);
                if (c.TryGetProperty("tcp-session-established", out var tse))
                {
                    Want(tse.ValueKind == JsonValueKind.True, $"{where}: tcp-session-established {tse}");
                    established = true;
                }
                bool mode = c.TryGetProperty("detail-mode", out var dm), detail = c.TryGetProperty("builtin-detail", out var bd);
                if (mode || detail)
                {
                    Want(mode && detail && dm.GetString() == "BUILTIN" && bd.GetString() == "TCP_ESTABLISHED", $"{where}: detail-mode/builtin-detail {c}");
                    established = true;
                }
                Want(!established || protocol == 6, $"{where}: established without protocol 6");
                Want((sourcePorts == null && destinationPorts == null) || protocol is 6 or 17 or 132, $"{where}: ports without a protocol of ports ({protocol})");
            }
            return (family, new AclEntry(action, protocol, sources, destinations, sourcePorts, destinationPorts, established: established));
        }

        private static IReadOnlyList<IpPrefix>? Prefix(JsonElement c, string key, AclFamily family, string where)
        {
            if (!c.TryGetProperty(key, out var v)) return null;
            var text = v.GetString()!;
            Want(IpPrefix.TryParse(text, out var prefix, out var hostBits) && !hostBits, $"{where}: {key} {text} not a prefix");
            Want(prefix.IsIPv4 == (family == AclFamily.IPv4), $"{where}: {key} {text} not of {family}");
            return new[] { prefix };
        }

        private static IReadOnlyList<Interval>? Ports(JsonElement c, string key, string where)
        {
            if (!c.TryGetProperty(key, out var v)) return null;
            ulong start = 0, end = 0;
            if (v.ValueKind == JsonValueKind.Number) start = end = v.GetUInt64();
            else
            {
                var parts = v.GetString()!.Split("..");
                Want(parts.Length == 2 && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out start)
                    && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out end), $"{where}: {key} {v} not read");
            }
            Want(start <= end && end <= 65535, $"{where}: {key} {v}");
            return new[] { new Interval(start, end) };
        }

        private static string Text(JsonElement e, string key) => e.GetProperty(key).GetString()!;

        private static void Keys(JsonElement e, string where, params string[] allowed)
        {
            Want(e.ValueKind == JsonValueKind.Object, where + ": expected an object");
            var unknown = e.EnumerateObject().Select(p => p.Name).Where(k => !allowed.Contains(k)).ToList();
            Want(unknown.Count == 0, $"{where}: field(s) this reader does not read: {string.Join(", ", unknown)}");
        }

        private static void Want(bool condition, string message)
        {
            if (!condition) throw new InvalidOperationException("OpenConfig ACL JSON: " + message);
        }
    }
}
