using Microsoft.CodeAnalysis.CSharp;

namespace PolicyLang.Analyzers.Generator
{
    /// <summary>Turns policy names into safe C# identifiers.</summary>
    internal static class Identifiers
    {
        /// <summary>
        /// PascalCase over ASCII letters and digits: every other character separates words ("storage-io" and
        /// "storage_io" both give StorageIo). A leading digit gets '_' before it; a keyword gets '@'.
        /// </summary>
        public static string ToPascal(string name)
        {
            var sb = new StringBuilder(name.Length);
            bool upper = true;
            foreach (var ch in name)
            {
                bool letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
                bool digit = ch >= '0' && ch <= '9';
                if (!letter && !digit)
                {
                    upper = true;
                    continue;
                }
                sb.Append(upper ? char.ToUpperInvariant(ch) : ch);
                upper = false;
            }
            if (sb.Length == 0) sb.Append('_');
            if (char.IsDigit(sb[0])) sb.Insert(0, '_');
            return Escape(sb.ToString());
        }

        /// <summary>Prefixes '@' when the text is a C# keyword.</summary>
        public static string Escape(string identifier) =>
            SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

        /// <summary>
        /// Identifiers for a set of sibling names, unique among themselves and distinct from <paramref name="reserved"/>
        /// (the members and the name of the class they are declared in). When names collide, the ordinally smallest
        /// original keeps the plain identifier and the others get _2, _3, … in ordinal order of their names, so the
        /// result does not depend on declaration order.
        /// </summary>
        public static IReadOnlyDictionary<string, string> Assign(IEnumerable<string> names, IEnumerable<string> reserved)
        {
            var all = names.Distinct(StringComparer.Ordinal).ToList();
            var natural = new HashSet<string>(all.Select(ToPascal), StringComparer.Ordinal);
            var taken = new HashSet<string>(reserved, StringComparer.Ordinal);
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var group in all.GroupBy(ToPascal, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                int n = 1;
                foreach (var name in group.OrderBy(x => x, StringComparer.Ordinal))
                {
                    var candidate = group.Key;
                    if (n > 1 || taken.Contains(candidate))
                    {
                        do
                        {
                            n++;
                            candidate = group.Key + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        }
                        while (taken.Contains(candidate) || natural.Contains(candidate));
                    }
                    taken.Add(candidate);
                    result[name] = candidate;
                }
            }
            return result;
        }

        /// <summary>A dotted namespace with every part made a valid identifier; empty parts are dropped.</summary>
        public static string Namespace(string value)
        {
            var parts = value.Split('.').Select(p => p.Trim()).Where(p => p.Length > 0)
                .Select(p => SyntaxFacts.IsValidIdentifier(p) ? Escape(p) : ToPascal(p)).ToList();
            return parts.Count == 0 ? "" : string.Join(".", parts);
        }

        /// <summary>A C# string literal that is safe for any content: quotes, backslashes and every character outside
        /// printable ASCII (line breaks, U+2028, control characters, …) are escaped.</summary>
        public static string Literal(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            sb.Append('"');
            foreach (var ch in value)
            {
                switch (ch)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    default:
                        if (ch < 0x20 || ch > 0x7E) sb.Append("\\u").Append(((int)ch).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                        else sb.Append(ch);
                        break;
                }
            }
            sb.Append('"');
            return sb.ToString();
        }
    }
}
