namespace PolicyLang.Emit.Fabric.Ansible
{
    /// <summary>What the playbook templates lay out (every string already a safe YAML token or quoted scalar) and the inventory holds.</summary>
    public sealed record RolloutModel(string Group = "", string PlayName = "", string CommitComment = "", string CollectPlayName = "")
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

        /// <summary>Jinja2's delimiters, for templates that write Ansible expressions.</summary>
        public string Jo => "{{";
        public string Jc => "}}";

        /// <summary>The target's state folder name (a PolicyLang identifier) and the extension of its state files.</summary>
        public string StateFolder { get; set; } = "";
        public string StateExtension { get; set; } = "";

        /// <summary>For the collect tasks: the variable they register and the file (a quoted Jinja2 expression) they write.</summary>
        public string CollectRegister { get; set; } = "";
        public string CollectDestination { get; set; } = "";
        public string CollectWhat { get; set; } = "";

        /// <summary>The collect tasks rendered for the backup (before any change) and for the post-check (after it).</summary>
        public string Backup { get; set; } = "";
        public string PostCheckCollect { get; set; } = "";

        /// <summary>The post-check task (inside the platform's block).</summary>
        public string PostCheck { get; set; } = "";

        /// <summary>The collect tasks of collect.yml.</summary>
        public string CollectTasks { get; set; } = "";
        public List<RolloutHost> Hosts { get; } = new List<RolloutHost>();
    }

    /// <summary>A group variable of the inventory: a string or a boolean.</summary>
    public sealed class RolloutVariable(string name, object value)
    {
        public string Name { get; } = name;
        public object Value { get; } = value;
    }

    public sealed class RolloutHost(string name, string config)
    {
        /// <summary>The device name, as the policy writes it (the inventory writer quotes it where YAML needs).</summary>
        public string Name { get; } = name;

        /// <summary>The configuration file, relative to the playbook's folder (written <c>!unsafe</c>).</summary>
        public string Config { get; } = config;
    }
}
