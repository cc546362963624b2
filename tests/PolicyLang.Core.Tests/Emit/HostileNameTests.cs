using System.Linq;
using PolicyLang.Emit.Nftables;
using Xunit;
using PolicyLang.TestSupport;

namespace PolicyLang.Tests.Emit
{
    /// <summary>Strings from a policy reach the output only through the target's escaping: no extra line or statement.</summary>
    [ProvesPlatform(PlatformProof.HostileNames, "nftables")]
    public sealed class HostileNameTests
    {
        public static readonly string[] Hostile =
        {
            "x\\n}\\ntable inet evil {",
            "x\\\"; flush ruleset; #",
            "$(reboot)",
            "`id`",
            "x\\r\\ndelete table inet filter",
            "x } chain evil { type filter hook input priority 0; policy drop; }",
            "\\u{2028}line separator\\u{0085}next line",
        };

        [Theory]
        [MemberData(nameof(HostileStrings))]
        public void Hostile_strings_in_descriptions_cannot_inject_into_an_nftables_ruleset(string hostile)
        {
            var text =
                "policy p {\n  version \"" + hostile + "\"\n  owner \"" + hostile + "\"\n  description \"" + hostile + "\"\n}\n" +
                "zone a {\n  description \"" + hostile + "\"\n  labels {\n    k = \"" + hostile + "\"\n  }\n  subnet 10.1.0.0/16\n}\n" +
                "zone b {\n  subnet 10.2.0.0/16\n}\n" +
                "class c {\n  dscp 10\n  description \"" + hostile + "\"\n}\n" +
                "allow a -> b : tcp/22 class c log description \"" + hostile + "\"\n" +
                "target gw nftables {\n  devices \"" + hostile + "\"\n  zones a, b\n  description \"" + hostile + "\"\n}\n";
            var result = EmitTestHelper.Build(text);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var ruleset = EmitTestHelper.Artifact(result, "gw/ruleset.nft");
            var clean = EmitTestHelper.Artifact(EmitTestHelper.Build(text.Replace(hostile, "plain")), "gw/ruleset.nft");
            // The hostile build differs from a clean one at most inside comment lines.
            Assert.Equal(NonComment(clean), NonComment(ruleset));
            Assert.DoesNotContain("evil", NonComment(ruleset));
            Assert.DoesNotContain("flush", NonComment(ruleset));
            Assert.All(ruleset.Split('\n'), line => Assert.DoesNotContain('\r', line));
            Assert.All(ruleset, ch => Assert.True(ch == '\n' || ch == '\t' || (ch >= 0x20 && ch < 0x7F), "non-ASCII or control character in output"));
        }

        public static TheoryData<string> HostileStrings()
        {
            var data = new TheoryData<string>();
            foreach (var h in Hostile) data.Add(h);
            return data;
        }

        private static string NonComment(string ruleset) =>
            string.Join("\n", ruleset.Split('\n').Where(l => !l.TrimStart().StartsWith("#")));

        [Fact]
        public void Log_prefixes_and_identifiers_use_a_safe_alphabet()
        {
            Assert.Equal("a_b_c", NftText.Identifier("", "a-b\"c"));
            Assert.Equal("x_ y_z", NftText.LogPrefix("x\" y;z"));
            Assert.Equal(127, NftText.LogPrefix(new string('a', 500)).Length);
            Assert.Equal("a b", NftText.Comment("a\nb"));
        }
    }
}
