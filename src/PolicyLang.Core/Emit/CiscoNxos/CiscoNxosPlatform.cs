using PolicyLang.Emit.Fabric;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.CiscoNxos
{
    /// <summary>What a target of platform <c>cisco-nxos</c> accepts and can enforce (see <see cref="PlatformDescription"/>).</summary>
    public static class CiscoNxosPlatform
    {
        public static readonly PlatformDescription Description = new PlatformDescription(
            "cisco-nxos",
            "Cisco NX-OS",
            PlatformKind.Switch,
            PlatformCapabilities.Deny | PlatformCapabilities.Counters | PlatformCapabilities.NarrowEndpoints | PlatformCapabilities.SourcePorts | PlatformCapabilities.IPv6 | PlatformCapabilities.ClassMarking | PlatformCapabilities.Logging | PlatformCapabilities.BitRateLimit | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol,
            options: FabricTarget.Options(3000, 40),
            losslessLimit: 2,
            switchLimits: new SwitchLimits(
                interfaceName: @"Ethernet[1-9][0-9]{0,2}/[1-9][0-9]{0,2}(/[1-9][0-9]{0,2})?(\.[1-9][0-9]{0,3})?|port-channel[1-9][0-9]{0,3}(\.[1-9][0-9]{0,3})?|Vlan[1-9][0-9]{0,3}",
                interfaceNameExpected: "EthernetN/N[/N][.N], port-channelN[.N] or VlanN (case as NX-OS writes them)",
                vtepSource: "loopback[0-9]{1,4}", vtepSourceExpected: "loopbackN",
                sviName: "Vlan([1-9][0-9]{0,3})",
                maxMtu: 9216,
                reservedVlans: new[]
                {
                    new VlanRange(1002, 1005, "default VLANs kept for FDDI and Token Ring"),
                    new VlanRange(3968, 4094, "reserved for internal use"),
                },
                losslessQueues: (1, 7),
                defaultAclBudget: 3000, aclBudgetWhy: "the Cisco NX-OS default",
                maxAclName: 64),
            verbatim: new VerbatimFormat("!", ".cfg"));
    }
}
