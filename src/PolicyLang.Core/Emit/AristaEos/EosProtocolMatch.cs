using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.AristaEos
{
    /// <summary>
    /// One <c>protocol</c> line of a traffic-policy match, read into the single-valued parts an <see cref="AclEntry"/> holds:
    /// <c>protocol PROTOCOLS [flags established] [source port PORTS] [destination port PORTS] [type TYPES code CODES|all]</c>.
    /// PROTOCOLS are names (<c>tcp</c>, <c>udp</c>, <c>icmp</c> in IPv4, <c>icmpv6</c> in IPv6, <c>igmp</c>, <c>rsvp</c>,
    /// <c>ahp</c>, <c>ospf</c>, <c>pim</c>, <c>vrrp</c>) or numbers and ranges joined by commas (<c>1,3-7,9-26</c>), several
    /// words being alternatives (<c>protocol tcp udp</c>, as Capirca's and Aerleon's arista_tp generator writes a term of two
    /// protocols); PORTS are numbers and ranges joined by commas, several words being alternatives (aclgen writes
    /// <c>destination port 80 443</c>, EOS's own examples <c>80,443</c>; no EOS device was at hand to confirm how it shows the
    /// space-separated forms), or <c>field-set</c> and l4-port field-set names; TYPES and CODES are
    /// numbers and ranges joined by commas. Ports need every protocol to have ports (TCP, UDP, SCTP), <c>flags
    /// established</c> TCP alone, a type ICMP alone. Anything else is an <see cref="AclReadException"/>.
    /// </summary>
    internal sealed class EosProtocolMatch
    {
        /// <summary>The most entries one line may stand for (protocols × types × codes), so hostile text stays small.</summary>
        private const int MaxEntries = 4096;

        private static readonly Dictionary<string, int> Names = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["tcp"] = 6, ["udp"] = 17, ["igmp"] = 2, ["rsvp"] = 46, ["ahp"] = 51, ["ospf"] = 89, ["pim"] = 103, ["vrrp"] = 112,
        };

        private static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal) { "flags", "source", "destination", "type", "code" };

        public List<int> Protocols { get; } = new List<int>();
        public bool Established { get; private set; }
        public IReadOnlyList<Interval>? SourcePorts { get; private set; }
        public IReadOnlyList<Interval>? DestinationPorts { get; private set; }

        /// <summary>The ICMP types (null: every type) and, beside them, the codes (null: every code).</summary>
        public List<int>? Types { get; private set; }
        public List<int>? Codes { get; private set; }

        /// <summary>Reads the words of the line after <c>protocol</c>; <paramref name="portSet"/> gives an l4-port field-set or null.</summary>
        public static EosProtocolMatch Read(string[] w, int line, AclFamily family, Func<string, IReadOnlyList<Interval>?> portSet)
        {
            var m = new EosProtocolMatch();
            int i = 1;
            for (; i < w.Length && !Keywords.Contains(w[i]); i++)
            {
                if (w[i] == "icmp" && family == AclFamily.IPv4) m.Protocols.Add(1);
                else if (w[i] == "icmpv6" && family == AclFamily.IPv6) m.Protocols.Add(58);
                else if (Names.TryGetValue(w[i], out var p)) m.Protocols.Add(p);
                else if (w[i][0] >= '0' && w[i][0] <= '9') m.Protocols.AddRange(Numbers(w[i], line, 255, "protocol"));
                else throw new AclReadException(line, "unknown protocol '" + w[i] + "' in a " + (family == AclFamily.IPv4 ? "ipv4" : "ipv6") + " match");
            }
            if (m.Protocols.Count == 0) throw new AclReadException(line, "expected a protocol");
            if (m.Protocols.Distinct().Count() != m.Protocols.Count) throw new AclReadException(line, "a protocol named twice");
            bool ports = m.Protocols.All(p => p == 6 || p == 17 || p == 132);
            bool icmp = m.Protocols.Count == 1 && m.Protocols[0] == (family == AclFamily.IPv4 ? 1 : 58);
            while (i < w.Length)
            {
                if (w[i] == "flags" && m.Protocols.Count == 1 && m.Protocols[0] == 6 && i + 1 < w.Length && w[i + 1] == "established" && !m.Established)
                {
                    m.Established = true;
                    i += 2;
                }
                else if ((w[i] == "source" || w[i] == "destination") && i + 2 < w.Length && w[i + 1] == "port" && ports)
                {
                    bool source = w[i] == "source";
                    if ((source ? m.SourcePorts : m.DestinationPorts) != null) throw new AclReadException(line, "a second " + w[i] + " port");
                    i += 2;
                    var list = new List<Interval>();
                    if (w[i] == "field-set")
                    {
                        for (i++; i < w.Length && !Keywords.Contains(w[i]); i++)
                            list.AddRange(portSet(w[i]) ?? throw new AclReadException(line, "unknown field-set '" + w[i] + "'"));
                        if (list.Count == 0) throw new AclReadException(line, "expected a field-set name");
                    }
                    else
                    {
                        for (; i < w.Length && !Keywords.Contains(w[i]); i++) list.AddRange(PortList(w[i], line));
                        if (list.Count == 0) throw new AclReadException(line, "expected ports after '" + w[i - 1] + "'");
                    }
                    if (source) m.SourcePorts = list; else m.DestinationPorts = list;
                }
                else if (w[i] == "type" && icmp && m.Types == null && i + 1 < w.Length && w[i + 1] != "code")
                {
                    var types = new List<int>();
                    for (i++; i < w.Length && w[i] != "code"; i++) types.AddRange(Numbers(w[i], line, 255, "ICMP type"));
                    if (i + 1 >= w.Length) throw new AclReadException(line, "expected 'code CODES|all' after the ICMP type");
                    i++;
                    List<int>? codes = null;
                    if (w[i] == "all") i++;
                    else
                    {
                        codes = new List<int>();
                        for (; i < w.Length && !Keywords.Contains(w[i]); i++) codes.AddRange(Numbers(w[i], line, 255, "ICMP code"));
                    }
                    if (types.Distinct().Count() != types.Count || (codes != null && codes.Distinct().Count() != codes.Count))
                        throw new AclReadException(line, "an ICMP type or code named twice");
                    m.Types = types;
                    m.Codes = codes;
                }
                else throw new AclReadException(line, "unexpected '" + w[i] + "' in a protocol match");
            }
            long count = (long)m.Protocols.Count * (m.Types?.Count ?? 1) * (m.Codes?.Count ?? 1);
            if (count > MaxEntries) throw new AclReadException(line, "the protocol match stands for more than " + MaxEntries.ToString(CultureInfo.InvariantCulture) + " entries");
            return m;
        }

        /// <summary>The entries of the line: one per protocol, ICMP type and code.</summary>
        public IEnumerable<AclEntry> Entries(AclAction action, IReadOnlyList<IpPrefix>? sources, IReadOnlyList<IpPrefix>? destinations, bool log)
        {
            var (sourcePorts, destinationPorts) = AclFields.Normalized(SourcePorts, DestinationPorts);
            foreach (var protocol in Protocols)
            {
                if (Types == null)
                {
                    yield return new AclEntry(action, protocol, sources, destinations, sourcePorts, destinationPorts, null, null, Established, log);
                    continue;
                }
                foreach (var type in Types)
                {
                    if (Codes == null) yield return new AclEntry(action, protocol, sources, destinations, null, null, type, null, false, log);
                    else foreach (var code in Codes) yield return new AclEntry(action, protocol, sources, destinations, null, null, type, code, false, log);
                }
            }
        }

        /// <summary>"80,443,1000-2000".</summary>
        internal static List<Interval> PortList(string text, int line) =>
            text.Split(',').Select(p => p.Length == 0 ? throw new AclReadException(line, "empty port in '" + text + "'") : AclFields.PortRange(p, line, '-')).ToList();

        /// <summary>"1,3-7,9": the numbers, each range spelled out.</summary>
        private static IEnumerable<int> Numbers(string text, int line, int max, string what)
        {
            var list = new List<int>();
            foreach (var part in text.Split(','))
            {
                if (part.Length == 0) throw new AclReadException(line, "empty " + what + " in '" + text + "'");
                var ends = part.Split('-');
                if (ends.Length > 2) throw new AclReadException(line, "expected a " + what + " or range, found '" + part + "'");
                int a = AclFields.Number(ends[0], line, max), b = ends.Length == 2 ? AclFields.Number(ends[1], line, max) : a;
                if (b < a) throw new AclReadException(line, what + " range '" + part + "' ends before it starts");
                for (int n = a; n <= b; n++) list.Add(n);
            }
            return list;
        }
    }
}
