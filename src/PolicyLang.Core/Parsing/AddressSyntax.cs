using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Parsing
{
    /// <summary>Shape checks for address tokens, by the same strict parser the analysis uses (no "10.0.0" shorthand).</summary>
    internal static class AddressSyntax
    {
        public static bool IsAddress(string text) => IpAddress128.TryParse(text, out _);

        public static bool IsPrefixOrAddress(string text) => IpPrefix.TryParse(text, out _, out _);
    }
}
