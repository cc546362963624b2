using PolicyLang.Emit.Fabric;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.CiscoIosXe
{
    /// <summary>
    /// What a target of platform <c>cisco-iosxe</c> accepts and can enforce (see <see cref="PlatformDescription"/>): a
    /// Catalyst access or distribution switch that filters with named extended ACLs. Its backend writes ACLs, VLANs and
    /// ports only, so classes, rate limits and VXLAN are errors at the policy's own span.
    /// </summary>
    public static class CiscoIosXePlatform
    {
        public static readonly PlatformDescription Description = new PlatformDescription(
            "cisco-iosxe", "Cisco IOS XE (Catalyst)", PlatformKind.Switch,
            PlatformCapabilities.Deny | PlatformCapabilities.Counters | PlatformCapabilities.NarrowEndpoints | PlatformCapabilities.SourcePorts | PlatformCapabilities.IPv6 | PlatformCapabilities.Logging | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol,
            options: FabricTarget.Options(1000, 40),
            switchLimits: new SwitchLimits(
                interfaceName: @"(GigabitEthernet|TwoGigabitEthernet|FiveGigabitEthernet|TenGigabitEthernet|TwentyFiveGigE|FortyGigabitEthernet|HundredGigE)[1-9]/[0-9]{1,2}/[0-9]{1,3}|Port-channel[1-9][0-9]{0,2}|Vlan[1-9][0-9]{0,3}",
                interfaceNameExpected: "GigabitEthernetN/N/N (or TenGigabitEthernet, TwentyFiveGigE, FortyGigabitEthernet, HundredGigE, ...), Port-channelN or VlanN, written out in full as IOS XE shows them",
                vtepSource: "Loopback[0-9]{1,10}", vtepSourceExpected: "LoopbackN",
                sviName: "Vlan([1-9][0-9]{0,3})",
                maxMtu: 9198,
                reservedVlans: new[] { new VlanRange(1002, 1005, "default VLANs kept for FDDI and Token Ring") },
                defaultAclBudget: 1000,
                aclBudgetWhy: "the default budget, a conservative share of a Catalyst 9300's security ACE TCAM, which all ACLs of the switch share",
                maxAclName: 64,
                vxlan: false),
            verbatim: new VerbatimFormat("!", ".cfg", beforeFinalEnd: true));
    }
}
