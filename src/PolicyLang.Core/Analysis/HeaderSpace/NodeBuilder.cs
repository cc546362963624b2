namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// Collects ascending (range, child) pieces for one level and emits a canonical node:
    /// equal children share a branch and adjacent pieces of one branch are coalesced. This is
    /// the only place nodes are assembled from operation results, so canonicity lives here.
    /// </summary>
    internal sealed class NodeBuilder
    {
        // Below this many branches a linear scan beats hashing the candidate child.
        private const int LinearScanLimit = 8;

        private int _level;
        private readonly List<AddressRange> _segments = new List<AddressRange>();
        private readonly List<int> _owners = new List<int>();
        private readonly List<DiagramNode> _children = new List<DiagramNode>();
        private Dictionary<DiagramNode, int>? _index;
        private bool _indexed;

        /// <summary>Set while a node is being assembled in this builder.</summary>
        public bool InUse { get; set; }

        public NodeBuilder(int level)
        {
            _level = level;
        }

        /// <summary>Empties the builder for another node of <paramref name="level"/>, keeping its storage (one builder per level
        /// serves a whole operation: a node's children are built, one after another, before the node itself).</summary>
        public void Reset(int level)
        {
            _level = level;
            _segments.Clear();
            _owners.Clear();
            _children.Clear();
            if (_indexed)
            {
                _index!.Clear();
                _indexed = false;
            }
        }

        /// <summary>Adds a piece; pieces must arrive in ascending, non-overlapping order.</summary>
        public void Add(IpAddress128 first, IpAddress128 last, DiagramNode child)
        {
            int owner = OwnerOf(child);
            int n = _segments.Count;
            if (n > 0 && _owners[n - 1] == owner)
            {
                AddressRange prev = _segments[n - 1];
                if (prev.Last != IpAddress128.MaxValue && prev.Last.Increment() == first)
                {
                    _segments[n - 1] = new AddressRange(prev.First, last);
                    return;
                }
            }

            _segments.Add(new AddressRange(first, last));
            _owners.Add(owner);
        }

        /// <summary>
        /// Whether the node being assembled is <paramref name="node"/>: the same segments and owners, and the same children (by
        /// identity), so that what <see cref="Build"/> returns would equal it. The caller then keeps that node instead.
        /// </summary>
        public bool Is(DiagramNode? node)
        {
            int n = _segments.Count;
            if (node == null || node.Level != _level || node.Segments.Length != n || node.Children.Length != _children.Count)
            {
                return false;
            }

            AddressRange[] segments = node.Segments;
            int[] owners = node.Owners;
            DiagramNode[] children = node.Children;
            for (int k = 0; k < children.Length; k++)
            {
                if (!ReferenceEquals(children[k], _children[k]))
                {
                    return false;
                }
            }

            for (int s = 0; s < n; s++)
            {
                if (owners[s] != _owners[s] || !segments[s].Equals(_segments[s]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The canonical node, or null when nothing was added (the empty set).</summary>
        public DiagramNode? Build() =>
            _segments.Count == 0 ? null : new DiagramNode(_level, _segments.ToArray(), _children.Count == 1 ? DiagramNode.ZeroOwners(_segments.Count) : _owners.ToArray(), _children.ToArray());

        /// <summary>
        /// The canonical node, or null when nothing was added, sharing the segments (and owners) of an operand of the same level
        /// where they are equal: an operation often keeps an operand's partition of the level and changes only the branches below
        /// (the arrays are never written once in a node), so the result costs its children, not a copy of the segments.
        /// </summary>
        public DiagramNode? Build(DiagramNode a, DiagramNode? b)
        {
            int n = _segments.Count;
            if (n == 0)
            {
                return null;
            }

            DiagramNode? like = SameSegments(a) ? a : b != null && SameSegments(b) ? b : null;
            if (like == null)
            {
                return Build();
            }

            var children = _children.ToArray();
            if (SameOwners(like.Owners))
            {
                return new DiagramNode(_level, like.Segments, like.Owners, children, like.LayoutHashCode);
            }

            return new DiagramNode(_level, like.Segments, children.Length == 1 ? DiagramNode.ZeroOwners(n) : _owners.ToArray(), children);
        }

        private bool SameSegments(DiagramNode node)
        {
            AddressRange[] segments = node.Segments;
            if (node.Level != _level || segments.Length != _segments.Count)
            {
                return false;
            }

            for (int s = 0; s < segments.Length; s++)
            {
                if (!segments[s].Equals(_segments[s]))
                {
                    return false;
                }
            }

            return true;
        }

        private bool SameOwners(int[] owners)
        {
            for (int s = 0; s < owners.Length; s++)
            {
                if (owners[s] != _owners[s])
                {
                    return false;
                }
            }

            return true;
        }

        private int OwnerOf(DiagramNode child)
        {
            if (_indexed)
            {
                if (!_index!.TryGetValue(child, out int found))
                {
                    found = _children.Count;
                    _children.Add(child);
                    _index.Add(child, found);
                }

                return found;
            }

            for (int k = 0; k < _children.Count; k++)
            {
                if (_children[k].Equals(child))
                {
                    return k;
                }
            }

            _children.Add(child);
            if (_children.Count > LinearScanLimit)
            {
                _index ??= new Dictionary<DiagramNode, int>(_children.Count * 2);
                for (int k = 0; k < _children.Count; k++)
                {
                    _index.Add(_children[k], k);
                }

                _indexed = true;
            }

            return _children.Count - 1;
        }
    }
}
