using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PolicyLang.Diagnostics;
using PolicyLang.Emit.Fabric;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.SwitchPlatforms
{
    /// <summary>
    /// What juniper-junos, sonic and cumulus-nvue share around the fabric model: the device facts of a target, the
    /// per-device models (built once per compilation), and the platform checks, each reported at the policy text that
    /// causes it.
    /// </summary>
    public static class SwitchTarget
    {
        /// <summary>The devices with a device block, in order, as the fabric layer's input.</summary>
        public static IReadOnlyList<FabricDeviceFacts> Facts(TargetSymbol target) =>
            target.DeviceFacts.Select(d => new FabricDeviceFacts(d.Name, d.Vtep, d.VtepSource,
                d.Interfaces.Select(i => new FabricInterfaceFacts(i.Name, i.Segments, i.IsUplink, i.Location)).ToList(), d.Location)).ToList();

        /// <summary>The device's model, built once per compilation and platform.</summary>
        public static FabricDevice Model(TargetContext context, FabricDeviceFacts facts, SwitchPlatform platform) =>
            context.Addresses.Memo("switch-model:" + platform.Name + ":" + context.Target.Name + ":" + facts.Name.Value,
                () => FabricModelBuilder.Build(context, facts, platform.MaxAclName));

        /// <summary>Every list a device stores: each group's ACLs, marking and policer lists.</summary>
        public static IEnumerable<AccessList> Lists(FabricDevice device)
        {
            foreach (var g in device.AclGroups)
            {
                var lists = new List<AccessList?> { g.V4, g.V6 };
                lists.AddRange(g.Markings.SelectMany(m => new[] { m.V4, m.V6 }));
                lists.AddRange(g.Policers.SelectMany(p => new[] { p.V4, p.V6 }));
                foreach (var l in lists)
                    if (l != null) yield return l;
            }
        }

        /// <summary>The entries a list takes as the platform stores it.</summary>
        public static long Entries(AccessList list, SwitchPlatform platform) => platform.GroupedEntries ? list.Counts.Grouped : list.Counts.Expanded;

        public static void Check(TargetContext context, SwitchPlatform platform)
        {
            var target = context.Target;
            var name = target.Name;
            var plat = target.Platform.Value;
            foreach (var device in target.Devices)
            {
                if (!FabricText.IsHostName(device.Value))
                    context.Report(DiagnosticCatalog.SwitchDeviceName, device.Location, name, plat, device.Value);
                var facts = target.FactsFor(device.Value);
                if (facts == null || facts.Interfaces.Count == 0)
                    context.Report(DiagnosticCatalog.SwitchDeviceWithoutFacts, device.Location, name, plat, device.Value);
            }

            var lossless = new Dictionary<int, TrafficClassSymbol>();
            int limit = context.Platform.LosslessLimit;
            foreach (var c in context.Model.Classes.Where(c => c.Lossless).OrderBy(c => c.Location.Path, System.StringComparer.Ordinal).ThenBy(c => c.Location.Span.Start))
            {
                int pcp = c.Pcp?.Value ?? c.EffectiveQueue;
                if (platform.LosslessPriorities != null && !platform.LosslessPriorities.Contains(pcp))
                    context.Report(DiagnosticCatalog.SwitchLossless, c.Location, name, plat,
                        "class '" + c.Name + "' is lossless on priority " + pcp.ToString(CultureInfo.InvariantCulture) + "; expected one of "
                        + string.Join(", ", platform.LosslessPriorities.Select(p => p.ToString(CultureInfo.InvariantCulture))) + " (the platform's lossless buffer profile)");
                if (!lossless.ContainsKey(pcp)) lossless[pcp] = c;
                if (lossless.Count > limit && lossless[pcp] == c)
                    context.Report(DiagnosticCatalog.SwitchLossless, c.Location, name, plat,
                        "class '" + c.Name + "' makes " + lossless.Count.ToString(CultureInfo.InvariantCulture) + " lossless priorities; expected at most "
                        + limit.ToString(CultureInfo.InvariantCulture));
            }

            var reportedSegments = new HashSet<SegmentSymbol>();
            foreach (var d in target.DeviceFacts)
            {
                if (d.VtepSource is { } src && !platform.VtepSourceName.IsMatch(src.Value))
                    context.Report(DiagnosticCatalog.SwitchInterfaceName, src.Location, name, plat, platform.VtepSourceDescription, src.Value);
                foreach (var i in d.Interfaces)
                {
                    if (!platform.InterfaceName.IsMatch(i.Name.Value))
                        context.Report(DiagnosticCatalog.SwitchInterfaceName, i.Name.Location, name, plat, platform.InterfaceNameDescription, i.Name.Value);
                    else if (platform.MaxInterfaceName > 0 && i.Name.Value.Length > platform.MaxInterfaceName)
                        context.Report(DiagnosticCatalog.SwitchNameLength, i.Name.Location, name, plat, "interface name", i.Name.Value,
                            i.Name.Value.Length, platform.MaxInterfaceName);
                }
                var carried = d.Interfaces.Where(i => !i.IsUplink).SelectMany(i => i.Segments).Distinct().ToList();
                int overhead = d.Vtep != null ? FabricModelBuilder.VxlanOverhead : 0;
                foreach (var s in carried)
                {
                    int mtu = FabricModelBuilder.Mtu(s);
                    int needed = mtu + platform.MtuOverhead;
                    bool hasUplink = d.Interfaces.Any(i => i.IsUplink);
                    int uplinkNeeded = mtu + overhead + platform.MtuOverhead;
                    if ((needed > platform.MaxMtu || (hasUplink && uplinkNeeded > platform.MaxMtu)) && reportedSegments.Add(s))
                    {
                        var at = s.Mtu?.Location ?? s.Location;
                        var what = needed > platform.MaxMtu ? needed : uplinkNeeded;
                        context.Report(DiagnosticCatalog.SwitchMtuCeiling, at, name, plat, s.QualifiedName, mtu,
                            what.ToString(CultureInfo.InvariantCulture) + (what == uplinkNeeded && overhead > 0 ? " on its uplinks (with VXLAN overhead)" : ""),
                            d.Name.Value, platform.MaxMtu);
                    }
                    if (s.Vlan is { } vlan)
                        foreach (var (first, last, why) in platform.ReservedVlans)
                            if (vlan.Value >= first && vlan.Value <= last && reportedSegments.Add(s))
                                context.Report(DiagnosticCatalog.SwitchReservedVlan, vlan.Location, name, plat, s.QualifiedName, vlan.Value, why);
                }
            }
        }

        /// <summary>Each list against option acl-budget (or the platform default), as the platform stores it.</summary>
        public static void CheckBudget(TargetContext context, SwitchPlatform platform, IReadOnlyList<FabricDevice> devices)
        {
            var option = context.Target.Option("acl-budget");
            long budget = option?.AsInteger ?? platform.DefaultAclBudget;
            var reason = option != null ? "option acl-budget" : platform.AclBudgetReason;
            foreach (var d in devices)
                foreach (var l in Lists(d))
                {
                    long entries = Entries(l, platform);
                    if (entries > budget)
                        context.Report(DiagnosticCatalog.SwitchAclBudget, option?.Location ?? context.Target.Location, context.Target.Name, context.Target.Platform.Value,
                            l.Name, d.Name, entries, budget, reason);
                }
        }
    }
}
