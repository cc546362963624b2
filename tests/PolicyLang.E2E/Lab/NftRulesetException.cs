using System;

namespace PolicyLang.E2E.Lab
{
    /// <summary>nft refused a ruleset (or a command); carries nft's stderr and the text it was given.</summary>
    public sealed class NftRulesetException : Exception
    {
        public NftRulesetException(string message, string nftStderr, string rulesetText)
            : base(message + Environment.NewLine + nftStderr.TrimEnd())
        {
            NftStderr = nftStderr;
            RulesetText = rulesetText;
        }

        /// <summary>What nft wrote to stderr.</summary>
        public string NftStderr { get; }

        /// <summary>The ruleset text that was refused.</summary>
        public string RulesetText { get; }
    }
}
