using System;
using System.Linq;
using System.Text;
using PolicyLang.Parsing;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Parsing
{
    /// <summary>
    /// A large file's declarations are parsed on several threads (<see cref="SyntaxParser"/>); the tree, its positions and its
    /// diagnostics must be exactly those of parsing them one after another.
    /// </summary>
    [Collection(nameof(ParallelParseTests))]
    public class ParallelParseTests
    {
        private static string Describe(PolicySyntaxTree tree) =>
            string.Join("\n", tree.Declarations.Select(d => d.Kind + "@" + d.AbsoluteFullSpan + (d is ErrorDeclarationSyntax ? " error" : "") + " " + string.Join(";", d.ParseDiagnostics.Select(x => x.ToString()))))
            + "\n--\n" + string.Join("\n", tree.Diagnostics.Select(d => d.ToString()));

        private static PolicySyntaxTree ParseWith(int threshold, string text)
        {
            int saved = SyntaxParser.ParallelDeclarations;
            SyntaxParser.ParallelDeclarations = threshold;
            try { return PolicySyntaxTree.Parse(text, "large.netpolicy"); }
            finally { SyntaxParser.ParallelDeclarations = saved; }
        }

        [Fact]
        public void A_large_clean_policy_parses_the_same_on_one_thread_and_on_many()
        {
            var text = SyntheticPolicy.Generate(20_000);
            var serial = ParseWith(int.MaxValue, text);
            var parallel = ParseWith(1, text);
            Assert.True(parallel.Declarations.Count > 1000, "the policy should have many declarations, has " + parallel.Declarations.Count);
            Assert.Equal(Describe(serial), Describe(parallel));
            Assert.Equal(text, parallel.ToFullString());
            Assert.Empty(parallel.Diagnostics);
        }

        [Fact]
        public void Broken_declarations_spread_through_a_large_file_report_the_same_errors_at_the_same_places()
        {
            var clean = SyntheticPolicy.Generate(10_000);
            var lines = clean.Split('\n');
            var broken = new StringBuilder();
            var rng = new Random(11);
            int damaged = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                // Every so often: a stray token, an unclosed string, a lexer error, a missing brace.
                if (i % 97 == 13 && line.Length > 4)
                {
                    switch (rng.Next(4))
                    {
                        case 0: line = line.Insert(line.Length / 2, " ~~ "); break;
                        case 1: line += " \"unterminated"; break;
                        case 2: line = line.Replace("{", ""); break;
                        default: line = "zone 9bad {"; break;
                    }
                    damaged++;
                }
                broken.Append(line);
                if (i < lines.Length - 1) broken.Append('\n');
            }
            var text = broken.ToString();
            var serial = ParseWith(int.MaxValue, text);
            var parallel = ParseWith(1, text);
            Assert.True(damaged > 50);
            Assert.True(parallel.Diagnostics.Count > 20, "expected many diagnostics, got " + parallel.Diagnostics.Count);
            Assert.Equal(Describe(serial), Describe(parallel));
            Assert.Equal(text, parallel.ToFullString());
        }
    }
}
