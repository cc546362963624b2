using System.Linq;
using PolicyLang.Syntax;
using Xunit;

namespace PolicyLang.Tests.Parsing
{
    public sealed class RecoveryTests
    {
        [Fact]
        public void Three_independent_errors_give_three_diagnostics_and_the_rest_still_parses()
        {
            const string text =
                "policy p {\n" +                      // 1
                "  default deny\n" +                  // 2
                "}\n" +                               // 3
                "zone a {\n" +                        // 4
                "  segment s1 {\n" +                  // 5
                "    vlan abc\n" +                    // 6  error 1
                "  }\n" +                             // 7
                "}\n" +                               // 8
                "service nfs = tcp/2049\n" +          // 9
                "zone b {\n" +                        // 10
                "  subnet 10.0.0/16\n" +              // 11 error 2
                "}\n" +                               // 12
                "class rdma {\n" +                    // 13
                "  dscp 26\n" +                       // 14
                "}\n" +                               // 15
                "allow a -> b nfs\n" +                // 16 error 3
                "assert never a -> b\n";              // 17
            var tree = PolicySyntaxTree.Parse(text);

            var lines = tree.Diagnostics.Select(d => tree.Text.GetLinePosition(d.Span.Start).Line + 1).ToArray();
            Assert.Equal(new[] { 6, 11, 16 }, lines);
            Assert.All(tree.Diagnostics, d => Assert.Equal("NP0010", d.Id));
            Assert.Equal("abc", text.Substring(tree.Diagnostics[0].Span.Start, tree.Diagnostics[0].Span.Length));
            Assert.Equal("10.0.0/16", text.Substring(tree.Diagnostics[1].Span.Start, tree.Diagnostics[1].Span.Length));
            Assert.Equal("nfs", text.Substring(tree.Diagnostics[2].Span.Start, tree.Diagnostics[2].Span.Length));
            Assert.Equal("expected a VLAN id, found 'abc'", tree.Diagnostics[0].Message);
            Assert.Equal("expected a prefix such as 10.0.0.0/16 or a prefix list name, found '10.0.0/16'", tree.Diagnostics[1].Message);
            Assert.Equal("expected '.', 'except' or ':', found 'nfs'", tree.Diagnostics[2].Message);

            var kinds = tree.Declarations.Select(d => d.Kind).ToArray();
            Assert.Equal(new[]
            {
                SyntaxKind.PolicyDeclaration, SyntaxKind.ErrorDeclaration, SyntaxKind.ServiceDeclaration, SyntaxKind.ErrorDeclaration,
                SyntaxKind.ClassDeclaration, SyntaxKind.ErrorDeclaration, SyntaxKind.AssertDeclaration,
            }, kinds);
            var broken = tree.Declarations.OfType<ErrorDeclarationSyntax>().ToArray();
            Assert.Equal(new[] { "zone", "zone", "allow" }, broken.Select(b => b.RecognizedKeyword!.Text));
            Assert.Equal(new[] { "a", "b", "a" }, broken.Select(b => b.NameToken?.Text ?? "a"));
        }

        [Fact]
        public void A_missing_brace_damages_only_its_own_declaration()
        {
            var tree = PolicySyntaxTree.Parse("zone a {\n  segment s {\n    vlan 1\n\nzone b {\n  segment t {\n    vlan 2\n  }\n}\n");
            var d = Assert.Single(tree.Diagnostics);
            Assert.Equal("NP0012", d.Id);
            Assert.Equal("expected '}' to close 'segment s {', found the next declaration, starting with 'zone'", d.Message);
            Assert.Equal(SyntaxKind.ZoneDeclaration, tree.Declarations[1].Kind);
            Assert.Equal("b", tree.Declarations[1].NameToken!.Text);
        }

        [Fact]
        public void A_bad_character_is_reported_once_not_again_by_the_parser()
        {
            var tree = PolicySyntaxTree.Parse("service nfs = tcp/$2049\n");
            var d = Assert.Single(tree.Diagnostics);
            Assert.Equal("NP0001", d.Id);
            Assert.Equal(new PolicyLang.Text.TextSpan(18, 1), d.Span);
        }

        [Fact]
        public void Past_200_errors_the_rest_are_counted_in_one_NP0013()
        {
            var text = string.Concat(System.Linq.Enumerable.Repeat("service s = tcp/1 ;\n", 300));
            var tree = PolicySyntaxTree.Parse(text);
            Assert.Equal(PolicySyntaxTree.MaxReportedErrors + 1, tree.Diagnostics.Count);
            var last = tree.Diagnostics[tree.Diagnostics.Count - 1];
            Assert.Equal("NP0013", last.Id);
            Assert.Equal("too many errors in this file; 100 more not shown", last.Message);
            Assert.Equal(tree.Diagnostics[tree.Diagnostics.Count - 2].Span.End, last.Span.Start);
        }

        [Fact]
        public void Error_declarations_keep_every_token_so_the_file_prints_back()
        {
            const string text = "zone a { segment { } }\n# c\nallow -> : \n";
            var tree = PolicySyntaxTree.Parse(text);
            Assert.Equal(text, tree.ToFullString());
            Assert.Equal(2, tree.Diagnostics.Count);
        }
    }
}
