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

        /// <summary>Reads the platform's configuration back into ACLs: the translation validation's reader, and here the rule count.</summary>
        public abstract IAclReader Reader { get; }

        public IReadOnlyList<Artifact> Emit(TargetContext context) =>
            FabricTarget.EmitDevices(context, Rollout, extension, device => Render(device, context))
                .Select(a => a.RelativePath.EndsWith(extension, StringComparison.Ordinal) && !a.RelativePath.Contains("/ansible/")
                    ? new Artifact(a.Target, a.Platform, a.RelativePath, a.Content, CountEntries(a.Content)) : a)
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

        public IReadOnlyList<State.DriftFinding> Verify(TargetContext context, IReadOnlyList<State.StateFile> files)
        {
            var file = files.Single();
            var findings = FabricStateVerifier.Verify(context, file, ReadState).ToList();
            if (findings.Any(f => f.Kind == State.DriftKind.Unreadable)) return findings;
            var device = FabricTarget.Devices(context).FirstOrDefault(d => d.Facts.Name.Value == file.Name).Device;
            if (device == null) return findings;
            try
            {
                var built = Settings(Render(device, context));
                findings.AddRange(FabricSettings.Compare(file, built, Settings(file.Text)));
            }
            catch (Exception e) when (e is AclReadException or State.StateReadException or FormatException)
            {
                findings.Add(State.DriftSets.Unreadable(file, e is State.StateReadException s ? s.Offset : 0, e.Message));
            }
            return findings;
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
