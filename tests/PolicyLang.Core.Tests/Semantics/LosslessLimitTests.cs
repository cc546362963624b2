using System.Linq;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using Xunit;

namespace PolicyLang.Tests.Semantics
{
    public sealed class LosslessLimitTests
    {
        private static string Policy(string platform, int losslessClasses)
        {
            var text = "zone a {\n  subnet 10.1.0.0/16\n}\nzone b {\n  subnet 10.2.0.0/16\n}\n";
            for (int i = 0; i < losslessClasses; i++)
                text += $"class c{i} {{\n  dscp {20 + i}\n  queue {i + 2}\n  lossless\n}}\nallow a -> b : tcp/{1000 + i} class c{i}\n";
            return text + $"target fabric {platform} {{\n  zones a, b\n}}\n";
        }

        [Fact]
        public void A_switch_target_carrying_three_lossless_classes_is_an_error_at_its_platform()
        {
            var text = Policy("arista-eos", 3);
            var c = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, "p.netpolicy") });
            var d = Assert.Single(c.Diagnostics, x => x.Id == "NP2012");
            Assert.Equal("arista-eos", text.Substring(d.Span.Start, d.Span.Length));
            Assert.Equal("3 lossless classes, but target 'fabric' (arista-eos) supports at most 2", d.Message);
        }

        [Theory]
        [InlineData("arista-eos", 2)]
        [InlineData("nftables", 3)]
        public void Two_lossless_classes_or_a_platform_without_pfc_are_fine(string platform, int count)
        {
            var c = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(Policy(platform, count), "p.netpolicy") });
            Assert.DoesNotContain(c.Diagnostics, x => x.Id == "NP2012");
        }
    }
}
