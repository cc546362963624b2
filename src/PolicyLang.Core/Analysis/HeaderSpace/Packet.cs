namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// One concrete packet header: the unit of membership and of counterexamples. Fields a
    /// protocol does not use still have a value (the set model leaves them unconstrained),
    /// but <see cref="ToString"/> leaves them out so a witness reads like a flow.
    /// </summary>
    public readonly struct Packet(
        IpAddress128 src, IpAddress128 dst, byte protocol, ushort dstPort, byte icmpType, byte icmpCode, ushort srcPort)
        : IEquatable<Packet>
    {
        /// <summary>A packet from the client port a host picks when the flow names none (the first of the IANA dynamic range).</summary>
        public Packet(IpAddress128 src, IpAddress128 dst, byte protocol, ushort dstPort, byte icmpType, byte icmpCode)
            : this(src, dst, protocol, dstPort, icmpType, icmpCode, EphemeralPort)
        {
        }

        /// <summary>The source port of packets whose flow names none; witnesses leave it out of their text.</summary>
        public const ushort EphemeralPort = 49152;

        public const byte Icmp = 1;
        public const byte Tcp = 6;
        public const byte Udp = 17;
        public const byte IcmpV6 = 58;
        public const byte Sctp = 132;

        public IpAddress128 Src { get; } = src;

        public IpAddress128 Dst { get; } = dst;

        public byte Protocol { get; } = protocol;

        public ushort DstPort { get; } = dstPort;

        public byte IcmpType { get; } = icmpType;

        public byte IcmpCode { get; } = icmpCode;

        /// <summary>The source port (TCP, UDP, SCTP); <see cref="EphemeralPort"/> where nothing chose another.</summary>
        public ushort SrcPort { get; } = srcPort;

        /// <summary>E.g. "10.60.0.5 -> 10.50.0.10 tcp/5432", "10.0.0.5 -> 10.0.0.6 udp/53 -> 53" (source port 53) or
        /// "10.0.0.1 -> 10.0.0.2 icmp type 8 code 0".</summary>
        public override string ToString() => Src + " -> " + Dst + " " + DescribeService();

        public string DescribeService()
        {
            string port = SrcPort == EphemeralPort
                ? DstPort.ToString(CultureInfo.InvariantCulture)
                : SrcPort.ToString(CultureInfo.InvariantCulture) + " -> " + DstPort.ToString(CultureInfo.InvariantCulture);
            string typeCode = "type " + IcmpType.ToString(CultureInfo.InvariantCulture) + " code " + IcmpCode.ToString(CultureInfo.InvariantCulture);
            switch (Protocol)
            {
                case Tcp: return "tcp/" + port;
                case Udp: return "udp/" + port;
                case Sctp: return "sctp/" + port;
                case Icmp: return "icmp " + typeCode;
                case IcmpV6: return "icmpv6 " + typeCode;
                default: return "proto " + Protocol.ToString(CultureInfo.InvariantCulture);
            }
        }

        public bool Equals(Packet other) =>
            Src == other.Src && Dst == other.Dst && Protocol == other.Protocol && DstPort == other.DstPort
            && IcmpType == other.IcmpType && IcmpCode == other.IcmpCode && SrcPort == other.SrcPort;

        public override bool Equals(object? obj) => obj is Packet other && Equals(other);

        public override int GetHashCode()
        {
            int h = Src.GetHashCode();
            h = unchecked((h * 31) + Dst.GetHashCode());
            h = unchecked((h * 31) + Protocol);
            h = unchecked((h * 31) + DstPort);
            h = unchecked((h * 31) + IcmpType);
            h = unchecked((h * 31) + IcmpCode);
            return unchecked((h * 31) + SrcPort);
        }

        public static bool operator ==(Packet left, Packet right) => left.Equals(right);

        public static bool operator !=(Packet left, Packet right) => !left.Equals(right);
    }
}
