namespace PolicyLang.Operations
{
    /// <summary>
    /// A target whose rules carry a quarantine's flows. One that holds the address's zone sees all of the address's
    /// traffic that reaches it; any other cuts only the address's traffic to and from its own zones. A target that cannot
    /// deny a single address (a cloud firewall, Kubernetes) enforces it only by its default deny: it admits none of that
    /// traffic (else the check would have failed).
    /// </summary>
    public sealed class QuarantineEnforcement(string target, string platform, bool holdsZone, IReadOnlyList<string> zones, bool byDefaultDeny)
    {
        public string Target { get; } = target;
        public string Platform { get; } = platform;

        /// <summary>Whether the target holds the zone the quarantined address lies in.</summary>
        public bool HoldsZone { get; } = holdsZone;

        /// <summary>The target's zones, in the order it names them.</summary>
        public IReadOnlyList<string> Zones { get; } = zones;

        /// <summary>The target writes no rule for the quarantine: it admits none of the address's traffic.</summary>
        public bool ByDefaultDeny { get; } = byDefaultDeny;

        public override string ToString() => "target " + Target + " (" + Platform + ")";
    }
}
