using PolicyLang.Emit.Fabric;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.AristaEos
{
    /// <summary>What a target of platform <c>arista-eos</c> accepts and can enforce (see <see cref="PlatformDescription"/>).</summary>
    public static class AristaEosPlatform
    {
        public static readonly PlatformDescription Description = new PlatformDescription(
            "arista-eos",
            "Arista EOS",
            PlatformKind.Switch,
            PlatformCapabilities.Deny | PlatformCapabilities.Counters | PlatformCapabilities.NarrowEndpoints | PlatformCapabilities.SourcePorts | PlatformCapabilities.IPv6 | PlatformCapabilities.ClassMarking | PlatformCapabilities.Logging | PlatformCapabilities.BitRateLimit | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol,
            options: FabricTarget.Options(4000, 76).Concat(new[]
            {
                new TargetOptionSpec(EosTrafficPolicies.FilterOption, TargetOptionKind.Word,
                    "how the filters are written: \"access-list\" (the default: ip/ipv6 access-lists, one entry per address pair) or \"traffic-policy\" (traffic-policies with field-sets, EOS 4.25.0F and later, on platforms that support traffic-policies on interfaces)",
                    words: new[] { EosTrafficPolicies.AccessListStyle, EosTrafficPolicies.TrafficPolicyStyle }),
            }).ToArray(),
            losslessLimit: 2,
            switchLimits: new SwitchLimits(
                interfaceName: @"Ethernet[1-9][0-9]{0,2}(/[1-9][0-9]{0,2}){0,2}(\.[1-9][0-9]{0,3})?|Port-Channel[1-9][0-9]{0,5}(\.[1-9][0-9]{0,3})?|Vlan[1-9][0-9]{0,3}",
                interfaceNameExpected: "EthernetN[/N[/N]][.N], Port-ChannelN[.N] or VlanN (case as EOS writes them)",
                vtepSource: "Loopback[0-9]{1,4}", vtepSourceExpected: "LoopbackN",
                sviName: "Vlan([1-9][0-9]{0,3})",
                maxMtu: 9214,
                internalVlans: new VlanRange(1006, 4094, "internal VLANs for routed ports"),
                defaultAclBudget: 4000, aclBudgetWhy: "the Arista EOS default",
                maxAclName: 100),
            verbatim: new VerbatimFormat("!", ".cfg", beforeFinalEnd: true));
    }
}
