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

        public static IntervalSet Full(ulong maxValue) => new IntervalSet(RangeSet.Single(IpAddress128.Zero, IpAddress128.FromUInt64(maxValue)), maxValue);

        public static IntervalSet FromRange(ulong start, ulong end, ulong maxValue) => FromRanges(new[] { new Interval(start, end) }, maxValue);

        public static IntervalSet FromValues(IEnumerable<ulong> values, ulong maxValue) =>
            FromRanges(values.Select(v => new Interval(v, v)), maxValue);

        public static IntervalSet FromRanges(IEnumerable<Interval> ranges, ulong maxValue)
        {
            var converted = new List<AddressRange>();
            foreach (Interval r in ranges)
            {
                if (r.End > maxValue)
                {
                    throw new ArgumentOutOfRangeException(nameof(ranges), $"Interval {r} exceeds the maximum value {maxValue}.");
                }

                converted.Add(new AddressRange(IpAddress128.FromUInt64(r.Start), IpAddress128.FromUInt64(r.End)));
            }

            return new IntervalSet(RangeSet.FromRanges(converted), maxValue);
        }

        internal static IntervalSet FromCore(RangeSet core, ulong maxValue) => new IntervalSet(core, maxValue);

        /// <summary>The normalized intervals in ascending order; backends emit these directly.</summary>
        public IReadOnlyList<Interval> Ranges => Core.Items.Select(r => new Interval(r.First.Low, r.Last.Low)).ToArray();

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
