using PolicyLang.Platforms;

namespace PolicyLang.Emit.Azure
{
    /// <summary>What a target of platform <c>azure-nsg</c> accepts and can enforce (see <see cref="PlatformDescription"/>).</summary>
    public static class AzureNsgPlatform
    {
        public static readonly PlatformDescription Description = new PlatformDescription(
            "azure-nsg",
            "Azure network security groups",
            PlatformKind.CloudFirewall,
            PlatformCapabilities.Deny | PlatformCapabilities.IPv6 | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol | PlatformCapabilities.NarrowEndpoints | PlatformCapabilities.SourcePorts);
    }
}
