using PolicyLang.Platforms;

namespace PolicyLang.Emit.Aws
{
    /// <summary>What a target of platform <c>aws</c> accepts and can enforce (see <see cref="PlatformDescription"/>).</summary>
    public static class AwsPlatform
    {
        public static readonly PlatformDescription Description = new PlatformDescription(
            "aws",
            "AWS",
            PlatformKind.CloudFirewall,
            PlatformCapabilities.Deny | PlatformCapabilities.Logging | PlatformCapabilities.IPv6 | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol,
            options: new[]
            {
                new TargetOptionSpec("network-acls", TargetOptionKind.Boolean, "enforce deny flows with network ACLs (numbered, stateless deny entries on the zones' subnets); off: a deny that cuts into an allow is an error"),
                new TargetOptionSpec("split-groups", TargetOptionKind.Boolean, "spread a zone's rules over more security groups when they exceed one group's quota"),
                new TargetOptionSpec("groups-per-interface", TargetOptionKind.Integer, "security groups one network interface may carry (AWS: 5 by default, at most 16)", minimum: 1, maximum: 16),
                new TargetOptionSpec("rules-per-group", TargetOptionKind.Integer, "inbound (and outbound) rules per security group and address family (AWS: 60 by default)", minimum: 1, maximum: 1000),
                new TargetOptionSpec("nacl-rules", TargetOptionKind.Integer, "network ACL rules per direction and address family (AWS: 20 by default, at most 40)", minimum: 1, maximum: 40),
                new TargetOptionSpec("flow-logs", TargetOptionKind.String, "S3 bucket ARN (arn:aws:s3:::bucket[/prefix]) for a VPC flow log that records the traffic of 'log' flows"),
            });
    }
}
