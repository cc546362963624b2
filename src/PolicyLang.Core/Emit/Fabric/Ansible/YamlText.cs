namespace PolicyLang.Emit.Fabric.Ansible
{
    /// <summary>
    /// The ways policy text reaches a playbook: YAML double-quoted scalars with every character outside printable ASCII
    /// escaped (tagged <c>!unsafe</c> where Ansible would evaluate a "{{ … }}" inside them), group names rebuilt from a safe
    /// alphabet, and labels. The inventory is written by <see cref="YamlWriter"/>.
    /// </summary>
    public static class YamlText
    {
        /// <summary>A double-quoted YAML scalar: no raw line break, quote or backslash survives, and no U+2028/U+2029/U+0085.</summary>
        public static string Quoted(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            sb.Append('"');
            foreach (char c in value)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c < 0x20 || c > 0x7E) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }

        /// <summary>A value Ansible must take literally (never templated): <c>!unsafe "…"</c>.</summary>
        public static string Unsafe(string value) => "!unsafe " + Quoted(value);

        /// <summary>An Ansible group or variable name: letters, digits and '_', not starting with a digit.</summary>
        public static string Identifier(string prefix, string name)
        {
            var sb = new StringBuilder(prefix);
            foreach (char c in name)
                sb.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
            return sb.ToString();
        }

        /// <summary>A label for names and paths: letters, digits, '-', '_' and '.', every other character as '_'.</summary>
        public static string Label(string name)
        {
            var sb = new StringBuilder(name.Length);
            foreach (char c in name)
                sb.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ? c : '_');
            var s = sb.ToString();
            return s.Trim('.').Length == 0 ? "_" + s : s;
        }

        /// <summary>
        /// Network config modules render their <c>src</c> file through Jinja2, so a generated configuration must not
        /// hold a Jinja2 delimiter; backends escape policy strings so it never does, and this guards that (a bug otherwise).
        /// </summary>
        public static void RequireNoJinja(string path, string content)
        {
            if (content.IndexOf("{{", StringComparison.Ordinal) >= 0 || content.IndexOf("{%", StringComparison.Ordinal) >= 0
                || content.IndexOf("{#", StringComparison.Ordinal) >= 0)
                throw new InvalidOperationException("Generated configuration " + path + " holds a Jinja2 delimiter; Ansible would evaluate it.");
        }
    }
}
