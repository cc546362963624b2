namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// One level of an interval decision diagram: a partition of the values of dimension
    /// <see cref="Level"/> into branches, each leading to the (non-empty) set of the remaining
    /// dimensions. Canonical invariants, which make structural equality coincide with set
    /// equality:
    /// <list type="bullet">
    /// <item>segments are sorted, disjoint, and two adjacent segments never share a branch;</item>
    /// <item>children are pairwise structurally distinct (values with equal residual sets are
    /// grouped into one branch, whose label may be a union of several segments);</item>
    /// <item>branches are numbered by first appearance, i.e. ordered by their lowest value;</item>
    /// <item>no branch leads to the empty set (empty is represented by null).</item>
    /// </list>
    /// </summary>
    internal sealed class DiagramNode : IEquatable<DiagramNode>
    {
        /// <summary>The terminal "every remaining dimension is satisfied" node.</summary>
        public static readonly DiagramNode True = new DiagramNode(Dimensions.Count, Array.Empty<AddressRange>(), Array.Empty<int>(), Array.Empty<DiagramNode>());

        private readonly int _hash;
        private RangeSet[]? _labels;
        private long _pathCount = -1;

        /// <summary>Callers (the builder and the cube constructor) guarantee the canonical invariants.</summary>
        public DiagramNode(int level, AddressRange[] segments, int[] owners, DiagramNode[] children)
            : this(level, segments, owners, children, LayoutHash(segments, owners))
        {
        }

        /// <summary>
        /// A node with the segments and owners of another (the same arrays, shared, never written), whose hash of them is
        /// <paramref name="layoutHash"/>: building it costs its children, not its segments.
        /// </summary>
        public DiagramNode(int level, AddressRange[] segments, int[] owners, DiagramNode[] children, int layoutHash)
        {
            Level = level;
            Segments = segments;
            Owners = owners;
            Children = children;
            LayoutHashCode = layoutHash;
            int h = unchecked((level * 7919) + layoutHash);
            foreach (DiagramNode child in children)
            {
                h = unchecked((h * 31) + child._hash);
            }

            _hash = h;
        }

        internal static int LayoutHash(AddressRange[] segments, int[] owners)
        {
            int h = segments.Length;
            for (int i = 0; i < segments.Length; i++)
            {
                h = unchecked((h * 31) + segments[i].GetHashCode());
                h = unchecked((h * 31) + owners[i]);
            }

            return h;
        }

        /// <summary>The hash of the segments and owners alone: equal for nodes with the same layout.</summary>
        public int LayoutHashCode { get; }

        /// <summary>Whether two nodes partition their level the same way into the same numbered branches (their children aside).</summary>
        public bool SameLayout(DiagramNode other)
        {
            if (ReferenceEquals(Segments, other.Segments) && ReferenceEquals(Owners, other.Owners))
            {
                return true;
            }

            if (LayoutHashCode != other.LayoutHashCode || Segments.Length != other.Segments.Length || Children.Length != other.Children.Length)
            {
                return false;
            }

            if (!ReferenceEquals(Owners, other.Owners))
            {
                for (int i = 0; i < Owners.Length; i++)
                {
                    if (Owners[i] != other.Owners[i])
                    {
                        return false;
                    }
                }
            }

            if (!ReferenceEquals(Segments, other.Segments))
            {
                for (int i = 0; i < Segments.Length; i++)
                {
                    if (!Segments[i].Equals(other.Segments[i]))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>The owners of a one-branch node: all zero. Shared (never written), so that nodes of cubes over the same ranges
        /// have the same layout by reference and operations on them skip comparing it.</summary>
        internal static int[] ZeroOwners(int length)
        {
            if (length >= ZeroOwnerArrays.Shared.Length)
            {
                return new int[length];
            }

            // A race creates two equal arrays, one of which is kept: sharing only saves comparisons, it is not relied on.
            return ZeroOwnerArrays.Shared[length] ??= new int[length];
        }

        /// <summary>In a class of its own: static fields are initialized in order, and <see cref="True"/> is built first. Lengths up
        /// to 1,024 only (at most 2 MB), so that nodes of every size cannot fill memory with arrays of zeros.</summary>
        private static class ZeroOwnerArrays
        {
            public static readonly int[]?[] Shared = new int[1024][];
        }

        public int Level { get; }

        public AddressRange[] Segments { get; }

        public int[] Owners { get; }

        public DiagramNode[] Children { get; }

        public bool IsTerminal => Level == Dimensions.Count;

        public DiagramNode ChildOfSegment(int segment) => Children[Owners[segment]];

        /// <summary>The value set of each branch; built lazily because only enumeration needs it.</summary>
        public RangeSet Label(int branch)
        {
            RangeSet[]? labels = _labels;
            if (labels == null && Children.Length == 1)
            {
                // One branch owns every segment: its label is the segments themselves (arrays of a node are never written).
                _labels = labels = new[] { RangeSet.FromNormalized(Segments) };
            }

            if (labels == null)
            {
                // Each branch's segments, counted first so that each label is one array of its exact size.
                var counts = new int[Children.Length];
                for (int s = 0; s < Segments.Length; s++)
                {
                    counts[Owners[s]]++;
                }

                var arrays = new AddressRange[Children.Length][];
                for (int b = 0; b < arrays.Length; b++)
                {
                    arrays[b] = new AddressRange[counts[b]];
                    counts[b] = 0;
                }

                for (int s = 0; s < Segments.Length; s++)
                {
                    int b = Owners[s];
                    arrays[b][counts[b]++] = Segments[s];
                }

                labels = new RangeSet[Children.Length];
                for (int b = 0; b < labels.Length; b++)
                {
                    // Segments of one branch are never adjacent, so the array is already normalized.
                    labels[b] = RangeSet.FromNormalized(arrays[b]);
                }

                _labels = labels;
            }

            return labels[branch];
        }

        /// <summary>Number of cubes (root-to-terminal paths), saturating instead of overflowing.</summary>
        public long PathCount
        {
            get
            {
                if (_pathCount < 0)
                {
                    long n = IsTerminal ? 1 : 0;
                    foreach (DiagramNode child in Children)
                    {
                        long c = child.PathCount;
                        n = n > long.MaxValue - c ? long.MaxValue : n + c;
                    }

                    _pathCount = n;
                }

                return _pathCount;
            }
        }

        /// <summary>Index of the segment containing <paramref name="value"/>, or -1.</summary>
        public int FindSegment(IpAddress128 value)
        {
            int lo = 0;
            int hi = Segments.Length - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (value < Segments[mid].First)
                {
                    hi = mid - 1;
                }
                else if (value > Segments[mid].Last)
                {
                    lo = mid + 1;
                }
                else
                {
                    return mid;
                }
            }

            return -1;
        }

        /// <summary>First segment index at or after <paramref name="from"/> whose end is at or after <paramref name="pos"/>.</summary>
        public static int Seek(AddressRange[] segments, int from, IpAddress128 pos)
        {
            // Galloping search: sweeps mostly move a little, but a narrow operand against a wide
            // node must jump far without touching every segment in between.
            int step = 1;
            int lo = from;
            int hi = from;
            while (hi < segments.Length && segments[hi].Last < pos)
            {
                lo = hi + 1;
                hi += step;
                step <<= 1;
            }

            if (hi > segments.Length)
            {
                hi = segments.Length;
            }

            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (segments[mid].Last < pos)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        public bool Equals(DiagramNode? other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (other is null || other._hash != _hash || other.Level != Level || !SameLayout(other))
            {
                return false;
            }

            for (int i = 0; i < Children.Length; i++)
            {
                if (!Children[i].Equals(other.Children[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as DiagramNode);

        public override int GetHashCode() => _hash;
    }
}
