namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// The fixed order of the six packet dimensions. The order is part of the canonical form
    /// (it decides cube order and witness choice): source first, so enumeration and
    /// counterexamples read "from where, to where, what".
    /// </summary>
    internal static class Dimensions
    {
        public const int Src = 0;
        public const int Dst = 1;
        public const int Protocol = 2;
        public const int DstPort = 3;
        public const int IcmpType = 4;
        public const int IcmpCode = 5;
        public const int Count = 6;

        private static readonly IpAddress128[] Maxima =
        {
            IpAddress128.MaxValue,
            IpAddress128.MaxValue,
            IpAddress128.FromUInt64(IntervalSet.ProtocolMax),
            IpAddress128.FromUInt64(IntervalSet.PortMax),
            IpAddress128.FromUInt64(IntervalSet.IcmpMax),
            IpAddress128.FromUInt64(IntervalSet.IcmpMax),
        };

        private static readonly ulong[] NarrowMaxima = { 0, 0, IntervalSet.ProtocolMax, IntervalSet.PortMax, IntervalSet.IcmpMax, IntervalSet.IcmpMax };

        public static IpAddress128 Max(int dimension) => Maxima[dimension];

        public static ulong NarrowMax(int dimension) => NarrowMaxima[dimension];

        public static IpAddress128 Value(in Packet packet, int dimension)
        {
            switch (dimension)
            {
                case Src: return packet.Src;
                case Dst: return packet.Dst;
                case Protocol: return IpAddress128.FromUInt64(packet.Protocol);
                case DstPort: return IpAddress128.FromUInt64(packet.DstPort);
                case IcmpType: return IpAddress128.FromUInt64(packet.IcmpType);
                default: return IpAddress128.FromUInt64(packet.IcmpCode);
            }
        }
    }
}
