using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Nftables;
using Xunit;

namespace PolicyLang.Tests.Emit
{
    public sealed class TemplateRendererTests
    {
        /// <summary>Scriban cuts values longer than 1 MB with "..." by default; a ruleset must never be truncated.</summary>
        [Fact]
        public void Values_longer_than_a_megabyte_are_rendered_whole()
        {
            var elements = string.Join(",\n", Enumerable.Range(0, 200_000).Select(i => "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)));
            var model = new NftRuleset { Table = "t" };
            model.Sets.Add(new NftSet("big", "ipv4_addr", "big", elements));
            var text = TemplateRenderer.Render("Nftables/ruleset.scriban", model);
            Assert.True(elements.Length > 2_000_000);
            Assert.Contains("10.3.13.63\n", text);
            Assert.EndsWith("}\n", text);
            Assert.DoesNotContain("...", text);
        }
    }
}
