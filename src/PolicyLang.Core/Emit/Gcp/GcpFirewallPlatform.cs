using PolicyLang.Platforms;

namespace PolicyLang.Emit.Gcp
{
    /// <summary>What a target of platform <c>gcp-firewall</c> accepts and can enforce (see <see cref="PlatformDescription"/>).</summary>
    public static class GcpFirewallPlatform
    {
        public static readonly PlatformDescription Description = new PlatformDescription(
            "gcp-firewall",
            "Google Cloud VPC firewall",
            PlatformKind.CloudFirewall,
            PlatformCapabilities.Deny | PlatformCapabilities.IPv6 | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol | PlatformCapabilities.NarrowEndpoints | PlatformCapabilities.Logging,
            options: new[]
            {
                new TargetOptionSpec("target-selector", TargetOptionKind.Word,
                    "what a rule applies to on the target's side: ranges (destination or source ranges), tags (network tags ZONE and ZONE--SEGMENT) or service-accounts",
                    new[] { "ranges", "tags", "service-accounts" }),
                new TargetOptionSpec("first-priority", TargetOptionKind.Integer, "priority of the first generated rule (default 1000); rules take consecutive numbers", null, 0, 65535),
            });
    }
}
