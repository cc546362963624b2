using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using PolicyLang.Emit.Cumulus;
using PolicyLang.Emit.Fabric;
using Xunit;

namespace PolicyLang.Tests.Emit.Switch
{
    /// <summary>
    /// NVUE rule numbers: steps of 10 leave room to insert a rule by hand, but would cap an ACL at 6,553 rules (3,276 with
    /// logging). A larger ACL is numbered closer, up to 65,535 rules, and stays exact.
    /// </summary>
    public sealed class NvueNumberingTests
    {
        [Theory]
        [InlineData(1, 10)]
        [InlineData(6553, 10)]
        [InlineData(6554, 9)]
        [InlineData(8000, 8)]
        [InlineData(40000, 1)]
        [InlineData(65535, 1)]
        public void The_step_is_ten_until_the_rules_no_longer_fit(int rules, int step)
        {
            Assert.Equal(step, NvueBackend.StepFor(rules));
            Assert.True(rules * NvueBackend.StepFor(rules) <= NvueBackend.MaxRuleId);
        }

        /// <summary>Zone b as 3,600 separate hosts (every other address: nothing aggregates), reached on two services.</summary>
        private static string Large(int count = 3600, int budget = 60000)
        {
            var hosts = Enumerable.Range(0, count).Select(i => "10." + (2 + i / 15000).ToString(CultureInfo.InvariantCulture) + "." + (i % 15000 / 120).ToString(CultureInfo.InvariantCulture)
                + "." + (1 + 2 * (i % 120)).ToString(CultureInfo.InvariantCulture) + "/32");
            var text = SwitchPolicies.Policy("cumulus-nvue", options: "option acl-budget " + budget.ToString(CultureInfo.InvariantCulture));
            return text.Replace("subnet 10.2.0.0/24, fd00:2::/64", "subnet " + string.Join(", ", hosts) + ", fd00:2::/64");
        }

        [Fact]
        public void An_ACL_of_more_than_6553_rules_is_numbered_closer_and_reads_back_exactly()
        {
            var text = Large();
            var result = EmitTestHelper.Build(text, "t1");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Take(5)));
            var config = EmitTestHelper.Artifact(result, "t1/" + FabricText.FileName("leaf1.example.net") + SwitchSamples.Extension("cumulus-nvue"));
            var numbers = Regex.Matches(config, @"^nv set acl (\S+) rule (\d+) action ", RegexOptions.Multiline)
                .Select(m => (Acl: m.Groups[1].Value, Rule: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
                .GroupBy(r => r.Acl).ToDictionary(g => g.Key, g => g.Select(r => r.Rule).Distinct().ToList());
            var largest = numbers.OrderByDescending(kv => kv.Value.Count).First();
            Assert.True(largest.Value.Count > 6553, largest.Key + " has " + largest.Value.Count + " rules");
            int step = NvueBackend.StepFor(largest.Value.Count);
            Assert.True(step < 10);
            Assert.Equal(Enumerable.Range(1, largest.Value.Count).Select(i => i * step), largest.Value);
            // Small ACLs keep steps of 10.
            var small = numbers.OrderBy(kv => kv.Value.Count).First().Value;
            Assert.Equal(Enumerable.Range(1, small.Count).Select(i => i * 10), small);

            var compilation = EmitTestHelper.Compile(text);
            var target = compilation.Model.Targets.Single();
            var facts = FabricTarget.Facts(target).Single();
            var problems = TranslationValidator.Validate(SwitchSamples.Context(compilation, target), facts, config, SwitchSamples.Reader("cumulus-nvue"));
            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(5)));
        }
    

        [Fact]
        public void An_ACL_of_more_than_65535_rules_is_NP4106_at_the_device_whatever_the_budget()
        {
            var text = Large(count: 33000, budget: 1000000);
            var result = EmitTestHelper.Build(text, "t1");
            Assert.False(result.Succeeded);
            // The filtering ACL and the marking one, each at the device that carries it.
            var over = result.Diagnostics.Where(x => x.Id == "NP4106").ToList();
            Assert.Equal(2, over.Count);
            Assert.All(over, d => Assert.Equal("\"leaf1.example.net\"", text.Substring(d.Span.Start, d.Span.Length)));
            var d = Assert.Single(over, x => x.Message.StartsWith("ACL 'PC-a_s-V4'", System.StringComparison.Ordinal));
            Assert.Matches(@"^ACL 'PC-a_s-V4' on device 'leaf1\.example\.net' needs \d+ entries, over the budget of 65535 \(rules of one NVUE ACL \(numbered 1 to 65535; a logged entry takes two\)\)$", d.Message);
        }
    }
}
