using PolicyLang.Diagnostics;
using PolicyLang.Platforms;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// What the switch backends share around the fabric model: their options, the device models of a target (built once
    /// per compilation), every list a device stores, and the per-device files with their Ansible rollout. The checks
    /// are <see cref="SwitchChecks"/>.
    /// </summary>
    public static class FabricTarget
    {
        public const string AclBudgetOption = "acl-budget";
        public const string AclPrefixOption = "acl-prefix";
        public const string DefaultAclPrefix = "PC-";

        /// <summary>Options of the switch backends built on this layer: the ACL budget and the generated names' prefix.</summary>
        public static TargetOptionSpec[] Options(int defaultBudget, int maxPrefix) => new[]
        {
            AclBudget(defaultBudget),
            new TargetOptionSpec(AclPrefixOption, TargetOptionKind.String,
                "prefix of every generated ACL, class-map and policy-map name (default \"PC-\"; a letter, then letters, digits, '-' or '_', at most " + maxPrefix + " characters)"),
        };

        /// <summary>The ACL size budget every switch platform accepts (<see cref="SwitchChecks"/> enforces it).</summary>
        public static TargetOptionSpec AclBudget(int defaultBudget) => new TargetOptionSpec(AclBudgetOption, TargetOptionKind.Integer,
            "largest number of entries one ACL may take on the switch, its TCAM budget (default " + defaultBudget + "); more is an error (NP4106)", minimum: 1, maximum: 1000000);

        private static readonly Regex s_prefix = new Regex("^[A-Za-z][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant);

        /// <summary>Characters of an ACL name that the generated part takes after the prefix.</summary>
        public const int AclNameReserve = 24;

        /// <summary>The ACL name prefix: the option's value when valid, else the default.</summary>
        public static string AclPrefix(TargetContext context)
        {
            var value = context.Target.Option(AclPrefixOption)?.Value.Value;
            return value != null && IsValidPrefix(value, context.Platform.Switch!) ? value : DefaultAclPrefix;
        }

        public static bool IsValidPrefix(string value, SwitchLimits limits) => value.Length <= limits.MaxAclName - AclNameReserve && s_prefix.IsMatch(value);

        /// <summary>One configuration file per device (<c>&lt;device&gt;EXTENSION</c>, rendered by <paramref name="render"/>) and the
        /// target's Ansible rollout of those files.</summary>
        public static IReadOnlyList<Artifact> EmitDevices(TargetContext context, Ansible.RolloutProfile rollout, string extension,
            System.Func<FabricDevice, string> render)
        {
            var artifacts = new List<Artifact>();
            var devices = new List<Ansible.RolloutDevice>();
            foreach (var (_, device) in Devices(context))
            {
                var path = device.FileStem + extension;
                artifacts.Add(new Artifact(context.Target.Name, context.Platform.Name, path, render(device)));
                devices.Add(new Ansible.RolloutDevice(device.Name, path));
            }
            artifacts.AddRange(Ansible.AnsibleRollout.Create(context.Target.Name, context.Platform.Name, rollout, devices, artifacts));
            return artifacts;
        }

        /// <summary>The facts of every device block of the target, in order.</summary>
        public static IReadOnlyList<FabricDeviceFacts> Facts(TargetSymbol target) => target.DeviceFacts.Select(FabricDeviceFacts.From).ToList();

        /// <summary>The device models of the target (devices with an interface that carries a segment, in order), built
        /// once per policy and shared by the checks and Emit.</summary>
        public static IReadOnlyList<(FabricDeviceFacts Facts, FabricDevice Device)> Devices(TargetContext context) => Models(context, filters: true);

        /// <summary>
        /// The device models as <c>verify</c> renders them to compare settings (<see cref="SwitchBackend.SettingsView"/>): each
        /// filter ACL holds only its final deny and is not compiled (compiling the filters was most of the time of building a
        /// switch's model, and verify compares the filters as packet sets, from the scopes); everything else is the whole build's.
        /// </summary>
        public static IReadOnlyList<(FabricDeviceFacts Facts, FabricDevice Device)> SettingsDevices(TargetContext context) => Models(context, filters: false);

        private static IReadOnlyList<(FabricDeviceFacts Facts, FabricDevice Device)> Models(TargetContext context, bool filters)
        {
            var prefix = AclPrefix(context);
            int maxAclName = context.Platform.Switch!.MaxAclName;
            bool grouped = PlatformRegistry.Find(context.Platform.Name) is SwitchBackend backend && backend.GroupsAddresses(context.Target);
            return context.ModelMemo((filters ? "fabric-devices:" : "fabric-settings-devices:") + context.Target.Name + "|" + context.Platform.Name + "|" + prefix
                + (grouped ? "|grouped" : ""), () =>
                context.Target.DeviceFacts
                    .Where(d => d.Interfaces.Any(i => !i.IsUplink && i.Segments.Count > 0))
                    .Select(d => FabricDeviceFacts.From(d))
                    .Select(f => (f, FabricModelBuilder.Build(context, f, maxAclName, prefix, grouped, filters)))
                    .ToList());
        }

        /// <summary>Every ACL of a device: filters, then marking and policing lists (group null: uplink policers).</summary>
        public static IEnumerable<(AccessList Acl, FabricAclGroup? Group)> AllAcls(FabricDevice device)
        {
            foreach (var g in device.AclGroups)
            {
                foreach (var a in new[] { g.V4, g.V6 }) if (a != null) yield return (a, g);
                foreach (var m in g.Markings) foreach (var a in new[] { m.V4, m.V6 }) if (a != null) yield return (a, g);
                foreach (var p in g.Policers) foreach (var a in new[] { p.V4, p.V6 }) if (a != null) yield return (a, g);
            }
            foreach (var p in device.UplinkPolicers) foreach (var a in new[] { p.V4, p.V6 }) if (a != null) yield return (a, null);
        }

    }
}
