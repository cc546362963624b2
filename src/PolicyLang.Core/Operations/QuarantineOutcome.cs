namespace PolicyLang.Operations
{
    /// <summary>How a <c>policyc quarantine</c> request ended.</summary>
    public enum QuarantineOutcome
    {
        /// <summary>The change is checked and ready to write (or, for a listing, listed).</summary>
        Done,

        /// <summary>The request itself is refused: a malformed address, a date in the past, a duplicate, an unknown release.</summary>
        Refused,

        /// <summary>The change would give the policy errors it does not have now; nothing is written.</summary>
        PolicyErrors,

        /// <summary>The paths could not be read, or hold no policy or several.</summary>
        InputError,
    }
}
