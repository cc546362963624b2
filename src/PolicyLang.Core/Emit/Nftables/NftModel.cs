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

    public sealed class NftSet
    {
        public string Name { get; set; } = "";
        public string Type { get; set; } = "";
        public string Comment { get; set; } = "";
        public string Elements { get; set; } = "";
    }

    public sealed class NftLimit
    {
        public string Name { get; set; } = "";
        public string Rate { get; set; } = "";
        public string Comment { get; set; } = "";
    }

    public sealed class NftChain
    {
        public string Name { get; set; } = "";
        public string Hook { get; set; } = "";
        public string Priority { get; set; } = "";
        public string Policy { get; set; } = "";
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
