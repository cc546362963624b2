using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Operations.Audit
{
    /// <summary>What the network did with a record's traffic, as the log says it.</summary>
    public enum RecordVerdict
    {
        /// <summary>The log does not say (a conntrack entry is an accepted connection; a log line without a policyc prefix is unknown).</summary>
        Unknown,
        Accepted,
        Rejected,
    }

    /// <summary>
    /// One flow-log record, whatever the format: the first packet's header fields the policy decides on, what the network did,
    /// how much traffic it stands for, and where in which file it was read (so a finding can quote its witness).
    /// </summary>
    public readonly struct FlowRecord(
        long? time, IpAddress128 source, IpAddress128 destination, byte protocol, int sourcePort, int destinationPort,
        RecordVerdict verdict, long packets, long bytes, int dscp, string file, long line, int icmpType = -1, int icmpCode = -1)
    {
        /// <summary>Unix seconds of the record's start, or null when the format carries none.</summary>
        public long? Time { get; } = time;
        public IpAddress128 Source { get; } = source;
        public IpAddress128 Destination { get; } = destination;
        public byte Protocol { get; } = protocol;

        /// <summary>-1: not in the record.</summary>
        public int SourcePort { get; } = sourcePort;
        public int DestinationPort { get; } = destinationPort;
        public int IcmpType { get; } = icmpType;
        public int IcmpCode { get; } = icmpCode;
        public RecordVerdict Verdict { get; } = verdict;
        public long Packets { get; } = packets;
        public long Bytes { get; } = bytes;

        /// <summary>The DSCP of the packets (0-63), or -1 when the log carries none.</summary>
        public int Dscp { get; } = dscp;
        public string File { get; } = file;
        public long Line { get; } = line;

        /// <summary>The packet the policy decides: ICMP without a type in the log is read as an echo request.</summary>
        /// <param name="sourcePort">Whether to keep the record's source port (for a policy with flows that name source ports);
        /// otherwise, and for a record without one, the packet comes from a client's ephemeral port, so records of one
        /// conversation read as one packet.</param>
        public Packet ToPacket(bool sourcePort = false)
        {
            bool icmp = Protocol == Packet.Icmp || Protocol == Packet.IcmpV6;
            int type = IcmpType >= 0 ? IcmpType : Protocol == Packet.IcmpV6 ? 128 : 8;
            return new Packet(Source, Destination, Protocol, icmp || DestinationPort < 0 ? (ushort)0 : (ushort)DestinationPort,
                icmp ? (byte)type : (byte)0, icmp && IcmpCode >= 0 ? (byte)IcmpCode : (byte)0,
                icmp || SourcePort < 0 || !sourcePort ? Packet.EphemeralPort : (ushort)SourcePort);
        }

        /// <summary>"file:line".</summary>
        public string Where => File + ":" + Line.ToString(CultureInfo.InvariantCulture);

        public override string ToString() => ToPacket().ToString();
    }

    /// <summary>A record a reader could not use: its file, line and why.</summary>
    public sealed record MalformedRecord(string File, long Line, string Reason);
}
