using System.Runtime.CompilerServices;
namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// An immutable set of packets: a finite union of pairwise-disjoint <see cref="HeaderCube"/>s.
    /// </summary>
    /// <remarks>
    /// Internally an interval decision diagram over the six dimensions in a fixed order
    /// (src, dst, protocol, dport, icmp type, icmp code). Values of a dimension whose residual
    /// sets are equal share one branch, which makes the representation canonical: equal sets
    /// have identical diagrams, hence identical cube lists, equality is structural and cheap,
    /// and enumeration/ToString are deterministic. The cubes are the diagram's paths, so they
    /// are disjoint by construction and split along one dimension at a time.
    /// </remarks>
    public sealed class PacketSet : IEquatable<PacketSet>
    {
        public static readonly PacketSet Empty = new PacketSet(null);

        public static readonly PacketSet All = FromCube(HeaderCube.All);

        private const int ToStringCubeLimit = 64;

        private PacketSet(DiagramNode? root)
        {
            Root = root;
        }

        /// <summary>Null is the empty set; every non-null node is non-empty.</summary>
        internal DiagramNode? Root { get; }

        public bool IsEmpty => Root == null;

        public bool IsAll => Equals(All);

        /// <summary>Number of disjoint cubes in the canonical decomposition.</summary>
        public long CubeCount => Root?.PathCount ?? 0;

        public static PacketSet FromCube(HeaderCube cube)
        {
            if (cube == null)
            {
                throw new ArgumentNullException(nameof(cube));
            }

            if (cube.IsEmpty)
            {
                return Empty;
            }

            // A single cube is a chain; each level has one branch, so it is canonical as built. The deeper links of the chain
            // (protocol, ports, ICMP) repeat from cube to cube (an ACL's entries for one service): a link equal to one made
            // before on this thread is that node again, which saves memory and lets operations on the two meet by identity.
            DiagramNode node = DiagramNode.True;
            var recent = t_recentLinks ??= new DiagramNode?[RecentLinks];
            for (int d = Dimensions.Count - 1; d >= 0; d--)
            {
                RangeSet dimension = cube.Dimension(d);
                AddressRange[] segments = dimension.Items;
                int[] owners = DiagramNode.ZeroOwners(segments.Length);
                int layout = dimension.ZeroOwnersLayoutHash;
                if (d < SharedLinksFrom || segments.Length > 8)
                {
                    node = new DiagramNode(d, segments, owners, new[] { node }, layout);
                    continue;
                }

                int slot = (int)((uint)unchecked((layout * 31) + (d * 7919) + RuntimeHelpers.GetHashCode(node)) % RecentLinks);
                if (recent[slot] is { } known && known.Level == d && ReferenceEquals(known.Children[0], node) && known.LayoutHashCode == layout
                    && SameSegments(known.Segments, segments))
                {
                    node = known;
                    continue;
                }

                node = new DiagramNode(d, segments, owners, new[] { node }, layout);
                recent[slot] = node;
            }

            return new PacketSet(node);
        }

        // Links below the two address levels are shared (an address level's segments are many and seldom repeat).
        private const int SharedLinksFrom = 2;
        private const int RecentLinks = 1024;

        [ThreadStatic]
        private static DiagramNode?[]? t_recentLinks;

        private static bool SameSegments(AddressRange[] a, AddressRange[] b)
        {
            if (ReferenceEquals(a, b)) return true;
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
            {
                if (!a[i].Equals(b[i])) return false;
            }

            return true;
        }

        public static PacketSet FromCubes(IEnumerable<HeaderCube> cubes) => UnionAll(cubes.Select(FromCube));

        /// <summary>
        /// The set matched by a rule. A null argument means "any"; an empty (non-null) list or
        /// set matches nothing. Fields the protocol does not use should be left null.
        /// </summary>
        public static PacketSet FromMatch(
            IEnumerable<IpPrefix>? srcPrefixes,
            IEnumerable<IpPrefix>? dstPrefixes,
            IntervalSet? protocols,
            IntervalSet? ports,
            IntervalSet? icmpTypes,
            IntervalSet? icmpCodes) =>
            FromCube(new HeaderCube(
                srcPrefixes == null ? AddressRangeSet.All : AddressRangeSet.FromPrefixes(srcPrefixes),
                dstPrefixes == null ? AddressRangeSet.All : AddressRangeSet.FromPrefixes(dstPrefixes),
                protocols ?? IntervalSet.Full(IntervalSet.ProtocolMax),
                ports ?? IntervalSet.Full(IntervalSet.PortMax),
                icmpTypes ?? IntervalSet.Full(IntervalSet.IcmpMax),
                icmpCodes ?? IntervalSet.Full(IntervalSet.IcmpMax)));

        /// <summary>
        /// Union of many sets, combined pairwise in a balanced tree: folding left would rebuild
        /// an ever-growing diagram once per input, which is quadratic for thousands of rules.
        /// </summary>
        public static PacketSet UnionAll(IEnumerable<PacketSet> sets)
        {
            var layer = sets.Where(s => !s.IsEmpty).ToList();
            if (layer.Count == 0)
            {
                return Empty;
            }

            if (layer.Count > 2)
            {
                // Sets whose top level is laid out the same way (rules over one zone's addresses) are united first: they
                // combine branch by branch, at the cost of their branches rather than of their segments, and their union
                // keeps that layout. Only then are the groups' unions combined. The result is canonical whatever the order.
                var groups = new Dictionary<int, List<PacketSet>>();
                var order = new List<List<PacketSet>>();
                foreach (var set in layer)
                {
                    int layout = set.Root!.LayoutHashCode;
                    if (!groups.TryGetValue(layout, out var group))
                    {
                        groups.Add(layout, group = new List<PacketSet>());
                        order.Add(group);
                    }

                    group.Add(set);
                }

                if (order.Count > 1 && order.Count < layer.Count)
                {
                    var united = new List<PacketSet>(order.Count);
                    foreach (var group in order)
                    {
                        united.Add(group.Count == 1 ? group[0] : Balanced(group));
                    }

                    return Balanced(united);
                }
            }

            return Balanced(layer);
        }

        private static PacketSet Balanced(List<PacketSet> layer)
        {
            while (layer.Count > 1)
            {
                var next = new List<PacketSet>((layer.Count + 1) / 2);
                for (int i = 0; i + 1 < layer.Count; i += 2)
                {
                    next.Add(layer[i].Union(layer[i + 1]));
                }

                if (layer.Count % 2 == 1)
                {
                    next.Add(layer[layer.Count - 1]);
                }

                layer = next;
            }

            return layer[0];
        }

        public PacketSet Union(PacketSet other) => Wrap(DiagramOps.Apply(DiagramOps.Op.Union, Root, Check(other).Root));

        public PacketSet Intersect(PacketSet other) => Wrap(DiagramOps.Apply(DiagramOps.Op.Intersect, Root, Check(other).Root));

        public PacketSet Except(PacketSet other) => Wrap(DiagramOps.Apply(DiagramOps.Op.Except, Root, Check(other).Root));

        public PacketSet Complement() => All.Except(this);

        /// <summary>Exact set equality. The canonical form makes this a structural comparison.</summary>
        public bool SetEquals(PacketSet other) => Equals(Check(other));

        public bool IsSubsetOf(PacketSet other) => DiagramOps.IsSubset(Root, Check(other).Root);

        public bool IsSupersetOf(PacketSet other) => Check(other).IsSubsetOf(this);

        public bool Overlaps(PacketSet other) => DiagramOps.Overlaps(Root, Check(other).Root);

        public bool Contains(Packet packet)
        {
            DiagramNode? node = Root;
            for (int d = 0; node != null && d < Dimensions.Count; d++)
            {
                int s = node.FindSegment(Dimensions.Value(packet, d));
                node = s < 0 ? null : node.ChildOfSegment(s);
            }

            return node != null;
        }

        /// <summary>
        /// A concrete member for counterexamples: an IPv4 source if the set has one (then an
        /// IPv4 destination if possible), tcp, udp or icmp if allowed, otherwise lowest values.
        /// </summary>
        public bool TryGetWitness(out Packet packet) => WitnessFinder.TryFind(Root, out packet);

        /// <summary>The disjoint cubes in canonical order (ascending by src, then dst, ...).</summary>
        public IEnumerable<HeaderCube> Cubes
        {
            get
            {
                if (Root == null)
                {
                    yield break;
                }

                var labels = new RangeSet[Dimensions.Count];
                var stack = new Stack<(DiagramNode Node, int Branch)>();
                stack.Push((Root, 0));
                while (stack.Count > 0)
                {
                    (DiagramNode node, int branch) = stack.Pop();
                    if (node.IsTerminal)
                    {
                        yield return HeaderCube.FromDimensions(labels);
                        continue;
                    }

                    if (branch >= node.Children.Length)
                    {
                        continue;
                    }

                    // Revisit this node for its next branch after the current subtree is done.
                    stack.Push((node, branch + 1));
                    labels[node.Level] = node.Label(branch);
                    stack.Push((node.Children[branch], 0));
                }
            }
        }

        public override string ToString()
        {
            if (Root == null)
            {
                return "none";
            }

            var sb = new StringBuilder();
            int shown = 0;
            foreach (HeaderCube cube in Cubes)
            {
                if (shown == ToStringCubeLimit)
                {
                    sb.Append(" | ... (").Append(CubeCount - shown).Append(" more)");
                    break;
                }

                if (shown++ > 0)
                {
                    sb.Append(" | ");
                }

                sb.Append(cube);
            }

            return sb.ToString();
        }

        public bool Equals(PacketSet? other) =>
            other is not null && (ReferenceEquals(Root, other.Root) || (Root != null && Root.Equals(other.Root)));

        public override bool Equals(object? obj) => Equals(obj as PacketSet);

        public override int GetHashCode() => Root?.GetHashCode() ?? 0;

        private static PacketSet Wrap(DiagramNode? root) => root == null ? Empty : new PacketSet(root);

        private static PacketSet Check(PacketSet other) => other ?? throw new ArgumentNullException(nameof(other));
    }
}
