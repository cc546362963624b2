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
            PlatformCapabilities.Deny | PlatformCapabilities.IPv6 | PlatformCapabilities.ClassMarking | PlatformCapabilities.Logging | PlatformCapabilities.BitRateLimit | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol,
            options: FabricChecks.Options(3000, 40),
            losslessLimit: 2);
    }
}
