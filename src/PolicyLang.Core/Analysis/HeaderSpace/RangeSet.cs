namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// The one interval-algebra engine behind <see cref="IntervalSet"/>, <see cref="AddressRangeSet"/>
    /// and the packet-set diagram labels. Ranges are sorted, disjoint and never adjacent, so two
    /// sets are equal exactly when their arrays are element-wise equal.
    /// </summary>
    internal sealed class RangeSet : IEquatable<RangeSet>
    {
        public static readonly RangeSet Empty = new RangeSet(Array.Empty<AddressRange>());

        private readonly int _hash;

        /// <summary>Callers guarantee the array is already normalized and never mutate it afterwards.</summary>
        private RangeSet(AddressRange[] items)
        {
            Items = items;
            int h = items.Length;
            foreach (AddressRange r in items)
            {
                h = unchecked((h * 31) + r.GetHashCode());
            }

            _hash = h;
        }

        public AddressRange[] Items { get; }

        private int _zeroOwnersLayoutHash;
        private bool _hasZeroOwnersLayoutHash;

        /// <summary>
        /// The layout hash of a diagram node whose segments are these ranges, all of branch 0 (a cube's level), worked out
        /// once per set: a zone's address set of hundreds of ranges is a level of every rule over that zone.
        /// </summary>
        internal int ZeroOwnersLayoutHash
        {
            get
            {
                if (!_hasZeroOwnersLayoutHash)
                {
                    // A race computes the same number twice.
                    _zeroOwnersLayoutHash = DiagramNode.LayoutHash(Items, DiagramNode.ZeroOwners(Items.Length));
                    _hasZeroOwnersLayoutHash = true;
                }

                return _zeroOwnersLayoutHash;
            }
        }

        public bool IsEmpty => Items.Length == 0;

        public IpAddress128 Min => Items[0].First;

        public IpAddress128 Max => Items[Items.Length - 1].Last;

        public static RangeSet Single(IpAddress128 first, IpAddress128 last) => new RangeSet(new[] { new AddressRange(first, last) });

        /// <summary>Wraps ranges that are known to be sorted, disjoint and non-adjacent.</summary>
        internal static RangeSet FromNormalized(AddressRange[] items) => items.Length == 0 ? Empty : new RangeSet(items);

        public static RangeSet FromRanges(IEnumerable<AddressRange> ranges)
        {
            if (ranges is ICollection<AddressRange> collection)
            {
                var items = new AddressRange[collection.Count];
                collection.CopyTo(items, 0);
                return FromOwned(items, items.Length);
            }

#if NET
            // A projection of a list or an array (Select over one) tells its count: one array of that size, filled in order.
            if (ranges.TryGetNonEnumeratedCount(out int known))
            {
                var exact = new AddressRange[known];
                int at = 0;
                foreach (var r in ranges)
                {
                    if (at == exact.Length) Array.Resize(ref exact, Math.Max(4, exact.Length * 2));
                    exact[at++] = r;
                }
                return FromOwned(exact, at);
            }
#endif
            var grown = new List<AddressRange>(ranges).ToArray();
            return FromOwned(grown, grown.Length);
        }

        private sealed class ByFirst : IComparer<AddressRange>
        {
            public static readonly ByFirst Instance = new ByFirst();

            public int Compare(AddressRange a, AddressRange b) => a.First.CompareTo(b.First);
        }

        /// <summary>The set of the first <paramref name="count"/> ranges of an array the caller gives up: sorted and merged
        /// in place, and kept as the set's own array when nothing merges and it has no spare room.</summary>
        internal static RangeSet FromOwned(AddressRange[] items, int count)
        {
            if (count == 0)
            {
                return Empty;
            }

            bool normalized = true;
            for (int i = 1; i < count && normalized; i++)
            {
                AddressRange prev = items[i - 1];
                normalized = prev.Last != IpAddress128.MaxValue && items[i].First > prev.Last.Increment();
            }

            if (!normalized)
            {
                Array.Sort(items, 0, count, ByFirst.Instance);
                int w = 0;
                for (int i = 0; i < count; i++)
                {
                    AddressRange r = items[i];
                    if (w > 0)
                    {
                        AddressRange prev = items[w - 1];
                        if (prev.Last == IpAddress128.MaxValue || r.First <= prev.Last.Increment())
                        {
                            if (r.Last > prev.Last)
                            {
                                items[w - 1] = new AddressRange(prev.First, r.Last);
                            }

                            continue;
                        }
                    }

                    items[w++] = r;
                }

                count = w;
            }

            if (count != items.Length)
            {
                var exact = new AddressRange[count];
                Array.Copy(items, exact, count);
                items = exact;
            }

            return new RangeSet(items);
        }

        /// <summary>
        /// Appends a range that starts at or after the previous one's start, coalescing
        /// overlap and adjacency; every builder funnels through here to stay normalized.
        /// </summary>
        internal static void Append(List<AddressRange> into, IpAddress128 first, IpAddress128 last)
        {
            if (into.Count > 0)
            {
                AddressRange prev = into[into.Count - 1];
                if (prev.Last == IpAddress128.MaxValue || first <= prev.Last.Increment())
                {
                    if (last > prev.Last)
                    {
                        into[into.Count - 1] = new AddressRange(prev.First, last);
                    }

                    return;
                }
            }

            into.Add(new AddressRange(first, last));
        }

        public bool Contains(IpAddress128 value)
        {
            int lo = 0;
            int hi = Items.Length - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (value < Items[mid].First)
                {
                    hi = mid - 1;
                }
                else if (value > Items[mid].Last)
                {
                    lo = mid + 1;
                }
                else
                {
                    return true;
                }
            }

            return false;
        }

        // Results are assembled here and copied out at their exact size (or not at all when they equal an operand), so
        // an operation allocates one array at most instead of a growing list and its copy. One buffer per thread: no
        // operation below calls another while it holds the buffer.
        [ThreadStatic]
        private static AddressRange[]? t_scratch;

        private static AddressRange[] Scratch(int capacity)
        {
            AddressRange[]? scratch = t_scratch;
            if (scratch == null || scratch.Length < capacity)
            {
                scratch = new AddressRange[Math.Max(capacity, Math.Max(64, (scratch?.Length ?? 0) * 2))];
                t_scratch = scratch;
            }

            return scratch;
        }

        /// <summary>The set of the first <paramref name="count"/> ranges of <paramref name="scratch"/>; an operand when it holds the same ranges.</summary>
        private RangeSet Result(AddressRange[] scratch, int count, RangeSet? other = null)
        {
            if (count == 0)
            {
                return Empty;
            }

            if (SameAs(Items, scratch, count))
            {
                return this;
            }

            if (other != null && SameAs(other.Items, scratch, count))
            {
                return other;
            }

            var items = new AddressRange[count];
            Array.Copy(scratch, items, count);
            return new RangeSet(items);
        }

        private static bool SameAs(AddressRange[] items, AddressRange[] scratch, int count)
        {
            if (items.Length != count)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (!items[i].Equals(scratch[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary><see cref="Append(List{AddressRange}, IpAddress128, IpAddress128)"/> into a buffer holding <paramref name="count"/> ranges; the new count.</summary>
        private static int Append(AddressRange[] into, int count, IpAddress128 first, IpAddress128 last)
        {
            if (count > 0)
            {
                AddressRange prev = into[count - 1];
                if (prev.Last == IpAddress128.MaxValue || first <= prev.Last.Increment())
                {
                    if (last > prev.Last)
                    {
                        into[count - 1] = new AddressRange(prev.First, last);
                    }

                    return count;
                }
            }

            into[count] = new AddressRange(first, last);
            return count + 1;
        }

        public RangeSet Union(RangeSet other)
        {
            if (other.IsEmpty || ReferenceEquals(this, other))
            {
                return this;
            }

            if (IsEmpty)
            {
                return other;
            }

            var merged = Scratch(Items.Length + other.Items.Length);
            int count = 0;
            int i = 0;
            int j = 0;
            while (i < Items.Length || j < other.Items.Length)
            {
                AddressRange next = j >= other.Items.Length || (i < Items.Length && Items[i].First <= other.Items[j].First)
                    ? Items[i++]
                    : other.Items[j++];
                count = Append(merged, count, next.First, next.Last);
            }

            return Result(merged, count, other);
        }

        public RangeSet Intersect(RangeSet other)
        {
            if (IsEmpty || other.IsEmpty)
            {
                return Empty;
            }

            if (ReferenceEquals(this, other))
            {
                return this;
            }

            var result = Scratch(Items.Length + other.Items.Length);
            int count = 0;
            int i = 0;
            int j = 0;
            while (i < Items.Length && j < other.Items.Length)
            {
                // A side far longer than the other (a zone's prefixes against every segment of a device) is skipped through
                // by search, not range by range.
                if (SkipApart(Items, ref i, other.Items, ref j))
                {
                    continue;
                }

                AddressRange a = Items[i];
                AddressRange b = other.Items[j];
                IpAddress128 first = a.First > b.First ? a.First : b.First;
                IpAddress128 last = a.Last < b.Last ? a.Last : b.Last;
                if (first <= last)
                {
                    result[count++] = new AddressRange(first, last);
                }

                if (a.Last < b.Last)
                {
                    i++;
                }
                else
                {
                    j++;
                }
            }

            return Result(result, count, other);
        }

        /// <summary>
        /// The first index at or after <paramref name="from"/> whose range ends at or after <paramref name="address"/> (the length
        /// when there is none): a step or two by hand, then a galloping search, so that a merge costs about the shorter side's
        /// length times the logarithm of the longer's.
        /// </summary>
        private static int Skip(AddressRange[] items, int from, IpAddress128 address)
        {
            int k = from;
            for (int n = 0; n < 4; n++, k++)
            {
                if (k >= items.Length || !(items[k].Last < address))
                {
                    return k;
                }
            }

            // items[k - 1] ends before the address: gallop to a bound, then search between.
            int lo = k, step = 4;
            int hi = k;
            while (hi < items.Length && items[hi].Last < address)
            {
                lo = hi + 1;
                hi += step;
                step *= 2;
            }

            if (hi > items.Length)
            {
                hi = items.Length;
            }

            while (lo < hi)
            {
                int mid = lo + ((hi - lo) >> 1);
                if (items[mid].Last < address)
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

        /// <summary>
        /// Moves <paramref name="i"/> (or <paramref name="j"/>) past the ranges that end before the other side's current range
        /// starts; false, and nothing moved, when the two current ranges overlap.
        /// </summary>
        private static bool SkipApart(AddressRange[] a, ref int i, AddressRange[] b, ref int j)
        {
            if (a[i].Last < b[j].First)
            {
                i = Skip(a, i, b[j].First);
                return true;
            }

            if (b[j].Last < a[i].First)
            {
                j = Skip(b, j, a[i].First);
                return true;
            }

            return false;
        }

        public bool Overlaps(RangeSet other)
        {
            int i = 0;
            int j = 0;
            while (i < Items.Length && j < other.Items.Length)
            {
                if (SkipApart(Items, ref i, other.Items, ref j))
                {
                    continue;
                }

                AddressRange a = Items[i];
                AddressRange b = other.Items[j];
                if (a.First <= b.Last && b.First <= a.Last)
                {
                    return true;
                }

                if (a.Last < b.Last)
                {
                    i++;
                }
                else
                {
                    j++;
                }
            }

            return false;
        }

        /// <summary>Complement within [0, max]; the narrow dimensions pass their own maximum.</summary>
        public RangeSet Complement(IpAddress128 max) => Single(IpAddress128.Zero, max).Except(this);

        public RangeSet Except(RangeSet other)
        {
            if (IsEmpty || other.IsEmpty)
            {
                return this;
            }

            if (ReferenceEquals(this, other))
            {
                return Empty;
            }

            var result = Scratch(Items.Length + other.Items.Length);
            int count = 0;
            int j = 0;
            foreach (AddressRange a in Items)
            {
                IpAddress128 cursor = a.First;
                bool exhausted = false;
                while (j < other.Items.Length && other.Items[j].Last < cursor)
                {
                    j++;
                }

                int k = j;
                while (!exhausted && k < other.Items.Length && other.Items[k].First <= a.Last)
                {
                    AddressRange b = other.Items[k];
                    if (b.First > cursor)
                    {
                        result[count++] = new AddressRange(cursor, b.First.Decrement());
                    }

                    if (b.Last >= a.Last)
                    {
                        exhausted = true;
                    }
                    else
                    {
                        cursor = b.Last.Increment();
                        k++;
                    }
                }

                if (!exhausted)
                {
                    result[count++] = new AddressRange(cursor, a.Last);
                }
            }

            return Result(result, count);
        }

        /// <summary>Whether every range lies inside one range of <paramref name="other"/> (its ranges are never adjacent, so a
        /// range it covers lies inside one of them); nothing is allocated.</summary>
        public bool IsSubsetOf(RangeSet other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            int j = 0;
            foreach (AddressRange a in Items)
            {
                j = Skip(other.Items, j, a.First);

                if (j >= other.Items.Length || other.Items[j].First > a.First || other.Items[j].Last < a.Last)
                {
                    return false;
                }
            }

            return true;
        }

        public int CompareTo(RangeSet other)
        {
            // Lexicographic over ranges: a stable, total order used for deterministic output.
            int n = Math.Min(Items.Length, other.Items.Length);
            for (int i = 0; i < n; i++)
            {
                int c = Items[i].First.CompareTo(other.Items[i].First);
                if (c == 0)
                {
                    c = Items[i].Last.CompareTo(other.Items[i].Last);
                }

                if (c != 0)
                {
                    return c;
                }
            }

            return Items.Length.CompareTo(other.Items.Length);
        }

        public bool Equals(RangeSet? other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (other is null || other._hash != _hash || other.Items.Length != Items.Length)
            {
                return false;
            }

            for (int i = 0; i < Items.Length; i++)
            {
                if (!Items[i].Equals(other.Items[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as RangeSet);

        public override int GetHashCode() => _hash;
    }
}
