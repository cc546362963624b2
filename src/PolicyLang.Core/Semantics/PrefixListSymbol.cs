using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    public sealed class PrefixListSymbol : Symbol
    {
        public PrefixListSymbol(string name, SourceLocation location, DeclarationSyntax declaration)
            : base(SymbolKind.PrefixList, name, location, declaration) { }

        /// <summary>Every prefix, with nested lists expanded.</summary>
        public IReadOnlyList<Located<IpPrefix>> Prefixes { get; internal set; } = new List<Located<IpPrefix>>();
    }
}
