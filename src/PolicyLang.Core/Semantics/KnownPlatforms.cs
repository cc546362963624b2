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

        public static bool IsKnown(string platform) => Modes.ContainsKey(platform);
    }
}
