namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// Walks two nodes' segment lists together and yields the elementary pieces on which both
    /// sides are constant. A mutable struct so callers can recurse while iterating without
    /// allocating. Pieces where a required side is absent are skipped by galloping, which is
    /// what makes "small set against a huge set" cost proportional to the small one.
    /// </summary>
    internal struct SegmentSweep
    {
        private readonly AddressRange[] _a;
        private readonly AddressRange[] _b;
        private readonly bool _needA;
        private readonly bool _needB;
        private int _i;
        private int _j;
        private IpAddress128 _pos;
        private bool _done;

        public SegmentSweep(DiagramNode a, DiagramNode b, bool needA, bool needB)
        {
            _a = a.Segments;
            _b = b.Segments;
            _needA = needA;
            _needB = needB;
            _i = 0;
            _j = 0;
            _pos = IpAddress128.Zero;
            _done = false;
            First = default;
            Last = default;
            SegmentA = -1;
            SegmentB = -1;
        }

        public IpAddress128 First { get; private set; }

        public IpAddress128 Last { get; private set; }

        /// <summary>Segment index in the first node covering the piece, or -1.</summary>
        public int SegmentA { get; private set; }

        /// <summary>Segment index in the second node covering the piece, or -1.</summary>
        public int SegmentB { get; private set; }

        public bool MoveNext()
        {
            // Invariant at the top: every segment at or after _i/_j ends at or after _pos.
            while (!_done)
            {
                bool hasA = _i < _a.Length;
                bool hasB = _j < _b.Length;
                bool inA = hasA && _a[_i].First <= _pos;
                bool inB = hasB && _b[_j].First <= _pos;

                if ((_needA && !inA) || (_needB && !inB) || (!inA && !inB))
                {
                    if ((_needA && !hasA) || (_needB && !hasB) || (!hasA && !hasB))
                    {
                        _done = true;
                        return false;
                    }

                    // Jump to the next place where every required side could be present.
                    IpAddress128 target = _pos;
                    if (_needA && !inA)
                    {
                        target = Max(target, _a[_i].First);
                    }

                    if (_needB && !inB)
                    {
                        target = Max(target, _b[_j].First);
                    }

                    if (!_needA && !_needB)
                    {
                        target = !hasA ? _b[_j].First : !hasB ? _a[_i].First : Min(_a[_i].First, _b[_j].First);
                    }

                    _pos = target;
                    _i = DiagramNode.Seek(_a, _i, _pos);
                    _j = DiagramNode.Seek(_b, _j, _pos);
                    continue;
                }

                IpAddress128 end = inA ? _a[_i].Last : hasA ? _a[_i].First.Decrement() : IpAddress128.MaxValue;
                IpAddress128 endB = inB ? _b[_j].Last : hasB ? _b[_j].First.Decrement() : IpAddress128.MaxValue;
                if (endB < end)
                {
                    end = endB;
                }

                First = _pos;
                Last = end;
                SegmentA = inA ? _i : -1;
                SegmentB = inB ? _j : -1;

                if (inA && _a[_i].Last == end)
                {
                    _i++;
                }

                if (inB && _b[_j].Last == end)
                {
                    _j++;
                }

                if (end == IpAddress128.MaxValue)
                {
                    _done = true;
                }
                else
                {
                    _pos = end.Increment();
                }

                return true;
            }

            return false;
        }

        private static IpAddress128 Max(IpAddress128 x, IpAddress128 y) => x > y ? x : y;

        private static IpAddress128 Min(IpAddress128 x, IpAddress128 y) => x < y ? x : y;
    }
}
