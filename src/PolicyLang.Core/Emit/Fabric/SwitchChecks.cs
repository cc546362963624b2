using PolicyLang.Diagnostics;
using PolicyLang.Platforms;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// The checks every switch platform shares, driven by its <see cref="SwitchLimits"/> and each reported at the policy
    /// text that causes it, with one diagnostic per kind of mistake whatever the platform: device names and devices
    /// attached nowhere, interface and VTEP source names, VLAN interfaces, MTU ceilings, reserved and internal VLANs,
    /// VNIs without a VLAN, lossless priorities and queues, the ACL name prefix and the ACL size budget. A backend adds
    /// only what is its own (SONiC's DSCP trust, NVUE's rule numbering).
    /// </summary>
    public static class SwitchChecks
    {
        /// <param name="grouped">Which lists the platform writes with grouped fields (an EOS traffic-policy with field-sets),
        /// so that their budget counts grouped entries; by default the platform's <see cref="SwitchLimits.GroupedEntries"/>.</param>
        public static void Validate(TargetContext context, Func<AccessList, FabricAclGroup?, bool>? grouped = null)
        {
            var platform = context.Platform;
            var limits = platform.Switch!;
            var target = context.Target;

            var prefixOption = target.Option(FabricTarget.AclPrefixOption);
            if (prefixOption != null && !FabricTarget.IsValidPrefix(prefixOption.Value.Value, limits))
                context.Report(DiagnosticCatalog.FabricAclName, prefixOption.Value.Location, prefixOption.Value.Value, platform.DisplayName,
                    "a letter, then letters, digits, '-' or '_', at most " + N(limits.MaxAclName - FabricTarget.AclNameReserve) + " characters");

            foreach (var name in target.Devices)
            {
                if (!FabricText.IsHostName(name.Value)) context.Report(DiagnosticCatalog.FabricHostName, name.Location, name.Value);
                var facts = target.FactsFor(name.Value);
                if (facts == null)
                    context.Report(DiagnosticCatalog.FabricDeviceUnattached, name.Location, name.Value, target.Name, platform.Name, "no device block");
                else if (!facts.Interfaces.Any(i => !i.IsUplink && i.Segments.Count > 0))
                    context.Report(DiagnosticCatalog.FabricDeviceUnattached, name.Location, name.Value, target.Name, platform.Name, "no interface that carries a segment");
            }

            var reportedSegments = new HashSet<SegmentSymbol>();
            foreach (var device in target.DeviceFacts)
            {
                if (device.Vtep is { } vtep && !limits.Vxlan)
                    context.CannotExpress(vtep.Location, "VXLAN: device '" + device.Name.Value + "' declares a VTEP, and this platform's configuration carries segments on VLANs only");
                else if (device.VtepSource is { } source && !limits.VtepSource.IsMatch(source.Value))
                    context.Report(DiagnosticCatalog.FabricVtepSource, source.Location, source.Value, platform.DisplayName, limits.VtepSourceExpected);
                foreach (var i in device.Interfaces)
                {
                    if (!limits.InterfaceName.IsMatch(i.Name.Value))
                    {
                        context.Report(DiagnosticCatalog.FabricInterfaceName, i.Name.Location, i.Name.Value, platform.DisplayName, limits.InterfaceNameExpected);
                        continue;
                    }
                    if (limits.MaxInterfaceName > 0 && i.Name.Value.Length > limits.MaxInterfaceName)
                        context.Report(DiagnosticCatalog.SwitchNameLength, i.Name.Location, "interface name", i.Name.Value, i.Name.Value.Length, platform.DisplayName, limits.MaxInterfaceName);
                    if (limits.SviVlan(i.Name.Value) is int vlan)
                        foreach (var s in i.Segments.Where(s => s.Vlan?.Value != vlan))
                            context.Report(DiagnosticCatalog.FabricSviVlanMismatch, i.Location, i.Name.Value, vlan, s.QualifiedName,
                                s.Vlan == null ? "which has no VLAN" : "on VLAN " + N(s.Vlan.Value.Value));
                }

                var carried = device.Interfaces.Where(i => !i.IsUplink).SelectMany(i => i.Segments).Distinct().ToList();
                foreach (var s in carried)
                {
                    if (device.Vtep != null && s.Vni != null && s.Vlan == null)
                        context.Report(DiagnosticCatalog.FabricVniWithoutVlan, s.Vni.Value.Location, s.QualifiedName, s.Vni.Value.Value, device.Name.Value, platform.DisplayName);
                    if (!reportedSegments.Add(s)) continue;
                    int mtu = FabricModelBuilder.Mtu(s);
                    if (mtu + limits.MtuOverhead > limits.MaxMtu)
                        context.Report(DiagnosticCatalog.FabricMtuCeiling, s.Mtu?.Location ?? s.Location, "segment '" + s.QualifiedName + "'" + Overhead(limits),
                            mtu + limits.MtuOverhead, platform.DisplayName, limits.MaxMtu);
                    if (s.Vlan is { } v)
                    {
                        foreach (var r in limits.ReservedVlans.Where(r => r.Contains(v.Value)))
                            context.Report(DiagnosticCatalog.FabricReservedVlan, v.Location, v.Value, s.QualifiedName, platform.DisplayName, r.Why, r.ToString());
                        if (limits.InternalVlans is { } internalRange && internalRange.Contains(v.Value))
                            context.Report(DiagnosticCatalog.FabricInternalVlan, v.Location, v.Value, s.QualifiedName, platform.DisplayName, internalRange.ToString(), internalRange.First);
                    }
                }

                // Uplinks carry the largest segment's frames, VXLAN-encapsulated (50 bytes more) when the device is a VTEP.
                var uplink = device.Interfaces.FirstOrDefault(i => i.IsUplink);
                if (uplink != null && carried.Count > 0)
                {
                    int uplinkMtu = carried.Max(FabricModelBuilder.Mtu) + (device.Vtep != null ? FabricModelBuilder.VxlanOverhead : 0);
                    bool segmentAlreadyOver = carried.Any(s => FabricModelBuilder.Mtu(s) + limits.MtuOverhead > limits.MaxMtu);
                    if (uplinkMtu + limits.MtuOverhead > limits.MaxMtu && !segmentAlreadyOver)
                        context.Report(DiagnosticCatalog.FabricMtuCeiling, uplink.Location, "uplink '" + uplink.Name.Value + "' of device '" + device.Name.Value + "'"
                            + (device.Vtep != null ? " (VXLAN adds 50 bytes to the largest segment MTU)" : "") + Overhead(limits),
                            uplinkMtu + limits.MtuOverhead, platform.DisplayName, limits.MaxMtu);
                }
            }

            // A switch that marks no classes programs no QoS: flows with a class are already NP4001 on it (TargetValidator).
            if ((platform.Capabilities & PlatformCapabilities.ClassMarking) != 0) CheckLossless(context, platform, limits);

            if (context.HasErrors) return;
            var budgetOption = target.Option(FabricTarget.AclBudgetOption);
            long budget = budgetOption?.AsInteger ?? limits.DefaultAclBudget;
            foreach (var (facts, device) in FabricTarget.Devices(context))
                foreach (var (acl, group) in FabricTarget.AllAcls(device))
                {
                    long entries = limits.GroupedEntries || (grouped != null && grouped(acl, group)) ? acl.Counts.Grouped : acl.Counts.Expanded;
                    if (entries > budget)
                        ReportBudget(context, budgetOption?.Value.Location ?? facts.Name.Location, acl, device, entries, budget,
                            budgetOption != null ? "option acl-budget" : limits.AclBudgetWhy + "; raise it with 'option acl-budget N'");
                }
        }

        /// <summary>NP4106 for a list over a budget or over a hard limit of the platform (<paramref name="why"/> says which).</summary>
        public static void ReportBudget(TargetContext context, SourceLocation at, AccessList acl, FabricDevice device, long entries, long budget, string why) =>
            context.Report(DiagnosticCatalog.FabricAclBudget, at, acl.Name, device.Name, entries, budget, why);

        private static void CheckLossless(TargetContext context, PlatformDescription platform, SwitchLimits limits)
        {
            var lossless = new List<int>();
            foreach (var c in context.Model.Classes.Where(c => c.Lossless))
            {
                var q = FabricModelBuilder.QosClass(c);
                if (limits.LosslessQueues is { } queues && (q.Queue < queues.Low || q.Queue > queues.High))
                    context.Report(DiagnosticCatalog.FabricLosslessQueue, c.Queue?.Location ?? c.Location, c.Name, "queue " + N(q.Queue), platform.DisplayName,
                        "queues " + N(queues.Low) + "-" + N(queues.High));
                if (limits.LosslessPriorities is { } priorities && !priorities.Contains(q.Pcp))
                    context.Report(DiagnosticCatalog.FabricLosslessQueue, c.Location, c.Name, "priority " + N(q.Pcp), platform.DisplayName,
                        "priorities " + string.Join(" and ", priorities.Select(N)) + " (its lossless buffer profile)");
                if (lossless.Contains(q.Pcp)) continue;
                if (lossless.Count >= platform.LosslessLimit)
                    context.Report(DiagnosticCatalog.FabricLosslessLimit, c.Location, c.Name, q.Pcp, platform.DisplayName, platform.LosslessLimit, string.Join(" and ", lossless));
                else lossless.Add(q.Pcp);
            }
        }

        private static string Overhead(SwitchLimits limits) =>
            limits.MtuOverhead > 0 ? " (with the " + N(limits.MtuOverhead) + " bytes of Ethernet header the platform counts)" : "";

        private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
