using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Review;
using PolicyLang.Semantics;
using PolicyLang.Text;

namespace PolicyLang.Operations.Audit
{
    /// <summary>
    /// The policy edit an audit suggests, as a unified diff to review and apply (<c>git apply</c>, <c>patch -p1</c>): an
    /// <c>allow</c> line for each group of traffic the policy denies by default between two zones (or their segments, where
    /// the addresses are in one: the narrowest endpoints the policy names) on a TCP, UDP or SCTP port
    /// (with a description saying how much and where it was seen), appended to the file of the policy's last flow; and the
    /// removal of each allow flow that no record used, where the flow has lines of its own. Nothing is applied here.
    /// </summary>
    public static class AuditSuggestion
    {
        /// <summary>Suggested flows at most: the largest groups first.</summary>
        public const int MaxAdditions = 200;

        /// <summary>The result: the patch, and the edits left out because the edited policy would not check cleanly.</summary>
        public sealed class Suggestion(string patch, IReadOnlyList<string> kept, IReadOnlyList<string> dropped)
        {
            /// <summary>A unified diff over the policy's files; empty when there is nothing to suggest.</summary>
            public string Patch { get; } = patch;

            /// <summary>What the patch does, one line per edit.</summary>
            public IReadOnlyList<string> Kept { get; } = kept;

            /// <summary>Edits not suggested, each with the error the edited policy would report (an assertion or test that needs the flow, say).</summary>
            public IReadOnlyList<string> Dropped { get; } = dropped;
        }

        /// <summary>Edits tried one at a time when all together do not check cleanly; the rest are left out.</summary>
        public const int MaxTrials = 40;

        private sealed class Edit(string what, string path, TextSpan? removal, string? addition)
        {
            public string What { get; } = what;
            public string Path { get; } = path;
            public TextSpan? Removal { get; } = removal;
            public string? Addition { get; } = addition;
        }

        /// <param name="displayPath">The path a patch names for a policy file (relative to where it is applied).</param>
        /// <param name="removeUnused">Also remove allow flows no record used.</param>
        /// <remarks>
        /// The edited policy is compiled and checked (target validation included) before anything is suggested: an edit that
        /// would add an error (a removal an assertion or a test needs, an allow an assertion forbids or a target cannot
        /// express) is left out and listed in <see cref="Suggestion.Dropped"/>, so <c>policyc check</c> accepts the patched policy.
        /// </remarks>
        public static Suggestion Suggest(PolicyCompilation compilation, AuditReport report, Func<string, string> displayPath, bool removeUnused)
        {
            var trees = compilation.Trees;
            if (trees.Count == 0) return new Suggestion("", Array.Empty<string>(), Array.Empty<string>());
            var texts = trees.ToDictionary(t => t.Path, t => t.Text.ToString(), StringComparer.Ordinal);
            var host = compilation.Model.Flows.Count > 0 ? compilation.Model.Flows[compilation.Model.Flows.Count - 1].Location.Path : trees[trees.Count - 1].Path;

            var edits = new List<Edit>();
            if (removeUnused)
                foreach (var use in report.Unused)
                {
                    var location = use.Flow.Location;
                    if (!texts.TryGetValue(location.Path, out var text)) continue;
                    var lines = WholeLines(text, location.Span);
                    if (lines != null) edits.Add(new Edit("remove " + location.Display + ": " + use.Flow.Describe() + " (no traffic in the window"
                        + (use.LastSeen != null ? "; last seen " + Time(use.LastSeen.Value) : "; never seen") + ")", location.Path, lines, null));
                }
            foreach (var g in report.Of(TrafficKind.Denied).Where(g => g.DecidedBy == null && Addable(compilation.Model, g)).Take(MaxAdditions))
            {
                var seen = report.First != null && report.Last != null ? " between " + Time(report.First.Value) + " and " + Time(report.Last.Value) : "";
                var description = "audit: " + Count(g.Records, "record") + ", " + Count(g.Bytes, "byte") + " denied by default" + seen + "; e.g. " + g.Witness.Where;
                var line = "allow " + g.Source + " -> " + g.Destination + " : " + g.Service + " description " + Quote(description);
                edits.Add(new Edit("add " + line, host, null, line));
            }

            var before = Errors(compilation);
            Dictionary<string, string> Apply(IEnumerable<Edit> chosen) => texts.ToDictionary(kv => kv.Key, kv => Edited(kv.Key, kv.Value, chosen, kv.Key == host), StringComparer.Ordinal);
            string? NewError(IEnumerable<Edit> chosen)
            {
                var edited = Apply(chosen);
                var after = PolicyCompilation.Create(trees.Select(t => PolicyLang.Syntax.PolicySyntaxTree.Parse(edited[t.Path], t.Path)).ToList());
                return after.Diagnostics.Where(d => d.IsError).Select(d => d.Id + ": " + d.Message).FirstOrDefault(e => !before.Contains(e));
            }

            var kept = new List<Edit>();
            var dropped = new List<string>();
            if (edits.Count > 0 && NewError(edits) != null)
            {
                // Together they break something: keep, one at a time, each edit that leaves the policy clean with those kept before it.
                foreach (var e in edits)
                {
                    if (kept.Count + dropped.Count >= MaxTrials) { dropped.Add(e.What + ": not tried (more than " + MaxTrials + " edits to try one by one)"); continue; }
                    var error = NewError(kept.Concat(new[] { e }));
                    if (error == null) kept.Add(e);
                    else dropped.Add(e.What + ": " + error);
                }
            }
            else kept.AddRange(edits);

            var result = Apply(kept);
            var patch = new StringBuilder();
            foreach (var tree in trees.OrderBy(t => displayPath(t.Path), StringComparer.Ordinal))
            {
                var name = displayPath(tree.Path).Replace('\\', '/');
                patch.Append(UnifiedDiff.Create(texts[tree.Path], result[tree.Path], "a/" + name, "b/" + name));
            }
            return new Suggestion(patch.ToString(), kept.Select(e => e.What).ToList(), dropped);
        }

