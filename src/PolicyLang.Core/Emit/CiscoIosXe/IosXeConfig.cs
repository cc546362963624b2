using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.CiscoIosXe
{
    /// <summary>What device.scriban lays out for one Catalyst switch. Every string is numeric, validated or reduced to a safe alphabet.</summary>
    public sealed class IosXeConfig
    {
        public List<string> Header { get; } = new List<string>();
        /// <summary>The device name's first label: IOS XE host names take no dots.</summary>
        public string Hostname { get; set; } = "";

        /// <summary>The rest of a fully qualified device name (<c>ip domain name</c>), or "".</summary>
        public string DomainName { get; set; } = "";

        /// <summary>The switch-wide MTU of its Ethernet ports (jumbo frames), 0 when every segment fits 1500 bytes.</summary>
        public int SystemMtu { get; set; }
        public List<IosXeVlan> Vlans { get; } = new List<IosXeVlan>();
        public List<IosXeAcl> Acls { get; } = new List<IosXeAcl>();
        public List<IosXeInterface> Interfaces { get; } = new List<IosXeInterface>();
    }

    public sealed record IosXeVlan(int Id, string Name);

    /// <param name="Definition">"ip access-list extended NAME" or "ipv6 access-list NAME".</param>
    /// <param name="Sequence">What precedes an entry's number: "" for IPv4, "sequence " for IPv6.</param>
    public sealed record IosXeAcl(string Definition, string Remark, string Sequence, List<CliAclLine> Lines);

    /// <param name="Mtu">The routed MTU of a VLAN interface or routed port, 0 for a switch port (the system MTU applies).</param>
    /// <param name="Mode">Switchport lines ("switchport mode trunk", …) or "no switchport".</param>
    public sealed record IosXeInterface(string Name, string Description, int Mtu, List<string> Mode, string AclV4, string AclV6);
}
