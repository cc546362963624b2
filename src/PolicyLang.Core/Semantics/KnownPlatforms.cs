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

        public static bool IsKnown(string platform) => Modes.ContainsKey(platform);
    }
}
