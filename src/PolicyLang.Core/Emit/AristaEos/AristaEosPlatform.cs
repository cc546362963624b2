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
            PlatformCapabilities.Deny | PlatformCapabilities.IPv6 | PlatformCapabilities.ClassMarking | PlatformCapabilities.Logging | PlatformCapabilities.BitRateLimit | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol,
            options: FabricChecks.Options(4000, 76),
            losslessLimit: 2);
    }
}
