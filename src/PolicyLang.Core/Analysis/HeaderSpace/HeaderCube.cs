namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// A product of one set per dimension: the shape of a single match rule. A cube is empty
    /// when any dimension is empty. Irrelevant fields are simply full (tcp/22 has every ICMP
    /// type), which keeps the model free of per-protocol cases.
    /// </summary>
    public sealed class HeaderCube : IEquatable<HeaderCube>
    {
        public static readonly HeaderCube All = new HeaderCube(
            AddressRangeSet.All,
            AddressRangeSet.All,
            IntervalSet.Full(IntervalSet.ProtocolMax),
            IntervalSet.Full(IntervalSet.PortMax),
            IntervalSet.Full(IntervalSet.IcmpMax),
            IntervalSet.Full(IntervalSet.IcmpMax),
            IntervalSet.Full(IntervalSet.PortMax));

        private static readonly IntervalSet s_everyPort = IntervalSet.Full(IntervalSet.PortMax);

        private readonly RangeSet[] _dims;

        public HeaderCube(
            AddressRangeSet src,
            AddressRangeSet dst,
            IntervalSet protocols,
            IntervalSet dstPorts,
            IntervalSet icmpTypes,
            IntervalSet icmpCodes)
            : this(src, dst, protocols, dstPorts, icmpTypes, icmpCodes, s_everyPort)
        {
        }

        /// <param name="srcPorts">Source ports (TCP, UDP and SCTP); the whole range where a match names none.</param>
        public HeaderCube(
            AddressRangeSet src,
            AddressRangeSet dst,
            IntervalSet protocols,
            IntervalSet dstPorts,
            IntervalSet icmpTypes,
            IntervalSet icmpCodes,
            IntervalSet srcPorts)
        {
            Src = src ?? throw new ArgumentNullException(nameof(src));
            Dst = dst ?? throw new ArgumentNullException(nameof(dst));
            Protocols = RequireUniverse(protocols, IntervalSet.ProtocolMax, nameof(protocols));
            DstPorts = RequireUniverse(dstPorts, IntervalSet.PortMax, nameof(dstPorts));
            IcmpTypes = RequireUniverse(icmpTypes, IntervalSet.IcmpMax, nameof(icmpTypes));
            IcmpCodes = RequireUniverse(icmpCodes, IntervalSet.IcmpMax, nameof(icmpCodes));
            SrcPorts = RequireUniverse(srcPorts, IntervalSet.PortMax, nameof(srcPorts));
            _dims = new[] { src.Core, dst.Core, protocols.Core, dstPorts.Core, icmpTypes.Core, icmpCodes.Core, srcPorts.Core };
        }

        public AddressRangeSet Src { get; }

        public AddressRangeSet Dst { get; }

        public IntervalSet Protocols { get; }

        public IntervalSet DstPorts { get; }

        public IntervalSet IcmpTypes { get; }

        public IntervalSet IcmpCodes { get; }

        public IntervalSet SrcPorts { get; }

        public bool IsEmpty
        {
            get
            {
                foreach (RangeSet d in _dims)
                {
                    if (d.IsEmpty)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        internal RangeSet Dimension(int index) => _dims[index];

        /// <summary>Builds a cube from raw dimension sets in <see cref="Dimensions"/> order.</summary>
        internal static HeaderCube FromDimensions(IReadOnlyList<RangeSet> dims) =>
            new HeaderCube(
                AddressRangeSet.FromCore(dims[Dimensions.Src]),
                AddressRangeSet.FromCore(dims[Dimensions.Dst]),
                IntervalSet.FromCore(dims[Dimensions.Protocol], IntervalSet.ProtocolMax),
                IntervalSet.FromCore(dims[Dimensions.DstPort], IntervalSet.PortMax),
                IntervalSet.FromCore(dims[Dimensions.IcmpType], IntervalSet.IcmpMax),
                IntervalSet.FromCore(dims[Dimensions.IcmpCode], IntervalSet.IcmpMax),
                IntervalSet.FromCore(dims[Dimensions.SrcPort], IntervalSet.PortMax));

        public bool Contains(Packet packet)
        {
            for (int d = 0; d < Dimensions.Count; d++)
            {
                if (!_dims[d].Contains(Dimensions.Value(packet, d)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether the two cubes share a packet: every dimension overlaps (the small ones are compared first).</summary>
        public bool Overlaps(HeaderCube other)
        {
            for (int k = 0; k < OverlapOrder.Length; k++)
            {
                int d = OverlapOrder[k];
                if (!_dims[d].Overlaps(other._dims[d]))
                {
                    return false;
                }
            }

            return true;
        }

        private static readonly int[] OverlapOrder =
        {
            Dimensions.Protocol, Dimensions.DstPort, Dimensions.SrcPort, Dimensions.IcmpType, Dimensions.IcmpCode, Dimensions.Src, Dimensions.Dst,
        };

        public HeaderCube Intersect(HeaderCube other) =>
            new HeaderCube(
                Src.Intersect(other.Src),
                Dst.Intersect(other.Dst),
                Protocols.Intersect(other.Protocols),
                DstPorts.Intersect(other.DstPorts),
                IcmpTypes.Intersect(other.IcmpTypes),
                IcmpCodes.Intersect(other.IcmpCodes),
                SrcPorts.Intersect(other.SrcPorts));

        /// <summary>This cube with other source ports.</summary>
        public HeaderCube WithSrcPorts(IntervalSet srcPorts) => new HeaderCube(Src, Dst, Protocols, DstPorts, IcmpTypes, IcmpCodes, srcPorts);

        public override string ToString() =>
            "{src " + Src + " dst " + Dst + " proto " + Protocols + " dport " + DstPorts
            + " icmp-type " + IcmpTypes + " icmp-code " + IcmpCodes + (SrcPorts.IsFull ? "" : " sport " + SrcPorts) + "}";

        public bool Equals(HeaderCube? other)
        {
            if (other is null)
            {
                return false;
            }

            for (int d = 0; d < Dimensions.Count; d++)
            {
                if (!_dims[d].Equals(other._dims[d]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as HeaderCube);

        public override int GetHashCode()
        {
            int h = 17;
            foreach (RangeSet d in _dims)
            {
                h = unchecked((h * 31) + d.GetHashCode());
            }

            return h;
        }

        private static IntervalSet RequireUniverse(IntervalSet set, ulong max, string name)
        {
            if (set is null)
            {
                throw new ArgumentNullException(name);
            }

            if (set.MaxValue != max)
            {
                throw new ArgumentException($"Expected a set over [0,{max}] but got one over [0,{set.MaxValue}].", name);
            }

            return set;
        }
    }
}
