namespace PolicyLang.Analysis.HeaderSpace
{
    /// <summary>
    /// An immutable set of values in [0, <see cref="MaxValue"/>], kept as sorted, disjoint,
    /// non-adjacent intervals so equal sets are structurally equal. The universe travels with
    /// the set because complement and "is full" only make sense relative to it.
    /// </summary>
    public sealed class IntervalSet : IEquatable<IntervalSet>
    {
        public const ulong ProtocolMax = 255;
        public const ulong PortMax = 65535;
        public const ulong IcmpMax = 255;

        private IntervalSet(RangeSet core, ulong maxValue)
        {
            Core = core;
            MaxValue = maxValue;
        }

        internal RangeSet Core { get; }

        public ulong MaxValue { get; }

        public static IntervalSet Empty(ulong maxValue) => new IntervalSet(RangeSet.Empty, maxValue);

        public static IntervalSet Full(ulong maxValue) => maxValue switch
        {
            PortMax => s_fullPorts,
            ProtocolMax => s_fullBytes,
            _ => new IntervalSet(RangeSet.Single(IpAddress128.Zero, IpAddress128.FromUInt64(maxValue)), maxValue),
        };

        // The whole port range and the whole byte range (protocols, ICMP types and codes: the same universe) are asked for
        // on every packet set built; the sets are immutable, so one of each serves.
        private static readonly IntervalSet s_fullPorts = new IntervalSet(RangeSet.Single(IpAddress128.Zero, IpAddress128.FromUInt64(PortMax)), PortMax);
        private static readonly IntervalSet s_fullBytes = new IntervalSet(RangeSet.Single(IpAddress128.Zero, IpAddress128.FromUInt64(ProtocolMax)), ProtocolMax);

        public static IntervalSet FromRange(ulong start, ulong end, ulong maxValue) => FromRanges(new[] { new Interval(start, end) }, maxValue);

        public static IntervalSet FromValues(IEnumerable<ulong> values, ulong maxValue) =>
            FromRanges(values.Select(v => new Interval(v, v)), maxValue);

        public static IntervalSet FromRanges(IEnumerable<Interval> ranges, ulong maxValue)
        {
            // Converted into one array of the known size where the caller passes a collection; sorted and merged in place.
            var converted = ranges is ICollection<Interval> collection ? new AddressRange[collection.Count] : null;
            var list = converted == null ? new List<AddressRange>() : null;
            int count = 0;
            foreach (Interval r in ranges)
            {
                if (r.End > maxValue)
                {
                    throw new ArgumentOutOfRangeException(nameof(ranges), $"Interval {r} exceeds the maximum value {maxValue}.");
                }

                var range = new AddressRange(IpAddress128.FromUInt64(r.Start), IpAddress128.FromUInt64(r.End));
                if (converted != null && count < converted.Length)
                {
                    converted[count++] = range;
                }
                else
                {
                    // A collection that grew while it was read: take what came and go on in a list.
                    if (list == null)
                    {
                        list = new List<AddressRange>(converted!);
                        converted = null;
                    }

                    list.Add(range);
                }
            }

            return list != null ? new IntervalSet(RangeSet.FromRanges(list), maxValue) : new IntervalSet(RangeSet.FromOwned(converted!, count), maxValue);
        }

        internal static IntervalSet FromCore(RangeSet core, ulong maxValue) => new IntervalSet(core, maxValue);

        /// <summary>The normalized intervals in ascending order; backends emit these directly.</summary>
        public IReadOnlyList<Interval> Ranges
        {
            get
            {
                // Built once: backends and the planners read the ranges of the same sets again and again.
                Interval[]? ranges = _ranges;
                if (ranges == null)
                {
                    AddressRange[] items = Core.Items;
                    ranges = items.Length == 0 ? Array.Empty<Interval>() : new Interval[items.Length];
                    for (int i = 0; i < items.Length; i++)
                    {
                        ranges[i] = new Interval(items[i].First.Low, items[i].Last.Low);
                    }

                    _ranges = ranges;
                }

                return ranges;
            }
        }

        private Interval[]? _ranges;

        public bool IsEmpty => Core.IsEmpty;

        public bool IsFull => Core.Items.Length == 1 && Core.Items[0].First == IpAddress128.Zero && Core.Items[0].Last.Low == MaxValue;

        /// <summary>The smallest member; throws on an empty set.</summary>
        public ulong Min => IsEmpty ? throw new InvalidOperationException("The set is empty.") : Core.Min.Low;

        /// <summary>Number of members; used by callers to decide between ranges and enumerated values.</summary>
        public ulong Count
        {
            get
            {
                ulong n = 0;
                foreach (AddressRange r in Core.Items)
                {
                    n += r.Last.Low - r.First.Low + 1;
                }

                return n;
            }
        }

        public bool Contains(ulong value) => value <= MaxValue && Core.Contains(IpAddress128.FromUInt64(value));

        public IntervalSet Union(IntervalSet other) => new IntervalSet(Core.Union(Check(other).Core), MaxValue);

        public IntervalSet Intersect(IntervalSet other) => new IntervalSet(Core.Intersect(Check(other).Core), MaxValue);

        public IntervalSet Except(IntervalSet other) => new IntervalSet(Core.Except(Check(other).Core), MaxValue);

        public IntervalSet Complement() => new IntervalSet(Core.Complement(IpAddress128.FromUInt64(MaxValue)), MaxValue);

        public bool Overlaps(IntervalSet other) => Core.Overlaps(Check(other).Core);

        public bool IsSubsetOf(IntervalSet other) => Core.IsSubsetOf(Check(other).Core);

        // Mixing universes (ports with protocols) is always a caller bug, never a set operation.
        private IntervalSet Check(IntervalSet other)
        {
            if (other.MaxValue != MaxValue)
            {
                throw new ArgumentException($"Cannot combine interval sets over [0,{MaxValue}] and [0,{other.MaxValue}].", nameof(other));
            }

            return other;
        }

        public override string ToString() =>
            IsEmpty ? "none" : IsFull ? "any" : string.Join(",", Ranges.Select(r => r.ToString()));

        public bool Equals(IntervalSet? other) => other is not null && other.MaxValue == MaxValue && other.Core.Equals(Core);

        public override bool Equals(object? obj) => Equals(obj as IntervalSet);

        public override int GetHashCode() => unchecked((Core.GetHashCode() * 31) + MaxValue.GetHashCode());
    }
}
