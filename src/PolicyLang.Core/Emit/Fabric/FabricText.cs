namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// The only ways policy strings reach a switch configuration: names rebuilt from a safe alphabet, and free text
    /// (descriptions, remarks) reduced to printable ASCII without the characters switch CLIs treat specially.
    /// </summary>
    public static class FabricText
    {
        /// <summary>Letters, digits, '_', '-' and '.', every other character replaced by '_'.</summary>
        public static string Name(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (char c in text) sb.Append(IsNameChar(c) ? c : '_');
            return sb.ToString();
        }

        /// <summary>ACL remarks hold at most 100 characters on IOS XE, NX-OS and EOS (IOS XE refuses a longer one).</summary>
        public const int MaxRemark = 100;

        /// <summary>
        /// A remark line of an ACL: <see cref="Description"/> in at most <see cref="MaxRemark"/> characters. A longer list
        /// ("traffic from a, b, c (IPv4)") keeps its whole items and its closing "(…)" and says "and more" where it is cut.
        /// </summary>
        public static string Remark(string? text)
        {
            var clean = Description(text, int.MaxValue);
            if (clean.Length <= MaxRemark) return clean;
            var suffix = "";
            int open = clean.LastIndexOf(" (", StringComparison.Ordinal);
            if (clean.EndsWith(")", StringComparison.Ordinal) && open > 0 && clean.Length - open <= 20) { suffix = clean.Substring(open); clean = clean.Substring(0, open); }
            const string more = " and more";
            int room = MaxRemark - suffix.Length - more.Length;
            int cut = clean.LastIndexOf(", ", Math.Max(0, Math.Min(room, clean.Length - 1)), StringComparison.Ordinal);
            var head = cut > 0 ? clean.Substring(0, cut) : clean.Substring(0, Math.Max(0, room)).TrimEnd();
            return head + more + suffix;
        }

        /// <summary>
        /// HEAD + FLOW + TAIL in at most <paramref name="max"/> characters, for names generated after a flow (Junos terms, EOS
        /// matches): where it does not fit, the flow's name is cut and "--" and a hash of the whole name keep it apart from
        /// flows that start alike.
        /// </summary>
        public static string FlowName(string head, string flow, string tail, int max = 64)
        {
            if (head.Length + flow.Length + tail.Length <= max) return head + flow + tail;
            return head + CloudFirewall.CloudText.Cut(flow, max - head.Length - tail.Length - 10) + "--" + CloudFirewall.CloudText.ShortHash(flow) + tail;
        }

        public static bool IsNameChar(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';

        /// <summary>
        /// One line of free text: printable ASCII except '!', '#', '"', '\', '{', '}', ';' and '|' (comment, quoting and
        /// structure characters of the vendors' CLIs), single spaces, trimmed and cut to <paramref name="max"/> characters.
        /// </summary>
        public static string Description(string? text, int max = 200)
        {
            if (string.IsNullOrEmpty(text)) return "";
            var sb = new StringBuilder(text!.Length);
            foreach (char c in text)
            {
                bool safe = c >= 0x20 && c < 0x7F && c != '!' && c != '#' && c != '"' && c != '\\' && c != '{' && c != '}' && c != ';' && c != '|' && c != '$' && c != '`';
                char o = safe ? c : ' ';
                if (o == ' ' && (sb.Length == 0 || sb[sb.Length - 1] == ' ')) continue;
                sb.Append(o);
            }
            var s = sb.ToString().Trim();
            return s.Length > max ? s.Substring(0, max).TrimEnd() : s;
        }

        /// <summary>A file name for a device: its name reduced to the name alphabet, never "." or "..", never empty.</summary>
        public static string FileName(string device)
        {
            var s = Name(device);
            if (s.Length == 0 || s.Trim('.').Length == 0) s = "device_" + s.Replace('.', '_');
            if (s.Length > 120) s = s.Substring(0, 120);
            return s;
        }

        /// <summary>Whether a device name is a DNS host name (RFC 1123 labels of letters, digits and inner hyphens), at most 253 characters.</summary>
        public static bool IsHostName(string name)
        {
            if (name.Length == 0 || name.Length > 253) return false;
            foreach (var label in name.Split('.'))
            {
                if (label.Length == 0 || label.Length > 63 || label[0] == '-' || label[label.Length - 1] == '-') return false;
                foreach (char c in label)
                    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
            }
            return true;
        }
    }
}
