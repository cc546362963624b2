using System;
using System.Collections.Generic;
using System.Linq;
using PolicyLang.Parsing;
using PolicyLang.Syntax;
using PolicyLang.Tests.Robustness;
using Xunit;

namespace PolicyLang.Tests.Parsing
{
    /// <summary>
    /// A thread parses its declarations with one token stream whose positions it keeps from declaration to declaration
    /// (<see cref="TokenStream.Rent"/>). Whatever came before, a declaration must parse exactly as it would with a new stream:
    /// the same tree, token for token and node for node, and the same diagnostics.
    /// </summary>
    public class ReusedStreamTests
    {
        [Fact]
        public void EveryInput_ParsesAsWithNewStreams_WhateverWasParsedBefore()
        {
            var inputs = FuzzCorpus.Samples.Concat(FuzzCorpus.Mutants).ToList();
            var expected = new List<string>();
            TokenStream.t_noReuse = true;
            try
            {
                foreach (var input in inputs) expected.Add(Dump(input.Text));
            }
            finally
            {
                TokenStream.t_noReuse = false;
            }

            // In order, then backwards: each input after others of every size, with and without errors.
            var order = Enumerable.Range(0, inputs.Count).Concat(Enumerable.Range(0, inputs.Count).Reverse());
            foreach (var i in order)
            {
                var actual = Dump(inputs[i].Text);
                Assert.True(expected[i] == actual, inputs[i].Origin + " (seed " + inputs[i].Seed + ") parsed differently on a reused stream:\n" + FirstDifference(expected[i], actual));
            }
        }

        [Fact]
        public void AShortDeclarationAfterALongOne_IsNotReadPastItsEnd()
        {
            // The stream has positions left from the long flow; the short one must end where its tokens do, and report the
            // missing destination at its own end.
            const string longFlow = "allow training.gpu -> storage.nvme except 10.0.0.0/8, 192.168.0.0/16 : tcp/22, udp/53, icmp echo-request code 0\n  class gold\n  log prefix \"x\" level warning\n  count\n";
            const string shortFlow = "allow training -> ";
            var fresh = WithNewStreams(() => Dump(shortFlow));
            Dump(longFlow);
            Assert.Equal(fresh, Dump(shortFlow));
            Assert.Contains("NP", fresh);
        }

        [Fact]
        public void AStreamGrownForAHugeDeclaration_IsNotKept()
        {
            // One block left open: the rest of the text is one declaration of more tokens than a kept stream may hold.
            var text = "zone a {\n" + string.Concat(Enumerable.Repeat("  subnet 10.0.0.0/24\n", TokenStream.KeepLimit));
            Dump(text);
            var after = TokenStream.Rent(new[] { new SyntaxToken(SyntaxKind.IdentifierToken, 0, "zone", Array.Empty<SyntaxTrivia>(), Array.Empty<SyntaxTrivia>()) });
            try
            {
                Assert.True(after.InputAt(0).Stream == after);
                Assert.True(after.Capacity <= TokenStream.KeepLimit, "the stream of the huge declaration was kept: " + after.Capacity + " positions");
            }
            finally
            {
                TokenStream.Return(after);
            }
        }

        private static T WithNewStreams<T>(System.Func<T> parse)
        {
            TokenStream.t_noReuse = true;
            try
            {
                return parse();
            }
            finally
            {
                TokenStream.t_noReuse = false;
            }
        }

        /// <summary>The tree (every node and token with its kind, absolute span, text and trivia) and the diagnostics.</summary>
        private static string Dump(string text)
        {
            var tree = PolicySyntaxTree.Parse(text, "p.netpolicy");
            var sb = new System.Text.StringBuilder();
            foreach (var d in tree.Declarations) Write(sb, d, d.Start, 0);
            foreach (var d in tree.Diagnostics) sb.Append(d.Id).Append(' ').Append(d.Span).Append(' ').Append(d.Message).Append('\n');
            return sb.ToString();
        }

        private static void Write(System.Text.StringBuilder sb, SyntaxElement e, int origin, int depth)
        {
            sb.Append(' ', depth).Append(e.Kind).Append(' ').Append(origin + e.Span.Start).Append('+').Append(e.Span.Length);
            if (e is SyntaxToken t)
            {
                sb.Append(" '").Append(t.Text).Append("' ").Append(t.LeadingTrivia.Count).Append('/').Append(t.TrailingTrivia.Count).Append('\n');
                return;
            }
            sb.Append('\n');
            foreach (var child in ((SyntaxNode)e).Children) Write(sb, child, origin, depth + 1);
        }

        private static string FirstDifference(string a, string b)
        {
            var la = a.Split('\n');
            var lb = b.Split('\n');
            for (int i = 0; i < System.Math.Min(la.Length, lb.Length); i++)
                if (la[i] != lb[i]) return "line " + i + ": expected '" + la[i] + "', got '" + lb[i] + "'";
            return "lengths " + la.Length + " and " + lb.Length;
        }
    }
}
