using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Semantics
{
    /// <summary>
    /// Which addresses belong to which zone. An internal zone owns its subnets. An external zone is a catch-all:
    /// it owns its subnets minus every internal subnet and minus the more specific subnets of other external
    /// zones (most specific wins). Owned sets are therefore pairwise disjoint, once overlaps between internal
    /// zones (an error) are set aside.
    /// </summary>
    public sealed class AddressOwnership
    {
        private readonly Dictionary<ZoneSymbol, AddressRangeSet> _zones = new Dictionary<ZoneSymbol, AddressRangeSet>();
        private readonly Dictionary<SegmentSymbol, AddressRangeSet> _segments = new Dictionary<SegmentSymbol, AddressRangeSet>();

        public AddressOwnership(PolicyModel model)
        {
            var internalSpace = Analysis.PacketSpace.FamilyMatch(model.Zones.Where(z => !z.IsExternal).SelectMany(z => z.AllPrefixes));
            // The external zones' prefixes by first address: the more specific ones inside a prefix are those that start within
            // it, found by a binary search instead of a scan of them all for each (a policy with a few hundred partner zones
            // scanned hundreds of thousands of pairs here, before any check could start).
            var external = model.Zones.Where(z => z.IsExternal).SelectMany(z => z.AllPrefixes.Select(p => (Zone: z, Prefix: p))).ToList();
            external.Sort((a, b) => a.Prefix.First.CompareTo(b.Prefix.First));
            var firsts = new IpAddress128[external.Count];
            for (int i = 0; i < firsts.Length; i++) firsts[i] = external[i].Prefix.First;
            foreach (var zone in model.Zones)
            {
                if (!zone.IsExternal)
                {
                    _zones[zone] = Analysis.PacketSpace.FamilyMatch(zone.AllPrefixes);
                    continue;
                }
                var owned = AddressRangeSet.Empty;
                foreach (var p in zone.AllPrefixes)
                {
                    var more = new List<IpPrefix>();
                    var last = p.Last;
                    for (int i = FirstAtOrAfter(firsts, p.First); i < firsts.Length && firsts[i] <= last; i++)
                    {
                        var (other, prefix) = external[i];
                        if (other != zone && prefix.Length > p.Length && p.Contains(prefix)) more.Add(prefix);
                    }
                    var part = Analysis.PacketSpace.FamilyMatch(p).Except(internalSpace);
                    owned = owned.Union(more.Count == 0 ? part : part.Except(Analysis.PacketSpace.FamilyMatch(more)));
                }
                _zones[zone] = owned;
            }
            foreach (var segment in model.Segments) _segments[segment] = Analysis.PacketSpace.FamilyMatch(segment.Prefixes.Select(p => p.Value));
        }

        /// <summary>The position of the first of the sorted <paramref name="firsts"/> at or after <paramref name="address"/>.</summary>
        private static int FirstAtOrAfter(IpAddress128[] firsts, IpAddress128 address)
        {
            int lo = 0, hi = firsts.Length;
            while (lo < hi)
            {
                int mid = lo + (hi - lo) / 2;
                if (firsts[mid] < address) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        public AddressRangeSet Of(ZoneSymbol zone) => _zones.TryGetValue(zone, out var s) ? s : AddressRangeSet.Empty;

        public AddressRangeSet Of(SegmentSymbol segment) => _segments.TryGetValue(segment, out var s) ? s : AddressRangeSet.Empty;

        public AddressRangeSet Of(Endpoint endpoint) =>
            endpoint.Restriction ?? (endpoint.IsAny ? AddressRangeSet.All : endpoint.Segment != null ? Of(endpoint.Segment) : Of(endpoint.Zone!));

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Lazy<object>> _memo =
            new System.Collections.Concurrent.ConcurrentDictionary<string, System.Lazy<object>>(System.StringComparer.Ordinal);

        /// <summary>
        /// Derived data that backends compute from these address sets, once per policy rather than once per target. Targets
        /// build in parallel: a value is computed by the first caller and the others wait for it.
        /// </summary>
        public T Memo<T>(string key, System.Func<T> factory) where T : class =>
            // Asked far more often than added to (once per flow of every target, for some keys): a known key costs a lookup, not
            // the two delegates and the closure that adding one takes.
            _memo.TryGetValue(key, out var known) ? (T)known.Value : Add(key, factory);

        /// <summary>The value of <paramref name="key"/> if it was made already (waiting for it if it is being made), else null.</summary>
        public T? Known<T>(string key) where T : class => _memo.TryGetValue(key, out var known) ? (T)known.Value : null;

        private T Add<T>(string key, System.Func<T> factory) where T : class =>
            (T)_memo.GetOrAdd(key, _ => new System.Lazy<object>(() => factory(), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication)).Value;

        private (IpAddress128[] Starts, AddressRange[] Ranges, ZoneSymbol[] Zones)? _index;

        /// <summary>The zone an address belongs to, or null: a binary search over every zone's ranges (they are disjoint).</summary>
        public ZoneSymbol? ZoneOf(IpAddress128 address)
        {
            var index = _index ??= BuildIndex();
            int i = System.Array.BinarySearch(index.Starts, address);
            if (i < 0) i = ~i - 1;
            return i >= 0 && index.Ranges[i].Contains(address) ? index.Zones[i] : null;
        }

        /// <summary>
        /// The zones that own some address of <paramref name="set"/>: a binary search per range of the set over every
        /// zone's ranges (disjoint, sorted), rather than a set comparison per zone.
        /// </summary>
        public HashSet<ZoneSymbol> ZonesOverlapping(AddressRangeSet set)
        {
            var index = _index ??= BuildIndex();
            var found = new HashSet<ZoneSymbol>();
            foreach (var r in set.Ranges)
            {
                int i = System.Array.BinarySearch(index.Starts, r.First);
                if (i < 0) i = System.Math.Max(0, ~i - 1);
                for (; i < index.Starts.Length && index.Starts[i] <= r.Last; i++)
                    if (index.Ranges[i].Last >= r.First) found.Add(index.Zones[i]);
            }
            return found;
        }

        private (IpAddress128[], AddressRange[], ZoneSymbol[]) BuildIndex()
        {
            var entries = _zones.SelectMany(p => p.Value.Ranges.Select(r => (Range: r, Zone: p.Key)))
                .OrderBy(e => e.Range.First).ToList();
            return (entries.Select(e => e.Range.First).ToArray(), entries.Select(e => e.Range).ToArray(), entries.Select(e => e.Zone).ToArray());
        }
    }
}
