using PolicyLang.Emit.Fabric;

namespace PolicyLang.Emit.AristaEos
{
    /// <summary>What device.scriban lays out for one Arista EOS switch. Every string is numeric, validated or reduced to a safe alphabet.</summary>
    public sealed class EosConfig
    {
        public List<string> Header { get; } = new List<string>();
        public string Hostname { get; set; } = "";
        public List<EosVlan> Vlans { get; } = new List<EosVlan>();
        public List<EosAcl> Acls { get; } = new List<EosAcl>();
        public List<EosDscpMap> DscpMaps { get; } = new List<EosDscpMap>();
        public EosProfile Profile { get; set; } = new EosProfile();
        public List<EosClassMap> ClassMaps { get; } = new List<EosClassMap>();
        public List<CliPolicyMap> PolicyMaps { get; } = new List<CliPolicyMap>();
        public CliLoopback? Loopback { get; set; }
        public List<EosInterface> Interfaces { get; } = new List<EosInterface>();
        public EosVxlan? Vxlan { get; set; }
    }

    public sealed class EosVlan
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
    }

    public sealed class EosAcl
    {
        /// <summary>"ip" or "ipv6".</summary>
        public string Keyword { get; set; } = "";
        public string Name { get; set; } = "";
        public string Remark { get; set; } = "";

        /// <summary>The entry lines, rendered once per list by <c>acl-entries.scriban</c> (the devices of a pod share their lists).</summary>
        public string Entries { get; set; } = "";
    }

    /// <summary>The model of <c>acl-entries.scriban</c>: one ACL's entries.</summary>
    public sealed class EosAclEntries
    {
        public List<CliAclLine> Lines { get; set; } = new List<CliAclLine>();
    }

    public sealed class EosDscpMap
    {
        public int Dscp { get; set; }
        public int TrafficClass { get; set; }
    }

    public sealed class EosProfile
    {
        public string Name { get; set; } = "";
        public List<int> Lossless { get; } = new List<int>();
        public List<EosQueue> Queues { get; } = new List<EosQueue>();
    }

    public sealed class EosQueue
    {
        public int Id { get; set; }
        public bool Strict { get; set; }

        /// <summary>Percent, or "" when the queue has no guaranteed share.</summary>
        public string Bandwidth { get; set; } = "";

        /// <summary>The arguments of "random-detect ecn", or "".</summary>
        public string Ecn { get; set; } = "";
        public string Comment { get; set; } = "";
    }

    public sealed class EosClassMap
    {
        public string Name { get; set; } = "";

        /// <summary>"ip" or "ipv6".</summary>
        public string Keyword { get; set; } = "";
        public string Acl { get; set; } = "";
    }

    public sealed class EosInterface
    {
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public int Mtu { get; set; }

        /// <summary>Switchport lines ("no switchport", "switchport mode trunk", …).</summary>
        public List<string> Mode { get; } = new List<string>();
        public string AclV4 { get; set; } = "";
        public string AclV6 { get; set; } = "";
        public string ServiceProfile { get; set; } = "";
        public string ServicePolicy { get; set; } = "";
    }

    public sealed class EosVxlan
    {
        public string Source { get; set; } = "";
        public List<EosVniMap> Vlans { get; } = new List<EosVniMap>();
    }

    public sealed class EosVniMap
    {
        public int Vlan { get; set; }
        public int Vni { get; set; }
    }
}
