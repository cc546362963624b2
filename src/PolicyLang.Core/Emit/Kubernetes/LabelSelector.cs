namespace PolicyLang.Emit.Kubernetes
{
    /// <summary>One requirement of a label selector: key, operator (In, NotIn, Exists, DoesNotExist) and values.</summary>
    public sealed class LabelRequirement(string key, string op, IReadOnlyList<string> values)
    {
        public string Key { get; } = key;
        public string Operator { get; } = op;
        public IReadOnlyList<string> Values { get; } = values;

        /// <summary>An equality requirement (k=v), written under matchLabels.</summary>
        public bool IsEquality => Operator == "In" && Values.Count == 1 && FromEquality;
        internal bool FromEquality { get; set; }

        public bool Matches(IReadOnlyDictionary<string, string> labels) => Operator switch
        {
            "In" => labels.TryGetValue(Key, out var v) && Values.Contains(v),
            "NotIn" => !labels.TryGetValue(Key, out var w) || !Values.Contains(w),
            "Exists" => labels.ContainsKey(Key),
            _ => !labels.ContainsKey(Key),
        };
    }

    /// <summary>
    /// A Kubernetes label selector in its string form ("app=web, tier in (a,b), !legacy"), parsed and checked against
    /// the rules for label keys and values, so that only valid keys and values reach the YAML.
    /// </summary>
    public sealed class LabelSelector
    {
        private static readonly Regex s_name = new Regex("^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex s_subdomain = new Regex("^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant);
        private static readonly Regex s_namespace = new Regex("^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);

        private LabelSelector(IReadOnlyList<LabelRequirement> requirements) { Requirements = requirements; }

        public IReadOnlyList<LabelRequirement> Requirements { get; }

        public static readonly LabelSelector Everything = new LabelSelector(Array.Empty<LabelRequirement>());

        public static bool IsNamespaceName(string name) => s_namespace.IsMatch(name);

        public static bool IsLabelKey(string key)
        {
            int slash = key.IndexOf('/');
            if (slash < 0) return s_name.IsMatch(key);
            var prefix = key.Substring(0, slash);
            return prefix.Length <= 253 && s_subdomain.IsMatch(prefix) && s_name.IsMatch(key.Substring(slash + 1));
        }

        public static bool IsLabelValue(string value) => value.Length == 0 || s_name.IsMatch(value);

        /// <summary>Parses a selector; on failure returns null and says why.</summary>
        public static LabelSelector? Parse(string? text, out string error)
        {
            error = "";
            if (text == null || text.Trim().Length == 0) return Everything;
            var requirements = new List<LabelRequirement>();
            foreach (var part in Split(text))
            {
                var r = ParseRequirement(part.Trim(), out error);
                if (r == null) return null;
                requirements.Add(r);
            }
            return new LabelSelector(requirements);
        }

        /// <summary>Splits on commas outside parentheses.</summary>
        private static IEnumerable<string> Split(string text)
        {
            int depth = 0, start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '(') depth++;
                else if (text[i] == ')') depth--;
                else if (text[i] == ',' && depth == 0) { yield return text.Substring(start, i - start); start = i + 1; }
            }
            yield return text.Substring(start);
        }

        private static LabelRequirement? ParseRequirement(string part, out string error)
        {
            error = "";
            Match m;
            if ((m = Regex.Match(part, "^([^=!\\s()]+)\\s*(==|=|!=)\\s*([^=!\\s(),]*)$", RegexOptions.CultureInvariant)).Success)
            {
                var key = m.Groups[1].Value;
                var value = m.Groups[3].Value;
                if (!Check(key, new[] { value }, out error)) return null;
                var op = m.Groups[2].Value == "!=" ? "NotIn" : "In";
                return new LabelRequirement(key, op, new[] { value }) { FromEquality = op == "In" };
            }
            if ((m = Regex.Match(part, "^([^=!\\s()]+)\\s+(in|notin)\\s*\\(([^()]*)\\)$", RegexOptions.CultureInvariant)).Success)
            {
                var key = m.Groups[1].Value;
                var values = m.Groups[3].Value.Split(',').Select(v => v.Trim()).ToList();
                if (values.Count == 0 || values.Any(v => v.Length == 0)) { error = "'" + m.Groups[2].Value + "' needs a list of values"; return null; }
                if (!Check(key, values, out error)) return null;
                return new LabelRequirement(key, m.Groups[2].Value == "in" ? "In" : "NotIn", values.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList());
            }
            if ((m = Regex.Match(part, "^(!?)\\s*([^=!\\s(),]+)$", RegexOptions.CultureInvariant)).Success)
            {
                var key = m.Groups[2].Value;
                if (!Check(key, Array.Empty<string>(), out error)) return null;
                return new LabelRequirement(key, m.Groups[1].Value == "!" ? "DoesNotExist" : "Exists", Array.Empty<string>());
            }
            error = "'" + part + "' is not a requirement (key=value, key!=value, key in (v1,v2), key notin (v1,v2), key or !key)";
            return null;
        }

        private static bool Check(string key, IEnumerable<string> values, out string error)
        {
            error = "";
            if (!IsLabelKey(key)) { error = "invalid label key '" + key + "'"; return false; }
            foreach (var v in values)
                if (!IsLabelValue(v)) { error = "invalid label value '" + v + "' (at most 63 letters, digits, '-', '_', '.', starting and ending with a letter or digit)"; return false; }
            return true;
        }

        public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

        /// <summary>Labels of a pod the selector surely matches: the smallest set that meets every requirement, or null if none can.</summary>
        public SortedDictionary<string, string>? Representative()
        {
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var r in Requirements.Where(r => r.Operator == "In")) labels[r.Key] = r.Values[0];
            foreach (var r in Requirements.Where(r => r.Operator == "Exists"))
                if (!labels.ContainsKey(r.Key)) labels[r.Key] = "x";
            return Matches(labels) ? labels : null;
        }
    }
}
