using PolicyLang.Syntax;
using PolicyLang.Tests.Robustness;
using Xunit;

namespace PolicyLang.Tests.Invariants
{
    /// <summary>
    /// Span structure over every sample and every mutated input: nodes inside their parents, children contiguous
    /// and ordered, declarations contiguous across the file up to the end-of-file node, token text equal to the
    /// source at its absolute span.
    /// </summary>
    public class SpanNestingTests
    {
        [Fact]
        public void Samples_HaveNestedContiguousSpans()
        {
            var log = new TreeChecks.FailureLog("Span nesting in samples");
            foreach (var input in FuzzCorpus.Samples)
            {
                log.Checked++;
                log.Add(input, TreeChecks.Spans(PolicySyntaxTree.Parse(input.Text, input.Origin), input.Text));
            }
            log.AssertNone();
        }

        [Fact]
        public void MutatedInputs_HaveNestedContiguousSpans()
        {
            var log = new TreeChecks.FailureLog("Span nesting in mutated inputs");
            foreach (var parsed in ParsedCorpus.Mutants)
            {
                log.Checked++;
                if (parsed.Tree == null) log.Add(parsed.Input, parsed.Failure!);
                else log.Add(parsed.Input, TreeChecks.Spans(parsed.Tree, parsed.Input.Text));
            }
            log.AssertNone();
        }

        [Fact]
        public void Samples_ShareNoElementOrChildList()
        {
            var log = new TreeChecks.FailureLog("Shared elements in samples");
            foreach (var input in FuzzCorpus.Samples)
            {
                log.Checked++;
                log.Add(input, TreeChecks.Sharing(PolicySyntaxTree.Parse(input.Text, input.Origin)));
            }
            log.AssertNone();
        }

        [Fact]
        public void SharingCheck_FindsAnElementTwiceAndASharedChildList()
        {
            var token = new SyntaxToken(SyntaxKind.IdentifierToken, 0, "zone", System.Array.Empty<SyntaxTrivia>(), System.Array.Empty<SyntaxTrivia>());
            Assert.Contains(TreeChecks.Sharing(new[] { new ErrorDeclarationSyntax(new SyntaxElement[] { token, token }) }), p => p.Contains("stands twice"));

            var children = new SyntaxElement[] { new SyntaxToken(SyntaxKind.IdentifierToken, 5, "a", System.Array.Empty<SyntaxTrivia>(), System.Array.Empty<SyntaxTrivia>()) };
            var first = new ErrorDeclarationSyntax(children);
            var second = new ErrorDeclarationSyntax(children);
            Assert.Contains(TreeChecks.Sharing(new[] { first, second }), p => p.Contains("shares its list of children"));
            Assert.Empty(TreeChecks.Sharing(new[] { first }));
        }

        [Fact]
        public void MutatedInputs_ShareNoElementOrChildList()
        {
            var log = new TreeChecks.FailureLog("Shared elements in mutated inputs");
            foreach (var parsed in ParsedCorpus.Mutants)
            {
                log.Checked++;
                if (parsed.Tree != null) log.Add(parsed.Input, TreeChecks.Sharing(parsed.Tree));
            }
            log.AssertNone();
        }

        [Theory]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData("\n")]
        [InlineData("# only a comment")]
        [InlineData("/* unterminated")]
        [InlineData("zone")]
        [InlineData("allow a -> b : ssh")]
        [InlineData("allow a -> b : ssh\n  class gold\n")]
        [InlineData("zone a {} zone b {}")]
        [InlineData("}\nzone a {\n")]
        [InlineData("\r\n\r\nzone a {\r\n}\r\n")]
        public void SmallEdgeCases_HaveNestedContiguousSpans(string text)
        {
            var tree = PolicySyntaxTree.Parse(text);
            var problems = TreeChecks.Spans(tree, text);
            problems.AddRange(TreeChecks.RoundTrip(tree, text));
            problems.AddRange(TreeChecks.Sharing(tree));
            Assert.True(problems.Count == 0, FuzzCorpus.Show(text) + ": " + string.Join("; ", problems));
        }
    }
}
