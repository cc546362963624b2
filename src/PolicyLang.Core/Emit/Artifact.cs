namespace PolicyLang.Emit
{
    /// <summary>One generated file: a path relative to the build output folder, and its text.</summary>
    public sealed class Artifact
    {
        private readonly int? _rules;
        private readonly Lazy<int?>? _countRules;

        public Artifact(string target, string platform, string relativePath, string content, int? rules = null)
        {
            Target = target;
            Platform = platform;
            RelativePath = relativePath;
            Content = content;
            _rules = rules;
        }

        /// <summary>A file whose rules are counted on first use (<paramref name="countRules"/> reads the file back: a build that
        /// only writes it does not pay for that).</summary>
        public Artifact(string target, string platform, string relativePath, string content, Func<int?> countRules)
            : this(target, platform, relativePath, content)
        {
            _countRules = new Lazy<int?>(countRules, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public string Target { get; }
        public string Platform { get; }

        /// <summary>Forward slashes, no leading slash, no "..".</summary>
        public string RelativePath { get; }
        public string Content { get; }

        /// <summary>
        /// The rules the file holds as its platform counts them (ACL entries read back from a switch configuration,
        /// security-group or NSG or firewall rules, NetworkPolicy ingress and egress rules, nftables rules); null for
        /// files that hold none (inventories, playbooks).
        /// </summary>
        public int? Rules => _countRules != null ? _countRules.Value : _rules;
    }
}
