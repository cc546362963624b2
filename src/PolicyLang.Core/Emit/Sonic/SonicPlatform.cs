using PolicyLang.Emit.Fabric;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.Sonic
{
    /// <summary>What a target of platform <c>sonic</c> accepts and can enforce (see <see cref="PlatformDescription"/>).</summary>
    public static class SonicPlatform
    {
        public static readonly PlatformDescription Description = new PlatformDescription(
            "sonic",
            "SONiC",
            PlatformKind.Switch,
            PlatformCapabilities.Deny | PlatformCapabilities.Counters | PlatformCapabilities.NarrowEndpoints | PlatformCapabilities.SourcePorts | PlatformCapabilities.IPv6 | PlatformCapabilities.ClassMarking | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol,
            options: new[]
            {
                FabricTarget.AclBudget(1024),
                new TargetOptionSpec("dscp-trust", TargetOptionKind.Boolean, "the hosts mark their own traffic with the classes' DSCP (RoCE NICs do); SONiC cannot re-mark, so classes on flows need this"),
            },
            losslessLimit: 2,
            switchLimits: new SwitchLimits(
                interfaceName: @"Ethernet\d{1,4}|PortChannel\d{1,4}",
                interfaceNameExpected: "a port such as Ethernet0 or PortChannel1",
                vtepSource: @"Loopback\d{1,4}", vtepSourceExpected: "a loopback such as Loopback0",
                maxInterfaceName: 15,
                maxMtu: 9100,
                losslessPriorities: new[] { 3, 4 },
                defaultAclBudget: 1024, aclBudgetWhy: "the default budget, a conservative share of a SONiC leaf's ingress ACL TCAM",
                maxAclName: 64));
    }
}
