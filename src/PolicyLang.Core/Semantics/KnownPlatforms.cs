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
            ["aws"] = Array.Empty<TargetOptionSpec>(),
            ["azure-nsg"] = Array.Empty<TargetOptionSpec>(),
            ["gcp-firewall"] = Array.Empty<TargetOptionSpec>(),
            ["kubernetes"] = Array.Empty<TargetOptionSpec>(),
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
