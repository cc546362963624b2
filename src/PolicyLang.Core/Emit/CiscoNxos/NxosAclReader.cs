using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.CiscoNxos
{
    /// <summary>
    /// Reads the ACLs of an NX-OS configuration: object-groups (<c>object-group ip|ipv6 address NAME</c>,
    /// <c>object-group ip port NAME</c>), <c>ip|ipv6 access-list NAME</c> with their entries, and the bindings under
    /// <c>interface NAME</c> (<c>ip [port] access-group NAME in|out</c>, <c>ipv6 [port] traffic-filter NAME in|out</c>).
    /// </summary>
    public sealed class NxosAclReader : IAclReader
    {
        public string Platform => CiscoNxosPlatform.Description.Name;

        public ParsedConfig Read(string text)
        {
            var config = new ParsedConfig();
            var addresses = new Dictionary<string, (AclFamily Family, List<IpPrefix> Members)>(StringComparer.Ordinal);
            var ports = new Dictionary<string, List<Interval>>(StringComparer.Ordinal);
            ParsedAcl? acl = null;
            string? iface = null;
            List<IpPrefix>? addressGroup = null;
            AclFamily groupFamily = AclFamily.IPv4;
            List<Interval>? portGroup = null;
            var parser = new CliAclEntryParser(
                name => addresses.TryGetValue(name, out var g) && g.Family == acl!.Family ? g.Members : null,
                name => ports.TryGetValue(name, out var g) ? g : null);
            foreach (var l in CliConfigLines.Read(text))
            {
                int n = l.Number - 1;
                var line = l.Text;
                var t = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (l.IsTop)
                {
                    acl = null;
                    iface = null;
                    addressGroup = null;
                    portGroup = null;
                    if (t.Length == 3 && (t[0] == "ip" || t[0] == "ipv6") && t[1] == "access-list")
                    {
                        if (config.Acls.ContainsKey(t[2])) throw new AclReadException(n + 1, "ACL '" + t[2] + "' defined twice");
                        acl = new ParsedAcl(t[2], t[0] == "ip" ? AclFamily.IPv4 : AclFamily.IPv6);
                        config.Acls[acl.Name] = acl;
                    }
                    else if (t.Length == 4 && t[0] == "object-group" && (t[1] == "ip" || t[1] == "ipv6") && t[2] == "address")
                    {
                        groupFamily = t[1] == "ip" ? AclFamily.IPv4 : AclFamily.IPv6;
                        addressGroup = new List<IpPrefix>();
                        if (addresses.ContainsKey(t[3]) || ports.ContainsKey(t[3])) throw new AclReadException(n + 1, "object-group '" + t[3] + "' defined twice");
                        addresses[t[3]] = (groupFamily, addressGroup);
                    }
                    else if (t.Length == 4 && t[0] == "object-group" && t[1] == "ip" && t[2] == "port")
                    {
                        portGroup = new List<Interval>();
                        if (addresses.ContainsKey(t[3]) || ports.ContainsKey(t[3])) throw new AclReadException(n + 1, "object-group '" + t[3] + "' defined twice");
                        ports[t[3]] = portGroup;
                    }
                    else if (t.Length == 2 && t[0] == "interface") iface = t[1];
                    continue;
                }
                if (acl != null)
                {
                    var entry = parser.Parse(line, n + 1, acl.Family);
                    if (entry != null) acl.Entries.Add(entry);
                }
                else if (addressGroup != null) addressGroup.Add(Member(t, n + 1, groupFamily));
                else if (portGroup != null) portGroup.AddRange(PortMember(t, n + 1));
                else if (iface != null && t.Length >= 3 && (t[t.Length - 1] == "in" || t[t.Length - 1] == "out"))
                {
                    bool port = t.Length == 5 && t[1] == "port";
                    if (t.Length != 4 && !port) continue;
                    var verb = port ? t[2] : t[1];
                    var name = port ? t[3] : t[2];
                    if (t[0] == "ip" && verb == "access-group") config.Bindings.Add(new AclBinding(iface, name, AclFamily.IPv4, t[t.Length - 1] == "in"));
                    else if (t[0] == "ipv6" && verb == "traffic-filter") config.Bindings.Add(new AclBinding(iface, name, AclFamily.IPv6, t[t.Length - 1] == "in"));
                }
            }
            return config;
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
            ulong Port(string s) => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= 65535 ? v : throw new AclReadException(line, "expected a port, found '" + s + "'");
            if (t.Length == i + 2 && t[i] == "eq") return new[] { new Interval(Port(t[i + 1]), Port(t[i + 1])) };
            if (t.Length == i + 3 && t[i] == "range" && Port(t[i + 1]) <= Port(t[i + 2])) return new[] { new Interval(Port(t[i + 1]), Port(t[i + 2])) };
            throw new AclReadException(line, "expected a port group member, found '" + string.Join(" ", t) + "'");
        }
    }
}
