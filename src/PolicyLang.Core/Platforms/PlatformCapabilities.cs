namespace PolicyLang.Platforms
{
    /// <summary>What a platform can enforce. The checker turns every intent outside these into an error at the flow.</summary>
    [Flags]
    public enum PlatformCapabilities
    {
        None = 0,
        Deny = 1 << 0,
        IPv6 = 1 << 1,
        ClassMarking = 1 << 2,
        Logging = 1 << 3,
        ConnectionRateLimit = 1 << 4,
        PacketRateLimit = 1 << 5,
        BitRateLimit = 1 << 6,
        Icmp = 1 << 7,
        AnyProtocol = 1 << 8,

        /// <summary>A counter of a flow's matches (<c>count</c>): a rule or term counter, or per-entry ACL statistics.</summary>
        Counters = 1 << 9,

        /// <summary>Endpoints narrower than a zone or segment (a prefix, a prefix list, 'except'): rules match addresses, not
        /// zone membership.</summary>
        NarrowEndpoints = 1 << 10,

        /// <summary>A log prefix and severity per rule (<c>log prefix "…" level …</c>).</summary>
        LogOptions = 1 << 11,

        /// <summary>Source ports (<c>tcp/1024-65535 -> 22</c>): rules match the port a packet comes from.</summary>
        SourcePorts = 1 << 12,

        All = Deny | IPv6 | ClassMarking | Logging | ConnectionRateLimit | PacketRateLimit | BitRateLimit | Icmp | AnyProtocol | Counters | NarrowEndpoints | LogOptions
            | SourcePorts,
    }
}
