using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    public enum SymbolKind
    {
        Policy,
        PrefixList,
        PortList,
        Service,
        Class,
        Zone,
        Segment,
        Target,
        Baseline,
    }

    /// <summary>A named declaration: where its name is written and the declaration it comes from.</summary>
    public abstract class Symbol(SymbolKind kind, string name, SourceLocation location, DeclarationSyntax declaration)
    {
        public SymbolKind Kind { get; } = kind;
        public string Name { get; } = name;

        /// <summary>The span of the name where it is declared.</summary>
        public SourceLocation Location { get; } = location;
        public DeclarationSyntax Declaration { get; } = declaration;

        public static string Describe(SymbolKind kind) => kind switch
        {
            SymbolKind.PrefixList => "prefix list",
            SymbolKind.PortList => "port list",
            SymbolKind.Class => "class",
            _ => kind.ToString().ToLowerInvariant(),
        };

        public override string ToString() => Describe(Kind) + " '" + Name + "'";
    }
}
