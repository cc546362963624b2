using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    /// <summary>A traffic class: how its packets are marked and queued.</summary>
    public sealed class TrafficClassSymbol : Symbol
    {
        public TrafficClassSymbol(string name, SourceLocation location, DeclarationSyntax declaration)
            : base(SymbolKind.Class, name, location, declaration) { }

        public Located<int>? Dscp { get; internal set; }
        public Located<int>? Queue { get; internal set; }
        public Located<int>? Pcp { get; internal set; }
        public bool Lossless { get; internal set; }
        public bool Strict { get; internal set; }

        /// <summary>Guaranteed share of a link, percent.</summary>
        public Located<int>? Bandwidth { get; internal set; }
        public EcnProfile? Ecn { get; internal set; }
        public string? Description { get; internal set; }

        /// <summary>The queue the class uses: the declared one, else the 802.1p priority, else 0.</summary>
        public int EffectiveQueue => Queue?.Value ?? Pcp?.Value ?? 0;
    }
}
