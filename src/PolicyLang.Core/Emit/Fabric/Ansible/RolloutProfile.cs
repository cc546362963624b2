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
            IEnumerable<(string File, string Template)>? helperFiles = null, string collectTemplate = "", string stateExtension = ".cfg")
        {
            TasksTemplate = tasksTemplate;
            CollectTemplate = collectTemplate;
            StateExtension = stateExtension;
            GroupVariables = Array.AsReadOnly((groupVariables ?? Array.Empty<RolloutVariable>()).ToArray());
            Become = become;
            RemoteDirectory = remoteDirectory ?? "";
            RemotePathFormat = remotePathFormat ?? "";
            ConfigMustHaveNoJinja = configMustHaveNoJinja;
            HelperFiles = Array.AsReadOnly((helperFiles ?? Array.Empty<(string, string)>()).ToArray());
        }

        /// <summary>
        /// A network OS reached through an Ansible connection plugin (network_cli, netconf) whose config module takes the
        /// file as its source (<c>src:</c>), so the file must carry no Jinja; <paramref name="enable"/>: privileged mode
        /// through <c>enable</c>.
        /// </summary>
        public static RolloutProfile NetworkOs(string tasksTemplate, string connection, string networkOs, bool enable = false,
            string? remotePathFormat = null, string collectTemplate = "", string stateExtension = ".cfg")
        {
            var variables = new List<RolloutVariable>
            {
                new RolloutVariable("ansible_connection", "ansible.netcommon." + connection),
                new RolloutVariable("ansible_network_os", networkOs),
            };
            if (enable)
            {
                variables.Add(new RolloutVariable("ansible_become", true));
                variables.Add(new RolloutVariable("ansible_become_method", "enable"));
            }
            return new RolloutProfile(tasksTemplate, variables, remotePathFormat: remotePathFormat, configMustHaveNoJinja: true,
                collectTemplate: collectTemplate, stateExtension: stateExtension);
        }

        /// <summary>
        /// A switch managed over SSH as a Linux host: the play runs as root and keeps the file in
        /// <paramref name="remoteDirectory"/>, named after the target with <paramref name="extension"/>.
        /// </summary>
        public static RolloutProfile LinuxHost(string tasksTemplate, string remoteDirectory, string extension,
            IEnumerable<(string File, string Template)>? helperFiles = null, string collectTemplate = "", string stateExtension = ".json") =>
            new RolloutProfile(tasksTemplate, new[] { new RolloutVariable("ansible_connection", "ssh") }, become: true,
                remoteDirectory: remoteDirectory, remotePathFormat: remoteDirectory + "/{0}" + extension, helperFiles: helperFiles,
                collectTemplate: collectTemplate, stateExtension: stateExtension);

        /// <summary>The template of the play's tasks (and handlers), e.g. "Junos/rollout.scriban".</summary>
        public string TasksTemplate { get; }

        /// <summary>
        /// The tasks that read the device's running state in the form <c>policyc verify</c> reads (e.g. "AristaEos/collect.scriban"):
        /// rendered with <see cref="RolloutModel.CollectRegister"/> and <see cref="RolloutModel.CollectDestination"/>, they
        /// write it to a file on the controller. collect.yml uses them, and rollout.yml for its backup and post-check.
        /// </summary>
        public string CollectTemplate { get; }

        /// <summary>The extension of the state files the collect tasks write (".cfg", ".conf", ".json").</summary>
        public string StateExtension { get; }

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
