namespace PolicyLang.Emit.Nftables
{
    /// <summary>The ruleset the template lays out. Every string here is already safe for nftables syntax.</summary>
    public sealed class NftRuleset
    {
        public List<string> Header { get; } = new List<string>();
        public string Table { get; set; } = "";
        public List<NftSet> Sets { get; } = new List<NftSet>();
        public List<NftLimit> Limits { get; } = new List<NftLimit>();
        public List<NftChain> Chains { get; } = new List<NftChain>();
    }

    public sealed record NftSet(string Name = "", string Type = "", string Comment = "", string Elements = "");

    public sealed record NftLimit(string Name = "", string Rate = "", string Comment = "");

    public sealed record NftChain(string Name = "", string Hook = "", string Priority = "", string Policy = "")
    {
        public List<NftRule> Rules { get; } = new List<NftRule>();
    }

    public sealed class NftRule
    {
        public NftRule(string text, string comment = "")
        {
            NftText.RequireSafe(text.Replace("\"", ""));
            Text = text;
            Comment = comment;
        }

        public string Text { get; }
        public string Comment { get; }
    }
}
