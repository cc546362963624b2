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

        /// <summary>
        /// The name its flows derive from: <c>quarantine-10-10-1-5</c>, <c>quarantine-10-10-1-0-28</c>; for IPv6 the zeros
        /// <c>::</c> leaves out are <c>x</c> and a prefix length follows <c>p</c> (<c>quarantine-fd00-10-x-5</c>,
        /// <c>quarantine-fd00-10-x-p64</c>), so that the name holds no <c>--</c> (generated Junos term names use it) and an
        /// address never shares a name with a prefix.
        /// </summary>
        public static string NameFor(string address)
        {
            bool v6 = address.IndexOf(':') >= 0;
            var text = v6 ? address.Replace("::", "-x-").Replace("/", "-p") : address;
            var sb = new System.Text.StringBuilder("quarantine-");
            foreach (var ch in text)
            {
                var c = char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '-';
                if (c == '-' && sb[sb.Length - 1] == '-') continue;
                sb.Append(c);
            }
            return sb.ToString().TrimEnd('-');
        }
    }
}
