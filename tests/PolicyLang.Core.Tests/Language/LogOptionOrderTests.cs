using PolicyLang.Formatting;
using PolicyLang.Syntax;
using PolicyLang.Text;
using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Language
{
    /// <summary><c>log prefix "TAG" level NAME</c>: the two options in either order, each at most once, formatted prefix first.</summary>
    public sealed class LogOptionOrderTests
    {
        [Theory]
        [InlineData("log prefix \"FW-SSH\" level notice")]
        [InlineData("log level notice prefix \"FW-SSH\"")]
        public void Both_orders_bind_the_same_prefix_and_level(string log)
        {
            var c = Compile(TwoZones + "allow a -> b : tcp/22 " + log + " count\n");
            c.Clean();
            var flow = c.Compilation.Model.Flows[0];
            Assert.True(flow.Log);
            Assert.Equal("FW-SSH", flow.LogPrefix);
            Assert.Equal("notice", flow.LogLevel);
            Assert.True(flow.Count);
        }

        [Theory]
        [InlineData("log prefix \"a\" level info prefix \"b\"", "prefix \"b\"", "log prefix")]
        [InlineData("log level info prefix \"a\" level debug", "level debug", "log level")]
        public void A_repeated_option_is_NP1006_at_the_repeat(string log, string repeat, string option)
        {
            var text = TwoZones + "allow a -> b : tcp/22 " + log + "\n";
            var tree = PolicySyntaxTree.Parse(text, "p.netpolicy");
            // The flow still parses (no NP0010); the repeat is the one error, at the repeated option.
            var d = Assert.Single(tree.Diagnostics);
            Assert.Equal("NP1006", d.Id);
            Assert.True(d.IsError);
            Assert.Equal("'" + option + "' is set more than once in this flow", d.Message);
            Assert.Equal(text.LastIndexOf(repeat, System.StringComparison.Ordinal), d.Span.Start);
            Assert.Equal(repeat.Length, d.Span.Length);
            Assert.IsType<FlowDeclarationSyntax>(Assert.Single(tree.Declarations, x => x is FlowDeclarationSyntax));
            Assert.Contains(PolicyLang.Semantics.PolicyCompilation.Create(new[] { tree }).PolicyDiagnostics, x => x.Id == "NP1006");
        }

        [Theory]
        [InlineData("log level notice prefix \"FW-SSH\"")]
        [InlineData("log prefix \"FW-SSH\" level notice")]
        [InlineData("log   level notice\n    prefix \"FW-SSH\"")]
        public void The_formatter_writes_prefix_before_level_and_is_stable(string log)
        {
            var formatted = Format(TwoZones + "allow a -> b : tcp/22 " + log + " name ssh\n");
            Assert.EndsWith("allow a -> b : tcp/22 log prefix \"FW-SSH\" level notice name ssh\n", formatted);
            Assert.Equal(formatted, Format(formatted));
        }

        [Fact]
        public void The_formatter_keeps_a_comment_with_the_option_it_follows()
        {
            var formatted = Format(TwoZones + "allow a -> b : tcp/22 log level notice # severity agreed with SOC\n    prefix \"FW-SSH\"\n");
            Assert.EndsWith("allow a -> b : tcp/22 log prefix \"FW-SSH\" level notice # severity agreed with SOC\n", formatted);
            Assert.Equal(formatted, Format(formatted));
        }

        private static string Format(string text) => PolicyFormatter.Format(PolicySyntaxTree.Parse(new SourceText(text, "p.netpolicy")));
    }
}
