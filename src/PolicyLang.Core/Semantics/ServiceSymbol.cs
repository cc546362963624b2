using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    public sealed class ServiceSymbol : Symbol
    {
        public ServiceSymbol(string name, SourceLocation location, DeclarationSyntax declaration)
            : base(SymbolKind.Service, name, location, declaration) { }

        /// <summary>The protocol matches, with referenced services expanded.</summary>
        public IReadOnlyList<ServiceMatch> Matches { get; internal set; } = new List<ServiceMatch>();
    }
}
