using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Analysis
{
    /// <summary>
    /// The header space of every flow, and the policy's verdict on any packet: deny overrides allow, and traffic no
    /// flow matches gets the default action. Declaration order never matters.
    /// Exact packet sets are built lazily, only for flows that a cheap test (address sets and services) says may
    /// overlap what is asked about; zone address sets are disjoint, so flows are also indexed by their zones.
    /// </summary>
    public sealed class FlowSpace
    {
        // Backends of several targets may ask at once (the build runs targets in parallel).
        private readonly System.Collections.Concurrent.ConcurrentDictionary<FlowRule, PacketSet> _sets = new System.Collections.Concurrent.ConcurrentDictionary<FlowRule, PacketSet>();
        private readonly Dictionary<(ZoneSymbol?, ZoneSymbol?), List<FlowRule>> _groups = new Dictionary<(ZoneSymbol?, ZoneSymbol?), List<FlowRule>>();
        private readonly List<ZoneSymbol?> _sourceZones;
        private readonly List<ZoneSymbol?> _destinationZones;

        public FlowSpace(PolicyModel model, AddressOwnership addresses)
        {
            Model = model;
            Addresses = addresses;
            var firstOf = new Dictionary<string, FlowRule>(System.StringComparer.Ordinal);
            foreach (var flow in model.Flows)
            {
                // A flow that repeats an earlier one (same action, endpoints, services and treatment) decides no packet
                // the earlier one does not: it is left out of every analysis, which stays linear in repeated flows.
                var identity = Identity(flow);
                if (firstOf.TryGetValue(identity, out var first))
                {
                    _duplicateOf[flow] = first;
                    continue;
                }
                firstOf[identity] = flow;
                var key = (flow.Source.Zone, flow.Destination.Zone);
                if (!_groups.TryGetValue(key, out var list)) _groups[key] = list = new List<FlowRule>();
                list.Add(flow);
            }
            _sourceZones = _groups.Keys.Select(k => k.Item1).Distinct().ToList();
            _destinationZones = _groups.Keys.Select(k => k.Item2).Distinct().ToList();
            _groupList = _groups.ToList();
            _sourceRank = new int[_groupList.Count];
            _destinationRank = new int[_groupList.Count];
            var sourceRanks = new Dictionary<ZoneKey, int>();
            var destinationRanks = new Dictionary<ZoneKey, int>();
            for (int i = 0; i < _sourceZones.Count; i++) sourceRanks[new ZoneKey(_sourceZones[i])] = i;
            for (int i = 0; i < _destinationZones.Count; i++) destinationRanks[new ZoneKey(_destinationZones[i])] = i;
            for (int i = 0; i < _groupList.Count; i++)
            {
                var (s, d) = _groupList[i].Key;
                _sourceRank[i] = sourceRanks[new ZoneKey(s)];
                _destinationRank[i] = destinationRanks[new ZoneKey(d)];
                _groupOrder[(s, d)] = i;
                Index(_bySource, s, i);
                Index(_byDestination, d, i);
            }
        }

        private readonly Dictionary<(ZoneSymbol?, ZoneSymbol?), int> _groupOrder = new Dictionary<(ZoneSymbol?, ZoneSymbol?), int>();

        /// <summary>Each group's source (destination) zone's place in <see cref="_sourceZones"/> (<see cref="_destinationZones"/>).</summary>
        private readonly int[] _sourceRank;
        private readonly int[] _destinationRank;

        /// <summary>The positions in <see cref="_groupList"/> of the groups from (or to) each zone; the key null stands for 'any'.</summary>
        private readonly Dictionary<ZoneKey, List<int>> _bySource = new Dictionary<ZoneKey, List<int>>();
        private readonly Dictionary<ZoneKey, List<int>> _byDestination = new Dictionary<ZoneKey, List<int>>();

        private readonly struct ZoneKey(ZoneSymbol? zone) : System.IEquatable<ZoneKey>
        {
            public ZoneSymbol? Zone { get; } = zone;
            public bool Equals(ZoneKey other) => ReferenceEquals(Zone, other.Zone);
            public override bool Equals(object? obj) => obj is ZoneKey k && Equals(k);
            public override int GetHashCode() => Zone == null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Zone);
        }

        private static void Index(Dictionary<ZoneKey, List<int>> index, ZoneSymbol? zone, int position)
        {
            if (!index.TryGetValue(new ZoneKey(zone), out var list)) index[new ZoneKey(zone)] = list = new List<int>();
            list.Add(position);
        }

        private IEnumerable<int> Positions(Dictionary<ZoneKey, List<int>> index, ZoneSymbol? zone) =>
            index.TryGetValue(new ZoneKey(zone), out var list) ? list : (IEnumerable<int>)System.Array.Empty<int>();

        /// <summary>
        /// The groups whose flows may go from <paramref name="source"/> to <paramref name="destination"/>, in the groups' own
        /// order: those of the source's zone (or of 'any') to the destination's zone (or to 'any'); an 'any' endpoint takes
        /// every zone on its side.
        /// </summary>
        private IEnumerable<List<FlowRule>> GroupsBetween(Endpoint source, Endpoint destination)
        {
            IEnumerable<int> positions;
            if (source.IsAny && destination.IsAny) positions = Enumerable.Range(0, _groupList.Count);
            else if (source.IsAny) positions = Positions(_byDestination, destination.Zone).Concat(destination.Zone != null ? Positions(_byDestination, null) : System.Array.Empty<int>());
            else if (destination.IsAny) positions = Positions(_bySource, source.Zone).Concat(source.Zone != null ? Positions(_bySource, null) : System.Array.Empty<int>());
            else
            {
                var keys = new[] { (source.Zone, destination.Zone), (source.Zone, (ZoneSymbol?)null), ((ZoneSymbol?)null, destination.Zone), ((ZoneSymbol?)null, (ZoneSymbol?)null) };
                positions = keys.Distinct().Select(k => _groupOrder.TryGetValue(k, out var p) ? p : -1).Where(p => p >= 0);
            }
            return positions.OrderBy(p => p).Select(p => _groupList[p].Value);
        }

        public PolicyModel Model { get; }
        public AddressOwnership Addresses { get; }

        private readonly Dictionary<FlowRule, FlowRule> _duplicateOf = new Dictionary<FlowRule, FlowRule>();

        /// <summary>The earlier flow this one repeats exactly (it then takes part in no analysis), or null.</summary>
        public FlowRule? DuplicateOf(FlowRule flow) => _duplicateOf.TryGetValue(flow, out var first) ? first : null;

        /// <summary>What makes two flows the same: action, endpoints, the set of services (order and repeats aside) and options.</summary>
        internal static string Identity(FlowRule flow)
        {
            var services = new SortedSet<string>(System.StringComparer.Ordinal);
            foreach (var s in flow.Services)
            {
                var sb = new System.Text.StringBuilder();
                sb.Append(s.Protocol?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*").Append('|');
                if (s.Ports != null)
                    foreach (var r in IntervalSet.FromRanges(s.Ports, 65535).Ranges) sb.Append(r.Start).Append('-').Append(r.End).Append(',');
                if (s.SourcePorts != null)
                {
                    sb.Append("<-");
                    foreach (var r in IntervalSet.FromRanges(s.SourcePorts, 65535).Ranges) sb.Append(r.Start).Append('-').Append(r.End).Append(',');
                }
                sb.Append('|').Append(s.IcmpType?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*")
                  .Append('|').Append(s.IcmpCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*");
                services.Add(sb.ToString());
            }
            return (flow.Action == FlowAction.Allow ? "A " : "D ") + EndpointKey(flow.Source) + " > " + EndpointKey(flow.Destination)
                + " : " + string.Join(" ", services) + " class=" + (flow.Class?.Name ?? "") + " rate=" + (flow.Rate?.Value.Unit + ":" + flow.Rate?.Value.Value) + " log=" + flow.Log;
        }

        private static string EndpointKey(Endpoint e) => e.IsNarrowed ? e.ToString() : e.IsAny ? "*" : e.Zone!.Name + (e.Segment != null ? "." + e.Segment.Name : "");

        /// <summary>The packets a flow matches (built on first use).</summary>
        public PacketSet Of(FlowRule flow)
        {
            if (_sets.TryGetValue(flow, out var set)) return set;
            return _sets.GetOrAdd(flow, Match(flow.Source, flow.Destination, flow.Services));
        }

        /// <summary>Packets between two endpoints on any of the services (null: every service).</summary>
        public PacketSet Match(Endpoint source, Endpoint destination, IReadOnlyList<ServiceMatch>? services)
        {
            var src = Addresses.Of(source);
            var dst = Addresses.Of(destination);
            if (services == null) return PacketSpace.Between(src, dst);
            return ServiceMatch.UnionBetween(services, src, dst);
        }

        private readonly System.Collections.Concurrent.ConcurrentDictionary<(ZoneSymbol?, ZoneSymbol?), List<FlowRule>> _widest =
            new System.Collections.Concurrent.ConcurrentDictionary<(ZoneSymbol?, ZoneSymbol?), List<FlowRule>>();

        /// <summary>
        /// The flows between the same two zones (or 'any') as a flow, widest services first (ties: later first): where
        /// a flow that covers another is most likely found. Computed once per zone pair.
        /// </summary>
        public IReadOnlyList<FlowRule> WidestFirst(FlowRule flow)
        {
            var key = (flow.Source.Zone, flow.Destination.Zone);
            if (!_groups.TryGetValue(key, out var list)) return System.Array.Empty<FlowRule>();
            return _widest.GetOrAdd(key, _ => list.Select(f => (Flow: f, Span: ServiceSpan(f)))
                .OrderByDescending(x => x.Span).ThenByDescending(x => x.Flow.Index).Select(x => x.Flow).ToList());
        }

        /// <summary>How many destination ports (or protocol values) a flow's services span at most: a cheap measure of its width.</summary>
        public static ulong ServiceSpan(FlowRule f)
        {
            ulong span = 0;
            foreach (var s in f.Services)
            {
                ulong w = s.Protocol == null ? ulong.MaxValue : s.Ports == null ? 65536UL * 256 : 0;
                if (s.Ports != null) foreach (var r in s.Ports) w += r.End - r.Start + 1;
                if (w > span) span = w;
            }
            return span;
        }

        private readonly System.Collections.Concurrent.ConcurrentDictionary<(ZoneSymbol?, ZoneSymbol?), ServiceIndex> _indexes =
            new System.Collections.Concurrent.ConcurrentDictionary<(ZoneSymbol?, ZoneSymbol?), ServiceIndex>();

        /// <summary>
        /// Flows that may overlap a flow: same endpoint zones, or 'any' on either side, with services that can meet
        /// (found through a per-zone-pair index, not by looking at every flow); the flow itself excluded.
        /// </summary>
        public IEnumerable<FlowRule> Neighbours(FlowRule flow)
        {
            foreach (var (s, d) in NeighbourGroups(flow.Source.Zone, flow.Destination.Zone))
                if (_groups.TryGetValue((s, d), out var list))
                {
                    var index = _indexes.GetOrAdd((s, d), _ => new ServiceIndex(list));
                    foreach (var f in index.Overlapping(flow.Services))
                        if (f != flow && MayOverlap(flow, f)) yield return f;
                }
        }

        /// <summary>
        /// The zone pairs whose flows may meet a flow from <paramref name="source"/> to <paramref name="destination"/> (null:
        /// 'any', which meets every zone): each side's zone and 'any', in the order of a loop over the source side (the zone,
        /// then 'any'; or every source zone in order) and, inside it, the destination side. Read from the per-zone indexes of
        /// the groups rather than by trying every pair, which for an 'any' side is every zone of the policy.
        /// </summary>
        private IEnumerable<(ZoneSymbol?, ZoneSymbol?)> NeighbourGroups(ZoneSymbol? source, ZoneSymbol? destination)
        {
            if (source != null && destination != null)
                return new[] { (source, destination), (source, (ZoneSymbol?)null), ((ZoneSymbol?)null, destination), ((ZoneSymbol?)null, (ZoneSymbol?)null) };
            IEnumerable<int> positions;
            if (source == null && destination == null) positions = Enumerable.Range(0, _groupList.Count);
            else if (source == null) positions = Positions(_byDestination, destination).Concat(Positions(_byDestination, null));
            else positions = Positions(_bySource, source).Concat(Positions(_bySource, null));
            // The explicit side is its zone first, then 'any'; an 'any' side follows the order of the zones in the groups.
            int SourceRank(int p) => source == null ? _sourceRank[p] : _groupList[p].Key.Item1 == null ? 1 : 0;
            int DestinationRank(int p) => destination == null ? _destinationRank[p] : _groupList[p].Key.Item2 == null ? 1 : 0;
            return positions.OrderBy(SourceRank).ThenBy(DestinationRank).Select(p => _groupList[p].Key);
        }

        private readonly System.Collections.Concurrent.ConcurrentDictionary<FlowRule, IReadOnlyList<PacketSet>> _allowedParts =
            new System.Collections.Concurrent.ConcurrentDictionary<FlowRule, IReadOnlyList<PacketSet>>();

        /// <summary>
        /// The packets of a flow that allow flows match too, one nonempty set per allow that meets it (computed once per
        /// flow for the whole policy: every target asks the same question about its own part of them).
        /// </summary>
        public IReadOnlyList<PacketSet> AllowedParts(FlowRule flow) =>
            // A known answer is read without making the computation's closure: every target asks for each of its denies.
            _allowedParts.TryGetValue(flow, out var known) ? known : _allowedParts.GetOrAdd(flow, ComputeAllowedParts(flow));

        private List<PacketSet> ComputeAllowedParts(FlowRule flow)
        {
            var of = Of(flow);
            var parts = new List<PacketSet>();
            foreach (var a in Neighbours(flow))
            {
                if (a.Action != FlowAction.Allow) continue;
                var both = Of(a).Intersect(of);
                if (!both.IsEmpty) parts.Add(both);
            }
            return parts;
        }

        /// <summary>
        /// The flows (duplicates left out) that may match a packet from <paramref name="sources"/> to
        /// <paramref name="destinations"/>: those between zones whose addresses the two sets touch, or 'any'. Zone address
        /// sets are disjoint, so this reads only the groups that can matter, in declaration order.
        /// </summary>
        public IEnumerable<FlowRule> Between(AddressRangeSet sources, AddressRangeSet destinations)
        {
            bool Touches(ZoneSymbol? zone, AddressRangeSet set) => zone == null || Addresses.Of(zone).Overlaps(set);
            var found = new List<FlowRule>();
            foreach (var group in _groups)
                if (Touches(group.Key.Item1, sources) && Touches(group.Key.Item2, destinations)) found.AddRange(group.Value);
            found.Sort((a, b) => a.Index.CompareTo(b.Index));
            return found;
        }

        /// <summary>A cheap necessary condition for two flows to share a packet.</summary>
        public bool MayOverlap(FlowRule a, FlowRule b)
        {
            if (!Addresses.Of(a.Source).Overlaps(Addresses.Of(b.Source)) || !Addresses.Of(a.Destination).Overlaps(Addresses.Of(b.Destination))) return false;
            // By index, without closures: the cloud planners ask this for pairs of flows of every target.
            var x = a.Services;
            var y = b.Services;
            for (int i = 0; i < x.Count; i++)
                for (int j = 0; j < y.Count; j++)
                    if (ServicesOverlap(x[i], y[j])) return true;
            return false;
        }

        private static bool ServicesOverlap(ServiceMatch a, ServiceMatch b)
        {
            if (a.Protocol == null || b.Protocol == null) return true;
            if (a.Protocol != b.Protocol) return false;
            if (a.Ports != null && b.Ports != null && !a.Ports.Any(x => b.Ports.Any(y => x.Start <= y.End && y.Start <= x.End))) return false;
            if (a.SourcePorts != null && b.SourcePorts != null && !a.SourcePorts.Any(x => b.SourcePorts.Any(y => x.Start <= y.End && y.Start <= x.End))) return false;
            if (a.IcmpType != null && b.IcmpType != null && a.IcmpType != b.IcmpType) return false;
            return !(a.IcmpCode != null && b.IcmpCode != null && a.IcmpCode != b.IcmpCode);
        }

        /// <summary>Whether a flow matches a packet, without building its packet set.</summary>
        public bool Matches(FlowRule flow, Packet packet)
        {
            if (!Addresses.Of(flow.Source).Contains(packet.Src) || !Addresses.Of(flow.Destination).Contains(packet.Dst)) return false;
            if (packet.Src.IsIPv4Mapped != packet.Dst.IsIPv4Mapped) return false;
            foreach (var s in flow.Services)
                if (ServiceMatches(s, packet)) return true;
            return false;
        }

        private static bool ServiceMatches(ServiceMatch s, Packet p)
        {
            bool v4 = p.Src.IsIPv4Mapped;
            if (v4 ? !s.AppliesToIPv4 : !s.AppliesToIPv6) return false;
            if (s.Protocol == null) return true;
            if (s.Protocol != p.Protocol) return false;
            if (s.Ports != null && !s.Ports.Any(r => p.DstPort >= r.Start && p.DstPort <= r.End)) return false;
            if (s.SourcePorts != null && !s.SourcePorts.Any(r => p.SrcPort >= r.Start && p.SrcPort <= r.End)) return false;
            if (s.IcmpType != null && s.IcmpType != p.IcmpType) return false;
            return s.IcmpCode == null || s.IcmpCode == p.IcmpCode;
        }

        /// <summary>Whether a flow matches no packet at all, decided without building its packet set.</summary>
        public bool IsEmpty(FlowRule flow) => !HasFamily(flow, v6: false) && !HasFamily(flow, v6: true);

        /// <summary>Whether a flow matches packets of one address family.</summary>
        public bool HasFamily(FlowRule flow, bool v6)
        {
            var family = v6 ? PacketSpace.IPv6 : PacketSpace.IPv4;
            if (!Addresses.Of(flow.Source).Overlaps(family) || !Addresses.Of(flow.Destination).Overlaps(family)) return false;
            var services = flow.Services;
            for (int i = 0; i < services.Count; i++)
                if (v6 ? services[i].AppliesToIPv6 : services[i].AppliesToIPv4) return true;
            return false;
        }

        /// <summary>
        /// The allowed packets from one endpoint to another on some services (null: all): only flows of the zone groups
        /// involved, whose addresses and services can meet the question, contribute.
        /// </summary>
        public PacketSet AllowedBetween(Endpoint source, Endpoint destination, IReadOnlyList<ServiceMatch>? services, PacketSet region) =>
            AllowedWithin(region, Candidates(source, destination, services));

        /// <summary>
        /// The flows (repeats left out) that may match packets between two endpoints on the services (null: every service):
        /// a cheap test on zones, address sets and services, so some may match none of them.
        /// </summary>
        public IEnumerable<FlowRule> Candidates(Endpoint source, Endpoint destination, IReadOnlyList<ServiceMatch>? services)
        {
            var src = Addresses.Of(source);
            var dst = Addresses.Of(destination);
            return GroupsBetween(source, destination)
                .SelectMany(g => g)
                .Where(f => Addresses.Of(f.Source).Overlaps(src) && Addresses.Of(f.Destination).Overlaps(dst)
                    && (services == null || f.Services.Any(x => services.Any(y => ServicesOverlap(x, y)))));
        }

        private readonly List<KeyValuePair<(ZoneSymbol?, ZoneSymbol?), List<FlowRule>>> _groupList;

        private const int RecentAllowedSize = 8;

        /// <summary>The last few results of <see cref="AllowedFromTo"/> over groups without an 'any' side, by their positions.</summary>
        private readonly List<(string Key, PacketSet Allowed)> _recentAllowed = new List<(string, PacketSet)>(RecentAllowedSize);

        /// <summary>What the allows of <paramref name="flows"/> allow and their denies do not deny, under default deny.</summary>
        private PacketSet AllowedOf(List<FlowRule> flows, IEnumerable<FlowRule> denies, System.Func<FlowRule, PacketSet> restrict)
        {
            var allows = flows.Where(f => f.Action == FlowAction.Allow).ToList();
            var allowed = PacketSet.UnionAll(allows.Select(restrict));
            if (allowed.IsEmpty) return allowed;
            // Only denies that can meet one of the allows can take anything away. Their addresses are compared with those
            // of the allows' zone pairs first: thousands of flows share a few hundred pairs.
            var pairs = allows.GroupBy(a => (EndpointKey(a.Source), EndpointKey(a.Destination)))
                .Select(g => (Source: Addresses.Of(g.First().Source), Destination: Addresses.Of(g.First().Destination))).ToList();
            // A deny that meets none of the pairs' sources, or none of their destinations, meets no pair: one comparison each
            // settles most denies (hundreds of 'deny any -> Z' meet an ACL's allows only where one goes to Z).
            var sources = AddressRangeSet.UnionAll(pairs.Select(p => p.Source));
            var destinations = AddressRangeSet.UnionAll(pairs.Select(p => p.Destination));
            return allowed.Except(PacketSet.UnionAll(denies
                .Where(d =>
                {
                    var s = Addresses.Of(d.Source);
                    var t = Addresses.Of(d.Destination);
                    return sources.Overlaps(s) && destinations.Overlaps(t) && pairs.Any(p => p.Source.Overlaps(s) && p.Destination.Overlaps(t));
                })
                .Select(restrict).Where(allowed.Overlaps)));
        }

        /// <summary>The positions of the zone groups <paramref name="filter"/> selects, in group order.</summary>
        private List<int> Groups(System.Func<ZoneSymbol?, ZoneSymbol?, bool> filter)
        {
            var positions = new List<int>();
            for (int i = 0; i < _groupList.Count; i++)
                if (filter(_groupList[i].Key.Item1, _groupList[i].Key.Item2)) positions.Add(i);
            return positions;
        }

        /// <summary>
        /// The flows of the groups at <paramref name="positions"/> (ascending), in group order, as one list allocated at its exact
        /// size; with the positions as a key where no group has an 'any' side (null otherwise).
        /// </summary>
        private List<FlowRule> FlowsOf(List<int> positions, out string? key)
        {
            var keyText = new System.Text.StringBuilder();
            bool keyed = true;
            int count = 0;
            foreach (var p in positions)
            {
                var (s, d) = _groupList[p].Key;
                keyed &= s != null && d != null;
                if (keyed) keyText.Append(p).Append(',');
                count += _groupList[p].Value.Count;
            }
            key = keyed ? keyText.ToString() : null;
            var flows = new List<FlowRule>(count);
            foreach (var p in positions) flows.AddRange(_groupList[p].Value);
            return flows;
        }

        /// <summary>
        /// The allowed packets from <paramref name="sources"/> to <paramref name="destinations"/>, from the flows of the
        /// selected zone groups. The groups must be chosen so that a flow whose endpoint is a zone or segment already
        /// lies inside the corresponding set (zone address sets are disjoint); only 'any' endpoints are cut down, so the
        /// sets, which may be costly, are computed only when such a flow takes part.
        /// </summary>
        public PacketSet AllowedFromTo(System.Func<AddressRangeSet> sources, System.Func<AddressRangeSet> destinations, System.Func<ZoneSymbol?, ZoneSymbol?, bool> groups)
        {
            var flows = FlowsOf(Groups(groups), out var key);
            return AllowedFromTo(sources, destinations, flows, key);
        }

        /// <summary>
        /// <see cref="AllowedFromTo(System.Func{AddressRangeSet}, System.Func{AddressRangeSet}, System.Func{ZoneSymbol?, ZoneSymbol?, bool})"/>
        /// of the groups from (<paramref name="bySource"/>) or to one of <paramref name="zones"/> or 'any': the groups are looked
        /// up by zone instead of each group being asked; of those, only the groups <paramref name="where"/> keeps, if given.
        /// </summary>
        public PacketSet AllowedFromTo(System.Func<AddressRangeSet> sources, System.Func<AddressRangeSet> destinations, IEnumerable<ZoneSymbol> zones, bool bySource,
            System.Func<ZoneSymbol?, ZoneSymbol?, bool>? where = null)
        {
            var index = bySource ? _bySource : _byDestination;
            var lists = new List<List<int>>();
            if (index.TryGetValue(new ZoneKey(null), out var fromAny)) lists.Add(fromAny);
            foreach (var zone in zones.Distinct())
                if (index.TryGetValue(new ZoneKey(zone), out var list)) lists.Add(list);
            var positions = SortedPositions.Union(lists);
            if (where != null) positions.RemoveAll(p => !where(_groupList[p].Key.Item1, _groupList[p].Key.Item2));
            var flows = FlowsOf(positions, out var key);
            return AllowedFromTo(sources, destinations, flows, key);
        }

        private PacketSet AllowedFromTo(System.Func<AddressRangeSet> sources, System.Func<AddressRangeSet> destinations, List<FlowRule> flows, string? key)
        {
            AddressRangeSet? src = null, dst = null;
            PacketSet Restrict(FlowRule f)
            {
                // A flow between zones or segments lies inside the sets already: its own packets, built once for the policy.
                if (!f.Source.IsAny && !f.Destination.IsAny) return Of(f);
                // 'any except …' is cut down too: its addresses span every zone.
                var s = !f.Source.IsAny ? Addresses.Of(f.Source) : f.Source.IsNarrowed ? Addresses.Of(f.Source).Intersect(src ??= sources()) : (src ??= sources());
                var d = !f.Destination.IsAny ? Addresses.Of(f.Destination) : f.Destination.IsNarrowed ? Addresses.Of(f.Destination).Intersect(dst ??= destinations()) : (dst ??= destinations());
                return s.IsEmpty || d.IsEmpty ? PacketSet.Empty : ServiceMatch.UnionBetween(f.Services, s, d);
            }
            PacketSet allowed;
            IEnumerable<FlowRule> denies = flows.Where(f => f.Action == FlowAction.Deny);
            if (Model.DefaultAction == FlowAction.Allow)
            {
                allowed = PacketSpace.Between(src ??= sources(), dst ??= destinations());
            }
            else if (key != null)
            {
                // No 'any' side: the result is the groups' own and holds for any sets. An ACL's two directions over all its
                // zones, and its two families, ask the same question.
                lock (_recentAllowed)
                    foreach (var (k, v) in _recentAllowed)
                        if (k == key) return v;
                var result = AllowedOf(flows, denies, Restrict);
                lock (_recentAllowed)
                {
                    if (_recentAllowed.Count == RecentAllowedSize) _recentAllowed.RemoveAt(0);
                    _recentAllowed.Add((key, result));
                }
                return result;
            }
            else
            {
                return AllowedOf(flows, denies, Restrict);
            }
            if (allowed.IsEmpty) return allowed;
            return allowed.Except(PacketSet.UnionAll(denies.Select(Restrict)));
        }

        private PacketSet AllowedWithin(PacketSet region, IEnumerable<FlowRule> flows)
        {
            var touching = flows.ToList();
            IEnumerable<FlowRule> denies = touching.Where(f => f.Action == FlowAction.Deny);
            PacketSet allowed;
            if (Model.DefaultAction == FlowAction.Allow)
            {
                allowed = region;
            }
            else
            {
                var allows = touching.Where(f => f.Action == FlowAction.Allow).ToList();
                allowed = PacketSet.UnionAll(allows.Select(f => Of(f).Intersect(region)));
                denies = denies.Where(d => allows.Any(a => MayOverlap(a, d)));
            }
            if (allowed.IsEmpty) return allowed;
            return allowed.Except(PacketSet.UnionAll(denies.Select(f => Of(f).Intersect(region))));
        }

        /// <summary>The verdict for one packet, and the flow that decides it (null: the default action).</summary>
        public (FlowAction Verdict, FlowRule? DecidedBy) Evaluate(Packet packet)
        {
            var sourceZone = Addresses.ZoneOf(packet.Src);
            var destinationZone = Addresses.ZoneOf(packet.Dst);
            FlowRule? allow = null;
            FlowRule? deny = null;
            var keys = new[] { (sourceZone, destinationZone), (sourceZone, (ZoneSymbol?)null), ((ZoneSymbol?)null, destinationZone), ((ZoneSymbol?)null, (ZoneSymbol?)null) };
            foreach (var key in keys.Distinct())
            {
                if (!_groups.TryGetValue(key, out var list)) continue;
                foreach (var f in list)
                {
                    if (!Matches(f, packet)) continue;
                    if (f.Action == FlowAction.Deny) { if (deny == null || f.Index < deny.Index) deny = f; }
                    else if (allow == null || f.Index < allow.Index) allow = f;
                }
            }
            if (deny != null) return (FlowAction.Deny, deny);
            return allow != null ? (FlowAction.Allow, allow) : (Model.DefaultAction, null);
        }
    }
}
