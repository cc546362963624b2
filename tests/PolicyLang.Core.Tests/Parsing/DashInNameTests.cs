using System.Linq;
using PolicyLang.Syntax;
using Xunit;

namespace PolicyLang.Tests.Parsing
{
    /// <summary>
    /// A name holds '-' only between two letters or digits, so the lexer ends <c>my--ssh</c> after <c>my</c> and
    /// <c>lab-</c> after <c>lab</c>. The syntax error then says which word is not a name and why, instead of only
    /// "found '-'".
    /// </summary>
    public sealed class DashInNameTests
    {
        private const string Zones = "zone a {\n  subnet 10.10.0.0/16\n}\nzone b {\n  subnet 10.20.0.0/16\n}\n";

        private static (string Message, string At) Single(string text)
        {
            var tree = PolicySyntaxTree.Parse(text);
            var d = Assert.Single(tree.Diagnostics);
            Assert.Equal("NP0010", d.Id);
            return (d.Message, text.Substring(d.Span.Start, d.Span.Length) + "@" + d.Span.Start);
        }

        [Fact]
        public void A_flow_name_with_two_dashes_says_it_is_not_a_name()
        {
            var text = Zones + "allow a -> b : tcp/22 name my--ssh\n";
            var (message, at) = Single(text);
            Assert.Equal("expected 'name', 'class', 'rate', 'log', 'count', 'expires', 'description' or the end of the declaration, found '-' "
                + "('my--ssh' is not a name: a name holds '-' only between two letters or digits, one at a time)", message);
            Assert.Equal("-@" + text.IndexOf("--ssh", System.StringComparison.Ordinal), at);
        }

        [Fact]
        public void A_zone_name_ending_in_a_dash_says_it_is_not_a_name()
        {
            var (message, _) = Single("zone lab- {\n  subnet 10.30.0.0/16\n}\n");
            Assert.Equal("expected '{', found '-' ('lab-' is not a name: a name holds '-' only between two letters or digits, one at a time)", message);
        }

        [Fact]
        public void A_dash_apart_from_a_name_gets_no_hint()
        {
            var (message, _) = Single(Zones + "allow a -> b : tcp/22 name ssh -\n");
            Assert.DoesNotContain("is not a name", message);
            Assert.EndsWith("found '-'", message);
        }
    }
}
