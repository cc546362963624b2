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

        /// <summary>The filters as traffic-policies with field-sets (<c>option filter traffic-policy</c>), or null for ACLs.</summary>
        public EosTrafficPolicySection? TrafficPolicies { get; set; }
        public List<EosDscpMap> DscpMaps { get; } = new List<EosDscpMap>();
        public EosProfile Profile { get; set; } = new EosProfile();
        public List<EosClassMap> ClassMaps { get; } = new List<EosClassMap>();
        public List<CliPolicyMap> PolicyMaps { get; } = new List<CliPolicyMap>();
        public CliLoopback? Loopback { get; set; }
        public List<EosInterface> Interfaces { get; } = new List<EosInterface>();
        public EosVxlan? Vxlan { get; set; }
    }

    public sealed record EosVlan(int Id = 0, string Name = "");

    /// <param name="Keyword">"ip" or "ipv6".</param>
    /// <param name="Entries">The entry lines, rendered once per list by <c>acl-entries.scriban</c> (the devices of a pod share their lists).</param>
    public sealed record EosAcl(string Keyword = "", string Name = "", string Remark = "", string Entries = "", bool Counters = false);

    /// <summary>The model of <c>acl-entries.scriban</c>: one ACL's entries.</summary>
    public sealed class EosAclEntries
    {
        public List<CliAclLine> Lines { get; set; } = new List<CliAclLine>();
    }

    public sealed record EosDscpMap(int Dscp = 0, int TrafficClass = 0);

    public sealed class EosProfile
    {
        public string Name { get; set; } = "";
        public List<int> Lossless { get; } = new List<int>();
        public List<EosQueue> Queues { get; } = new List<EosQueue>();
    }

    /// <param name="Bandwidth">Percent, or "" when the queue has no guaranteed share.</param>
    /// <param name="Ecn">The arguments of "random-detect ecn", or "".</param>
    public sealed record EosQueue(int Id = 0, bool Strict = false, string Bandwidth = "", string Ecn = "",
        string Comment = "");

    /// <param name="Keyword">"ip" or "ipv6".</param>
    public sealed record EosClassMap(string Name = "", string Keyword = "", string Acl = "");

    public sealed record EosInterface(string Name = "", string Description = "", int Mtu = 0, string AclV4 = "",
        string AclV6 = "", string ServiceProfile = "", string ServicePolicy = "", string TrafficPolicy = "")
    {
        /// <summary>Switchport lines ("no switchport", "switchport mode trunk", …).</summary>
        public List<string> Mode { get; } = new List<string>();
    }

    public sealed class EosVxlan
    {
        public string Source { get; set; } = "";
        public List<EosVniMap> Vlans { get; } = new List<EosVniMap>();
    }

    public sealed record EosVniMap(int Vlan = 0, int Vni = 0);

    /// <summary>The <c>traffic-policies</c> section: field-sets first (a policy refers to them by name), then the policies.</summary>
    public sealed class EosTrafficPolicySection
    {
        public List<EosFieldSet> FieldSets { get; } = new List<EosFieldSet>();
        public List<EosTrafficPolicy> Policies { get; } = new List<EosTrafficPolicy>();
    }

    /// <param name="Kind">"ipv4 prefix" or "ipv6 prefix".</param>
    /// <param name="Values">The members, space-separated, as EOS prints them.</param>
    public sealed record EosFieldSet(string Kind = "", string Name = "", string Values = "");

    public sealed class EosTrafficPolicy
    {
        public string Name { get; set; } = "";
        public List<EosMatch> Matches { get; } = new List<EosMatch>();

        /// <summary>Counters the policy declares (one per counted match, named after it).</summary>
        public List<string> Counters { get; } = new List<string>();
    }

    /// <summary>One match of a traffic-policy: its conditions (ANDed; several <c>protocol</c> lines are ORed) and its actions.
    /// A match without <c>drop</c> permits.</summary>
    /// <param name="Family">"ipv4" or "ipv6".</param>
    public sealed record EosMatch(string Name = "", string Family = "", bool Drop = false, bool Log = false, string Count = "")
    {
        public List<string> Conditions { get; } = new List<string>();
    }
}
