namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// Picks one concrete member of a non-empty diagram, biased towards what a person would
    /// find readable in a counterexample: an IPv4 source when there is one, a destination of
    /// the same family, a well-known protocol, and otherwise the lowest values in canonical
    /// order. Every choice stays inside a live branch, so the packet is always a member.
    /// </summary>
    internal static class WitnessFinder
    {
        public static bool TryFind(DiagramNode? root, out Packet packet)
        {
            packet = default;
            if (root == null)
            {
                return false;
            }

            DiagramNode node = root;
            IpAddress128 src = PickAddress(ref node, preferIPv4: true);
            bool v4 = src.IsIPv4Mapped;
            IpAddress128 dst = PickAddress(ref node, preferIPv4: v4);

            ulong protocol = PickPreferred(ref node, Packet.Tcp, Packet.Udp, v4 ? Packet.Icmp : Packet.IcmpV6);
            ulong port = PickLowest(ref node);
            ulong icmpType = PickLowest(ref node);
            ulong icmpCode = PickLowest(ref node);
            // A client's port where the set allows it, so a witness reads like a flow and names a source port only
            // where the set constrains it.
            ulong srcPort = PickPreferred(ref node, Packet.EphemeralPort);
            packet = new Packet(src, dst, (byte)protocol, (ushort)port, (byte)icmpType, (byte)icmpCode, (ushort)srcPort);
            return true;
        }

        private static IpAddress128 PickAddress(ref DiagramNode node, bool preferIPv4)
        {
            if (preferIPv4)
            {
                if (TryPickIn(ref node, IpAddress128.IPv4First, IpAddress128.IPv4Last, out IpAddress128 v4))
                {
                    return v4;
                }
            }
            else
            {
                // Same family as an IPv6 source: below or above the mapped block.
                if (TryPickIn(ref node, IpAddress128.Zero, IpAddress128.IPv4First.Decrement(), out IpAddress128 low)
                    || TryPickIn(ref node, IpAddress128.IPv4Last.Increment(), IpAddress128.MaxValue, out low))
                {
                    return low;
                }
            }

            IpAddress128 lowest = node.Segments[0].First;
            node = node.ChildOfSegment(0);
            return lowest;
        }

        /// <summary>Lowest value of the node inside [lo, hi], descending into its branch.</summary>
        private static bool TryPickIn(ref DiagramNode node, IpAddress128 lo, IpAddress128 hi, out IpAddress128 value)
        {
            int s = DiagramNode.Seek(node.Segments, 0, lo);
            if (s < node.Segments.Length && node.Segments[s].First <= hi)
            {
                AddressRange seg = node.Segments[s];
                value = seg.First > lo ? seg.First : lo;
                node = node.ChildOfSegment(s);
                return true;
            }

            value = default;
            return false;
        }

        private static ulong PickPreferred(ref DiagramNode node, params ulong[] preferred)
        {
            foreach (ulong candidate in preferred)
            {
                int s = node.FindSegment(IpAddress128.FromUInt64(candidate));
                if (s >= 0)
                {
                    node = node.ChildOfSegment(s);
                    return candidate;
                }
            }

            return PickLowest(ref node);
        }

        private static ulong PickLowest(ref DiagramNode node)
        {
            ulong value = node.Segments[0].First.Low;
            node = node.ChildOfSegment(0);
            return value;
        }
    }
}
