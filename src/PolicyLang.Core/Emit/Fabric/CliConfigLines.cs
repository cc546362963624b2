namespace PolicyLang.Emit.Fabric
{
    /// <summary>One meaningful line of an indented CLI configuration (EOS, NX-OS and the like).</summary>
    public readonly struct CliConfigLine(int number, string text, bool isTop)
    {
        /// <summary>1-based line number, for <see cref="AclReadException"/>.</summary>
        public int Number { get; } = number;

        /// <summary>The line without its indentation and trailing white space.</summary>
        public string Text { get; } = text;

        /// <summary>Whether the line starts a section (no indentation); indented lines belong to the last section.</summary>
        public bool IsTop { get; } = isTop;
    }

    /// <summary>The lines of an indented CLI configuration that carry content: blank lines and '!' comments are skipped.</summary>
    public static class CliConfigLines
    {
        public static IEnumerable<CliConfigLine> Read(string text)
        {
            foreach (var l in Scan(text)) yield return new CliConfigLine(l.Number, text.Substring(l.Start, l.End - l.Start), l.IsTop);
        }

        /// <summary>
        /// Where each meaningful line lies in <paramref name="text"/>, without making a string of any: its 1-based number,
        /// the bounds of its content (without indentation and trailing white space), its indentation in spaces, and whether
        /// it starts a section (its first character is not a space). Lines end at '\n'; a '\r' before it is not content.
        /// </summary>
        public static IEnumerable<(int Number, int Start, int End, int Indent, bool IsTop)> Scan(string text)
        {
            int number = 0;
            for (int pos = 0; pos <= text.Length;)
            {
                int next = text.IndexOf('\n', pos);
                int end = next < 0 ? text.Length : next;
                number++;
                int rawEnd = end;
                while (rawEnd > pos && text[rawEnd - 1] == '\r') rawEnd--;
                int start = pos;
                while (start < rawEnd && char.IsWhiteSpace(text[start])) start++;
                int contentEnd = rawEnd;
                while (contentEnd > start && char.IsWhiteSpace(text[contentEnd - 1])) contentEnd--;
                if (contentEnd > start && text[start] != '!')
                {
                    int indent = 0;
                    while (pos + indent < rawEnd && text[pos + indent] == ' ') indent++;
                    yield return (number, start, contentEnd, indent, text[pos] != ' ');
                }
                if (next < 0) break;
                pos = next + 1;
            }
        }
    }
}
