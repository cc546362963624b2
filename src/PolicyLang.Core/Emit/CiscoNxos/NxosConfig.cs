using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.CiscoNxos
{
    /// <summary>What device.scriban lays out for one Cisco Nexus switch. Every string is numeric, validated or reduced to a safe alphabet.</summary>
    public sealed class NxosConfig
    {
        public List<string> Header { get; } = new List<string>();
        public string Hostname { get; set; } = "";
        public List<string> Features { get; } = new List<string>();
        public List<NxosVlan> Vlans { get; } = new List<NxosVlan>();
        public List<NxosObjectGroup> ObjectGroups { get; } = new List<NxosObjectGroup>();
        public List<NxosAcl> Acls { get; } = new List<NxosAcl>();
        public List<NxosClassMap> ClassMaps { get; } = new List<NxosClassMap>();
        public List<CliPolicyMap> QosPolicies { get; } = new List<CliPolicyMap>();
        public CliPolicyMap NetworkQos { get; set; } = new CliPolicyMap();
        public CliPolicyMap Queuing { get; set; } = new CliPolicyMap();
        public CliLoopback? Loopback { get; set; }
        public List<NxosInterface> Interfaces { get; } = new List<NxosInterface>();
        public NxosNve? Nve { get; set; }
    }

    /// <param name="Vni">The VNI as text, or "" when the VLAN maps to none.</param>
    public sealed record NxosVlan(int Id = 0, string Name = "", string Vni = "");

    /// <param name="Kind">"ip address", "ipv6 address" or "ip port".</param>
    public sealed record NxosObjectGroup(string Kind = "", string Name = "")
    {
        public List<string> Members { get; } = new List<string>();
    }

    public sealed record NxosAcl(string Keyword = "", string Name = "", string Remark = "")
    {
        public List<CliAclLine> Lines { get; } = new List<CliAclLine>();
    }

    /// <param name="Match">The match line: "match dscp 26" or "match access-group name ACL".</param>
    public sealed record NxosClassMap(string Name = "", string Match = "");

    public sealed record NxosInterface(string Name = "", string Description = "", int Mtu = 0, bool Pfc = false)
    {
        public List<string> Mode { get; } = new List<string>();
        /// <summary>Binding lines: "ip port access-group ACL in", "ipv6 traffic-filter ACL in", ….</summary>
        public List<string> Filters { get; } = new List<string>();
        public string ServicePolicy { get; set; } = "";
    }

    public sealed class NxosNve
    {
        public string Source { get; set; } = "";
        public List<int> Vnis { get; } = new List<int>();
    }
}
