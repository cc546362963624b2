using PolicyLang.Emit.State;
using PolicyLang.Text;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// One setting of a switch configuration outside its ACLs: where it lives (a section such as "interface Ethernet1",
    /// "vlan 110", a JSON table key or a Junos hierarchy path), what it sets (the statement without its value) and the
    /// value, with the line (or offset) it is on.
    /// </summary>
    public sealed record FabricSetting(string Section, string Key, string Value, int Line, int Offset = -1)
    {
        public string Text => (Key + " " + Value).Trim();
    }

    /// <summary>
    /// Compares the settings policyc writes to a switch (VLANs, VNI maps, MTUs, interface VLAN membership, marking and
    /// queueing) with the running configuration: every setting of the build must be in the running state with the same
    /// value. A setting with another value is reported at its line, a missing one at its section (or the start of the
    /// file). Settings the build does not write are not policyc's to judge, and ACLs are compared as packet sets instead.
    /// </summary>
    public static class FabricSettings
    {
        public const int MaxFindings = 50;

        public static IEnumerable<DriftFinding> Compare(StateFile file, IReadOnlyList<FabricSetting> built, IReadOnlyList<FabricSetting> running)
        {
            var have = new HashSet<(string, string, string)>(running.Select(s => (s.Section, s.Key, s.Value)));
            var bySection = running.GroupBy(s => s.Section, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            int n = 0;
            foreach (var b in built)
            {
                if (have.Contains((b.Section, b.Key, b.Value))) continue;
                if (n++ >= MaxFindings) yield break;
                bySection.TryGetValue(b.Section, out var section);
                var changed = section?.Where(s => s.Key == b.Key).ToList() ?? new List<FabricSetting>();
                var kind = Kind(b);
                if (changed.Count > 0)
                {
                    var r = changed[0];
                    yield return new DriftFinding(DriftKind.Treatment, file.Name, b.Section,
                        kind + ": the running state has '" + string.Join("', '", changed.Select(c => c.Text)) + "', the build '" + b.Text + "'",
                        "line " + Where(file, r) + ": " + r.Text, Span(file, r));
                }
                else
                {
                    var anchor = section?.FirstOrDefault();
                    yield return new DriftFinding(DriftKind.Treatment, file.Name, b.Section,
                        kind + ": the running state lacks '" + b.Text + "'" + (section == null ? " (it has no " + b.Section + ")" : ""),
                        section == null ? "the configuration" : b.Section, anchor != null ? Span(file, anchor) : new TextSpan(0, 0));
                }
            }
        }

        private static string Kind(FabricSetting s)
        {
            var t = (s.Section + " " + s.Key).ToLowerInvariant();
            if (t.Contains("vni") || t.Contains("vn-segment") || t.Contains("vxlan")) return "VNI";
            if (t.Contains("mtu")) return "MTU";
            if (t.Contains("dscp") || t.Contains("traffic-class") || t.Contains("qos") || t.Contains("class") || t.Contains("pfc") || t.Contains("priority") || t.Contains("queue") || t.Contains("ecn")) return "QoS";
            if (t.Contains("vlan") || t.Contains("members") || t.Contains("bridge")) return "VLAN";
            return "setting";
        }

        private static string Where(StateFile file, FabricSetting s) =>
            (s.Line > 0 ? s.Line : s.Offset >= 0 ? file.Text.Substring(0, Math.Min(s.Offset, file.Text.Length)).Count(c => c == '\n') + 1 : 0).ToString(CultureInfo.InvariantCulture);

        private static TextSpan Span(StateFile file, FabricSetting s)
        {
            if (s.Line > 0) return file.Line(s.Line);
            if (s.Offset >= 0) return DriftSets.JsonObjectSpan(file, s.Offset) is var j && j.Length > 0 && j.Length < 200 ? j : new TextSpan(Math.Min(s.Offset, file.Text.Length), 0);
            return new TextSpan(0, 0);
        }

        private static readonly string[] s_skippedStatements = { "description", "remark", "name", "!", "#", "statistics", "counters", "policy_desc", "alias" };

        /// <summary>
        /// The settings of an indented CLI configuration (EOS, NX-OS, IOS XE): each indented line under a top-level
        /// section, its key the words before the last. ACL, object-group and hostname sections and descriptive lines are left out.
        /// </summary>
        public static List<FabricSetting> FromCli(string text)
        {
            var settings = new List<FabricSetting>();
            // Where each line lies: the lines of skipped sections (ACLs, most of a switch's configuration) never become strings.
            var lines = new List<(int Number, int Start, int End, int Indent, bool IsTop)>(CliConfigLines.Scan(text));
            // The ancestors of each line: a line with deeper lines right after it heads a (sub)section.
            var stack = new List<(int Indent, string? Text)>();
            bool skipping = false;
            for (int k = 0; k < lines.Count; k++)
            {
                var (number, start, end, indent, _) = lines[k];
                while (stack.Count > 0 && stack[stack.Count - 1].Indent >= indent) stack.RemoveAt(stack.Count - 1);
                string? t = null;
                if (indent == 0)
                {
                    t = text.Substring(start, end - start);
                    var w = t.Split(' ');
                    skipping = (w.Length >= 2 && (w[1] == "access-list" || w[0] == "object-group")) || w[0] == "traffic-policies" || w[0] == "hostname" || w[0] == "end" || w[0] == "version"
                        || t.StartsWith("Current configuration", StringComparison.Ordinal) || t.StartsWith("Building configuration", StringComparison.Ordinal);
                }
                bool heads = k + 1 < lines.Count && lines[k + 1].Indent > indent;
                // A skipped section's lines are never read: its heads need no text either.
                if (heads) { stack.Add((indent, skipping ? null : t ?? text.Substring(start, end - start))); continue; }
                if (skipping || stack.Count == 0) continue;
                t ??= text.Substring(start, end - start);
                var words = t.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (s_skippedStatements.Contains(words[0]) || IsAclBinding(words)) continue;
                settings.Add(new FabricSetting(string.Join(" > ", stack.Select(x => x.Text)), string.Join(" ", words.Take(words.Length - 1)), words[words.Length - 1], number));
            }
            return settings;
        }

        /// <summary>ACL bindings are compared as packet sets (a missing or foreign binding changes what passes), not as settings.</summary>
        private static bool IsAclBinding(IReadOnlyList<string> words) =>
            (words.Count >= 2 && (words[0] == "ip" || words[0] == "ipv6") && (words.Contains("access-group") || words.Contains("traffic-filter")) && words[words.Count - 1] is "in" or "out")
            || (words.Count == 3 && words[0] == "traffic-policy" && words[1] is "input" or "output");

        /// <summary>The settings of command lines ("nv set …"): the key is the command without its last word; only the given kinds of object.</summary>
        public static List<FabricSetting> FromCommands(string text, Func<string[], bool> include)
        {
            var settings = new List<FabricSetting>();
            var lines = text.Split('\n');
            for (int n = 0; n < lines.Length; n++)
            {
                var words = lines[n].Trim().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length < 4 || words[0] != "nv" || words[1] != "set" || !include(words)) continue;
                if (words.Any(w => s_skippedStatements.Contains(w))) continue;
                settings.Add(new FabricSetting(words[2] + " " + words[3], string.Join(" ", words.Skip(2).Take(words.Length - 3)), words[words.Length - 1], n + 1));
            }
            return settings;
        }

        /// <summary>Statement paths ("vlans pii vlan-id 150"), one per statement: the section is the first two words.</summary>
        public static List<FabricSetting> FromStatements(IEnumerable<(IReadOnlyList<string> Words, int Line)> statements, Func<IReadOnlyList<string>, bool> include)
        {
            var settings = new List<FabricSetting>();
            foreach (var (words, line) in statements)
            {
                if (words.Count < 3 || !include(words) || words.Any(w => s_skippedStatements.Contains(w))) continue;
                settings.Add(new FabricSetting(words[0] + " " + words[1], string.Join(" ", words.Take(words.Count - 1)), words[words.Count - 1], line));
            }
            return settings;
        }
    }
}
