namespace PolicyLang.Syntax
{
    /// <summary>Names the language accepts in place of numbers: ICMP/ICMPv6 message types and DSCP code points.</summary>
    public static class WellKnownNames
    {
        /// <summary>ICMP (IPv4) type numbers by name (RFC 792, 950, 1256).</summary>
        public static readonly IReadOnlyDictionary<string, int> IcmpTypes = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["echo-reply"] = 0,
            ["destination-unreachable"] = 3,
            ["source-quench"] = 4,
            ["redirect"] = 5,
            ["echo-request"] = 8,
            ["router-advertisement"] = 9,
            ["router-solicitation"] = 10,
            ["time-exceeded"] = 11,
            ["parameter-problem"] = 12,
            ["timestamp-request"] = 13,
            ["timestamp-reply"] = 14,
        };

        /// <summary>ICMPv6 type numbers by name (RFC 4443, 4861, 2710).</summary>
        public static readonly IReadOnlyDictionary<string, int> Icmpv6Types = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["destination-unreachable"] = 1,
            ["packet-too-big"] = 2,
            ["time-exceeded"] = 3,
            ["parameter-problem"] = 4,
            ["echo-request"] = 128,
            ["echo-reply"] = 129,
            ["mld-listener-query"] = 130,
            ["mld-listener-report"] = 131,
            ["mld-listener-done"] = 132,
            ["router-solicitation"] = 133,
            ["router-advertisement"] = 134,
            ["neighbor-solicitation"] = 135,
            ["neighbor-advertisement"] = 136,
            ["redirect"] = 137,
        };

        public static bool IsIcmpTypeName(string name) => IcmpTypes.ContainsKey(name) || Icmpv6Types.ContainsKey(name);

        /// <summary>The DSCP value of a standard name: ef = 46, afXY = 8X + 2Y, csN = 8N, default/be = 0.</summary>
        public static int? DscpValue(string name)
        {
            switch (name)
            {
                case "ef": return 46;
                case "default":
                case "be": return 0;
                case "va": return 44;
            }
            if (name.Length == 4 && name.StartsWith("af", StringComparison.Ordinal)
                && name[2] >= '1' && name[2] <= '4' && name[3] >= '1' && name[3] <= '3')
                return 8 * (name[2] - '0') + 2 * (name[3] - '0');
            if (name.Length == 3 && name.StartsWith("cs", StringComparison.Ordinal) && name[2] >= '0' && name[2] <= '7')
                return 8 * (name[2] - '0');
            return null;
        }
    }
}
