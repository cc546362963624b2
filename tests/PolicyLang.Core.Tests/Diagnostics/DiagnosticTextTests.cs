using System.Linq;
using PolicyLang.Diagnostics;
using PolicyLang.Syntax;
using Xunit;

namespace PolicyLang.Tests.Diagnostics
{
    /// <summary>Every diagnostic is one line of visible text; source text it quotes is escaped and cut (DiagnosticText).</summary>
    public sealed class DiagnosticTextTests
    {
        [Theory]
        [InlineData("zone a\u2028{ }\n")]
        [InlineData("zone \u202Eevil { }\n")]
        [InlineData("zone a { description \"x\\q\u0000\" }\n")]
        [InlineData("zone a { description \"x\\\u202E\" }\n")]
        [InlineData("zone a {\n  segment s {\u0007\n")]
        [InlineData("zone a\u0000b { }\n")]
        public void Messages_escape_control_format_and_bidi_characters(string text)
        {
            var tree = PolicySyntaxTree.Parse(text, "p.netpolicy");
            Assert.NotEmpty(tree.Diagnostics);
            foreach (var d in tree.Diagnostics)
            {
                Assert.DoesNotContain(d.Message, c => DiagnosticText.NeedsEscape(c));
                Assert.True(d.Message.Length < 500, d.Message);
            }
        }

        [Theory]
        [InlineData("target t azure-nsg {\n  devices \"nsg\\u{202E}gnp.exe\\nx!\"\n  zones a\n}\n", "NP4252")]
        [InlineData("target t gcp-firewall {\n  devices \"net\\u{0}work\"\n  zones a\n}\n", "NP4252")]
        [InlineData("target t arista-eos {\n  devices \"leaf\\u{2028}1!\"\n  zones a\n}\n", "NP4108")]
        public void Target_messages_show_hostile_names_escaped_not_stripped(string target, string code)
        {
            var text = "zone a {\n  subnet 10.0.0.0/24\n}\nzone b {\n  subnet 10.1.0.0/24\n}\nallow a -> b : tcp/22\n" + target;
            var c = PolicyLang.Semantics.PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, "p.netpolicy") });
            var d = Assert.Single(c.Diagnostics, x => x.Id == code);
            Assert.Matches(@"\\u\{(202E|0000|2028)\}", d.Message);
            Assert.DoesNotContain(d.Message, ch => DiagnosticText.NeedsEscape(ch));
        }

        [Fact]
        public void Escape_writes_the_language_escape_and_keeps_visible_text()
        {
            Assert.Equal("a\\u{202E}b\\u{0000}c\\u{000A}", DiagnosticText.Escape("a\u202Eb\u0000c\n"));
            Assert.Equal("ünïcode 😀", DiagnosticText.Escape("ünïcode 😀"));
            Assert.Equal("\\u{D800}", DiagnosticText.Escape("\uD800"));
        }

        [Fact]
        public void Quoted_source_text_is_cut_to_a_readable_length()
        {
            var name = new string('x', 5000);
            var tree = PolicySyntaxTree.Parse("zone " + name + " { \u0001 }\nzone " + name + " {\n", "p.netpolicy");
            Assert.All(tree.Diagnostics, d => Assert.True(d.Message.Length <= 2 * DiagnosticText.MaxQuotedLength + 200, d.Id + " " + d.Message.Length));
            var cut = DiagnosticText.Cap(name + "END");
            Assert.Equal(DiagnosticText.MaxQuotedLength, cut.Length);
            Assert.EndsWith("END", cut);
        }
    }
}
