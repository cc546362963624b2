namespace PolicyLang.Semantics
{
    public enum RateUnit
    {
        /// <summary>New connections per second: 10000/s.</summary>
        ConnectionsPerSecond,
        PacketsPerSecond,
        BitsPerSecond,
    }

    public readonly struct Rate(ulong value, RateUnit unit)
    {
        public ulong Value { get; } = value;
        public RateUnit Unit { get; } = unit;

        public override string ToString() => Unit switch
        {
            RateUnit.ConnectionsPerSecond => Value.ToString(CultureInfo.InvariantCulture) + "/s",
            RateUnit.PacketsPerSecond => Value.ToString(CultureInfo.InvariantCulture) + "pps",
            _ => Value.ToString(CultureInfo.InvariantCulture) + "bps",
        };
    }
}
