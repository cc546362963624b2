namespace PolicyLang.Emit.Fabric.Ansible
{
    /// <summary>
    /// Builds a target's Ansible rollout: `TARGET/ansible/inventory.yml` (one group, one host per device, each with the
    /// path of its generated configuration) and `TARGET/ansible/rollout.yml` (one play using the platform's collection).
    /// Every play has replace semantics and changes nothing when the device already runs the generated configuration,
    /// so re-running it is a no-op. Run: `ansible-playbook -i inventory.yml rollout.yml` from that folder.
    /// </summary>
    public static class AnsibleRollout
    {
        public const string Folder = "ansible";
        public const string InventoryFile = "inventory.yml";
        public const string PlaybookFile = "rollout.yml";
        public const string CollectFile = "collect.yml";

        /// <param name="target">The target's name (a PolicyLang identifier).</param>
        /// <param name="configs">The artifacts the devices' configurations are in; checked for Jinja2 delimiters.</param>
        public static IReadOnlyList<Artifact> Create(string target, string platform, RolloutProfile profile, IReadOnlyList<RolloutDevice> devices, IReadOnlyList<Artifact> configs)
        {
            foreach (var d in devices)
            {
                var config = configs.FirstOrDefault(a => a.RelativePath == d.ConfigArtifactPath)
                    ?? throw new InvalidOperationException("No artifact " + d.ConfigArtifactPath + " for device " + d.Name);
                if (profile.ConfigMustHaveNoJinja)
                    YamlText.RequireNoJinja(config.RelativePath, config.Content);
            }

            var model = Build(target, platform, profile, devices);
            var dir = target + "/" + Folder + "/";
            var artifacts = new List<Artifact>
            {
                new Artifact(target, platform, dir + InventoryFile, Inventory(model)),
                new Artifact(target, platform, dir + PlaybookFile, TemplateRenderer.Render("Fabric/Ansible/playbook.scriban", model)),
            };
            if (profile.CollectTemplate.Length > 0)
                artifacts.Add(new Artifact(target, platform, dir + CollectFile, TemplateRenderer.Render("Fabric/Ansible/collect.scriban", model)));
            foreach (var (file, template) in profile.HelperFiles)
                artifacts.Add(new Artifact(target, platform, dir + file, TemplateRenderer.Render(template, model)));
            return artifacts;
        }

        /// <summary>
        /// The inventory, written by <see cref="YamlWriter"/>: one group with the platform's connection variables and one
        /// host per device. A device name is a key, plain when it reads back as itself, else double-quoted with escapes;
        /// its configuration path is <c>!unsafe</c>, so Ansible never templates it.
        /// </summary>
        private static string Inventory(RolloutModel m)
        {
            var vars = new YamlMap();
            foreach (var v in m.GroupVariables) vars.Add(v.Name, v.Value);
            var hosts = new YamlMap();
            foreach (var h in m.Hosts) hosts.Add(h.Name, new YamlMap().Add("policyc_config", new YamlTagged("!unsafe", h.Config)));
            var root = new YamlMap().Add("all", new YamlMap().Add("children", new YamlMap().Add(m.Group, new YamlMap().Add("vars", vars).Add("hosts", hosts))));
            var sb = new StringBuilder();
            foreach (var line in m.Header) sb.Append("# ").Append(line).Append('\n');
            YamlWriter.Document(sb, root, explicitStart: false);
            return sb.ToString();
        }

        private static string Indent(string text, int spaces) =>
            string.Join("\n", text.TrimEnd('\n').Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));

        /// <summary>The platform's collect tasks, writing to DIR/[SUBFOLDER]HOST.EXT where DIR is the play variable <paramref name="folderVariable"/>.</summary>
        private static string Collect(RolloutModel m, RolloutProfile profile, string register, string folderVariable, string subfolder, string what)
        {
            m.CollectRegister = register;
            m.CollectDestination = "\"{{ " + folderVariable + " }}/" + subfolder + "{{ inventory_hostname }}" + profile.StateExtension + "\"";
            m.CollectWhat = what;
            return TemplateRenderer.Render(profile.CollectTemplate, m).TrimEnd('\n');
        }

        public static RolloutModel Build(string target, string platform, RolloutProfile profile, IReadOnlyList<RolloutDevice> devices)
        {
            var safeTarget = YamlText.Label(target);
            var m = new RolloutModel
            {
                Group = YamlText.Identifier("policyc_", target),
                PlayName = YamlText.Quoted("policyc rollout of target " + safeTarget + " (" + YamlText.Label(platform) + ")"),
                CommitComment = YamlText.Quoted("policyc target " + safeTarget),
                CollectPlayName = YamlText.Quoted("policyc state collection of target " + safeTarget + " (" + YamlText.Label(platform) + ")"),
            };
            m.Header.Add("Generated by policyc for target " + safeTarget + " (" + YamlText.Label(platform) + "). Do not edit: changes are overwritten.");
            m.Header.Add("Run from this folder: ansible-playbook -i " + InventoryFile + " " + PlaybookFile + " (add --check --diff to preview).");
            m.Become = profile.Become;
            m.GroupVariables.AddRange(profile.GroupVariables);
            m.RemoteDirectory = profile.RemoteDirectory;
            m.RemotePath = string.Format(System.Globalization.CultureInfo.InvariantCulture, profile.RemotePathFormat, safeTarget);
            m.ApplyScript = profile.HelperFiles.Count > 0 ? profile.HelperFiles[0].File : "";
            var prefix = target + "/";
            foreach (var d in devices)
            {
                var relative = d.ConfigArtifactPath.StartsWith(prefix, StringComparison.Ordinal)
                    ? "../" + d.ConfigArtifactPath.Substring(prefix.Length)
                    : "../../" + d.ConfigArtifactPath;
                m.Hosts.Add(new RolloutHost(d.Name, relative));
            }
            m.StateFolder = safeTarget;
            m.StateExtension = profile.StateExtension;
            if (profile.CollectTemplate.Length > 0)
            {
                m.Backup = Collect(m, profile, "policyc_backup", "policyc_backup_dir", "", "the backup");
                m.PostCheckCollect = Indent(Collect(m, profile, "policyc_after", "policyc_state_dir", safeTarget + "/", "the state folder"), 4);
                m.PostCheck = TemplateRenderer.Render("Fabric/Ansible/postcheck.scriban", m).TrimEnd('\n');
            }
            m.Tasks = TemplateRenderer.Render(profile.TasksTemplate, m);
            if (profile.CollectTemplate.Length > 0) m.CollectTasks = Collect(m, profile, "policyc_running", "policyc_state_dir", safeTarget + "/", "the state folder");
            return m;
        }
    }
}
