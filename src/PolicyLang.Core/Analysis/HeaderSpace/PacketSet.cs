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

        /// <summary>
        /// The source addresses of the set's packets (its projection on the first dimension): the root's segments, every one of
        /// which leads to a non-empty branch. Empty for the empty set.
        /// </summary>
        internal AddressRangeSet SourceAddresses()
        {
            if (Root == null) return AddressRangeSet.Empty;
            if (Root.Level != Dimensions.Src) return AddressRangeSet.All;
            var segments = (AddressRange[])Root.Segments.Clone();
            return AddressRangeSet.FromCore(RangeSet.FromOwned(segments, segments.Length));
        }

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

            if (layer.Count >= MergeAlikeFrom)
            {
                layer = MergeAlike(layer);
                if (layer.Count == 1)
                {
                    return layer[0];
                }
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

        /// <summary>
        /// The packets of <paramref name="v4Services"/> between the IPv4 addresses of <paramref name="sources"/> and
        /// <paramref name="destinations"/>, and of <paramref name="v6Services"/> between their other addresses: the services'
        /// sets are over every source and destination (two whole address levels, as <see cref="FromCube"/> makes them of a
        /// cube with any addresses), and only their levels below the addresses are taken. The same diagram as the union of
        /// each family's cubes, but its address levels are built directly: they take their segments from the sets' own arrays
        /// and from a split by family kept per set, so a flow with the internet zone on one side (thousands of ranges) costs
        /// three nodes, not an operation over those ranges and copies of them.
        /// </summary>
        internal static PacketSet BetweenFamilies(AddressRangeSet sources, AddressRangeSet destinations, PacketSet v4Services, PacketSet v6Services)
        {
            var src = FamilySplit.Of(sources.Core);
            var dst = FamilySplit.Of(destinations.Core);
            var v4 = DestinationLevel(src.V4, dst.V4, v4Services);
            var v6 = DestinationLevel(src.V6, dst.V6, v6Services);
            if (v4 == null)
            {
                return v6 == null ? Empty : new PacketSet(OneBranch(Dimensions.Src, src.V6, new[] { v6 }));
            }

            if (v6 == null)
            {
                return new PacketSet(OneBranch(Dimensions.Src, src.V4, new[] { v4 }));
            }

            // Both families: one source level over both families' ranges, each family's own branch (numbered by the lowest range).
            var children = src.V4First ? new[] { v4, v6 } : new[] { v6, v4 };
            return new PacketSet(new DiagramNode(Dimensions.Src, src.Both!, src.Owners!, children, src.LayoutHash));
        }

        /// <summary>A destination level over <paramref name="dst"/> above the services' levels; null when either address side or
        /// the services are empty.</summary>
        private static DiagramNode? DestinationLevel(RangeSet src, RangeSet dst, PacketSet services)
        {
            if (src.Items.Length == 0 || dst.Items.Length == 0 || services.IsEmpty)
            {
                return null;
            }

            var root = services.Root!;
            var second = root.Children.Length == 1 ? root.Children[0] : null;
            if (!WholeLevel(root) || second == null || second.Children.Length != 1 || !WholeLevel(second))
            {
                throw new ArgumentException("expected a set over every source and destination", nameof(services));
            }

            return OneBranch(Dimensions.Dst, dst, second.Children);
        }

        private static bool WholeLevel(DiagramNode node) =>
            node.Segments.Length == 1 && node.Segments[0].First == IpAddress128.Zero && node.Segments[0].Last == IpAddress128.MaxValue;

        /// <summary>An address set cut into its IPv4 and other ranges, and, where it has both, the source level of a set over both
        /// families: its ranges cut at the IPv4 block, each family's branch numbered by which comes first. Kept as long as the set is.</summary>
        private sealed class FamilySplit
        {
            private static readonly ConditionalWeakTable<RangeSet, FamilySplit> s_splits = new ConditionalWeakTable<RangeSet, FamilySplit>();
            public static FamilySplit Of(RangeSet set) => s_splits.GetValue(set, s => new FamilySplit(s));

            public readonly RangeSet V4;
            public readonly RangeSet V6;
            public readonly AddressRange[]? Both;
            public readonly int[]? Owners;
            public readonly bool V4First;
            public readonly int LayoutHash;

            private FamilySplit(RangeSet set)
            {
                V4 = set.Intersect(AddressRangeSet.AllIPv4.Core);
                V6 = set.Except(AddressRangeSet.AllIPv4.Core);
                if (V4.Items.Length == 0 || V6.Items.Length == 0)
                {
                    return;
                }

                var v4 = V4.Items;
                var v6 = V6.Items;
                V4First = v4[0].First < v6[0].First;
                Both = new AddressRange[v4.Length + v6.Length];
                Owners = new int[Both.Length];
                int i = 0, j = 0;
                for (int k = 0; k < Both.Length; k++)
                {
                    bool fromV4 = j == v6.Length || (i < v4.Length && v4[i].First < v6[j].First);
                    Both[k] = fromV4 ? v4[i++] : v6[j++];
                    Owners[k] = fromV4 == V4First ? 0 : 1;
                }

                LayoutHash = DiagramNode.LayoutHash(Both, Owners);
            }
        }

        /// <summary>Below this many operands, <see cref="MergeAlike"/> is not tried: its table would cost more than it saves.</summary>
        private const int MergeAlikeFrom = 8;

        /// <summary>
        /// Operands that differ in their first dimension only (one branch under the root, the same set below it: an ACL's
        /// entries from several sources to one destination and service) become one set over the union of their first
        /// dimensions; then operands with the same first dimension that differ in their second only (one branch on each of the
        /// two levels, the same set below) become one over the union of their second. A union is the same set however its
        /// operands are grouped, and the merged operands are canonical as built (one branch, its segments sorted and merged),
        /// so the result is the same diagram; but thousands of an ACL's entries are a few hundred operands before any
        /// operation on diagrams, whose cost is per operand. Operands that fit neither shape are kept as they are.
        /// </summary>
        internal static List<PacketSet> MergeAlike(List<PacketSet> layer)
        {
            layer = MergeLevel(layer, second: false);
            return layer.Count >= MergeAlikeFrom ? MergeLevel(layer, second: true) : layer;
        }

        private static List<PacketSet> MergeLevel(List<PacketSet> layer, bool second)
        {
            var index = new Dictionary<AlikeKey, int>();
            var groups = new List<List<DiagramNode>>();
            // Per operand of the result, in the order of the first of its members: a group's number, or ~i for operand i kept.
            var order = new List<int>(layer.Count);
            for (int i = 0; i < layer.Count; i++)
            {
                var root = layer[i].Root!;
                if (root.Children.Length != 1 || (second && root.Children[0].Children.Length != 1))
                {
                    order.Add(~i);
                    continue;
                }

                var key = second ? new AlikeKey(root, root.Children[0].Children[0]) : new AlikeKey(null, root.Children[0]);
                if (!index.TryGetValue(key, out int g))
                {
                    index.Add(key, g = groups.Count);
                    groups.Add(new List<DiagramNode>(1));
                    order.Add(g);
                }

                groups[g].Add(root);
            }

            if (order.Count == layer.Count)
            {
                return layer;
            }

            var merged = new List<PacketSet>(order.Count);
            foreach (int o in order)
            {
                if (o < 0)
                {
                    merged.Add(layer[~o]);
                    continue;
                }

                var roots = groups[o];
                merged.Add(new PacketSet(roots.Count == 1 ? roots[0] : second ? MergeSecond(roots) : MergeFirst(roots)));
            }

            return merged;
        }

        /// <summary>One-branch roots over the same set below: one root over all their segments.</summary>
        private static DiagramNode MergeFirst(List<DiagramNode> roots)
        {
            var first = roots[0];
            return OneBranch(first.Level, SegmentsOf(roots, second: false), first.Children);
        }

        /// <summary>Roots of the same segments, each with one branch of one branch over the same set below: one root over a
        /// second level of all their second levels' segments.</summary>
        private static DiagramNode MergeSecond(List<DiagramNode> roots)
        {
            var first = roots[0];
            var below = first.Children[0];
            var level = OneBranch(below.Level, SegmentsOf(roots, second: true), below.Children);
            return new DiagramNode(first.Level, first.Segments, first.Owners, new[] { level }, first.LayoutHashCode);
        }

        /// <summary>A node of one branch (<paramref name="children"/>, an array of one, shared) over <paramref name="segments"/>.</summary>
        private static DiagramNode OneBranch(int level, RangeSet segments, DiagramNode[] children) =>
            new DiagramNode(level, segments.Items, DiagramNode.ZeroOwners(segments.Items.Length), children, segments.ZeroOwnersLayoutHash);

        private static RangeSet SegmentsOf(List<DiagramNode> roots, bool second)
        {
            int total = 0;
            foreach (var r in roots)
            {
                total += (second ? r.Children[0] : r).Segments.Length;
            }

            var items = new AddressRange[total];
            int at = 0;
            foreach (var r in roots)
            {
                var segments = (second ? r.Children[0] : r).Segments;
                Array.Copy(segments, 0, items, at, segments.Length);
                at += segments.Length;
            }

            return RangeSet.FromOwned(items, total);
        }

        /// <summary>What operands must share to be merged: the set below the level merged and, for the second level, the root's layout.</summary>
        private readonly struct AlikeKey : IEquatable<AlikeKey>
        {
            private readonly DiagramNode? _root;
            private readonly DiagramNode _below;

            public AlikeKey(DiagramNode? root, DiagramNode below)
            {
                _root = root;
                _below = below;
            }

            public bool Equals(AlikeKey other) =>
                _below.Equals(other._below) && (_root == null ? other._root == null : other._root != null && _root.SameLayout(other._root));

            public override bool Equals(object? obj) => obj is AlikeKey other && Equals(other);

            public override int GetHashCode() => unchecked((_below.GetHashCode() * 31) + (_root?.LayoutHashCode ?? 0));
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
