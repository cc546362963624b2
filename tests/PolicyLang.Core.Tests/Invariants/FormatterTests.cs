using System;
using System.Collections.Generic;
using System.Linq;
using PolicyLang.Formatting;
using PolicyLang.Syntax;
using PolicyLang.Tests.Robustness;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.Tests.Invariants
{
    /// <summary>
    /// For every sample and every mutated input that parses without diagnostics: formatting is idempotent, its
    /// output parses without diagnostics, keeps the sequence of token texts and keeps every comment.
    /// </summary>
    public class FormatterTests
    {
        private readonly ITestOutputHelper _output;

        public FormatterTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Samples_FormatIdempotentAndPreserving()
        {
            var log = new TreeChecks.FailureLog("Formatter on samples");
            foreach (var input in FuzzCorpus.Samples)
            {
                log.Checked++;
                var tree = PolicySyntaxTree.Parse(input.Text);
                Assert.True(tree.Diagnostics.Count == 0, $"sample {input.Origin} has diagnostics: {string.Join("; ", tree.Diagnostics)}");
                log.Add(input, Check(tree));
            }
            log.AssertNone();
        }

        [Fact]
        public void CleanMutatedInputs_FormatIdempotentAndPreserving()
        {
            var log = new TreeChecks.FailureLog("Formatter on mutated inputs without diagnostics");
            int clean = 0;
            foreach (var parsed in ParsedCorpus.Mutants)
            {
                if (parsed.Tree == null || parsed.Tree.Diagnostics.Count > 0) continue;
                clean++;
                log.Checked++;
                var run = ParseGuard.Run(_ => Check(parsed.Tree), ParseGuard.SmallInputTimeout);
                log.Add(parsed.Input, run.Ok ? run.Value! : new List<string> { "Format/Parse " + run.Describe(ParseGuard.SmallInputTimeout) });
            }
            _output.WriteLine($"{clean} of {ParsedCorpus.Mutants.Count} mutated inputs parse without diagnostics and were formatted");
            // Guard against a corpus that silently stops exercising the formatter.
            Assert.True(clean >= 100, $"only {clean} mutated inputs parse cleanly; the formatter is barely exercised");
            log.AssertNone();
        }

        [Theory]
        [InlineData("zone a { # trailing\n}\n")]
        [InlineData("zone a {\n  description \"x\" # c\n  subnet 10.0.0.0/8 /* b */, 10.1.0.0/16\n}\n")]
        [InlineData("allow a -> b : ssh # why\n  class gold\n")]
        [InlineData("allow a -> b : ssh /* x */ log\n")]
        [InlineData("/* head */ zone a { }\n\n\n\n# tail")]
        [InlineData("zone a { } # one\nzone b { }")]
        [InlineData("policy p {\n  /* multi\n     line */\n  default deny\n}\n")]
        [InlineData("service s = tcp/22 # c\n  , udp/53\n")]
        [InlineData("zone a { labels { k = \"v\" # c\n } }")]
        // Two comments on one line after a line break, in the middle of a declaration.
        [InlineData("ports p\n/* a */ /* b */ = 1\n")]
        [InlineData("allow a -> b :\n  /* a */ /* b */ ssh\n")]
        public void CommentPlacements_FormatIdempotentAndPreserving(string text)
        {
            var tree = PolicySyntaxTree.Parse(text);
            Assert.True(tree.Diagnostics.Count == 0, "test input must be valid: " + string.Join("; ", tree.Diagnostics));
            var problems = Check(tree);
            Assert.True(problems.Count == 0, FuzzCorpus.Show(text, 400) + ":" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        /// <summary>The formatter contract for one clean tree; returns the violations.</summary>
        internal static List<string> Check(PolicySyntaxTree tree)
        {
            var problems = new List<string>();
            string once;
            try
            {
                once = PolicyFormatter.Format(tree);
            }
            catch (Exception e)
            {
                problems.Add("Format threw " + e.GetType().Name + ": " + e.Message + Environment.NewLine + e.StackTrace);
                return problems;
            }
            var reparsed = PolicySyntaxTree.Parse(once);
            if (reparsed.Diagnostics.Count > 0)
            {
                problems.Add("the formatted text has diagnostics: " + string.Join("; ", reparsed.Diagnostics.Take(3))
                    + " — near " + FuzzCorpus.Context(once, reparsed.Diagnostics[0].Span.Start) + " — formatted: " + FuzzCorpus.Show(once, 600));
            }
            string twice;
            try
            {
                twice = PolicyFormatter.Format(reparsed);
            }
            catch (Exception e)
            {
                problems.Add("Format of the formatted text threw " + e.GetType().Name + ": " + e.Message);
                return problems;
            }
            if (!string.Equals(once, twice, StringComparison.Ordinal))
            {
                int at = TreeChecks.FirstDifference(once, twice);
                problems.Add($"not idempotent: Format(Parse(Format(x))) differs from Format(x) at {at}: once {FuzzCorpus.Context(once, at)} twice {FuzzCorpus.Context(twice, at)}");
            }

            var before = TokenTexts(tree);
            var after = TokenTexts(reparsed);
            if (!before.SequenceEqual(after))
            {
                int i = 0;
                while (i < before.Count && i < after.Count && before[i] == after[i]) i++;
                problems.Add($"token texts changed at token #{i}: before {Window(before, i)} after {Window(after, i)}");
            }

            var commentsBefore = Comments(tree);
            var commentsAfter = Comments(reparsed);
            if (!commentsBefore.SequenceEqual(commentsAfter))
            {
                var lost = commentsBefore.Except(commentsAfter).Take(3).Select(c => FuzzCorpus.Show(c)).ToList();
                var gained = commentsAfter.Except(commentsBefore).Take(3).Select(c => FuzzCorpus.Show(c)).ToList();
                problems.Add($"comments changed: {commentsBefore.Count} before, {commentsAfter.Count} after; lost [{string.Join(", ", lost)}] gained [{string.Join(", ", gained)}]");
            }
            return problems;
        }

        private static List<string> TokenTexts(PolicySyntaxTree tree) =>
            tree.Declarations.SelectMany(d => d.Tokens()).Select(t => t.Text).ToList();

        /// <summary>All comment texts, trimmed, sorted (a multiset).</summary>
        private static List<string> Comments(PolicySyntaxTree tree) =>
            TreeChecks.AllDeclarations(tree)
                .SelectMany(d => d.Tokens())
                .SelectMany(t => t.LeadingTrivia.Concat(t.TrailingTrivia))
                .Where(tr => tr.IsComment)
                .Select(tr => tr.Text.Trim())
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToList();

        private static string Window(List<string> tokens, int i) =>
            "[" + string.Join(" ", tokens.Skip(Math.Max(0, i - 3)).Take(7).Select(t => FuzzCorpus.Show(t, 30))) + "]";
    }
}
