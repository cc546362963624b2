namespace PolicyLang.Emit.Fabric.Ansible
{
    /// <summary>
    /// How one platform's generated configurations reach its devices with replace semantics: the play's tasks (a
    /// template in the platform's folder, rendered with the <see cref="RolloutModel"/>), connection variables, where the
    /// file goes on the device and any helper files beside the playbook. Each switch platform declares its own;
    /// <see cref="AnsibleRollout"/> lays out what they share. Immutable.
    /// </summary>
    public sealed class RolloutProfile
    {
        public RolloutProfile(string tasksTemplate, IEnumerable<RolloutVariable>? groupVariables = null, bool become = false,
            string? remoteDirectory = null, string? remotePathFormat = null, bool configMustHaveNoJinja = false,
            IEnumerable<(string File, string Template)>? helperFiles = null)
        {
            TasksTemplate = tasksTemplate;
            GroupVariables = Array.AsReadOnly((groupVariables ?? Array.Empty<RolloutVariable>()).ToArray());
            Become = become;
            RemoteDirectory = remoteDirectory ?? "";
            RemotePathFormat = remotePathFormat ?? "";
            ConfigMustHaveNoJinja = configMustHaveNoJinja;
            HelperFiles = Array.AsReadOnly((helperFiles ?? Array.Empty<(string, string)>()).ToArray());
        }

        /// <summary>The template of the play's tasks (and handlers), e.g. "Junos/rollout.scriban".</summary>
        public string TasksTemplate { get; }

        /// <summary>Inventory group variables (connection, network OS).</summary>
        public IReadOnlyList<RolloutVariable> GroupVariables { get; }

        /// <summary>Whether the play runs as root (switches managed over SSH as Linux hosts).</summary>
        public bool Become { get; }

        /// <summary>The folder on the device the play keeps the file in ("" when the module takes the file itself).</summary>
        public string RemoteDirectory { get; }

        /// <summary>The file's path on the device, with {0} for the target's name ("" when not copied).</summary>
        public string RemotePathFormat { get; }

        /// <summary>The module templates the file itself (src:), so "{{" or "{%" in it must not reach Ansible.</summary>
        public bool ConfigMustHaveNoJinja { get; }

        /// <summary>Files written beside the playbook (name, template).</summary>
        public IReadOnlyList<(string File, string Template)> HelperFiles { get; }
    }
}
