namespace PolicyLang.Emit.Terraform
{
    /// <summary>
    /// HCL for the Terraform outputs (aws, azure-nsg, gcp-firewall) in the layout <c>terraform fmt</c> gives it, so that
    /// <c>terraform fmt -check</c> passes on every generated file: quoted strings, one-line lists, and attribute lines
    /// aligned at '=' the way terraform aligns them.
    /// <para>
    /// terraform fmt aligns each run of consecutive one-line attributes (name = value) at one column: the widest name of
    /// the run plus one space. Anything else ends a run: a blank line, a comment line, a nested block, and an attribute
    /// whose value spans lines (its first line, "name = {", gets a single space and belongs to no run). Widths are counted
    /// in characters as terraform counts them (grapheme clusters, not bytes or display cells).
    /// </para>
    /// </summary>
    public static class Hcl
    {
        /// <summary>
        /// An HCL quoted string literal, quotes included, ASCII only: quotes, backslashes and control characters escaped,
        /// template sequences escaped ("$${", "%%{"), other characters outside printable ASCII as \uXXXX.
        /// </summary>
        public static string Quoted(string value)
        {
            var sb = new StringBuilder(value.Length + 2).Append('"');
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (QuotedText.TryAppendCommonEscape(sb, c)) continue;
                switch (c)
                {
                    case '$':
                    case '%':
                        sb.Append(c);
                        if (i + 1 < value.Length && value[i + 1] == '{') sb.Append(c);
                        break;
                    default:
                        if (c < 0x20 || c >= 0x7F) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }

        /// <summary>A one-line list of quoted strings: ["a", "b"] (terraform fmt leaves one-line lists as they are).</summary>
        public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Quoted)) + "]";

        /// <summary>
        /// The lines of a body's attributes in terraform fmt layout, without the body's indentation; an attribute whose
        /// value is null is left out. Values are HCL already; a value of several lines (an object or list that opens on
        /// the attribute's line) is taken as laid out, its later lines indented relative to the attribute.
        /// </summary>
        public static List<string> Attributes(params (string Name, string? Value)[] attributes) => Attributes((IEnumerable<(string, string?)>)attributes);

        /// <inheritdoc cref="Attributes((string Name, string? Value)[])"/>
        public static List<string> Attributes(IEnumerable<(string Name, string? Value)> attributes)
        {
            var present = attributes.Where(a => a.Value != null).Select(a => (a.Name, Lines: a.Value!.Split('\n'))).ToList();
            var lines = new List<string>();
            int i = 0;
            while (i < present.Count)
            {
                if (present[i].Lines.Length > 1)
                {
                    var (name, value) = present[i++];
                    lines.Add(name + " = " + value[0]);
                    lines.AddRange(value.Skip(1));
                    continue;
                }
                // A run of one-line attributes: aligned at its widest name.
                int end = i;
                while (end < present.Count && present[end].Lines.Length == 1) end++;
                int width = present.Skip(i).Take(end - i).Max(a => Columns(a.Name));
                for (; i < end; i++)
                    lines.Add(present[i].Name + new string(' ', width - Columns(present[i].Name)) + " = " + present[i].Lines[0]);
            }
            return lines;
        }

        /// <summary>
        /// An object expression: "{}" when empty, otherwise one entry a line, aligned at '=', indented by two spaces.
        /// Keys and values are HCL already (quoted strings, identifiers, lists).
        /// </summary>
        public static string Object(IEnumerable<(string Key, string Value)> entries)
        {
            var lines = Attributes(entries.Select(e => (e.Key, (string?)e.Value)));
            return lines.Count == 0 ? "{}" : "{\n" + string.Join("\n", lines.Select(l => "  " + l)) + "\n}";
        }

        /// <summary>How many columns terraform fmt counts for a name or key when it aligns '=': grapheme clusters.</summary>
        public static int Columns(string text) => new StringInfo(text).LengthInTextElements;
    }
}
