using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// An ordered, first-match ACL for one address family, applied inbound on the interfaces that carry
    /// <see cref="Segments"/>. It ends with an explicit deny of everything else.
    /// </summary>
    public sealed class AccessList(
        string name, AclFamily family, IReadOnlyList<string> segments, IReadOnlyList<AclEntry> entries,
        AclCounts counts)
    {
        /// <summary>Already safe for every fabric platform: letters, digits, '_', '-' and '.'.</summary>
        public string Name { get; } = name;
        public AclFamily Family { get; } = family;

        /// <summary>Qualified names of the segments whose traffic the ACL filters (zone.segment).</summary>
        public IReadOnlyList<string> Segments { get; } = segments;

        /// <summary>Entries in order; the trailing deny-all is included.</summary>
        public IReadOnlyList<AclEntry> Entries { get; } = entries;
        public AclCounts Counts { get; } = counts;

        /// <summary>Entries with one value per field, for platforms without object-groups. Each is named and counted after the
        /// flows whose packets it matches itself (see <see cref="AclEntry.Parts"/>).</summary>
        public IReadOnlyList<AclEntry> Expand() => Entries.SelectMany(e => ExpandEntry(e, Family)).ToList();

        private static IEnumerable<AclEntry> ExpandEntry(AclEntry e, AclFamily family)
        {
            foreach (var s in Singles(e.Sources))
                foreach (var d in Singles(e.Destinations))
                    foreach (var sp in Singles(e.SourcePorts))
                        foreach (var dp in Singles(e.DestinationPorts))
                        {
                            var piece = e.With(s, d, sp, dp);
                            yield return e.Parts == null ? piece : Named(piece, e.Parts, family);
                        }
        }

        private static AclEntry Named(AclEntry piece, IReadOnlyList<AclFlowPart> parts, AclFamily family)
        {
            bool replies = piece.IsReturn || piece.NamedForReplies;
            var match = replies ? AclSemantics.AnsweredBy(piece, family) : AclSemantics.Match(piece, family);
            List<string>? names = null;
            bool counted = false;
            string? countedFlow = null;
            foreach (var part in parts)
            {
                if (!part.Packets.Overlaps(match)) continue;
                if (part.Name != null) (names ??= new List<string>()).Add(part.Name);
                counted |= part.Counted;
                if (part.Counted && countedFlow == null) countedFlow = part.Name;
            }
            return piece.Annotated(names, counted && !piece.IsReturn, parts: null, piece.NamedForReplies && names != null, piece.DefaultDeny, countedFlow);
        }

        private static IEnumerable<IReadOnlyList<T>?> Singles<T>(IReadOnlyList<T>? values)
        {
            if (values == null) { yield return null; yield break; }
            foreach (var v in values) yield return new[] { v };
        }
    }

    /// <summary>Entry counts of one ACL: as emitted with object-groups, expanded one value per entry, and the naive expansion.</summary>
    public sealed class AclCounts
    {
        private readonly Lazy<long> _naive;

        public AclCounts(int grouped, int expanded, long naive) : this(grouped, expanded, () => naive) { }

        /// <param name="naive">Computed on first use: only reports read it, and on a large policy it costs as much as the list.</param>
        public AclCounts(int grouped, int expanded, Func<long> naive)
        {
            Grouped = grouped;
            Expanded = expanded;
            _naive = new Lazy<long>(naive, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>Entries when sources, destinations and ports are object-groups (one entry per protocol/type).</summary>
        public int Grouped { get; }

        /// <summary>Entries with one prefix and one port range each, after merging adjacent prefixes and ranges.</summary>
        public int Expanded { get; }

        /// <summary>
        /// Entries of the naive translation: every flow (and its reply) written on its own, one entry per written
        /// source prefix × destination prefix × service port range, nothing merged, no object-groups.
        /// </summary>
        public long Naive => _naive.Value;
    }
}
