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
            PlatformCapabilities.Deny | PlatformCapabilities.IPv6 | PlatformCapabilities.ClassMarking | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol,
            options: new[]
            {
                new TargetOptionSpec("acl-budget", TargetOptionKind.Integer, "largest number of entries one ACL may take on the switch (TCAM budget); more is an error (NP4156)", minimum: 1, maximum: 1000000),
                new TargetOptionSpec("dscp-trust", TargetOptionKind.Boolean, "the hosts mark their own traffic with the classes' DSCP (RoCE NICs do); SONiC cannot re-mark, so classes on flows need this"),
            },
            losslessLimit: 2);
    }
}
