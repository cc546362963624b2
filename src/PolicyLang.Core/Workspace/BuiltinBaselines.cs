namespace PolicyLang.Workspace
{
    /// <summary>
    /// The baselines shipped inside the compiler: <c>import "baseline:pci-dss"</c> reads them from the assembly, so every
    /// host (the command line, the language server, the analyzer inside a Roslyn host) sees the same text.
    /// </summary>
    public static class BuiltinBaselines
    {
        /// <summary>What an import's path starts with to name a shipped baseline.</summary>
        public const string Scheme = "baseline:";

        private const string ResourcePrefix = "PolicyLang.Baselines.";
        private const string ResourceSuffix = ".netpolicy";

        private static readonly Lazy<IReadOnlyList<string>> s_names = new Lazy<IReadOnlyList<string>>(() =>
            typeof(BuiltinBaselines).Assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
                .Select(n => n.Substring(ResourcePrefix.Length, n.Length - ResourcePrefix.Length - ResourceSuffix.Length))
                .OrderBy(n => n, StringComparer.Ordinal).ToList());

        /// <summary>The shipped baselines' names, sorted.</summary>
        public static IReadOnlyList<string> Names => s_names.Value;

        /// <summary>Whether a path (an import's resolution, a tree's path) names a shipped baseline.</summary>
        public static bool IsBuiltin(string path) => path.StartsWith(Scheme, StringComparison.Ordinal);

        /// <summary>The path an import of a shipped baseline resolves to, or a reason it does not.</summary>
        public static ImportPaths.Resolution Resolve(string value)
        {
            var name = value.Substring(Scheme.Length);
            if (name.EndsWith(ResourceSuffix, StringComparison.Ordinal)) name = name.Substring(0, name.Length - ResourceSuffix.Length);
            if (Names.Contains(name, StringComparer.Ordinal)) return new ImportPaths.Resolution(Scheme + name, null);
            return new ImportPaths.Resolution(null, "no baseline '" + name + "' ships with policyc; the shipped baselines are " + string.Join(", ", Names));
        }

        /// <summary>The text of a shipped baseline by its path (<c>baseline:NAME</c>).</summary>
        public static bool TryRead(string path, out string text, out string error)
        {
            text = "";
            error = "";
            if (!IsBuiltin(path)) { error = "not a shipped baseline"; return false; }
            var name = path.Substring(Scheme.Length);
            using var stream = typeof(BuiltinBaselines).Assembly.GetManifestResourceStream(ResourcePrefix + name + ResourceSuffix);
            if (stream == null)
            {
                error = "no baseline '" + name + "' ships with policyc";
                return false;
            }
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
            return true;
        }
    }
}
