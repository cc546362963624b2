namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// The port names NX-OS and IOS XE take in ACL entries and show in their running configuration in place of the number
    /// entered: <c>eq 80</c> is shown as <c>eq www</c>, <c>eq 53</c> as <c>eq domain</c>, UDP <c>eq 123</c> as <c>eq ntp</c>.
    /// A running configuration holds them even where policyc wrote numbers, so its readers must read them. By protocol
    /// (6, 17), from the keyword lists of the two CLIs (<c>permit tcp any any eq ?</c>); any other word after a port
    /// operator stays an error.
    /// </summary>
    public static class CiscoPortNames
    {
        public static int? Find(int protocol, string name) => s_table.Find(protocol, name);

        private static readonly Dictionary<string, int> Tcp = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["bgp"] = 179, ["chargen"] = 19, ["cmd"] = 514, ["daytime"] = 13, ["discard"] = 9, ["domain"] = 53, ["drip"] = 3949,
            ["echo"] = 7, ["exec"] = 512, ["finger"] = 79, ["ftp"] = 21, ["ftp-data"] = 20, ["gopher"] = 70, ["hostname"] = 101,
            ["ident"] = 113, ["irc"] = 194, ["klogin"] = 543, ["kshell"] = 544, ["login"] = 513, ["lpd"] = 515, ["msrpc"] = 135,
            ["nntp"] = 119, ["pim-auto-rp"] = 496, ["pop2"] = 109, ["pop3"] = 110, ["smtp"] = 25, ["sunrpc"] = 111, ["tacacs"] = 49,
            ["talk"] = 517, ["telnet"] = 23, ["time"] = 37, ["uucp"] = 540, ["whois"] = 43, ["www"] = 80,
        };

        private static readonly Dictionary<string, int> Udp = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["biff"] = 512, ["bootpc"] = 68, ["bootps"] = 67, ["discard"] = 9, ["dnsix"] = 195, ["domain"] = 53, ["echo"] = 7,
            ["isakmp"] = 500, ["mobile-ip"] = 434, ["nameserver"] = 42, ["netbios-dgm"] = 138, ["netbios-ns"] = 137,
            ["netbios-ss"] = 139, ["non500-isakmp"] = 4500, ["ntp"] = 123, ["pim-auto-rp"] = 496, ["rip"] = 520, ["snmp"] = 161,
            ["snmptrap"] = 162, ["sunrpc"] = 111, ["syslog"] = 514, ["tacacs"] = 49, ["talk"] = 517, ["tftp"] = 69, ["time"] = 37,
            ["who"] = 513, ["xdmcp"] = 177,
        };

        // After the two lists: static fields are set in the order they are written.
        private static readonly PortNameTable s_table = new PortNameTable(Tcp, Udp);
    }
}
