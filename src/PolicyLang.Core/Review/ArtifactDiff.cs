using PolicyLang.Emit;

namespace PolicyLang.Review
{
    /// <summary>One generated file that differs between two builds (null content: absent on that side).</summary>
    public sealed class ArtifactChange(string target, string platform, string path, string? oldContent, string? newContent, int? oldRules = null, int? newRules = null)
    {
        public string Target { get; } = target;
        public string Platform { get; } = platform;

        /// <summary>The path under the build's output folder.</summary>
        public string Path { get; } = path;
        public string? OldContent { get; } = oldContent;
        public string? NewContent { get; } = newContent;
        /// <summary>The rules the file held before and holds after (<see cref="Artifact.Rules"/>); null where the file holds none or is absent.</summary>
        public int? OldRules { get; } = oldRules;
        public int? NewRules { get; } = newRules;
        public string Status => OldContent == null ? "added" : NewContent == null ? "removed" : "changed";
        public (int Added, int Removed) Lines => UnifiedDiff.Count(OldContent ?? "", NewContent ?? "");

        /// <summary>The unified diff, with the paths as a/PATH and b/PATH (/dev/null for a side without the file).</summary>
        public string Diff(int context = 3) =>
            UnifiedDiff.Create(OldContent ?? "", NewContent ?? "", OldContent == null ? "/dev/null" : "a/" + Path, NewContent == null ? "/dev/null" : "b/" + Path, context);
    }

    /// <summary>The generated files of two builds compared by path: what a reviewer's change does to each target's devices and cloud resources.</summary>
    public static class ArtifactDiff
    {
        public static IReadOnlyList<ArtifactChange> Compare(IReadOnlyList<Artifact> before, IReadOnlyList<Artifact> after)
        {
            var a = before.GroupBy(x => x.RelativePath, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var b = after.GroupBy(x => x.RelativePath, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var changes = new List<ArtifactChange>();
            foreach (var path in a.Keys.Union(b.Keys).OrderBy(p => p, StringComparer.Ordinal))
            {
                a.TryGetValue(path, out var x);
                b.TryGetValue(path, out var y);
                if (x != null && y != null && string.Equals(x.Content, y.Content, StringComparison.Ordinal)) continue;
                var any = y ?? x!;
                changes.Add(new ArtifactChange(any.Target, any.Platform, path, x?.Content, y?.Content, x?.Rules, y?.Rules));
            }
            return changes;
        }
    }
}
