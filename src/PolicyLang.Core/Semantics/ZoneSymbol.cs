using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    /// <summary>A zone, or an external zone (a catch-all such as the internet).</summary>
    public sealed class ZoneSymbol(
        string name, bool isExternal, SourceLocation location, DeclarationSyntax declaration)
        : Symbol(SymbolKind.Zone, name, location, declaration)
    {
        public bool IsExternal { get; } = isExternal;
        public IReadOnlyDictionary<string, string> Labels { get; internal set; } = new SortedDictionary<string, string>();
        public IReadOnlyList<SegmentSymbol> Segments { get; internal set; } = new List<SegmentSymbol>();

        /// <summary>Prefixes given on the zone itself rather than on a segment.</summary>
        public IReadOnlyList<Located<IpPrefix>> Subnets { get; internal set; } = new List<Located<IpPrefix>>();
        public string? Description { get; internal set; }

        /// <summary>Whether the zone writes any subnet (which may still resolve to nothing after an error).</summary>
        public bool DeclaresSubnets { get; internal set; }

        /// <summary>Every prefix written for the zone: its own and its segments'.</summary>
        public IEnumerable<IpPrefix> AllPrefixes => Subnets.Select(s => s.Value).Concat(Segments.SelectMany(s => s.Prefixes.Select(p => p.Value)));

        public SegmentSymbol? FindSegment(string name) => Segments.FirstOrDefault(s => s.Name == name);
    }
}
