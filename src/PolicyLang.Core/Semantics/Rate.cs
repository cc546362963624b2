namespace PolicyLang.Semantics
{
    public enum RateUnit
    {
        /// <summary>New connections per second: 10000/s.</summary>
        ConnectionsPerSecond,
        PacketsPerSecond,
        BitsPerSecond,
    }

    public readonly struct Rate
    {
        public Rate(ulong value, RateUnit unit)
        {
            Value = value;
            Unit = unit;
        }

        public ulong Value { get; }
        public RateUnit Unit { get; }

        public override string ToString() => Unit switch
        {
            RateUnit.ConnectionsPerSecond => Value.ToString(CultureInfo.InvariantCulture) + "/s",
            RateUnit.PacketsPerSecond => Value.ToString(CultureInfo.InvariantCulture) + "pps",
            _ => Value.ToString(CultureInfo.InvariantCulture) + "bps",
        };
    }
}
