using PolicyLang.Emit.Fabric;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.Cumulus
{
    /// <summary>What a target of platform <c>cumulus-nvue</c> accepts and can enforce (see <see cref="PlatformDescription"/>).</summary>
    public static class NvuePlatform
    {
        public static readonly PlatformDescription Description = new PlatformDescription(
            "cumulus-nvue",
            "NVIDIA Cumulus Linux (NVUE)",
            PlatformKind.Switch,
            PlatformCapabilities.Deny | PlatformCapabilities.Counters | PlatformCapabilities.NarrowEndpoints | PlatformCapabilities.SourcePorts | PlatformCapabilities.IPv6 | PlatformCapabilities.ClassMarking | PlatformCapabilities.Logging | PlatformCapabilities.BitRateLimit | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol,
            options: new[] { FabricTarget.AclBudget(2000) },
            losslessLimit: 2,
            switchLimits: new SwitchLimits(
                interfaceName: @"swp\d{1,3}(s\d{1,2})?|bond[A-Za-z0-9_-]{1,32}|vlan\d{1,4}",
                interfaceNameExpected: "an interface such as swp1, swp49s0, bond1 or vlan110",
                vtepSource: "lo", vtepSourceExpected: "the loopback 'lo'",
                maxInterfaceName: 15,
                maxMtu: 9216,
                reservedVlans: new[] { new VlanRange(3725, 3999, "Cumulus Linux's default internal VLAN range") },
                defaultAclBudget: 2000, aclBudgetWhy: "the default budget, a conservative share of a Spectrum leaf's ACL TCAM in atomic update mode",
                maxAclName: 64),
            verbatim: new VerbatimFormat("#", ".nvue"));
    }
}
