using PolicyLang.Semantics;

namespace PolicyLang.Emit.CloudFirewall
{
    /// <summary>Stand-in until target options land from the language commit; the instance method TargetSymbol.Option then wins.</summary>
    internal static class TargetOptionShim
    {
        public sealed class ShimOption
        {
            public Located<string> Value { get; set; }
            public SourceLocation Location { get; set; }
        }

        public static ShimOption? Option(this TargetSymbol target, string name) => null;
    }
}
