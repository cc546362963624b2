using System.Runtime.CompilerServices;

namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// Binary operations on canonical diagrams. One instance per top-level call: it memoizes
    /// sub-results by operand identity (shared sub-diagrams are visited once) and interns
    /// the nodes it creates, so structurally equal results become the same object and later
    /// equality checks short-circuit on reference equality.
    /// </summary>
    internal sealed class DiagramOps
    {
        internal enum Op
        {
            Union,
            Intersect,
            Except,
        }

        private Op _op;
        private readonly Dictionary<NodePair, DiagramNode?> _memo = new Dictionary<NodePair, DiagramNode?>();
        private readonly Dictionary<DiagramNode, DiagramNode> _intern = new Dictionary<DiagramNode, DiagramNode>();
        private readonly NodeBuilder?[] _builders = new NodeBuilder?[Dimensions.Count + 1];

        private DiagramOps(Op op)
        {
            _op = op;
        }

        /// <summary>An instance kept per thread between operations: its tables and builders are emptied, not reallocated (a
        /// check of a large policy performs millions of small operations).</summary>
        [ThreadStatic]
        private static DiagramOps? t_spare;

        /// <summary>Tables that grew past this many entries are not kept: clearing them would cost more than a small operation.</summary>
        private const int KeepLimit = 4096;

        public static DiagramNode? Apply(Op op, DiagramNode? a, DiagramNode? b)
        {
            var ops = t_spare ?? new DiagramOps(op);
            t_spare = null;
            ops._op = op;
            try
            {
                return ops.Run(a, b);
            }
            finally
            {
                if (ops._memo.Count <= KeepLimit && ops._intern.Count <= KeepLimit)
                {
                    ops._memo.Clear();
                    ops._intern.Clear();
                    t_spare = ops;
                }
            }
        }

        private DiagramNode? Run(DiagramNode? a, DiagramNode? b)
        {
            switch (_op)
            {
                case Op.Union:
                    if (a == null || Same(a, b))
                    {
                        return b;
                    }

                    if (b == null)
                    {
                        return a;
                    }

                    break;
                case Op.Intersect:
                    if (a == null || b == null)
                    {
                        return null;
                    }

                    if (Same(a, b))
                    {
                        return a;
                    }

                    break;
                default:
                    if (a == null || Same(a, b))
                    {
                        return null;
                    }

                    if (b == null)
                    {
                        return a;
                    }

                    break;
            }

            // Both non-null and different; they cannot both be the terminal, which is unique.
            var key = new NodePair(a, b);
            if (_memo.TryGetValue(key, out DiagramNode? cached))
            {
                return cached;
            }

            // Operands that partition the level the same way (common: rules over one zone's address set) are combined branch
            // by branch, at the cost of their branches rather than of their segments.
            if (a.SameLayout(b) && BranchByBranch(a, b) is { } same)
            {
                _memo[key] = same;
                return same;
            }

            // Children lie at deeper levels than their node, so one builder per level is never in use twice at once (should a
            // level's be busy all the same, a fresh one serves).
            var builder = _builders[a.Level];
            if (builder == null || builder.InUse) _builders[a.Level] = builder = new NodeBuilder(a.Level);
            else builder.Reset(a.Level);
            builder.InUse = true;
            var sweep = new SegmentSweep(a, b, needA: _op != Op.Union, needB: _op == Op.Intersect);
            while (sweep.MoveNext())
            {
                DiagramNode? childA = sweep.SegmentA >= 0 ? a.ChildOfSegment(sweep.SegmentA) : null;
                DiagramNode? childB = sweep.SegmentB >= 0 ? b.ChildOfSegment(sweep.SegmentB) : null;
                DiagramNode? child = Run(childA, childB);
                if (child != null)
                {
                    builder.Add(sweep.First, sweep.Last, child);
                }
            }

            // A result that is an operand (a union with a subset, an intersection with a superset) keeps the operand: no new
            // node, and identity for later checks.
            DiagramNode? result = builder.Is(a) ? a : builder.Is(b) ? b : Intern(builder.Build(a, b));
            builder.InUse = false;
            _memo[key] = result;
            return result;
        }

        /// <summary>
        /// The result on operands with the same layout, when it keeps that layout: every branch's result is non-empty and the
        /// results are pairwise distinct (then no segment drops out and no two branches merge, so the node is canonical with
        /// the operands' segments and owners, shared). Null when it does not: the general sweep decides then, and the branch
        /// results computed here are memoized for it.
        /// </summary>
        private DiagramNode? BranchByBranch(DiagramNode a, DiagramNode b)
        {
            int n = a.Children.Length;
            var children = new DiagramNode[n];
            for (int k = 0; k < n; k++)
            {
                var child = Run(a.Children[k], b.Children[k]);
                if (child == null)
                {
                    return null;
                }

                children[k] = child;
            }

            if (n > 1)
            {
                if (n <= 8)
                {
                    for (int i = 0; i < n; i++)
                    {
                        for (int j = i + 1; j < n; j++)
                        {
                            if (Same(children[i], children[j]))
                            {
                                return null;
                            }
                        }
                    }
                }
                else
                {
                    var distinct = new HashSet<DiagramNode>();
                    foreach (var c in children)
                    {
                        if (!distinct.Add(c))
                        {
                            return null;
                        }
                    }
                }
            }

            // The result equals an operand when its children do: keep the operand (no new node, and identity for later checks).
            if (ChildrenAre(children, a.Children)) return a;
            if (ChildrenAre(children, b.Children)) return b;
            return Intern(new DiagramNode(a.Level, a.Segments, a.Owners, children, a.LayoutHashCode));
        }

        private static bool ChildrenAre(DiagramNode[] children, DiagramNode[] of)
        {
            for (int k = 0; k < children.Length; k++)
            {
                if (!ReferenceEquals(children[k], of[k]))
                {
                    return false;
                }
            }

            return true;
        }

        private DiagramNode? Intern(DiagramNode? node)
        {
            if (node == null)
            {
                return null;
            }

            if (_intern.TryGetValue(node, out DiagramNode? existing))
            {
                return existing;
            }

            _intern.Add(node, node);
            return node;
        }

        /// <summary>Equal operands make every operation trivial; the hash check keeps this cheap.</summary>
        private static bool Same(DiagramNode? a, DiagramNode? b) =>
            ReferenceEquals(a, b) || (a != null && b != null && a.GetHashCode() == b.GetHashCode() && a.Equals(b));

        /// <summary>True when every packet of <paramref name="a"/> is in <paramref name="b"/>; builds nothing.</summary>
        public static bool IsSubset(DiagramNode? a, DiagramNode? b)
        {
            var seen = TakeSet();
            try { return IsSubset(a, b, seen); }
            finally { ReturnSet(seen); }
        }

        [ThreadStatic]
        private static HashSet<NodePair>? t_spareSet;

        private static HashSet<NodePair> TakeSet()
        {
            var set = t_spareSet ?? new HashSet<NodePair>();
            t_spareSet = null;
            return set;
        }

        private static void ReturnSet(HashSet<NodePair> set)
        {
            if (set.Count > KeepLimit) return;
            set.Clear();
            t_spareSet = set;
        }

        private static bool IsSubset(DiagramNode? a, DiagramNode? b, HashSet<NodePair> proven)
        {
            if (a == null || ReferenceEquals(a, b))
            {
                return true;
            }

            if (b == null)
            {
                return false;
            }

            var key = new NodePair(a, b);
            if (a.IsTerminal || proven.Contains(key))
            {
                return true;
            }

            if (a.SameLayout(b))
            {
                // Branch by branch: the segments are the same on both sides.
                for (int k = 0; k < a.Children.Length; k++)
                {
                    if (!IsSubset(a.Children[k], b.Children[k], proven))
                    {
                        return false;
                    }
                }

                proven.Add(key);
                return true;
            }

            var sweep = new SegmentSweep(a, b, needA: true, needB: false);
            while (sweep.MoveNext())
            {
                if (sweep.SegmentB < 0 || !IsSubset(a.ChildOfSegment(sweep.SegmentA), b.ChildOfSegment(sweep.SegmentB), proven))
                {
                    return false;
                }
            }

            proven.Add(key);
            return true;
        }

        /// <summary>True when the sets share a packet; builds nothing.</summary>
        public static bool Overlaps(DiagramNode? a, DiagramNode? b)
        {
            var seen = TakeSet();
            try { return Overlaps(a, b, seen); }
            finally { ReturnSet(seen); }
        }

        private static bool Overlaps(DiagramNode? a, DiagramNode? b, HashSet<NodePair> disjoint)
        {
            if (a == null || b == null)
            {
                return false;
            }

            var key = new NodePair(a, b);
            if (ReferenceEquals(a, b) || a.IsTerminal)
            {
                return true;
            }

            if (disjoint.Contains(key))
            {
                return false;
            }

            if (a.SameLayout(b))
            {
                for (int k = 0; k < a.Children.Length; k++)
                {
                    if (Overlaps(a.Children[k], b.Children[k], disjoint))
                    {
                        return true;
                    }
                }

                disjoint.Add(key);
                return false;
            }

            var sweep = new SegmentSweep(a, b, needA: true, needB: true);
            while (sweep.MoveNext())
            {
                if (Overlaps(a.ChildOfSegment(sweep.SegmentA), b.ChildOfSegment(sweep.SegmentB), disjoint))
                {
                    return true;
                }
            }

            disjoint.Add(key);
            return false;
        }

        /// <summary>Operand pair compared by identity: memo keys must be cheap to hash.</summary>
        private readonly struct NodePair : System.IEquatable<NodePair>
        {
            private readonly DiagramNode _a;
            private readonly DiagramNode _b;

            public NodePair(DiagramNode a, DiagramNode b)
            {
                _a = a;
                _b = b;
            }

            public bool Equals(NodePair other) => ReferenceEquals(_a, other._a) && ReferenceEquals(_b, other._b);

            public override bool Equals(object? obj) => obj is NodePair other && Equals(other);

            public override int GetHashCode() =>
                unchecked((RuntimeHelpers.GetHashCode(_a) * 397) ^ RuntimeHelpers.GetHashCode(_b));
        }
    }
}
