using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// Turns an <see cref="AclScope"/> into ordered entries. The packet sets are canonical decision diagrams whose cubes
    /// already merge every value with the same residual (all sources that may reach the same destinations on the same
    /// ports form one cube), and each cube's address sets become the fewest covering prefixes and its ports the fewest
    /// ranges; so adjacent and contained prefixes and port ranges are merged before any entry is written.
    /// Layout: return entries, logged denies, permits (logged and not), then an explicit deny of everything else.
    /// </summary>
    public static class AclCompiler
    {
        /// <param name="grouped">The platform writes each address list once, as a group (an EOS field-set): the exception
        /// layout is chosen when it needs fewer group members, not fewer prefix pairs.</param>
        /// <param name="candidates">Cubes of the flows themselves (forward and, in forward coordinates, replies): where they lie
        /// inside what must be permitted they may cover it with fewer entries than the diagram's partition.</param>
        /// <param name="countedDenies">The packets of each deny flow with <c>count</c>, in file order: each gets denies of its own
        /// (what an earlier one took aside), logged where the flow logs, so that its counter counts neither another flow's drops
        /// nor those of the final deny of everything else.</param>
        /// <param name="quarantineDenies">What quarantines deny: laid out as the widest denies that drop nothing permitted.</param>
        /// <param name="countedAllows">The packets of each allow flow with <c>count</c>, in file order: each gets permits of its own
        /// (what an earlier one took aside), so that no counter counts another flow's packets.</param>
        public static AccessList Compile(string name, IReadOnlyList<string> segments, AclScope scope, PacketSet loggedAllows, PacketSet loggedDenies,
            Func<long> naive, IReadOnlyList<HeaderCube>? candidates = null, bool grouped = false, IReadOnlyList<PacketSet>? countedDenies = null,
            PacketSet? quarantineDenies = null, IReadOnlyList<PacketSet>? countedAllows = null)
        {
            var plain = CompileOnce(name, segments, scope, loggedAllows, loggedDenies, naive, candidates, grouped, countedDenies, null, countedAllows);
            if (quarantineDenies == null || quarantineDenies.IsEmpty) return plain;
            // Wide quarantine denies usually keep the list short; where they do not (another layout gives way), the carve wins.
            var wide = CompileOnce(name, segments, scope, loggedAllows, loggedDenies, naive, candidates, grouped, countedDenies, quarantineDenies, countedAllows);
            return (wide.Counts.Expanded, wide.Counts.Grouped).CompareTo((plain.Counts.Expanded, plain.Counts.Grouped)) < 0 ? wide : plain;
        }

        private static AccessList CompileOnce(string name, IReadOnlyList<string> segments, AclScope scope, PacketSet loggedAllows, PacketSet loggedDenies,
            Func<long> naive, IReadOnlyList<HeaderCube>? candidates, bool grouped, IReadOnlyList<PacketSet>? countedDenies, PacketSet? quarantineDenies,
            IReadOnlyList<PacketSet>? countedAllows)
        {
            // Equal address sets of different cubes share one prefix list, and each set's holes are worked out once, for the
            // time of this compilation (a zone's addresses recur in hundreds of cubes, under different diagram nodes).
            return InScope(() => CompileScoped(name, segments, scope, loggedAllows, loggedDenies, naive, candidates, grouped, countedDenies, quarantineDenies, countedAllows));
        }

        /// <summary>Runs one compilation with its tables of canonical sets, holes and prefix counts (unless one is running already).</summary>
        private static T InScope<T>(Func<T> compile)
        {
            bool scoped = t_canonical == null;
            if (scoped)
            {
                t_canonical = new Dictionary<RangeSet, AddressRangeSet>();
                t_holes = new Dictionary<RangeSet, AddressRangeSet>();
                t_counts = new Dictionary<RangeSet, long>();
                t_gapCounts = new Dictionary<RangeSet, long>();
            }
            try
            {
                return compile();
            }
            finally
            {
                if (scoped)
                {
                    t_canonical = null;
                    t_holes = null;
                    t_counts = null;
                    t_gapCounts = null;
                }
            }
        }

        [ThreadStatic] private static Dictionary<RangeSet, AddressRangeSet>? t_canonical;
        [ThreadStatic] private static Dictionary<RangeSet, AddressRangeSet>? t_holes;

        // The prefix counts of the IPv4 sets of this compilation, and of their holes: layouts and covers weigh every cube by
        // them, and a zone's addresses (or the internet's thousands of ranges) recur in hundreds of cubes.
        [ThreadStatic] private static Dictionary<RangeSet, long>? t_counts;
        [ThreadStatic] private static Dictionary<RangeSet, long>? t_gapCounts;

        /// <summary>Below this many ranges a set's prefixes are counted again rather than looked up.</summary>
        private const int CountedRanges = 8;

        /// <summary>The number of prefixes covering <paramref name="set"/> (an IPv4 set), from this compilation's table where it is large.</summary>
        private static long CountedPrefixes(AddressRangeSet set)
        {
            var table = t_counts;
            if (table == null || set.Core.Items.Length < CountedRanges) return set.CountPrefixes();
            if (!table.TryGetValue(set.Core, out var known)) table[set.Core] = known = set.CountPrefixes();
            return known;
        }

        /// <summary>The number of prefixes covering the addresses of <paramref name="space"/> outside <paramref name="set"/> (IPv4),
        /// from this compilation's table where the set is large (the table holds the IPv4 space's gaps only).</summary>
        private static long CountedGaps(AddressRangeSet set, AddressRangeSet space)
        {
            var table = t_gapCounts;
            if (table == null || set.Core.Items.Length < CountedRanges || !ReferenceEquals(space, PacketSpace.IPv4)) return set.CountPrefixesOfGaps(space);
            if (!table.TryGetValue(set.Core, out var known)) table[set.Core] = known = set.CountPrefixesOfGaps(space);
            return known;
        }

        /// <summary>The first set seen equal to <paramref name="set"/> in this compilation (the set itself outside one).</summary>
        private static AddressRangeSet Canonical(AddressRangeSet set)
        {
            var canonical = t_canonical;
            if (canonical == null) return set;
            if (canonical.TryGetValue(set.Core, out var known)) return known;
            canonical.Add(set.Core, set);
            return set;
        }

        /// <summary>The family's addresses outside <paramref name="set"/>, the same instance for equal sets in one compilation.</summary>
        private static AddressRangeSet Holes(AddressRangeSet space, AddressRangeSet set)
        {
            var holes = t_holes;
            if (holes == null) return space.Except(set);
            if (!holes.TryGetValue(set.Core, out var known)) holes.Add(set.Core, known = Canonical(space.Except(set)));
            return known;
        }

        private static AccessList CompileScoped(string name, IReadOnlyList<string> segments, AclScope scope, PacketSet loggedAllows, PacketSet loggedDenies,
            Func<long> naive, IReadOnlyList<HeaderCube>? candidates, bool grouped, IReadOnlyList<PacketSet>? countedDenies, PacketSet? quarantineDenies,
            IReadOnlyList<PacketSet>? countedAllows)
        {
            candidates ??= Array.Empty<HeaderCube>();
            var pool = new CandidateCubes(candidates);
            var family = scope.Family;
            bool returnsPartitioned = true;
            var returnCubes = Cover(scope.Replies, pool, ref returnsPartitioned);
            var returnsLaidOut = new List<(HeaderCube Cube, List<HeaderCube> Denies)>();
            var (plainReturns, returnBlocks) = Returns(returnCubes, family, exceptions: true, grouped, returnsLaidOut);
            // A quarantine's denies come first, each as wide as it can be ("deny any host X"), not carved around the host.
            var quarantineCubes = quarantineDenies == null ? new List<HeaderCube>() : Widen(quarantineDenies.Except(scope.Forward), scope.Forward, family);
            var quarantined = PacketSet.FromCubes(quarantineCubes);
            var loggedDenyEntries = quarantineCubes.SelectMany(c => FromCube(AclAction.Deny, c, log: true)).ToList();
            // Each counted deny's drops first, flow by flow in file order (logged where its flow logs), then the other logged drops.
            // The policy's allowed packets are what its allows admit less its denies, so its logged denies rarely meet what the ACL
            // forwards: asking whether they do costs less than taking one set from the other, which then is not needed.
            var denyRest = (loggedDenies.Overlaps(scope.Forward) ? loggedDenies.Except(scope.Forward) : loggedDenies).Except(quarantined);
            var countedRest = PacketSet.Empty;
            foreach (var counted in countedDenies ?? Array.Empty<PacketSet>())
            {
                var part = counted.Except(scope.Forward).Except(quarantined).Except(countedRest);
                if (part.IsEmpty) continue;
                loggedDenyEntries.AddRange(part.Intersect(loggedDenies).Cubes.SelectMany(c => FromCube(AclAction.Deny, c, log: true)));
                loggedDenyEntries.AddRange(part.Except(loggedDenies).Cubes.SelectMany(c => FromCube(AclAction.Deny, c, log: false)));
                countedRest = countedRest.Union(part);
            }
            loggedDenyEntries.AddRange(denyRest.Except(countedRest).Cubes.SelectMany(c => FromCube(AclAction.Deny, c, log: true)));
            // Those denies come before every permit, so the permits may also cover what they drop: a flow a quarantine cuts a
            // host out of keeps its own entries instead of being split around the host.
            var permitted = scope.Forward;
            if (!quarantined.IsEmpty && candidates.Count > 0)
                permitted = permitted.Union(quarantined.Intersect(PacketSet.FromCubes(candidates)));
            // A counted flow's packets are permitted by entries of their own, flow by flow in file order, so that each entry's
            // counter counts one flow's packets; the rest after them.
            var permits = new List<(HeaderCube Cube, bool Log)>();
            // Whether every permit cube comes from a diagram's partition of disjoint parts (no flow's own cube was chosen).
            bool partitioned = true;
            var rest = permitted;
            foreach (var counted in countedAllows ?? Array.Empty<PacketSet>())
            {
                var part = rest.Intersect(counted);
                if (part.IsEmpty) continue;
                permits.AddRange(Cover(part.Intersect(loggedAllows), pool, ref partitioned).Select(c => (Cube: c, Log: true)));
                permits.AddRange(Cover(part.Except(loggedAllows), pool, ref partitioned).Select(c => (Cube: c, Log: false)));
                rest = rest.Except(part);
            }
            permits.AddRange(Cover(rest.Intersect(loggedAllows), pool, ref partitioned).Select(c => (Cube: c, Log: true)));
            permits.AddRange(Cover(rest.Except(loggedAllows), pool, ref partitioned).Select(c => (Cube: c, Log: false)));
            var laidOut = new List<(HeaderCube Cube, List<HeaderCube> Denies)>();
            var permitEntries = Permits(permits, family, exceptions: true, grouped, out var layouts, laidOut);

            // Return entries first, then logged denies, permits, the return entries' hole blocks, and the final deny. The
            // hole blocks deny replies to the holes (with established or a source port), so they go after the permits:
            // there they never cut into later packets of a connection the segments opened, whatever its ports.
            List<AclEntry> Assemble(List<AclEntry> returns, List<AclEntry> blocks, List<AclEntry> permitted)
            {
                var list = new List<AclEntry>(returns);
                list.AddRange(loggedDenyEntries);
                list.AddRange(permitted);
                list.AddRange(blocks);
                list.Add(new AclEntry(AclAction.Deny, null, null, null));
                return list;
            }
            var entries = Assemble(plainReturns, returnBlocks, permitEntries);
            // Only an exception block's denies can cut into a permit after it, and every block follows the plain permits: with
            // one block at most, the list permits exactly what the cubes hold (the denies in front drop nothing forward), so
            // the check is for two blocks or more.
            // Blocks none of whose denies meets a later block's cube cut nothing from one another, and the list is exact without
            // reading it back: the denies in front of the permits drop nothing forward, and a block's permit adds nothing beyond
            // its cube. Where one does meet a later cube and the cubes are a partition (disjoint: no earlier permit takes those
            // packets first), the later block loses them, and the list is known wrong without reading it back either.
            bool? independent = layouts > 1 && quarantined.IsEmpty ? Independent(laidOut) : null;
            if (layouts > 1 && independent != true
                && ((independent == false && partitioned) || !AclSemantics.Forward(entries, family).Equals(scope.Forward)))
            {
                // An exception block shadowed another one: lay the permits out plainly instead.
                permitEntries = Permits(permits, family, exceptions: false, grouped: false, out _);
                entries = Assemble(plainReturns, returnBlocks, permitEntries);
            }
            // The return entries must admit exactly the replies, and no entry in front of a hole block may drop a reply the
            // block is there to admit; otherwise the return entries are laid out plainly.
            // The same reasoning for the hole blocks of the return entries, which the return entries alone decide (independent
            // blocks: the return entries admit exactly the replies, and only what stands in front of them is read back); and
            // where no entry in front of them denies, nothing in front drops a reply they admit either.
            bool? returnsIndependent = returnBlocks.Count > 0 ? Independent(returnsLaidOut) : null;
            bool permitsInFront = loggedDenyEntries.Count == 0 && permitEntries.TrueForAll(e => e.Action == AclAction.Permit);
            if (returnBlocks.Count > 0 && !(returnsIndependent == true && permitsInFront)
                && ((returnsIndependent == false && returnsPartitioned)
                    || !((returnsIndependent == true || AclSemantics.Replies(entries, family).Equals(scope.Replies)) && AclSemantics.RepliesPass(entries, family, scope.Replies))))
            {
                var (allPlain, _) = Returns(returnCubes, family, exceptions: false);
                entries = Assemble(allPlain, new List<AclEntry>(), permitEntries);
            }
            long expanded = entries.Sum(e => (long)Count(e.Sources) * Count(e.Destinations) * Count(e.SourcePorts) * Count(e.DestinationPorts));
            return new AccessList(name, scope.Family, segments, entries, new AclCounts(entries.Count, (int)Math.Min(int.MaxValue, expanded), naive));
        }

        /// <summary>
        /// The cubes of denies that go before every permit, each widened to any source or destination of the family where that
        /// drops nothing the ACL must let through: "deny any host X" rather than a deny from every prefix around X (the cube
        /// leaves X out as a source only because a host's packets to itself never cross the switch). Cubes another covers go.
        /// </summary>
        private static List<HeaderCube> Widen(PacketSet denied, PacketSet forward, AclFamily family)
        {
            var all = family == AclFamily.IPv4 ? PacketSpace.IPv4 : AddressRangeSet.All.Except(PacketSpace.IPv4);
            var widened = new List<HeaderCube>();
            bool Free(HeaderCube c) => PacketSet.FromCube(c).Intersect(forward).IsEmpty;
            HeaderCube WithSrc(HeaderCube c, AddressRangeSet src) => new HeaderCube(src, c.Dst, c.Protocols, c.DstPorts, c.IcmpTypes, c.IcmpCodes, c.SrcPorts);
            HeaderCube WithDst(HeaderCube c, AddressRangeSet dst) => new HeaderCube(c.Src, dst, c.Protocols, c.DstPorts, c.IcmpTypes, c.IcmpCodes, c.SrcPorts);
            HeaderCube Both(HeaderCube c)
            {
                if (Free(WithSrc(c, all))) c = WithSrc(c, all);
                if (Free(WithDst(c, all))) c = WithDst(c, all);
                return c;
            }
            foreach (var c in denied.Cubes)
            {
                // The cube as a whole, or split by its destination (or source) prefixes, each part widened on the other side:
                // the diagram merges a host's deny with others that share its sources, which no longer widen together.
                var options = new List<List<HeaderCube>> { new List<HeaderCube> { Both(c) } };
                var dsts = c.Dst.ToPrefixes();
                if (dsts.Count > 1 && dsts.Count <= 64)
                    options.Add(dsts.Select(d => Both(WithDst(c, AddressRangeSet.FromPrefix(d).Intersect(c.Dst)))).ToList());
                var srcs = c.Src.ToPrefixes();
                if (srcs.Count > 1 && srcs.Count <= 64)
                    options.Add(srcs.Select(x => Both(WithSrc(c, AddressRangeSet.FromPrefix(x).Intersect(c.Src)))).ToList());
                foreach (var w in options.OrderBy(o => Cost(o)).First())
                    if (!widened.Contains(w)) widened.Add(w);
            }
            var sets = widened.Select(PacketSet.FromCube).ToList();
            var kept = new List<HeaderCube>();
            for (int i = 0; i < widened.Count; i++)
            {
                bool covered = false;
                for (int j = 0; j < widened.Count && !covered; j++)
                    covered = j != i && sets[i].IsSubsetOf(sets[j]) && (!sets[j].IsSubsetOf(sets[i]) || j < i);
                if (!covered) kept.Add(widened[i]);
            }
            return kept;
        }

        /// <summary>
        /// Permit entries for the cubes. With <paramref name="exceptions"/>, a cube whose sources or destinations are nearly
        /// a whole family (the internet: everything but our own prefixes) is written as denies of the few holes followed by
        /// one permit of any there, after every plain permit, which is far shorter than covering the rest with prefixes. The
        /// caller checks the result against the exact set, since one block's denies could shadow another block's permit.
        /// </summary>
        /// <param name="laidOut">Where given, each exception block's cube and the cubes of its denies, in order.</param>
        private static List<AclEntry> Permits(List<(HeaderCube Cube, bool Log)> cubes, AclFamily family, bool exceptions, bool grouped, out int layouts,
            List<(HeaderCube Cube, List<HeaderCube> Denies)>? laidOut = null)
        {
            var plain = new List<AclEntry>();
            var blocks = new List<AclEntry>();
            layouts = 0;
            foreach (var (cube, log) in cubes)
            {
                var layout = exceptions ? Layout(cube, family, grouped) : null;
                if (layout == null) { plain.AddRange(FromCube(AclAction.Permit, cube, log)); continue; }
                layouts++;
                laidOut?.Add((cube, layout.Where(p => p.Action == AclAction.Deny).Select(p => p.Cube).ToList()));
                foreach (var (action, part) in layout) blocks.AddRange(FromCube(action, part, action == AclAction.Permit && log));
            }
            plain.AddRange(blocks);
            return plain;
        }

        /// <summary>
        /// Whether no deny of an exception block meets the cube of a block after it (cube against cube, no diagrams); null when
        /// there are too many pairs to compare (the caller then reads the list back, as it would have anyway).
        /// </summary>
        private static bool? Independent(List<(HeaderCube Cube, List<HeaderCube> Denies)> blocks)
        {
            const long MostComparisons = 16_000_000;
            long pairs = 0;
            foreach (var b in blocks) pairs += b.Denies.Count;
            if (pairs * blocks.Count / 2 > MostComparisons) return null;
            for (int j = 1; j < blocks.Count; j++)
            {
                var cube = blocks[j].Cube;
                for (int i = 0; i < j; i++)
                    foreach (var deny in blocks[i].Denies)
                        if (deny.Overlaps(cube)) return false;
            }
            return true;
        }

        /// <summary>
        /// Return entries for flows into the segments (cubes in forward coordinates): the reply goes from the cube's
        /// destination, from the flow's port, back to its source. With <paramref name="exceptions"/>, replies to nearly a
        /// whole family become a block of denies of the holes and one return entry to any, which the caller places after
        /// the permits; denies with <c>established</c> or a source port never match the first packet of a flow, so they
        /// leave the forward set alone.
        /// </summary>
        /// <param name="laidOut">Where given, each hole block's cube and the cubes of its denies, in order.</param>
        private static (List<AclEntry> Plain, List<AclEntry> Blocks) Returns(IReadOnlyList<HeaderCube> cubes, AclFamily family, bool exceptions, bool grouped = false,
            List<(HeaderCube Cube, List<HeaderCube> Denies)>? laidOut = null)
        {
            var plain = new List<AclEntry>();
            var blocks = new List<AclEntry>();
            foreach (var cube in cubes)
            {
                var layout = exceptions ? Layout(cube, family, grouped) : null;
                if (layout == null) { plain.AddRange(ReturnEntries(AclAction.Permit, cube)); continue; }
                laidOut?.Add((cube, layout.Where(p => p.Action == AclAction.Deny).Select(p => p.Cube).ToList()));
                foreach (var (action, part) in layout) blocks.AddRange(ReturnEntries(action, part));
            }
            return (plain, blocks);
        }

        private static IEnumerable<AclEntry> ReturnEntries(AclAction action, HeaderCube cube)
        {
            // The reply comes from the flow's destination port and goes to its source port (named only by flows that name it).
            var sports = cube.DstPorts.IsFull ? null : cube.DstPorts.Ranges;
            var dports = cube.SrcPorts.IsFull ? null : cube.SrcPorts.Ranges;
            foreach (var protocol in Values(cube.Protocols))
                yield return new AclEntry(action, (int)protocol, Prefixes(cube.Dst), Prefixes(cube.Src), sourcePorts: sports, destinationPorts: dports,
                    established: protocol == ServiceMatch.Tcp);
        }

        /// <summary>
        /// The cube as denies of holes and one permit, when a side (or both) is nearly a whole family and that needs fewer
        /// prefix pairs than covering the cube; null when the plain cube is the shorter. The parts, in order, match exactly
        /// the cube under first-match (within the family).
        /// </summary>
        private static List<(AclAction Action, HeaderCube Cube)>? Layout(HeaderCube cube, AclFamily family, bool grouped)
        {
            var space = AclSemantics.Space(family);
            long s = PrefixCount(cube.Src, out bool srcAny), d = PrefixCount(cube.Dst, out bool dstAny);
            if (s * d <= 8) return null;
            long hs = srcAny ? -1 : HoleCount(cube.Src, space, family);
            long hd = dstAny ? -1 : HoleCount(cube.Dst, space, family);
            // Costs in prefix pairs (in group members when grouped): the plain cube, holes on the destination side, on the
            // source side, on both.
            long best = grouped ? s + d : s * d;
            int choice = 0;
            long cost1 = grouped ? 2 * s + hd : s * (hd + 1), cost2 = grouped ? hs + 2 * d : (hs + 1) * d, cost3 = hs + hd + 1;
            if (hd > 0 && cost1 < best) { best = cost1; choice = 1; }
            if (hs > 0 && cost2 < best) { best = cost2; choice = 2; }
            if (hs > 0 && hd > 0 && cost3 < best) { choice = 3; }
            if (choice == 0) return null;
            // The holes are built only for the layout chosen.
            var srcHoles = choice >= 2 ? Holes(space, cube.Src) : null;
            var dstHoles = choice != 2 ? Holes(space, cube.Dst) : null;
            HeaderCube With(AddressRangeSet a, AddressRangeSet b) => new HeaderCube(a, b, cube.Protocols, cube.DstPorts, cube.IcmpTypes, cube.IcmpCodes, cube.SrcPorts);
            var parts = new List<(AclAction, HeaderCube)>();
            switch (choice)
            {
                case 1:
                    parts.Add((AclAction.Deny, With(cube.Src, dstHoles!)));
                    parts.Add((AclAction.Permit, With(cube.Src, space)));
                    break;
                case 2:
                    parts.Add((AclAction.Deny, With(srcHoles!, cube.Dst)));
                    parts.Add((AclAction.Permit, With(space, cube.Dst)));
                    break;
                default:
                    parts.Add((AclAction.Deny, With(srcHoles!, space)));
                    parts.Add((AclAction.Deny, With(space, dstHoles!)));
                    parts.Add((AclAction.Permit, With(space, space)));
                    break;
            }
            return parts;
        }

        /// <summary>
        /// The number of prefixes covering the family's addresses outside <paramref name="set"/> (-1 when there are none): the
        /// length of <see cref="Prefixes"/> of those holes. An IPv4 list is the plain cover, counted without building the holes;
        /// an IPv6 one may be widened by the IPv4-mapped block, so it is built.
        /// </summary>
        private static long HoleCount(AddressRangeSet set, AddressRangeSet space, AclFamily family)
        {
            if (family == AclFamily.IPv4)
            {
                long n = CountedGaps(Canonical(set), space);
                return n == 0 ? -1 : n;
            }
            var holes = Holes(space, set);
            return holes.IsEmpty ? -1 : Count(Prefixes(holes));
        }

        /// <summary>A permit-only list of exactly these packets (classification for marking and policing).</summary>
        public static AccessList CompileMatch(string name, IReadOnlyList<string> segments, AclFamily family, PacketSet packets)
        {
            // Denies in a classification list mean "not matched", so the exception layout works here too.
            var cubes = packets.Cubes.Select(c => (Cube: c, Log: false)).ToList();
            var entries = InScope(() =>
            {
                var laidOut = Permits(cubes, family, exceptions: true, grouped: false, out var layouts);
                return layouts > 1 && !AclSemantics.Forward(laidOut, family).Equals(packets) ? Permits(cubes, family, exceptions: false, grouped: false, out _) : laidOut;
            });
            long expanded = entries.Sum(e => (long)Count(e.Sources) * Count(e.Destinations) * Count(e.SourcePorts) * Count(e.DestinationPorts));
            return new AccessList(name, family, segments, entries, new AclCounts(entries.Count, (int)Math.Min(int.MaxValue, expanded), expanded));
        }

        private static int Count<T>(IReadOnlyList<T>? list) => list?.Count ?? 1;

        /// <summary>
        /// Cubes whose union is exactly <paramref name="set"/>: the diagram's partition, or the candidates inside the set
        /// plus a partition of what they leave, whichever needs fewer expanded entries. Permits may overlap.
        /// </summary>
        /// <param name="partitioned">Cleared when the result is not the partition (its cubes may then overlap).</param>
        private static IReadOnlyList<HeaderCube> Cover(PacketSet set, CandidateCubes candidates, ref bool partitioned)
        {
            var partition = set.Cubes.ToList();
            if (set.IsEmpty || candidates.Count == 0) return partition;
            // The cover costs at least what its chosen candidates cost: once they cost as much as the partition, the partition
            // stands, and neither the other candidates nor the union of the chosen ones (the costly part) are needed.
            long partitionCost = Cost(partition), chosenCost = 0;
            var chosen = new List<HeaderCube>();
            for (int i = 0; i < candidates.Count; i++)
                if (candidates.SetOf(i).IsSubsetOf(set))
                {
                    var c = candidates[i];
                    chosen.Add(c);
                    chosenCost += Cost(c);
                    if (chosenCost >= partitionCost) return partition;
                }
            if (chosen.Count == 0) return partition;
            var cover = chosen.Concat(set.Except(PacketSet.FromCubes(chosen)).Cubes).ToList();
            if (Cost(cover) >= partitionCost) return partition;
            partitioned = false;
            return cover;
        }

        /// <summary>
        /// The candidates of one compilation, each once (first occurrence, empty ones left out), with each one's packet set made
        /// when first asked for: the returns and every group of permits are covered from the same candidates.
        /// </summary>
        private sealed class CandidateCubes
        {
            private readonly List<HeaderCube> _cubes = new List<HeaderCube>();
            private readonly PacketSet?[] _sets;

            public CandidateCubes(IReadOnlyList<HeaderCube> candidates)
            {
                if (candidates.Count > 0)
                {
                    var seen = new HashSet<HeaderCube>();
                    foreach (var c in candidates)
                        if (!c.IsEmpty && seen.Add(c)) _cubes.Add(c);
                }
                _sets = _cubes.Count == 0 ? Array.Empty<PacketSet?>() : new PacketSet?[_cubes.Count];
            }

            public int Count => _cubes.Count;

            public HeaderCube this[int index] => _cubes[index];

            public PacketSet SetOf(int index) => _sets[index] ??= PacketSet.FromCube(_cubes[index]);
        }

        private static long Cost(IEnumerable<HeaderCube> cubes)
        {
            long cost = 0;
            foreach (var c in cubes) cost += Cost(c);
            return cost;
        }

        /// <summary>A cube's entries when written plainly: prefix pairs times port ranges times protocols.</summary>
        private static long Cost(HeaderCube c) =>
            PrefixCount(c.Src, out _) * PrefixCount(c.Dst, out _) * (c.DstPorts.IsFull ? 1 : c.DstPorts.Ranges.Count) * (c.SrcPorts.IsFull ? 1 : c.SrcPorts.Ranges.Count)
            * (c.Protocols.IsFull ? 1 : (long)c.Protocols.Count);

        /// <summary>
        /// The length of <see cref="Prefixes"/> of a set (1 where that is "any", <paramref name="any"/> then set), without listing
        /// the prefixes of an IPv4 set: layouts and covers are compared by their counts, and most of them are not written.
        /// </summary>
        private static long PrefixCount(AddressRangeSet set, out bool any)
        {
            set = Canonical(set);
            if (s_covers.TryGetValue(set.Core, out var known))
            {
                any = known.Value == null;
                return Count(known.Value);
            }
            var items = set.Core.Items;
            if (items.Length == 0 || (items[0].First >= IpAddress128.IPv4First && items[items.Length - 1].Last <= IpAddress128.IPv4Last))
            {
                any = set.Equals(PacketSpace.IPv4);
                return any ? 1 : CountedPrefixes(set);
            }
            var cover = Prefixes(set);
            any = cover == null;
            return Count(cover);
        }

        private static IEnumerable<AclEntry> FromCube(AclAction action, HeaderCube cube, bool log)
        {
            var src = Prefixes(cube.Src);
            var dst = Prefixes(cube.Dst);
            if (cube.Protocols.IsFull && cube.DstPorts.IsFull && cube.IcmpTypes.IsFull && cube.IcmpCodes.IsFull && cube.SrcPorts.IsFull)
            {
                yield return new AclEntry(action, null, src, dst, log: log);
                yield break;
            }
            foreach (var p in Values(cube.Protocols))
            {
                int protocol = (int)p;
                bool ports = protocol == ServiceMatch.Tcp || protocol == ServiceMatch.Udp || protocol == ServiceMatch.Sctp;
                bool icmp = protocol == ServiceMatch.Icmp || protocol == ServiceMatch.Icmpv6;
                if ((!ports && !(cube.DstPorts.IsFull && cube.SrcPorts.IsFull)) || (!icmp && !(cube.IcmpTypes.IsFull && cube.IcmpCodes.IsFull)))
                    throw new InvalidOperationException("A packet set constrains a field protocol " + protocol + " does not have: " + cube);
                if (ports)
                {
                    var sourcePorts = cube.SrcPorts.IsFull ? null : cube.SrcPorts.Ranges;
                    // A UDP or SCTP entry with a source port and no destination port reads as a return entry: one that names
                    // the source port of a flow to every port writes the whole range, so it stays a flow's own.
                    var destinationPorts = !cube.DstPorts.IsFull ? cube.DstPorts.Ranges
                        : sourcePorts != null && protocol != ServiceMatch.Tcp ? EveryPort : null;
                    yield return new AclEntry(action, protocol, src, dst, sourcePorts: sourcePorts, destinationPorts: destinationPorts, log: log);
                    continue;
                }
                if (!icmp || (cube.IcmpTypes.IsFull && cube.IcmpCodes.IsFull))
                {
                    yield return new AclEntry(action, protocol, src, dst, log: log);
                    continue;
                }
                foreach (var type in Values(cube.IcmpTypes))
                {
                    if (cube.IcmpCodes.IsFull) yield return new AclEntry(action, protocol, src, dst, icmpType: (int)type, log: log);
                    else
                        foreach (var code in Values(cube.IcmpCodes))
                            yield return new AclEntry(action, protocol, src, dst, icmpType: (int)type, icmpCode: (int)code, log: log);
                }
            }
        }

        private static readonly IReadOnlyList<Interval> EveryPort = new[] { new Interval(0, IntervalSet.PortMax) };

        private static IEnumerable<ulong> Values(IntervalSet set)
        {
            foreach (var r in set.Ranges)
                for (ulong v = r.Start; v <= r.End; v++) yield return v;
        }

        private sealed class PrefixCover
        {
            public PrefixCover(IReadOnlyList<IpPrefix>? value) => Value = value;
            public IReadOnlyList<IpPrefix>? Value { get; }
        }

        // Covers of the sets the diagrams share (the internet's complement recurs in every list that touches it), kept
        // as long as the set itself is alive.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RangeSet, PrefixCover> s_covers =
            new System.Runtime.CompilerServices.ConditionalWeakTable<RangeSet, PrefixCover>();

        /// <summary>The fewest prefixes covering a set; null when the set is a whole family (written "any").</summary>
        private static IReadOnlyList<IpPrefix>? Prefixes(AddressRangeSet set)
        {
            set = Canonical(set);
            // A known cover is read without making the computation's closure (asked for every cube of every list; the closure
            // lives in a method of its own, since C# makes it where the captured parameter is).
            return s_covers.TryGetValue(set.Core, out var known) ? known.Value : MemoPrefixes(set);
        }

        private static IReadOnlyList<IpPrefix>? MemoPrefixes(AddressRangeSet set) => s_covers.GetValue(set.Core, _ => new PrefixCover(ComputePrefixes(set))).Value;

        // The addresses of each cover Prefixes returned (the set, or the set with the IPv4-mapped block where the cover is
        // widened): reading an entry back (AclSemantics) then needs no union of its prefixes.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<IpPrefix>, AddressRangeSet> s_coverSets =
            new System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<IpPrefix>, AddressRangeSet>();

        /// <summary>The addresses of a prefix list this compiler wrote (exactly what its prefixes cover); null for any other list.</summary>
        internal static AddressRangeSet? CoveredBy(IReadOnlyList<IpPrefix> prefixes) => s_coverSets.TryGetValue(prefixes, out var set) ? set : null;

        private static IReadOnlyList<IpPrefix>? ComputePrefixes(AddressRangeSet set)
        {
            if (set.Equals(PacketSpace.IPv4)) return null;
            // An IPv6 list never matches IPv4 packets, so the IPv4-mapped block may be added freely: it keeps the
            // cover of "every IPv6 address but ours" small instead of routing around ::ffff:0:0/96.
            if (set.IsSubsetOf(PacketSpace.IPv4)) return Remember(set.ToPrefixes(), set);
            var widened = set.Union(PacketSpace.IPv4);
            if (widened.IsFull) return null;
            // Both covers are counted first and only the one kept is listed: the widened one where it is the shorter.
            if (widened.CountPrefixes() < set.CountPrefixes())
            {
                var cover = widened.ToPrefixes();
                if (!cover.Any(p => p.IsIPv4)) return Remember(cover, widened);
            }
            return Remember(set.ToPrefixes(), set);
        }

        private static IReadOnlyList<IpPrefix> Remember(IReadOnlyList<IpPrefix> cover, AddressRangeSet set)
        {
            // The cover is a new list (ToPrefixes makes one each time): nothing is kept for it yet.
            s_coverSets.Add(cover, set);
            return cover;
        }

        /// <summary>
        /// The naive translation's entry count: each flow that applies to the scope, written on its own, one entry per
        /// source prefix × destination prefix × port range of each service (and one more of each for the reply of a flow
        /// into the segments), nothing merged, plus the final deny.
        /// </summary>
        /// <param name="flows">The flows that may touch the segments (others contribute nothing).</param>
        /// <param name="mine">The segments' addresses of the family.</param>
        public static long NaiveCount(TargetContext context, IEnumerable<FlowRule> flows, AddressRangeSet mine, AclFamily family)
        {
            var space = AclSemantics.Space(family);
            long count = 1;
            int Prefixes(Endpoint e) => context.Addresses.Memo("fabric-prefix-count:" + e + ":" + family, () => new object[] { context.Addresses.Of(e).Intersect(space).CountPrefixes() }) is object[] o ? (int)o[0] : 0;
            foreach (var flow in flows)
            {
                var src = context.Addresses.Of(flow.Source).Intersect(space);
                var dst = context.Addresses.Of(flow.Destination).Intersect(space);
                long services = flow.Services.Where(s => family == AclFamily.IPv4 ? s.AppliesToIPv4 : s.AppliesToIPv6).Sum(s => (long)(s.Ports?.Count ?? 1));
                if (services == 0 || src.IsEmpty || dst.IsEmpty) continue;
                var fromMine = src.Intersect(mine);
                if (!fromMine.IsEmpty) count += fromMine.CountPrefixes() * (long)Prefixes(flow.Destination) * services;
                var toMine = dst.Intersect(mine);
                if (flow.Action == FlowAction.Allow && !toMine.IsEmpty) count += toMine.CountPrefixes() * (long)Prefixes(flow.Source) * services;
            }
            return count;
        }
    }
}
