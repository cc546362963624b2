using PolicyLang.Emit.State;

namespace PolicyLang.Emit.Nftables
{
    /// <summary>The symbolic values nft prints in its JSON export (protocols, ICMP types and codes, DSCP classes, a few services).</summary>
    internal static class NftNames
    {
        private static readonly Dictionary<string, int> s_protocols = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["icmp"] = 1, ["igmp"] = 2, ["ipip"] = 4, ["tcp"] = 6, ["egp"] = 8, ["pup"] = 12, ["udp"] = 17, ["idp"] = 22, ["dccp"] = 33,
            ["ipv6"] = 41, ["rsvp"] = 46, ["gre"] = 47, ["esp"] = 50, ["ah"] = 51, ["icmpv6"] = 58, ["ipv6-icmp"] = 58, ["mtp"] = 92,
            ["encap"] = 98, ["pim"] = 103, ["comp"] = 108, ["vrrp"] = 112, ["l2tp"] = 115, ["sctp"] = 132, ["udplite"] = 136, ["mpls-in-ip"] = 137,
            ["ospf"] = 89, ["eigrp"] = 88,
        };

        private static readonly Dictionary<string, int> s_icmpTypes = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["echo-reply"] = 0, ["destination-unreachable"] = 3, ["source-quench"] = 4, ["redirect"] = 5, ["echo-request"] = 8,
            ["router-advertisement"] = 9, ["router-solicitation"] = 10, ["time-exceeded"] = 11, ["parameter-problem"] = 12,
            ["timestamp-request"] = 13, ["timestamp-reply"] = 14, ["info-request"] = 15, ["info-reply"] = 16,
            ["address-mask-request"] = 17, ["address-mask-reply"] = 18,
        };

        private static readonly Dictionary<string, int> s_icmpCodes = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["net-unreachable"] = 0, ["host-unreachable"] = 1, ["prot-unreachable"] = 2, ["port-unreachable"] = 3, ["frag-needed"] = 4,
            ["net-prohibited"] = 9, ["host-prohibited"] = 10, ["admin-prohibited"] = 13,
        };

        private static readonly Dictionary<string, int> s_icmpv6Types = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["destination-unreachable"] = 1, ["packet-too-big"] = 2, ["time-exceeded"] = 3, ["parameter-problem"] = 4,
            ["echo-request"] = 128, ["echo-reply"] = 129, ["mld-listener-query"] = 130, ["mld-listener-report"] = 131,
            ["mld-listener-done"] = 132, ["mld-listener-reduction"] = 132, ["nd-router-solicit"] = 133, ["nd-router-advert"] = 134,
            ["nd-neighbor-solicit"] = 135, ["nd-neighbor-advert"] = 136, ["nd-redirect"] = 137, ["router-renumbering"] = 138,
            ["ind-neighbor-solicit"] = 141, ["ind-neighbor-advert"] = 142, ["mld2-listener-report"] = 143,
        };

        private static readonly Dictionary<string, int> s_icmpv6Codes = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["no-route"] = 0, ["admin-prohibited"] = 1, ["addr-unreachable"] = 3, ["port-unreachable"] = 4, ["policy-fail"] = 5, ["reject-route"] = 6,
        };

        private static readonly Dictionary<string, int> s_services = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["ftp"] = 21, ["ssh"] = 22, ["telnet"] = 23, ["smtp"] = 25, ["domain"] = 53, ["http"] = 80, ["ntp"] = 123, ["bgp"] = 179,
            ["https"] = 443, ["snmp"] = 161, ["ldap"] = 389, ["ldaps"] = 636, ["nfs"] = 2049, ["postgresql"] = 5432, ["mysql"] = 3306,
        };

        private static readonly Dictionary<string, int> s_dscp = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["cs0"] = 0, ["cs1"] = 8, ["af11"] = 10, ["af12"] = 12, ["af13"] = 14, ["cs2"] = 16, ["af21"] = 18, ["af22"] = 20, ["af23"] = 22,
            ["cs3"] = 24, ["af31"] = 26, ["af32"] = 28, ["af33"] = 30, ["cs4"] = 32, ["af41"] = 34, ["af42"] = 36, ["af43"] = 38,
            ["cs5"] = 40, ["va"] = 44, ["ef"] = 46, ["cs6"] = 48, ["cs7"] = 56, ["be"] = 0, ["le"] = 1,
        };

        public static int? Protocol(string name) => s_protocols.TryGetValue(name, out var v) ? v : (int?)null;
        public static int? IcmpType(string name) => s_icmpTypes.TryGetValue(name, out var v) ? v : (int?)null;
        public static int? IcmpCode(string name) => s_icmpCodes.TryGetValue(name, out var v) ? v : (int?)null;
        public static int? Icmpv6Type(string name) => s_icmpv6Types.TryGetValue(name, out var v) ? v : (int?)null;
        public static int? Icmpv6Code(string name) => s_icmpv6Codes.TryGetValue(name, out var v) ? v : (int?)null;
        public static int? Port(string name) => s_services.TryGetValue(name, out var v) ? v : (int?)null;

        public static int Dscp(JsonNode value)
        {
            if (value.AsInteger() is long v && v >= 0 && v <= 63) return (int)v;
            if (value.IsString && s_dscp.TryGetValue(value.Text!, out var named)) return named;
            throw new StateReadException(value.Offset, "expected a DSCP value (0-63 or a name such as af41), found " + value);
        }
    }
}
