namespace PolicyLang.Syntax
{
    /// <summary>
    /// The options of a flow's <c>log</c>: <c>prefix "TAG"</c> and <c>level NAME</c>. They may be written in either order,
    /// each at most once; the formatter writes them in <see cref="Keywords"/> order.
    /// </summary>
    public static class LogOptions
    {
        public const string Prefix = "prefix";
        public const string Level = "level";

        /// <summary>The option words in canonical order.</summary>
        public static readonly IReadOnlyList<string> Keywords = new[] { Prefix, Level };

        /// <summary>The options of a <c>log</c> setting as written: each option word with its value.</summary>
        public static IReadOnlyList<(SyntaxToken Keyword, SyntaxElement Value)> Of(SettingSyntax log)
        {
            var args = log.Arguments.ToList();
            var options = new List<(SyntaxToken, SyntaxElement)>(args.Count / 2);
            for (int i = 0; i + 1 < args.Count; i += 2) options.Add(((SyntaxToken)args[i], args[i + 1]));
            return options;
        }

        /// <summary>The options that repeat an earlier one of the same <c>log</c>, in the order written.</summary>
        public static IEnumerable<(SyntaxToken Keyword, SyntaxElement Value)> Repeats(SettingSyntax log)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var option in Of(log))
                if (!seen.Add(option.Keyword.Text)) yield return option;
        }

        /// <summary>The position of an option word in canonical order (unknown words last).</summary>
        public static int Rank(string keyword)
        {
            for (int i = 0; i < Keywords.Count; i++)
                if (string.Equals(Keywords[i], keyword, StringComparison.Ordinal)) return i;
            return Keywords.Count;
        }
    }
}
