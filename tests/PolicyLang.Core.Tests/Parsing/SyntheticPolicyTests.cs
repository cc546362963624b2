using System;
using System.Linq;
using PolicyLang.Formatting;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Parsing
{
    public class SyntheticPolicyTests
    {
        [Theory]
        [InlineData(1_000)]
        [InlineData(10_000)]
        public void Generated_policy_parses_clean_is_canonical_and_has_the_requested_line_count(int lines)
        {
            var text = SyntheticPolicy.Generate(lines);

            var tree = PolicySyntaxTree.Parse(text, "synthetic.netpolicy");
            Assert.Empty(tree.Diagnostics);
            Assert.DoesNotContain(tree.Declarations, d => d is ErrorDeclarationSyntax);
            Assert.Equal(text, tree.ToFullString());
            Assert.Equal(text, PolicyFormatter.Format(tree));

            Assert.Equal(lines, SyntheticPolicy.CountLines(text));
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', text);
        }

        [Theory]
        [InlineData(1_000)]
        [InlineData(10_000)]
        public void Generation_is_deterministic(int lines)
        {
            Assert.Equal(SyntheticPolicy.Generate(lines, seed: 7), SyntheticPolicy.Generate(lines, seed: 7));
            Assert.NotEqual(SyntheticPolicy.Generate(lines, seed: 7), SyntheticPolicy.Generate(lines, seed: 8));
        }

        [Theory]
        [InlineData(SyntheticPolicy.MinimumLines)]
        [InlineData(1_234)]
        [InlineData(5_001)]
        public void Every_seed_and_size_gives_the_exact_line_count(int lines)
        {
            foreach (var seed in new[] { 1, 42, -3, int.MaxValue })
            {
                var text = SyntheticPolicy.Generate(lines, seed);
                Assert.Equal(lines, SyntheticPolicy.CountLines(text));
                Assert.Empty(PolicySyntaxTree.Parse(text).Diagnostics);
            }
        }

        [Fact]
        public void Generated_policy_uses_every_construct()
        {
            var tree = PolicySyntaxTree.Parse(SyntheticPolicy.Generate(1_000));
            var kinds = tree.Declarations.Select(d => d.Kind).ToHashSet();
            foreach (var kind in new[]
            {
                SyntaxKind.PolicyDeclaration, SyntaxKind.PrefixListDeclaration, SyntaxKind.PortListDeclaration,
                SyntaxKind.ServiceDeclaration, SyntaxKind.ClassDeclaration, SyntaxKind.ZoneDeclaration,
                SyntaxKind.ExternalDeclaration, SyntaxKind.FlowDeclaration, SyntaxKind.AssertDeclaration,
                SyntaxKind.TestDeclaration, SyntaxKind.TargetDeclaration,
            })
            {
                Assert.Contains(kind, kinds);
            }

            var assertions = tree.Declarations.OfType<AssertDeclarationSyntax>().Select(a => a.Assertion.Kind).ToHashSet();
            Assert.Equal(4, assertions.Count);

            var text = tree.ToFullString();
            foreach (var construct in new[]
            {
                "icmp echo-request", "icmpv6 packet-too-big", " code 4", "proto 50", "= any", "sctp/",
                "ecn {", "lossless", "strict", "labels {", "vlan ", "vni ", "kubernetes namespace", " selector ", "mtu ",
                "/64", "::/0", "deny ", " class ", " rate ", " log", " description ", "assert isolated", " except ",
                "expect allow", "expect deny", "mode gateway", "arista-eos", "kubernetes {", "nftables",
            })
            {
                Assert.Contains(construct, text, StringComparison.Ordinal);
            }
            Assert.Matches(@"service \S+ = tcp/\d+-\d+\n", text);
            Assert.Matches(@"ports \S+ = .*\d+-\d+\n", text);
        }

        [Fact]
        public void Too_few_lines_are_rejected()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticPolicy.Generate(SyntheticPolicy.MinimumLines - 1));
        }
    }
}
