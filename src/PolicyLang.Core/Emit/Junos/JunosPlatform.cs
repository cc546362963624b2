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
            PlatformCapabilities.Deny | PlatformCapabilities.IPv6 | PlatformCapabilities.ClassMarking | PlatformCapabilities.Logging | PlatformCapabilities.BitRateLimit | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol,
            options: new[] { new TargetOptionSpec("acl-budget", TargetOptionKind.Integer, "largest number of entries one ACL may take on the switch (TCAM budget); more is an error (NP4156)", minimum: 1, maximum: 1000000) },
            losslessLimit: 2);
    }
}
