namespace PolicyLang.Semantics
{
    /// <summary>
    /// <c>quarantine ADDRESS { reason "…" expires DATE }</c>: the address loses every flow, both ways. It binds to two
    /// logged deny flows (<see cref="Outbound"/>, <see cref="Inbound"/>); deny overrides allow, so they win on every
    /// target, and a target that cannot express them fails the build at the quarantine.
    /// </summary>
    public sealed class Quarantine(string address, SourceLocation location)
    {
        /// <summary>The address or prefix as written.</summary>
        public string Address { get; } = address;

        /// <summary>The whole declaration.</summary>
        public SourceLocation Location { get; } = location;
        public string? Reason { get; internal set; }
        public Located<System.DateTime>? Expires { get; internal set; }
        public FlowRule Outbound { get; internal set; } = null!;
        public FlowRule Inbound { get; internal set; } = null!;

        /// <summary>The name its flows derive from: <c>quarantine-10-10-1-5</c>, <c>quarantine-fd00-10--5-128</c>.</summary>
        public static string NameFor(string address)
        {
            var sb = new System.Text.StringBuilder("quarantine-");
            foreach (var ch in address) sb.Append(char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '-');
            var name = sb.ToString().TrimEnd('-');
            return name;
        }
    }
}
