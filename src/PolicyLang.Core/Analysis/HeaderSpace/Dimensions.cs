namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// The fixed order of the seven packet dimensions. The order is part of the canonical form
    /// (it decides cube order and witness choice): source first, so enumeration and
    /// counterexamples read "from where, to where, what". The source port comes last: most sets leave it whole, so
    /// its level adds one shared node per path and leaves the order of everything else as it was.
    /// </summary>
    internal static class Dimensions
    {
        public const int Src = 0;
        public const int Dst = 1;
        public const int Protocol = 2;
        public const int DstPort = 3;
        public const int IcmpType = 4;
        public const int IcmpCode = 5;
        public const int SrcPort = 6;
        public const int Count = 7;

        private static readonly IpAddress128[] Maxima =
        {
            IpAddress128.MaxValue,
            IpAddress128.MaxValue,
            IpAddress128.FromUInt64(IntervalSet.ProtocolMax),
            IpAddress128.FromUInt64(IntervalSet.PortMax),
            IpAddress128.FromUInt64(IntervalSet.IcmpMax),
            IpAddress128.FromUInt64(IntervalSet.IcmpMax),
            IpAddress128.FromUInt64(IntervalSet.PortMax),
        };

        private static readonly ulong[] NarrowMaxima = { 0, 0, IntervalSet.ProtocolMax, IntervalSet.PortMax, IntervalSet.IcmpMax, IntervalSet.IcmpMax, IntervalSet.PortMax };

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
                case SrcPort: return IpAddress128.FromUInt64(packet.SrcPort);
                default: return IpAddress128.FromUInt64(packet.IcmpCode);
            }
        }
    }
}
