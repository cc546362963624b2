namespace PolicyLang.Emit
{
    /// <summary>One generated file: a path relative to the build output folder, and its text.</summary>
    public sealed class Artifact(string target, string platform, string relativePath, string content, int? rules = null)
    {
        public string Target { get; } = target;
        public string Platform { get; } = platform;

        /// <summary>Forward slashes, no leading slash, no "..".</summary>
        public string RelativePath { get; } = relativePath;
        public string Content { get; } = content;

        /// <summary>
        /// The rules the file holds as its platform counts them (ACL entries read back from a switch configuration,
        /// security-group or NSG or firewall rules, NetworkPolicy ingress and egress rules, nftables rules); null for
        /// files that hold none (inventories, playbooks).
        /// </summary>
        public int? Rules { get; } = rules;
    }
}