        private static HashSet<string> Errors(PolicyCompilation compilation) =>
            new HashSet<string>(compilation.Diagnostics.Where(d => d.IsError).Select(d => d.Id + ": " + d.Message), StringComparer.Ordinal);

        /// <summary>A file with the chosen edits: its removals cut out, and, in the host file, the additions appended.</summary>
        private static string Edited(string path, string text, IEnumerable<Edit> chosen, bool host)
        {
            var after = Remove(text, chosen.Where(e => e.Path == path && e.Removal != null).Select(e => e.Removal!.Value).ToList());
            var additions = host ? chosen.Where(e => e.Addition != null).Select(e => e.Addition!).ToList() : new List<string>();
            if (additions.Count == 0) return after;
            if (after.Length > 0 && !after.EndsWith("\n", StringComparison.Ordinal)) after += "\n";
            return after + "\n# Suggested by policyc audit: traffic the policy denies by default. Review each line before keeping it.\n"
                + string.Join("\n", additions) + "\n";
        }

        /// <summary>A group a flow line can allow: two zones or segments the policy declares, and a service with a port.</summary>
        private static bool Addable(PolicyModel model, TrafficGroup g) =>
            Declared(model, g.Source) && Declared(model, g.Destination)
            && (g.Service.StartsWith("tcp/", StringComparison.Ordinal) || g.Service.StartsWith("udp/", StringComparison.Ordinal) || g.Service.StartsWith("sctp/", StringComparison.Ordinal));

        private static bool Declared(PolicyModel model, string endpoint)
        {
            int dot = endpoint.IndexOf('.');
            var zone = model.FindZone(dot < 0 ? endpoint : endpoint.Substring(0, dot));
            return zone != null && (dot < 0 || zone.FindSegment(endpoint.Substring(dot + 1)) != null);
        }

        /// <summary>The lines a span covers, when nothing else is on them but white space and a comment after it; else null.</summary>
        private static TextSpan? WholeLines(string text, TextSpan span)
        {
            if (span.End > text.Length) return null;
            int start = span.Start;
            while (start > 0 && text[start - 1] != '\n')
            {
                if (!char.IsWhiteSpace(text[start - 1])) return null;
                start--;
            }
            int end = span.End;
            while (end < text.Length && text[end] != '\n')
            {
                if (text[end] == '#') { while (end < text.Length && text[end] != '\n') end++; break; }
                if (!char.IsWhiteSpace(text[end])) return null;
                end++;
            }
            if (end < text.Length) end++;
            return new TextSpan(start, end - start);
        }

        private static string Remove(string text, List<TextSpan> spans)
        {
            if (spans.Count == 0) return text;
            var sb = new StringBuilder();
            int at = 0;
            foreach (var s in spans.OrderBy(s => s.Start))
            {
                if (s.Start < at) continue;
                sb.Append(text, at, s.Start - at);
                at = s.End;
            }
            sb.Append(text, at, text.Length - at);
            return sb.ToString();
        }

        private static string Count(long n, string what) => n.ToString("N0", CultureInfo.InvariantCulture) + " " + what + (n == 1 ? "" : "s");

        public static string Time(long unixSeconds) =>
            DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>A PolicyLang string literal: quotes and backslashes escaped, control and non-ASCII characters as \u{…}.</summary>
        public static string Quote(string text)
        {
            var sb = new StringBuilder("\"");
            foreach (char c in text)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c < 0x20 || c > 0x7E) sb.Append("\\u{").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append('}');
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }
    }
}
