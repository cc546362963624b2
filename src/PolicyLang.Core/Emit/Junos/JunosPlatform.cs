using PolicyLang.Emit.Fabric;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.Junos
{
    /// <summary>What a target of platform <c>juniper-junos</c> accepts and can enforce (see <see cref="PlatformDescription"/>).</summary>
    public static class JunosPlatform
    {
        public static readonly PlatformDescription Description = new PlatformDescription(
            "juniper-junos",
            "Juniper Junos",
            PlatformKind.Switch,
            PlatformCapabilities.Deny | PlatformCapabilities.Counters | PlatformCapabilities.NarrowEndpoints | PlatformCapabilities.SourcePorts | PlatformCapabilities.IPv6 | PlatformCapabilities.ClassMarking | PlatformCapabilities.Logging | PlatformCapabilities.BitRateLimit | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol,
            options: new[] { FabricTarget.AclBudget(2048) },
            losslessLimit: 2,
            switchLimits: new SwitchLimits(
                interfaceName: @"((ge|xe|et|mge)-\d{1,2}/\d{1,2}/\d{1,3}(:\d{1,2})?|ae\d{1,3})(\.\d{1,5})?|irb\.\d{1,5}",
                interfaceNameExpected: "an interface such as xe-0/0/1, et-0/0/48:1, ae1, xe-0/0/1.0 or irb.110",
                vtepSource: @"lo0\.\d{1,5}", vtepSourceExpected: "a loopback unit such as lo0.0",
                maxMtu: 9216, mtuOverhead: 14,
                defaultAclBudget: 2048, aclBudgetWhy: "the default budget, a conservative share of a QFX5000-class leaf's ingress filter TCAM",
                maxAclName: 64,
                groupedEntries: true),
            verbatim: new VerbatimFormat("#", ".conf"));
    }
}
