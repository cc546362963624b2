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
            PlatformCapabilities.Deny | PlatformCapabilities.IPv6 | PlatformCapabilities.ClassMarking | PlatformCapabilities.Logging | PlatformCapabilities.BitRateLimit | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol,
            options: new[] { new TargetOptionSpec("acl-budget", TargetOptionKind.Integer, "largest number of entries one ACL may take on the switch (TCAM budget); more is an error (NP4156)", minimum: 1, maximum: 1000000) },
            losslessLimit: 2);
    }
}
