using System;
using System.Collections.Generic;

namespace PolicyLang.Semantics
{
    /// <summary>The platforms a target may name, and the enforcement modes each accepts (the first is the default).</summary>
    public static class KnownPlatforms
    {
        public static readonly IReadOnlyDictionary<string, string[]> Modes = new SortedDictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["arista-eos"] = Array.Empty<string>(),
            ["cisco-nxos"] = Array.Empty<string>(),
            ["juniper-junos"] = Array.Empty<string>(),
            ["sonic"] = Array.Empty<string>(),
            ["cumulus-nvue"] = Array.Empty<string>(),
            ["nftables"] = new[] { "gateway", "host" },
            ["aws"] = Array.Empty<string>(),
            ["azure-nsg"] = Array.Empty<string>(),
            ["gcp-firewall"] = Array.Empty<string>(),
            ["kubernetes"] = Array.Empty<string>(),
        };

        /// <summary>
        /// Lossless (PFC no-drop) priorities a switch platform can carry: ASICs reserve headroom for few of them, and
        /// two (priorities 3 and 4) is what the vendors' RoCE profiles configure. Hosts and clouds have no PFC.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, int> LosslessLimit = new SortedDictionary<string, int>(StringComparer.Ordinal)
        {
            ["arista-eos"] = 2,
            ["cisco-nxos"] = 2,
            ["juniper-junos"] = 2,
            ["sonic"] = 2,
            ["cumulus-nvue"] = 2,
        };

        /// <summary>
        /// The <c>option</c> settings each platform accepts. A backend adds its own here; the binder reports unknown options
        /// and values of the wrong kind, so a backend can read <see cref="TargetSymbol.Option"/> without checking again.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, TargetOptionSpec[]> Options = new SortedDictionary<string, TargetOptionSpec[]>(StringComparer.Ordinal)
        {
            ["arista-eos"] = FabricOptions(4000, 76),
            ["cisco-nxos"] = FabricOptions(3000, 40),
            ["juniper-junos"] = new[] { new TargetOptionSpec("acl-budget", TargetOptionKind.Integer, "largest number of entries one ACL may take on the switch (TCAM budget); more is an error (NP4156)", minimum: 1, maximum: 1000000) },
            ["sonic"] = new[]
            {
                new TargetOptionSpec("acl-budget", TargetOptionKind.Integer, "largest number of entries one ACL may take on the switch (TCAM budget); more is an error (NP4156)", minimum: 1, maximum: 1000000),
                new TargetOptionSpec("dscp-trust", TargetOptionKind.Boolean, "the hosts mark their own traffic with the classes' DSCP (RoCE NICs do); SONiC cannot re-mark, so classes on flows need this"),
            },
            ["cumulus-nvue"] = new[] { new TargetOptionSpec("acl-budget", TargetOptionKind.Integer, "largest number of entries one ACL may take on the switch (TCAM budget); more is an error (NP4156)", minimum: 1, maximum: 1000000) },
            ["nftables"] = new[]
            {
                new TargetOptionSpec("counters", TargetOptionKind.Boolean, "count packets and bytes on every flow's rules (nft list ruleset shows them)"),
            },
            ["aws"] = new[]
            {
                new TargetOptionSpec("network-acls", TargetOptionKind.Boolean, "enforce deny flows with network ACLs (numbered, stateless deny entries on the zones' subnets); off: a deny that cuts into an allow is an error"),
                new TargetOptionSpec("split-groups", TargetOptionKind.Boolean, "spread a zone's rules over more security groups when they exceed one group's quota"),
                new TargetOptionSpec("groups-per-interface", TargetOptionKind.Integer, "security groups one network interface may carry (AWS: 5 by default, at most 16)", minimum: 1, maximum: 16),
                new TargetOptionSpec("rules-per-group", TargetOptionKind.Integer, "inbound (and outbound) rules per security group and address family (AWS: 60 by default)", minimum: 1, maximum: 1000),
                new TargetOptionSpec("nacl-rules", TargetOptionKind.Integer, "network ACL rules per direction and address family (AWS: 20 by default, at most 40)", minimum: 1, maximum: 40),
                new TargetOptionSpec("flow-logs", TargetOptionKind.String, "S3 bucket ARN (arn:aws:s3:::bucket[/prefix]) for a VPC flow log that records the traffic of 'log' flows"),
            },
            ["azure-nsg"] = Array.Empty<TargetOptionSpec>(),
            ["gcp-firewall"] = new[]
            {
                new TargetOptionSpec("target-selector", TargetOptionKind.Word,
                    "what a rule applies to on the target's side: ranges (destination or source ranges), tags (network tags ZONE and ZONE--SEGMENT) or service-accounts",
                    new[] { "ranges", "tags", "service-accounts" }),
                new TargetOptionSpec("first-priority", TargetOptionKind.Integer, "priority of the first generated rule (default 1000); rules take consecutive numbers", null, 0, 65535),
            },
            ["kubernetes"] = new[]
            {
                new TargetOptionSpec("admin-network-policy", TargetOptionKind.Boolean,
                    "the cluster supports AdminNetworkPolicy (policy.networking.k8s.io/v1alpha1): denies that override allows become its Deny rules"),
                new TargetOptionSpec("admin-network-policy-priority", TargetOptionKind.Integer, "priority of the generated AdminNetworkPolicies (default 50)", null, 0, 1000),
            },
        };

        /// <summary>Options of the switch backends built on the shared fabric layer (Emit/Fabric).</summary>
        private static TargetOptionSpec[] FabricOptions(int defaultBudget, int maxPrefix) => new[]
        {
            new TargetOptionSpec("acl-budget", TargetOptionKind.Integer,
                "largest number of entries one ACL may take on the switch (default " + defaultBudget + ")", minimum: 1, maximum: 1000000),
            new TargetOptionSpec("acl-prefix", TargetOptionKind.String,
                "prefix of every generated ACL, class-map and policy-map name (default \"PC-\"; a letter, then letters, digits, '-' or '_', at most " + maxPrefix + " characters)"),
        };

        /// <summary>The options <paramref name="platform"/> accepts (none for an unknown platform).</summary>
        public static TargetOptionSpec[] OptionsOf(string platform) =>
            Options.TryGetValue(platform, out var specs) ? specs : Array.Empty<TargetOptionSpec>();

        public static bool IsKnown(string platform) => Modes.ContainsKey(platform);
    }
}
