namespace PolicyLang.Emit.Fabric.Ansible
{
    /// <summary>What the inventory and playbook templates lay out. Every string is already a safe YAML token or quoted scalar.</summary>
    public sealed record RolloutModel(string Group = "", string PlayName = "", string CommitComment = "")
    {
        public List<string> Header { get; } = new List<string>();
        /// <summary>Whether the play runs as root.</summary>
        public bool Become { get; set; }
        /// <summary>The platform's tasks, rendered from its profile's template with this model.</summary>
        public string Tasks { get; set; } = "";
        public string RemotePath { get; set; } = "";
        /// <summary>The first helper file beside the playbook (SONiC: the script that applies a fragment with replace semantics).</summary>
        public string ApplyScript { get; set; } = "";
        public string RemoteDirectory { get; set; } = "";
        public List<RolloutVariable> GroupVariables { get; } = new List<RolloutVariable>();
        public List<RolloutHost> Hosts { get; } = new List<RolloutHost>();
    }

    public sealed class RolloutVariable(string name, string value)
    {
        public string Name { get; } = name;
        public string Value { get; } = value;
    }

    public sealed class RolloutHost(string key, string config)
    {
        /// <summary>The device name as a quoted YAML mapping key.</summary>
        public string Key { get; } = key;

        /// <summary>The configuration file, relative to the playbook's folder, as <c>!unsafe "…"</c>.</summary>
        public string Config { get; } = config;
    }
}
