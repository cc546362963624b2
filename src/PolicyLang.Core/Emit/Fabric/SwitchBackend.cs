using PolicyLang.Emit.Fabric.Ansible;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// The skeleton of a switch backend: the shared switch checks, one configuration file per device block of the target
    /// and the Ansible rollout beside them. A platform supplies its description, its rollout, the extension of its files
    /// and how one device's model becomes text; it overrides <see cref="Validate"/> only to add checks of its own after
    /// the shared ones.
    /// </summary>
    public abstract class SwitchBackend(PlatformDescription description, RolloutProfile rollout, string extension) : ISwitchBackend, State.IStateVerifier
    {
        public PlatformDescription Description { get; } = description;

        /// <summary>How the files reach the devices.</summary>
        public RolloutProfile Rollout { get; } = rollout;

        public virtual void Validate(TargetContext context) => SwitchChecks.Validate(context);

        /// <summary>Whether the target's filters write each address list once, as a named group (EOS field-sets), so that the
        /// ACL compiler weighs layouts by group members rather than by prefix pairs.</summary>
        public virtual bool GroupsAddresses(Semantics.TargetSymbol target) => false;

        /// <summary>Reads the platform's configuration back into ACLs: the translation validation's reader, and here the rule count.</summary>
        public abstract IAclReader Reader { get; }

        public IReadOnlyList<Artifact> Emit(TargetContext context) =>
            FabricTarget.EmitDevices(context, Rollout, extension, device => Render(device, context))
                .Select(a => a.RelativePath.EndsWith(extension, StringComparison.Ordinal) && !a.RelativePath.Contains("/ansible/")
                    ? new Artifact(a.Target, a.Platform, a.RelativePath, a.Content, () => CountEntries(a.Content)) : a)
                .ToList();

        private int? CountEntries(string text)
        {
            try
            {
                return Reader.Read(text).Acls.Values.Sum(acl => acl.Entries.Count);
            }
            catch (AclReadException)
            {
                // The translation validation reports a file its reader cannot read; a count is not worth a second report.
                return null;
            }
        }

        /// <summary>The export <c>policyc verify</c> reads per device, for messages and docs.</summary>
        public abstract string StateFormat { get; }

        public IReadOnlyList<string> ExpectedStates(TargetContext context) => FabricTarget.Facts(context.Target).Select(d => d.Name.Value).ToList();

        public bool CombinesFiles => false;

        public string Reapply(TargetContext context) => ReplacesWholeConfiguration
            ? "the rollout replaces the whole configuration (anything the build does not write goes)"
            : "the rollout replaces what the build writes (its ACLs, tables or hierarchies); other objects stay";

        public IReadOnlyList<State.DriftFinding> Verify(TargetContext context, IReadOnlyList<State.StateFile> files)
        {
            var file = files.Single();
            var findings = FabricStateVerifier.Verify(context, file, ReadState).ToList();
            if (findings.Any(f => f.Kind == State.DriftKind.Unreadable)) return findings;
            var device = FabricTarget.SettingsDevices(context).FirstOrDefault(d => d.Facts.Name.Value == file.Name).Device;
            if (device == null) return findings;
            try
            {
                // Settings leave ACLs out (they are compared as packet sets above), so the build is rendered for them with
                // each filter cut to its final deny: the entries are most of a switch's text and most of its rendering time.
                var text = Render(SettingsView(device), context);
                var built = Settings(text);
                findings.AddRange(FabricSettings.Compare(file, built, Settings(file.Text)));
                if (!ReplacesWholeConfiguration)
                {
                    // Re-applying replaces only what the build names: an ACL it does not write stays on the device.
                    var acls = new HashSet<string>(Reader.Read(text).Acls.Keys, StringComparer.Ordinal);
                    for (int i = 0; i < findings.Count; i++)
                    {
                        var m = Regex.Match(findings[i].Responsible, "ACL '([^']+)'");
                        if (m.Success && !acls.Contains(m.Groups[1].Value)) findings[i] = findings[i].AsForeign(true);
                    }
                }
            }
            catch (Exception e) when (e is AclReadException or State.StateReadException or FormatException)
            {
                findings.Add(State.DriftSets.Unreadable(file, e is State.StateReadException s ? s.Offset : 0, e.Message));
            }
            return findings;
        }

        /// <summary>
        /// The device as <see cref="Settings"/> and the names of its ACLs see it: the same, but each filter ACL holds only its
        /// final deny. Marking and policing lists stay whole (class-maps and policies refer to them).
        /// </summary>
        internal static FabricDevice SettingsView(FabricDevice device)
        {
            var view = new FabricDevice
            {
                Name = device.Name, Target = device.Target, Platform = device.Platform, PolicyName = device.PolicyName, AclPrefix = device.AclPrefix,
                FileStem = device.FileStem, Vtep = device.Vtep, VtepIsIPv6 = device.VtepIsIPv6, VtepSource = device.VtepSource, Qos = device.Qos,
                UplinkMtu = device.UplinkMtu,
            };
            view.Vlans.AddRange(device.Vlans);
            view.VxlanVlans.AddRange(device.VxlanVlans);
            view.UplinkPolicers.AddRange(device.UplinkPolicers);
            var groups = new Dictionary<FabricAclGroup, FabricAclGroup>();
            foreach (var g in device.AclGroups)
            {
                var copy = new FabricAclGroup { Name = g.Name, V4 = DenyOnly(g.V4), V6 = DenyOnly(g.V6), ScopeV4 = g.ScopeV4, ScopeV6 = g.ScopeV6 };
                copy.Segments.AddRange(g.Segments);
                copy.Markings.AddRange(g.Markings);
                copy.Policers.AddRange(g.Policers);
                groups[g] = copy;
                view.AclGroups.Add(copy);
            }
            foreach (var i in device.Interfaces)
            {
                var copy = new FabricInterface { Name = i.Name, IsUplink = i.IsUplink, Mtu = i.Mtu, Description = i.Description, Location = i.Location,
                    AclGroup = i.AclGroup != null && groups.TryGetValue(i.AclGroup, out var g) ? g : i.AclGroup };
                copy.Segments.AddRange(i.Segments);
                copy.Vlans.AddRange(i.Vlans);
                view.Interfaces.Add(copy);
            }
            return view;
        }

        /// <summary>The settings and ACL names of the device's build, rendered whole or as <see cref="SettingsView"/> (tests prove them the same).</summary>
        internal (IReadOnlyList<FabricSetting> Settings, IReadOnlyList<string> Acls) BuiltSettings(FabricDevice device, TargetContext context, bool view)
        {
            var text = Render(view ? SettingsView(device) : device, context);
            return (Settings(text), Reader.Read(text).Acls.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList());
        }

        private static AccessList? DenyOnly(AccessList? acl) =>
            acl == null ? null : new AccessList(acl.Name, acl.Family, acl.Segments, new[] { new AclEntry(AclAction.Deny, null, null, null) }, acl.Counts);

        /// <summary>Whether applying the build replaces the device's whole configuration (config replace), so nothing foreign survives it.</summary>
        public virtual bool ReplacesWholeConfiguration => true;

        /// <summary>The device's configuration as the build writes it.</summary>
        public string? Built(TargetContext context, string device)
        {
            var d = FabricTarget.Devices(context).FirstOrDefault(x => x.Facts.Name.Value == device).Device;
            return d == null ? null : Render(d, context);
        }

        /// <summary>
        /// A configuration as comparable lines, the same for every export format of the platform: its settings, its ACLs'
        /// entries (in order) and their bindings. What re-applying the build changes is the difference of these lines.
        /// </summary>
        public IReadOnlyList<string> Canonical(string text, string name = "")
        {
            var lines = Settings(text).Select(s => s.Section + ": " + s.Text).ToList();
            var parsed = ReadState(new State.StateFile(name, name, text));
            foreach (var acl in parsed.Acls.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
                foreach (var e in acl.Entries) lines.Add("ACL " + acl.Name + ": " + e);
            foreach (var b in parsed.Bindings.OrderBy(b => b.Interface, StringComparer.Ordinal).ThenBy(b => b.AclName, StringComparer.Ordinal))
                lines.Add("interface " + b.Interface + ": ACL " + b.AclName + (b.Inbound ? " in" : " out"));
            return lines;
        }

        /// <summary>
        /// The settings of a configuration other than its ACLs (VLANs, VNIs, MTUs, interface VLANs, marking and queueing),
        /// read the same way from the build and from the running state (<see cref="FabricSettings"/>). By default the
        /// sections of an indented CLI configuration.
        /// </summary>
        protected virtual IReadOnlyList<FabricSetting> Settings(string text) => FabricSettings.FromCli(text);

        /// <summary>
        /// Reads a device's exported running state into ACLs and bindings. By default the translation validation's reader,
        /// which skips every section but ACLs and interfaces; a platform whose export differs from what it emits overrides it.
        /// </summary>
        protected virtual ParsedConfig ReadState(State.StateFile file) => Reader.Read(file.Text);

        /// <summary>The configuration file of one device.</summary>
        protected abstract string Render(FabricDevice device, TargetContext context);
    }
}
