using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// Parses one access-list entry of the EOS / NX-OS family of CLIs:
    /// <c>[SEQ] permit|deny PROTO SRC [PORTS] DST [PORTS] [ICMP-TYPE [CODE]] [established] [log]</c>, where an address is
    /// <c>any</c>, <c>host A</c>, <c>A/LEN</c> or <c>addrgroup NAME</c> and ports are <c>eq P…</c>, <c>range A B</c>,
    /// <c>gt P</c>, <c>lt P</c>, <c>neq P</c> or <c>portgroup NAME</c>. Anything else is an <see cref="AclReadException"/>.
    /// </summary>
    public sealed class CliAclEntryParser
    {
        private readonly Func<string, AclFamily, IReadOnlyList<IpPrefix>?> _addressGroup;
        private readonly Func<string, IReadOnlyList<Interval>?> _portGroup;
        private readonly bool _ios;
        private readonly bool _wildcards;
        private readonly Func<int, string, int?> _portName;

        /// <param name="ios">IOS syntax: IPv4 networks with wildcard masks instead of prefixes (<c>10.1.0.0 0.0.255.255</c>,
        /// contiguous masks only) and IPv6 entries numbered with <c>sequence N</c>.</param>
        /// <param name="wildcards">IPv4 networks may be written with a wildcard mask beside the prefix form (NX-OS takes
        /// <c>10.0.0.0/8</c> and <c>10.0.0.0 0.255.255.255</c>; contiguous masks only).</param>
        /// <param name="portName">The port a name stands for, by protocol (6, 17), or null where the platform has no such
        /// name (EOS writes <c>eq www</c>); by default port names are errors.</param>
        public CliAclEntryParser(Func<string, AclFamily, IReadOnlyList<IpPrefix>?>? addressGroup = null, Func<string, IReadOnlyList<Interval>?>? portGroup = null,
            bool ios = false, bool wildcards = false, Func<int, string, int?>? portName = null)
        {
            _addressGroup = addressGroup ?? ((_, _) => null);
            _portGroup = portGroup ?? (_ => null);
            _ios = ios;
            _wildcards = wildcards;
            _portName = portName ?? ((_, _) => null);
        }

        /// <summary>Parses an entry; null for a remark or a 'statistics' line.</summary>
        public AclEntry? Parse(string line, int lineNumber, AclFamily family)
        {
            var t = Split(line);
            int i = 0;
            if (_ios && family == AclFamily.IPv6 && i < t.Count && t[i] == "sequence")
            {
                i++;
                if (i >= t.Count || !int.TryParse(t[i], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    throw new AclReadException(lineNumber, "expected a number after sequence");
            }
            if (i < t.Count && int.TryParse(t[i], NumberStyles.None, CultureInfo.InvariantCulture, out _)) i++;
            if (i >= t.Count) throw new AclReadException(lineNumber, "empty entry");
            // Not entries: comments and the counters settings a running configuration shows inside an ACL.
            if (t[i] == "remark" || t[i] == "statistics" || t[i] == "counters" || (t[i] == "no" && i + 1 < t.Count && t[i + 1] == "statistics")) return null;
            AclAction action = t[i] switch
            {
                "permit" => AclAction.Permit,
                "deny" => AclAction.Deny,
                _ => throw new AclReadException(lineNumber, "expected permit or deny, found '" + t[i] + "'"),
            };
            i++;
            int? protocol = Protocol(Next(t, ref i, lineNumber, "a protocol"), family, lineNumber);
            var src = Address(t, ref i, lineNumber, family);
            var srcPorts = Ports(t, ref i, lineNumber, protocol);
            var dst = Address(t, ref i, lineNumber, family);
            var dstPorts = Ports(t, ref i, lineNumber, protocol);
            int? type = null, code = null;
            if ((protocol == 1 || protocol == 58) && i < t.Count && IsNumber(t[i]))
            {
                type = AclFields.Number(t[i++], lineNumber, 255);
                if (i < t.Count && IsNumber(t[i])) code = AclFields.Number(t[i++], lineNumber, 255);
            }
            bool established = false, log = false;
            for (; i < t.Count; i++)
            {
                if (t[i] == "established" && protocol == 6) established = true;
                else if (t[i] == "log") log = true;
                else throw new AclReadException(lineNumber, "unexpected '" + t[i] + "'");
            }
            (srcPorts, dstPorts) = AclFields.Normalized(srcPorts, dstPorts);
            return new AclEntry(action, protocol, src, dst, srcPorts, dstPorts, type, code, established, log);
        }

        // One list of words serves every line of the session (an export has tens of thousands of entries), and a word seen
        // before (permit, tcp, host, eq, an address or port used again) is the same string: splitting each line into a new
        // array of new strings was about 8 % of what a verify of the 100,000-line policy's state allocated (the allocator's perf samples).
        private readonly List<string> _words = new List<string>(16);
        private readonly PolicyLang.Text.RecentStrings _known = new PolicyLang.Text.RecentStrings(2048, 48);

        /// <summary>The line's words, separated by spaces (as <c>Split(' ', RemoveEmptyEntries)</c> gives them).</summary>
        private List<string> Split(string line)
        {
            _words.Clear();
            int n = line.Length;
            int k = 0;
            while (k < n)
            {
                while (k < n && line[k] == ' ') k++;
                if (k == n) break;
                int start = k;
                while (k < n && line[k] != ' ') k++;
                _words.Add(_known.Get(line.AsSpan(start, k - start)));
            }
            return _words;
        }

        private static string Next(List<string> t, ref int i, int line, string what) =>
            i < t.Count ? t[i++] : throw new AclReadException(line, "expected " + what + " at the end of the entry");

        private static bool IsNumber(string s) => s.Length > 0 && s.Length <= 5 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _);

        private static int? Protocol(string token, AclFamily family, int line) => token switch
        {
            "ip" when family == AclFamily.IPv4 => null,
            "ipv6" when family == AclFamily.IPv6 => null,
            "tcp" => 6,
            "udp" => 17,
            "sctp" => 132,
            "icmp" => family == AclFamily.IPv4 ? 1 : 58,
            "icmpv6" when family == AclFamily.IPv6 => 58,
            _ => IsNumber(token) ? AclFields.Number(token, line, 255) : throw new AclReadException(line, "unknown protocol '" + token + "'"),
        };

        private IReadOnlyList<IpPrefix>? Address(List<string> t, ref int i, int line, AclFamily family)
        {
            var token = Next(t, ref i, line, "an address");
            if (token == "any") return null;
            bool host = token == "host";
            if (host) token = Next(t, ref i, line, "a host address") + (family == AclFamily.IPv4 ? "/32" : "/128");
            if (token == "addrgroup")
            {
                var name = Next(t, ref i, line, "an object-group name");
                return _addressGroup(name, family) ?? throw new AclReadException(line, "unknown address group '" + name + "'");
            }
            if ((_ios || (_wildcards && token.IndexOf('/') < 0)) && family == AclFamily.IPv4 && !host)
                return new[] { Wildcard(token, Next(t, ref i, line, "a wildcard mask"), line) };
            // The same networks recur from entry to entry (an ACL of thousands of entries names a few hundred): each is parsed once.
            var known = family == AclFamily.IPv4 ? _v4 : _v6;
            if (known.TryGetValue(token, out var parsed)) return parsed;
            if (!IpPrefix.TryParse(token, out var prefix, out bool hostBits) || hostBits || token.IndexOf('/') < 0 || prefix.IsIPv4 != (family == AclFamily.IPv4))
                throw new AclReadException(line, "expected an address of the list's family, found '" + token + "'");
            parsed = new[] { prefix };
            if (known.Count >= MaxKnownAddresses) known.Clear();
            known[token] = parsed;
            return parsed;
        }

        // Addresses parsed before, by their text and the list's family (an entry's prefix list is never written once made).
        private const int MaxKnownAddresses = 4096;
        private readonly Dictionary<string, IpPrefix[]> _v4 = new Dictionary<string, IpPrefix[]>(StringComparer.Ordinal);
        private readonly Dictionary<string, IpPrefix[]> _v6 = new Dictionary<string, IpPrefix[]>(StringComparer.Ordinal);

        /// <summary>An IPv4 network and its wildcard mask; a mask whose ones are not all at the end, or an address with bits
        /// inside the mask, is an error (the ACL would match something other than one prefix).</summary>
        private static IpPrefix Wildcard(string address, string mask, int line)
        {
            if (!IpAddress128.TryParse(address, out var a) || !a.IsIPv4Mapped) throw new AclReadException(line, "expected an IPv4 address, found '" + address + "'");
            if (!IpAddress128.TryParse(mask, out var m) || !m.IsIPv4Mapped) throw new AclReadException(line, "expected a wildcard mask, found '" + mask + "'");
            uint wildcard = m.IPv4Value;
            if ((wildcard & (wildcard + 1)) != 0) throw new AclReadException(line, "wildcard mask '" + mask + "' is not contiguous");
            if ((a.IPv4Value & wildcard) != 0) throw new AclReadException(line, "address '" + address + "' has bits inside its wildcard mask '" + mask + "'");
            int length = 32;
            for (uint w = wildcard; w != 0; w >>= 1) length--;
            return IpPrefix.FromIPv4(a.IPv4Value, length);
        }

        private IReadOnlyList<Interval>? Ports(List<string> t, ref int i, int line, int? protocol)
        {
            if (i >= t.Count) return null;
            bool ports = protocol == 6 || protocol == 17 || protocol == 132;
            switch (t[i])
            {
                case "eq":
                {
                    i++;
                    var list = new List<Interval>();
                    while (i < t.Count && (IsNumber(t[i]) || (protocol is int named && _portName(named, t[i]) != null)))
                    {
                        int p = Port(t[i++], line, protocol);
                        list.Add(new Interval((ulong)p, (ulong)p));
                    }
                    if (list.Count == 0) throw new AclReadException(line, "expected a port after eq");
                    return Checked(list, ports, line);
                }
                case "range":
                {
                    i++;
                    int a = Port(Next(t, ref i, line, "a port"), line, protocol), b = Port(Next(t, ref i, line, "a port"), line, protocol);
                    if (a > b) throw new AclReadException(line, "range start after its end");
                    return Checked(new[] { new Interval((ulong)a, (ulong)b) }, ports, line);
                }
                case "gt":
                {
                    i++;
                    int a = Port(Next(t, ref i, line, "a port"), line, protocol);
                    if (a == 65535) throw new AclReadException(line, "gt 65535 matches nothing");
                    return Checked(new[] { new Interval((ulong)a + 1, 65535) }, ports, line);
                }
                case "lt":
                {
                    i++;
                    int a = Port(Next(t, ref i, line, "a port"), line, protocol);
                    if (a == 0) throw new AclReadException(line, "lt 0 matches nothing");
                    return Checked(new[] { new Interval(0, (ulong)a - 1) }, ports, line);
                }
                case "neq":
                {
                    i++;
                    int a = Port(Next(t, ref i, line, "a port"), line, protocol);
                    var list = new List<Interval>();
                    if (a > 0) list.Add(new Interval(0, (ulong)a - 1));
                    if (a < 65535) list.Add(new Interval((ulong)a + 1, 65535));
                    return Checked(list, ports, line);
                }
                case "portgroup":
                {
                    i++;
                    var name = Next(t, ref i, line, "an object-group name");
                    return Checked(_portGroup(name) ?? throw new AclReadException(line, "unknown port group '" + name + "'"), ports, line);
                }
                default:
                    return null;
            }
        }

        /// <summary>A port number, or a name the platform gives a port of the entry's protocol.</summary>
        private int Port(string token, int line, int? protocol) =>
            !IsNumber(token) && protocol is int p && _portName(p, token) is int named ? named : AclFields.Number(token, line, 65535);

        private static IReadOnlyList<Interval> Checked(IReadOnlyList<Interval> list, bool ports, int line) =>
            ports ? list : throw new AclReadException(line, "a port match on a protocol without ports");
    }
}
