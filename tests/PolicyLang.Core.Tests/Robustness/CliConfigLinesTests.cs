using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using PolicyLang.Emit.Fabric;
using Xunit;

namespace PolicyLang.Tests.Robustness
{
    /// <summary>
    /// <see cref="CliConfigLines.Scan"/> finds a configuration's lines without making a string per line (switch settings are
    /// read from configurations of tens of thousands of lines, most of them ACL entries): it must give the lines that
    /// splitting and trimming give, with the same numbers, indentation and section starts, for any text.
    /// </summary>
    public sealed class CliConfigLinesTests
    {
        private static List<(int Number, string Text, int Indent, bool IsTop)> BySplitting(string text)
        {
            var result = new List<(int, string, int, bool)>();
            var raw = text.Split('\n');
            for (int n = 0; n < raw.Length; n++)
            {
                var l = raw[n].TrimEnd('\r');
                var t = l.Trim();
                if (t.Length == 0 || t.StartsWith("!", StringComparison.Ordinal)) continue;
                result.Add((n + 1, t, l.Length - l.TrimStart(' ').Length, l[0] != ' '));
            }
            return result;
        }

        private static readonly string[] Pieces = { "\n", "\r\n", "\r", " ", "  ", "\t", "!", "interface Ethernet1", "vlan 10", "permit tcp any any", "\u00A0", "\u2028", "x" };

        [Fact]
        public void Scanning_gives_the_lines_that_splitting_and_trimming_give()
        {
            Gen.Int[0, Pieces.Length - 1].Array[0, 40].Sample(parts =>
            {
                var text = string.Concat(parts.Select(p => Pieces[p]));
                var expected = BySplitting(text);
                var scanned = CliConfigLines.Scan(text).Select(l => (l.Number, text.Substring(l.Start, l.End - l.Start), l.Indent, l.IsTop)).ToList();
                Assert.Equal(expected, scanned);
                Assert.Equal(expected.Select(e => (e.Number, e.Text, e.IsTop)), CliConfigLines.Read(text).Select(l => (l.Number, l.Text, l.IsTop)));
            }, iter: 5000);
        }
    }
}
