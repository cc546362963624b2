using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    public sealed class SegmentSymbol(
        ZoneSymbol zone, string name, SourceLocation location, DeclarationSyntax declaration)
        : Symbol(SymbolKind.Segment, name, location, declaration)
    {
        public ZoneSymbol Zone { get; } = zone;
        public string QualifiedName => Zone.Name + "." + Name;
        public Located<int>? Vlan { get; internal set; }
        public Located<int>? Vni { get; internal set; }
        public IReadOnlyList<Located<IpPrefix>> Prefixes { get; internal set; } = new List<Located<IpPrefix>>();
        public Located<int>? Mtu { get; internal set; }
        public string? KubernetesNamespace { get; internal set; }
        public string? KubernetesSelector { get; internal set; }
        public string? Description { get; internal set; }

        public override string ToString() => "segment '" + QualifiedName + "'";
    }
}
