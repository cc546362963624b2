using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    public sealed class PortListSymbol : Symbol
    {
        public PortListSymbol(string name, SourceLocation location, DeclarationSyntax declaration)
            : base(SymbolKind.PortList, name, location, declaration) { }

        /// <summary>Inclusive port ranges, nested lists expanded, in written order.</summary>
        public IReadOnlyList<Located<Interval>> Ranges { get; internal set; } = new List<Located<Interval>>();
    }
}
