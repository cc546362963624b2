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
            var lines = text.Split('\n');
            for (int n = 0; n < lines.Length; n++)
            {
                var raw = lines[n].TrimEnd('\r');
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith("!", StringComparison.Ordinal)) continue;
                yield return new CliConfigLine(n + 1, line, raw[0] != ' ');
            }
        }
    }
}
