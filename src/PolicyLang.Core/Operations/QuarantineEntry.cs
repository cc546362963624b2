namespace PolicyLang.Operations
{
    /// <summary>One quarantine of a policy, as <c>policyc quarantine --list</c> shows it.</summary>
    public sealed class QuarantineEntry(string address, string location, string? reason, DateTime? expires, int? daysLeft, bool inOverlay)
    {
        /// <summary>The address or prefix as written.</summary>
        public string Address { get; } = address;

        /// <summary>Where it is declared: <c>quarantine.netpolicy(6,1)</c>.</summary>
        public string Location { get; } = location;

        public string? Reason { get; } = reason;
        public DateTime? Expires { get; } = expires;

        /// <summary>Days from today to the expiry date (0: today is its last day; negative: expired).</summary>
        public int? DaysLeft { get; } = daysLeft;

        /// <summary>Past its expiry date: the policy has an error (NP3010) until it is released or given a later date.</summary>
        public bool Expired => DaysLeft < 0;

        /// <summary>Whether it is declared in the overlay <c>policyc quarantine</c> writes (else by hand, in another file).</summary>
        public bool InOverlay { get; } = inOverlay;
    }
}
