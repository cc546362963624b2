using System;
using System.Linq;
using CsCheck;
using PolicyLang.Emit.Junos;
using Xunit;

namespace PolicyLang.Tests.Robustness
{
    /// <summary>
    /// <see cref="JunosAclReader.IsSetFormat"/> looks for the first command line by line without splitting the configuration:
    /// it must answer what splitting on line feeds and trimming each line answers, for any text.
    /// </summary>
    public sealed class JunosSetFormatTests
    {
        private static bool BySplitting(string text)
        {
            foreach (var raw in text.Split('\n'))
            {
                var l = raw.Trim();
                if (l.Length == 0 || l.StartsWith("#", StringComparison.Ordinal)) continue;
                return l.StartsWith("set ", StringComparison.Ordinal) || l.StartsWith("deactivate ", StringComparison.Ordinal);
            }
            return false;
        }

        private static readonly string[] Pieces =
            { "\n", "\r\n", "\r", " ", "\t", "\u00A0", "\u2028", "#", "## Last commit", "set ", "set", "deactivate ", "deactivate", "firewall {", "x", "interfaces" };

        [Fact]
        public void Answers_what_splitting_into_lines_answers()
        {
            Gen.Int[0, Pieces.Length - 1].Array[0, 20].Sample(parts =>
            {
                var text = string.Concat(parts.Select(p => Pieces[p]));
                Assert.Equal(BySplitting(text), JunosAclReader.IsSetFormat(text));
            }, iter: 20000);
        }

        [Theory]
        [InlineData("", false)]
        [InlineData("\n\n", false)]
        [InlineData("## Last commit: 2026-12-01\nset interfaces xe-0/0/1 unit 0 family inet filter input F\n", true)]
        [InlineData("  \r\n\tdeactivate firewall family inet filter F term t1\n", true)]
        [InlineData("firewall {\n    family inet {\n", false)]
        [InlineData("# set in a comment\nfirewall {\n", false)]
        public void Examples(string text, bool set)
        {
            Assert.Equal(set, JunosAclReader.IsSetFormat(text));
        }
    }
}
