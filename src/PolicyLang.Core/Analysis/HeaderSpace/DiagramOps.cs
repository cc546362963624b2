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

        private readonly Op _op;
        private readonly Dictionary<NodePair, DiagramNode?> _memo = new Dictionary<NodePair, DiagramNode?>();
        private readonly Dictionary<DiagramNode, DiagramNode> _intern = new Dictionary<DiagramNode, DiagramNode>();

        private DiagramOps(Op op)
        {
            _op = op;
        }

        public static DiagramNode? Apply(Op op, DiagramNode? a, DiagramNode? b) => new DiagramOps(op).Run(a, b);

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

            var builder = new NodeBuilder(a.Level);
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

            DiagramNode? result = Intern(builder.Build());
            _memo[key] = result;
            return result;
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
        public static bool IsSubset(DiagramNode? a, DiagramNode? b) => IsSubset(a, b, new HashSet<NodePair>());

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
        public static bool Overlaps(DiagramNode? a, DiagramNode? b) => Overlaps(a, b, new HashSet<NodePair>());

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
