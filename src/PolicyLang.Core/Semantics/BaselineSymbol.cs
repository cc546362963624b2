using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    /// <summary>
    /// <c>baseline NAME { title "…" reference "…" }</c>: a named set of assertions, the ones written in the same file. The
    /// compiler ships some (imported as <c>import "baseline:NAME"</c>); a team can write its own.
    /// </summary>
    public sealed class BaselineSymbol : Symbol
    {
        public BaselineSymbol(string name, SourceLocation location, DeclarationSyntax declaration)
            : base(SymbolKind.Baseline, name, location, declaration) { }

        public string? Title { get; internal set; }

        /// <summary>The requirements of a standard the baseline follows, as written (<c>PCI DSS v4.0.1 1.3, 10.2</c>).</summary>
        public string? Reference { get; internal set; }
        public string? Description { get; internal set; }

        /// <summary>The file whose assertions belong to the baseline.</summary>
        public string Path => Location.Path;

        /// <summary>Where the policy imports a baseline shipped with the compiler: failures of its assertions are reported there.</summary>
        public SourceLocation? ImportedAt { get; internal set; }

        /// <summary>The selectors of its assertions that pick no zone (NP3012): those assertions check nothing in this policy.</summary>
        public IReadOnlyList<string> Unapplied => _unapplied;

        internal readonly List<string> _unapplied = new List<string>();
    }
}
