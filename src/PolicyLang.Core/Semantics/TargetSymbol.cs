using System.Collections.Generic;
using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    public sealed class TargetSymbol : Symbol
    {
        public TargetSymbol(string name, Located<string> platform, SourceLocation location, DeclarationSyntax declaration)
            : base(SymbolKind.Target, name, location, declaration)
        {
            Platform = platform;
        }

        public Located<string> Platform { get; }
        public IReadOnlyList<Located<string>> Devices { get; internal set; } = new List<Located<string>>();
        public IReadOnlyList<ZoneSymbol> Zones { get; internal set; } = new List<ZoneSymbol>();
        public Located<string>? Mode { get; internal set; }
        public string? Description { get; internal set; }
    }
}
