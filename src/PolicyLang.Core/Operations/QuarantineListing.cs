namespace PolicyLang.Operations
{
    /// <summary>The quarantines of a policy, in declaration order, and anything about the overlay worth saying.</summary>
    public sealed class QuarantineListing(QuarantineOutcome outcome, string problem, string policy, IReadOnlyList<QuarantineEntry> entries, IReadOnlyList<string> notes)
    {
        public QuarantineOutcome Outcome { get; } = outcome;
        public string Problem { get; } = problem;

        /// <summary>The policy's name.</summary>
        public string Policy { get; } = policy;

        public IReadOnlyList<QuarantineEntry> Entries { get; } = entries;

        /// <summary>Remarks such as an overlay that the policy does not import (an interrupted run).</summary>
        public IReadOnlyList<string> Notes { get; } = notes;
    }
}
