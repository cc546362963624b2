namespace PolicyLang.Emit.Cumulus
{
    /// <summary>One device's NVUE commands, grouped; every token is a validated name, a number or an address.</summary>
    public sealed class NvueConfig
    {
        public List<string> Header { get; } = new List<string>();
        public string Bridge { get; set; } = "br_default";
        public string VtepAddress { get; set; } = "";
        public List<NvueVlan> Vlans { get; } = new List<NvueVlan>();
        public List<NvueInterface> Interfaces { get; } = new List<NvueInterface>();
        public List<NvueAcl> Acls { get; } = new List<NvueAcl>();
        public List<NvueBinding> Bindings { get; } = new List<NvueBinding>();

        /// <summary>QoS settings: "mapping default-global dscp 26 switch-priority 3" and the like, after "nv set qos ".</summary>
        public List<string> Qos { get; } = new List<string>();
    }

    public sealed record NvueVlan(int Id = 0, int Vni = 0);

    public sealed record NvueInterface(string Name = "", int Mtu = 0)
    {
        /// <summary>"access 110", "vlan 110,120" or "" (no bridge membership: an SVI or an uplink).</summary>
        public string Bridge { get; set; } = "";
    }

    /// <param name="Type">ipv4 or ipv6.</param>
    public sealed record NvueAcl(string Name = "", string Type = "")
    {
        public List<NvueRule> Rules { get; } = new List<NvueRule>();
    }

    public sealed class NvueRule
    {
        public int Id { get; set; }

        /// <summary>A comment line written before the rule ("flow NAME"), or empty. Flow names only.</summary>
        public string Remark { get; set; } = "";

        /// <summary>Each a path after "match ", e.g. "ip source-ip 10.0.0.0/16".</summary>
        public List<string> Matches { get; } = new List<string>();

        /// <summary>Each a path after "action ", e.g. "permit" or "set dscp 26".</summary>
        public List<string> Actions { get; } = new List<string>();
    }

    public sealed record NvueBinding(string Interface = "", string Acl = "");
}
