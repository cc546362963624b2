using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using PolicyLang.Diagnostics;
using PolicyLang.Platforms;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// Platform checks shared by the switch backends, each reported at the policy text that causes it: devices without
    /// interfaces, host and interface names, VTEP sources, MTU ceilings, reserved and internal VLANs, lossless
    /// priorities and queues, ACL name prefix and ACL size budget.
    /// </summary>
    public static class FabricChecks
    {
        public const string AclBudgetOption = "acl-budget";
        public const string AclPrefixOption = "acl-prefix";
        public const string DefaultAclPrefix = "PC-";

        /// <summary>Options of the switch backends built on this layer: the ACL budget and the generated names' prefix.</summary>
        public static TargetOptionSpec[] Options(int defaultBudget, int maxPrefix) => new[]
        {
            new TargetOptionSpec(AclBudgetOption, TargetOptionKind.Integer,
                "largest number of entries one ACL may take on the switch (default " + defaultBudget + ")", minimum: 1, maximum: 1000000),
            new TargetOptionSpec(AclPrefixOption, TargetOptionKind.String,
                "prefix of every generated ACL, class-map and policy-map name (default \"PC-\"; a letter, then letters, digits, '-' or '_', at most " + maxPrefix + " characters)"),
        };

        private static readonly Regex s_prefix = new Regex("^[A-Za-z][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant);

        /// <summary>The ACL name prefix: the option's value when valid, else the default.</summary>
        public static string AclPrefix(TargetContext context, FabricPlatformRules rules)
        {
            var value = context.Target.Option(AclPrefixOption)?.Value.Value;
            return value != null && IsValidPrefix(value, rules) ? value : DefaultAclPrefix;
        }

        private static bool IsValidPrefix(string value, FabricPlatformRules rules) => value.Length <= rules.MaxAclName - 24 && s_prefix.IsMatch(value);

        /// <summary>One configuration file per device (<c>&lt;device&gt;.cfg</c>, rendered by <paramref name="render"/>) and the
        /// target's Ansible rollout of those files.</summary>
        public static IReadOnlyList<Artifact> EmitDevices(TargetContext context, FabricPlatformRules rules, Ansible.RolloutPlatform rollout,
            System.Func<FabricDevice, string> render)
        {
            var artifacts = new List<Artifact>();
            var devices = new List<Ansible.RolloutDevice>();
            foreach (var (_, device) in Devices(context, rules))
            {
                var path = device.FileStem + ".cfg";
                artifacts.Add(new Artifact(context.Target.Name, rules.Platform, path, render(device)));
                devices.Add(new Ansible.RolloutDevice(device.Name, path));
            }
            artifacts.AddRange(Ansible.AnsibleRollout.Create(context.Target.Name, rules.Platform, rollout, devices, artifacts));
            return artifacts;
        }

        /// <summary>The device models of the target, built once per policy and shared by Validate and Emit.</summary>
        public static IReadOnlyList<(FabricDeviceFacts Facts, FabricDevice Device)> Devices(TargetContext context, FabricPlatformRules rules)
        {
            var prefix = AclPrefix(context, rules);
            return context.Addresses.Memo("fabric-devices:" + context.Target.Name + "|" + rules.Platform + "|" + prefix, () =>
                context.Target.DeviceFacts
                    .Where(d => d.Interfaces.Any(i => !i.IsUplink && i.Segments.Count > 0))
                    .Select(d => FabricDeviceFacts.From(d))
                    .Select(f => (f, FabricModelBuilder.Build(context, f, rules.MaxAclName, prefix)))
                    .ToList());
        }

        public static void Validate(TargetContext context, FabricPlatformRules rules)
        {
            var target = context.Target;
            var platform = target.Platform.Value;
            var prefixOption = target.Option(AclPrefixOption);
            if (prefixOption != null && !IsValidPrefix(prefixOption.Value.Value, rules))
                context.Report(DiagnosticCatalog.FabricAclName, prefixOption.Value.Location, prefixOption.Value.Value, rules.DisplayName,
                    "a letter, then letters, digits, '-' or '_', at most " + (rules.MaxAclName - 24).ToString(CultureInfo.InvariantCulture) + " characters");

            foreach (var name in target.Devices)
            {
                if (!FabricText.IsHostName(name.Value)) context.Report(DiagnosticCatalog.FabricHostName, name.Location, name.Value);
                var facts = target.FactsFor(name.Value);
                if (facts == null)
                    context.Report(DiagnosticCatalog.FabricDeviceUnattached, name.Location, name.Value, target.Name, platform, "no device block");
                else if (!facts.Interfaces.Any(i => !i.IsUplink && i.Segments.Count > 0))
                    context.Report(DiagnosticCatalog.FabricDeviceUnattached, name.Location, name.Value, target.Name, platform, "no interface that carries a segment");
            }

            var reportedSegments = new HashSet<SegmentSymbol>();
            foreach (var device in target.DeviceFacts)
            {
                if (device.VtepSource is { } source && !rules.IsLoopback(source.Value))
                    context.Report(DiagnosticCatalog.FabricVtepSource, source.Location, source.Value, rules.DisplayName, rules.LoopbackExpected);
                foreach (var i in device.Interfaces)
                {
                    if (!rules.IsInterfaceName(i.Name.Value))
                    {
                        context.Report(DiagnosticCatalog.FabricInterfaceName, i.Name.Location, i.Name.Value, rules.DisplayName, rules.InterfaceNameExpected);
                        continue;
                    }
                    if (rules.SviVlan(i.Name.Value) is int vlan)
                        foreach (var s in i.Segments.Where(s => s.Vlan?.Value != vlan))
                            context.Report(DiagnosticCatalog.FabricSviVlanMismatch, i.Location, i.Name.Value, vlan, s.QualifiedName,
                                s.Vlan == null ? "which has no VLAN" : "on VLAN " + s.Vlan.Value.Value.ToString(CultureInfo.InvariantCulture));
                }
                foreach (var s in device.Interfaces.Where(i => !i.IsUplink).SelectMany(i => i.Segments).Distinct())
                {
                    if (device.Vtep != null && s.Vni != null && s.Vlan == null)
                        context.Report(DiagnosticCatalog.FabricVniWithoutVlan, s.Vni.Value.Location, s.QualifiedName, s.Vni.Value.Value, device.Name.Value, rules.DisplayName);
                    if (!reportedSegments.Add(s)) continue;
                    if (FabricModelBuilder.Mtu(s) > rules.MaxMtu)
                        context.Report(DiagnosticCatalog.FabricMtuCeiling, s.Mtu?.Location ?? s.Location, "segment '" + s.QualifiedName + "'", FabricModelBuilder.Mtu(s), rules.DisplayName, rules.MaxMtu);
                    if (s.Vlan is { } v)
                    {
                        foreach (var (low, high, why) in rules.ReservedVlans.Where(r => v.Value >= r.Low && v.Value <= r.High))
                            context.Report(DiagnosticCatalog.FabricReservedVlan, v.Location, v.Value, s.QualifiedName, rules.DisplayName, why, Range(low, high));
                        if (rules.InternalVlans is { } internalRange && v.Value >= internalRange.Low && v.Value <= internalRange.High)
                            context.Report(DiagnosticCatalog.FabricInternalVlan, v.Location, v.Value, s.QualifiedName, rules.DisplayName, Range(internalRange.Low, internalRange.High), internalRange.Low);
                    }
                }
            }

            var lossless = new List<int>();
            int limit = context.Platform.LosslessLimit;
            foreach (var c in context.Model.Classes.Where(c => c.Lossless))
            {
                var q = FabricModelBuilder.QosClass(c);
                if (rules.LosslessQueues is { } queues && (q.Queue < queues.Low || q.Queue > queues.High))
                    context.Report(DiagnosticCatalog.FabricLosslessQueue, c.Queue?.Location ?? c.Location, c.Name, q.Queue, rules.DisplayName, Range(queues.Low, queues.High));
                if (lossless.Contains(q.Pcp)) continue;
                if (lossless.Count >= limit)
                    context.Report(DiagnosticCatalog.FabricLosslessLimit, c.Location, c.Name, q.Pcp, rules.DisplayName, limit, string.Join(" and ", lossless));
                else lossless.Add(q.Pcp);
            }

            if (context.HasErrors) return;
            var budgetOption = target.Option(AclBudgetOption);
            long budget = budgetOption?.AsInteger ?? rules.DefaultAclBudget;
            foreach (var (facts, device) in Devices(context, rules))
            {
                foreach (var (acl, where) in AllAcls(device))
                {
                    int n = rules.CountEntries(acl);
                    if (n > budget)
                        context.Report(DiagnosticCatalog.FabricAclBudget, budgetOption?.Value.Location ?? facts.Name.Location, acl.Name, device.Name, n, budget,
                            budgetOption == null ? " (the " + rules.DisplayName + " default; raise it with 'option acl-budget N')" : "");
                }
                var uplink = facts.Interfaces.FirstOrDefault(i => i.IsUplink);
                if (uplink != null && device.UplinkMtu > rules.MaxMtu)
                    context.Report(DiagnosticCatalog.FabricMtuCeiling, uplink.Location, "uplink '" + uplink.Name.Value + "' of device '" + device.Name + "'"
                        + (device.Vtep.Length > 0 ? " (VXLAN adds 50 bytes to the largest segment MTU)" : ""), device.UplinkMtu, rules.DisplayName, rules.MaxMtu);
            }
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

        private static string Range(int low, int high) => low.ToString(CultureInfo.InvariantCulture) + "-" + high.ToString(CultureInfo.InvariantCulture);
    }
}
