using PolicyLang.Platforms;

namespace PolicyLang.Emit.Nftables
{
    /// <summary>What a target of platform <c>nftables</c> accepts and can enforce (see <see cref="PlatformDescription"/>).</summary>
    public static class NftablesPlatform
    {
        public static readonly PlatformDescription Description = new PlatformDescription(
            "nftables",
            "Linux nftables",
            PlatformKind.Host,
            PlatformCapabilities.All,
            modes: new[] { "gateway", "host" },
            options: new[]
            {
                new TargetOptionSpec("counters", TargetOptionKind.Boolean, "count packets and bytes on every flow's rules (nft list ruleset shows them)"),
            },
            verbatim: new VerbatimFormat("#", ".nft"));
    }
}
