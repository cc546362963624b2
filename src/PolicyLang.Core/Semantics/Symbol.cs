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
    }

    /// <summary>A named declaration: where its name is written and the declaration it comes from.</summary>
    public abstract class Symbol
    {
        protected Symbol(SymbolKind kind, string name, SourceLocation location, DeclarationSyntax declaration)
        {
            Kind = kind;
            Name = name;
            Location = location;
            Declaration = declaration;
        }

        public SymbolKind Kind { get; }
        public string Name { get; }

        /// <summary>The span of the name where it is declared.</summary>
        public SourceLocation Location { get; }
        public DeclarationSyntax Declaration { get; }

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
