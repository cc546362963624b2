using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.State;

namespace PolicyLang.Emit.Cumulus
{
    /// <summary>
    /// <c>nv config show -o json</c> or <c>-o yaml</c> (an object, or the startup file's list of a header and a "set" object) as the
    /// <c>nv set</c> commands that build it, so that <see cref="NvueAclReader"/> reads running state and emitted files alike.
    /// A key whose value is an empty object is a flag or a member of a collection (<c>"action": {"permit": {}}</c>);
    /// a scalar is a value (<c>"type": "ipv4"</c>).
    /// </summary>
    public static class NvueState
    {
        /// <summary>Whether the text is an NVUE JSON or YAML export rather than nv commands (whose lines start with "nv").</summary>
        public static bool IsExport(string text)
        {
            foreach (var raw in text.Split('\n'))
            {
                var l = raw.Trim().TrimStart('\uFEFF');
                if (l.Length == 0 || l.StartsWith("#", StringComparison.Ordinal)) continue;
                return !l.StartsWith("nv ", StringComparison.Ordinal);
            }
            return false;
        }

        /// <summary>The commands, and for each command line (1-based, index - 1) the offset of the value it comes from.</summary>
        public static (string Commands, List<int> Offsets) ToCommands(JsonNode root)
        {
            var config = root;
            if (root.IsArray)
                config = root.Items.Select(i => i["set"]).FirstOrDefault(s => s != null)
                    ?? throw new StateReadException(root.Offset, "expected a list holding a \"set\" object (nv config show -o json)");
            else if (root["set"] is { IsObject: true } set) config = set;
            if (!config.IsObject) throw new StateReadException(config.Offset, "expected an object of NVUE settings");
            var sb = new StringBuilder();
            var offsets = new List<int>();
            Flatten(config, "nv set", sb, offsets, 0);
            return (sb.ToString(), offsets);
        }

        private static void Flatten(JsonNode node, string prefix, StringBuilder sb, List<int> offsets, int depth)
        {
            if (depth > 32) throw new StateReadException(node.Offset, "NVUE settings nested deeper than 32 levels");
            foreach (var m in node.Members)
            {
                if (m.Key.Length == 0 || m.Key.IndexOfAny(new[] { ' ', '\n', '\r', '\t' }) >= 0)
                {
                    // Keys with spaces are descriptions' text and the like, never ACL or interface names.
                    if (m.Value.IsObject) continue;
                }
                var path = prefix + " " + m.Key;
                var v = m.Value;
                switch (v.Kind)
                {
                    case JsonKind.Object when v.Members.Count == 0:
                        Line(sb, offsets, path, v.Offset);
                        break;
                    case JsonKind.Object:
                        Flatten(v, path, sb, offsets, depth + 1);
                        break;
                    case JsonKind.Array:
                        foreach (var item in v.Items.Where(i => !i.IsObject && !i.IsArray)) Line(sb, offsets, path + " " + Scalar(item), item.Offset);
                        break;
                    default:
                        Line(sb, offsets, path + " " + Scalar(v), v.Offset);
                        break;
                }
            }
        }

        private static string Scalar(JsonNode v) => v.Kind switch
        {
            JsonKind.True => "on",
            JsonKind.False => "off",
            JsonKind.Null => "none",
            _ => (v.Text ?? "").Replace("\n", " ").Replace("\r", " "),
        };

        private static void Line(StringBuilder sb, List<int> offsets, string text, int offset)
        {
            sb.Append(text).Append('\n');
            offsets.Add(offset);
        }

        /// <summary>The commands of a JSON or YAML export.</summary>
        public static string Commands(string text) => ToCommands(Parse(text)).Commands;

        private static JsonNode Parse(string text) =>
            StateJson.LooksLikeObject(text) || text.TrimStart('\uFEFF', ' ', '\n', '\r', '\t').StartsWith("[", StringComparison.Ordinal) ? StateJson.Parse(text) : StateYaml.Parse(text);

        /// <summary>Reads a JSON export into ACLs, with lines of the JSON file (not of the commands) in the result.</summary>
        public static ParsedConfig Read(StateFile file, IAclReader reader)
        {
            var (commands, offsets) = ToCommands(Parse(file.Text));
            ParsedConfig parsed;
            try
            {
                parsed = reader.Read(commands);
            }
            catch (AclReadException e)
            {
                throw new StateReadException(e.Line > 0 && e.Line <= offsets.Count ? offsets[e.Line - 1] : 0, e.Message.Substring(e.Message.IndexOf(':') + 1).Trim());
            }
            var starts = new List<int> { 0 };
            for (int i = 0; i < file.Text.Length; i++) if (file.Text[i] == '\n') starts.Add(i + 1);
            int LineOf(int offset)
            {
                int k = starts.BinarySearch(offset);
                return (k >= 0 ? k : ~k - 1) + 1;
            }
            int RealLine(int line) => line > 0 && line <= offsets.Count ? LineOf(offsets[line - 1]) : 0;
            foreach (var acl in parsed.Acls.Values)
            {
                acl.Line = RealLine(acl.Line);
                for (int k = 0; k < acl.EntryLines.Count; k++) acl.EntryLines[k] = RealLine(acl.EntryLines[k]);
            }
            foreach (var key in parsed.InterfaceLines.Keys.ToList()) parsed.InterfaceLines[key] = RealLine(parsed.InterfaceLines[key]);
            return parsed;
        }
    }
}
