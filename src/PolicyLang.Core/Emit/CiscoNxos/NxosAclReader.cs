using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.CiscoNxos
{
    /// <summary>
    /// Reads the ACLs of an NX-OS configuration: object-groups (<c>object-group ip|ipv6 address NAME</c>,
    /// <c>object-group ip port NAME</c>), <c>ip|ipv6 access-list NAME</c> with their entries, and the bindings under
    /// <c>interface NAME</c> (<c>ip [port] access-group NAME in|out</c>, <c>ipv6 [port] traffic-filter NAME in|out</c>).
    /// An IPv4 network is a prefix or an address with a (contiguous) wildcard mask, as NX-OS takes both.
    /// </summary>
    public sealed class NxosAclReader : CliAclReader
    {
        public override string Platform => CiscoNxosPlatform.Description.Name;

        protected override Session Begin() => new NxosSession();

        protected override (string Name, AclFamily Family)? AclHeader(string[] w, int line) =>
            w.Length == 3 && (w[0] == "ip" || w[0] == "ipv6") && w[1] == "access-list" ? (w[2], w[0] == "ip" ? AclFamily.IPv4 : AclFamily.IPv6) : null;

        /// <summary>Router ACLs (<c>ip access-group</c>, <c>ipv6 traffic-filter</c>) and port ACLs (the same with <c>port</c>).</summary>
        protected override AclBinding? Binding(string interfaceName, string[] w) =>
            w.Length == 5 && w[1] == "port" ? Bound(interfaceName, new[] { w[0], w[2], w[3], w[4] }, "access-group", "traffic-filter")
                : Bound(interfaceName, w, "access-group", "traffic-filter");

        /// <summary>The object-groups of one configuration, which its entries name.</summary>
        private sealed class NxosSession : Session
        {
            private readonly Dictionary<string, (AclFamily Family, List<IpPrefix> Members)> _addresses;
            private readonly Dictionary<string, List<Interval>> _ports;

            public NxosSession() : this(new Dictionary<string, (AclFamily, List<IpPrefix>)>(StringComparer.Ordinal), new Dictionary<string, List<Interval>>(StringComparer.Ordinal))
            {
            }

            private NxosSession(Dictionary<string, (AclFamily Family, List<IpPrefix> Members)> addresses, Dictionary<string, List<Interval>> ports)
                : base(new CliAclEntryParser(
                    (name, family) => addresses.TryGetValue(name, out var g) && g.Family == family ? g.Members : null,
                    name => ports.TryGetValue(name, out var g) ? g : null,
                    wildcards: true, portName: CiscoPortNames.Find))
            {
                _addresses = addresses;
                _ports = ports;
            }

            public override Action<string[], int>? Section(string[] t, int line)
            {
                if (t.Length != 4 || t[0] != "object-group") return null;
                if (_addresses.ContainsKey(t[3]) || _ports.ContainsKey(t[3])) throw new AclReadException(line, "object-group '" + t[3] + "' defined twice");
                if ((t[1] == "ip" || t[1] == "ipv6") && t[2] == "address")
                {
                    var family = t[1] == "ip" ? AclFamily.IPv4 : AclFamily.IPv6;
                    var members = new List<IpPrefix>();
                    _addresses[t[3]] = (family, members);
                    return (words, n) => members.Add(Member(words, n, family));
                }
                if (t[1] == "ip" && t[2] == "port")
                {
                    var members = new List<Interval>();
                    _ports[t[3]] = members;
                    return (words, n) => members.AddRange(PortMember(words, n));
                }
                return null;
            }
        }

        private static int Skip(string[] t) => t.Length > 1 && int.TryParse(t[0], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? 1 : 0;

        private static IpPrefix Member(string[] t, int line, AclFamily family)
        {
            int i = Skip(t);
            var text = t[i] == "host" && i + 1 < t.Length ? t[i + 1] + (family == AclFamily.IPv4 ? "/32" : "/128") : t[i];
            if (i + (t[i] == "host" ? 2 : 1) != t.Length || !IpPrefix.TryParse(text, out var p, out bool hostBits) || hostBits || text.IndexOf('/') < 0 || p.IsIPv4 != (family == AclFamily.IPv4))
                throw new AclReadException(line, "expected an address group member, found '" + string.Join(" ", t) + "'");
            return p;
        }

        private static IEnumerable<Interval> PortMember(string[] t, int line)
        {
            int i = Skip(t);
            // A group is not bound to a protocol; the names NX-OS shows stand for one number whether TCP's or UDP's (www, domain, ntp).
            ulong Port(string s) => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= 65535 ? v
                : (CiscoPortNames.Find(6, s) ?? CiscoPortNames.Find(17, s)) is int named ? (ulong)named
                : throw new AclReadException(line, "expected a port, found '" + s + "'");
            if (t.Length == i + 2 && t[i] == "eq") return new[] { new Interval(Port(t[i + 1]), Port(t[i + 1])) };
            if (t.Length == i + 3 && t[i] == "range" && Port(t[i + 1]) <= Port(t[i + 2])) return new[] { new Interval(Port(t[i + 1]), Port(t[i + 2])) };
            throw new AclReadException(line, "expected a port group member, found '" + string.Join(" ", t) + "'");
        }
    }
}
