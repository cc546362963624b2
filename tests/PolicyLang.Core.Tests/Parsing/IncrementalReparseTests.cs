using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using PolicyLang.Text;
using Xunit;

namespace PolicyLang.Tests.Parsing
{
    /// <summary>
    /// <see cref="PolicySyntaxTree.WithChange"/> on a 10,000-line policy: the incremental tree must equal a fresh
    /// full parse of the new text, and when the edit lies inside one declaration only that declaration may be new.
    /// </summary>
    public class IncrementalReparseTests
    {
        private static readonly string Text = SyntheticPolicy.Generate(10_000);
        private static readonly PolicySyntaxTree Tree = PolicySyntaxTree.Parse(Text);

        // ------------------------------------------------------------------ edits inside one declaration

        [Fact]
        public void Changing_a_digit_of_a_vlan_id_reparses_only_that_zone()
        {
            int pos = Inside(SyntaxKind.ZoneDeclaration, "\n    vlan ") + "\n    vlan ".Length;
            var change = new TextChange(new TextSpan(pos, 1), Text[pos] == '7' ? "3" : "7");
            var tree = AssertIncremental(change, SyntaxKind.ZoneDeclaration);
            Assert.Empty(tree.Diagnostics);
        }

        [Fact]
        public void Inserting_a_letter_into_a_zone_name_reparses_only_that_zone()
        {
            int pos = Inside(SyntaxKind.ZoneDeclaration, "zone ", 0.3) + "zone ".Length + 2;
            var tree = AssertIncremental(new TextChange(new TextSpan(pos, 0), "q"), SyntaxKind.ZoneDeclaration);
            Assert.Empty(tree.Diagnostics);
            Assert.Contains(tree.Declarations, d => d.NameToken != null && d.NameToken.Text.Contains('q', StringComparison.Ordinal) && d.Kind == SyntaxKind.ZoneDeclaration);
        }

        [Fact]
        public void Deleting_a_character_of_a_flow_description_reparses_only_that_flow()
        {
            int line = Inside(SyntaxKind.FlowDeclaration, " description \"");
            int pos = line + " description \"".Length + 1;
            AssertIncremental(new TextChange(new TextSpan(pos, 1), ""), SyntaxKind.FlowDeclaration);
        }

        [Fact]
        public void Changing_an_address_in_a_test_reparses_only_that_test()
        {
            int pos = Inside(SyntaxKind.TestDeclaration, "  expect allow 10.") + "  expect allow 10.".Length;
            AssertIncremental(new TextChange(new TextSpan(pos, 1), Text[pos] == '2' ? "3" : "2"), SyntaxKind.TestDeclaration);
        }

        [Fact]
        public void Deleting_a_whole_line_inside_a_zone_reparses_only_that_zone()
        {
            int start = Inside(SyntaxKind.ZoneDeclaration, "\n    mtu ") + 1;
            int end = Text.IndexOf('\n', start) + 1;
            AssertIncremental(new TextChange(TextSpan.FromBounds(start, end), ""), SyntaxKind.ZoneDeclaration);
        }

        [Fact]
        public void Replacing_a_line_inside_a_zone_with_several_lines_reparses_only_that_zone()
        {
            int start = Inside(SyntaxKind.ZoneDeclaration, "\n    mtu ", 0.25) + 1;
            int end = Text.IndexOf('\n', start) + 1;
            AssertIncremental(new TextChange(TextSpan.FromBounds(start, end), "    mtu 1500\n    # jumbo frames later\n    description \"edited\"\n"), SyntaxKind.ZoneDeclaration);
        }

        [Fact]
        public void A_typo_inside_a_zone_is_reparsed_alone_and_reported_like_a_full_parse()
        {
            int pos = Inside(SyntaxKind.ZoneDeclaration, "\n    mtu ", 0.7) + "\n    mtu".Length;
            var tree = AssertIncremental(new TextChange(new TextSpan(pos, 0), "x"), SyntaxKind.ErrorDeclaration);
            var diagnostic = Assert.Single(tree.Diagnostics);
            Assert.Contains("'mtux' (did you mean 'mtu'?)", diagnostic.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Editing_the_first_declaration_reparses_only_it()
        {
            int pos = Find("  version \"", 0) + "  version \"".Length;
            AssertIncremental(new TextChange(new TextSpan(pos, 1), "9"), SyntaxKind.PolicyDeclaration);
        }

        [Fact]
        public void Editing_the_last_declaration_reparses_only_it_and_keeps_the_end_of_file()
        {
            int pos = Text.LastIndexOf("\n  zones ", StringComparison.Ordinal) + "\n  zones ".Length;
            var tree = AssertIncremental(new TextChange(new TextSpan(pos, 0), "x"), SyntaxKind.TargetDeclaration);
            Assert.Equal(Tree.Declarations.Count - 1, tree.Declarations.Count - 1);
            Assert.Equal(Tree.EndOfFile.Start + 1, tree.EndOfFile.Start);
        }

        [Fact]
        public void Successive_incremental_edits_stay_equal_to_a_full_parse()
        {
            var tree = Tree;
            var text = Text;
            var rng = new Random(1234);
            for (int i = 0; i < 20; i++)
            {
                int pos = text.IndexOf("\n    vni ", rng.Next(text.Length / 3), StringComparison.Ordinal) + "\n    vni ".Length;
                var change = new TextChange(new TextSpan(pos, 1), ((char)('1' + rng.Next(9))).ToString());
                var before = tree;
                int k = IndexAt(before, pos);
                tree = tree.WithChange(change);
                text = Apply(text, change);
                AssertEqualToFullParse(tree, text);
                AssertOnlyOneReparsed(before, tree, k, change.Delta);
            }
        }

        // ------------------------------------------------------------------ edits that must fall back to a full parse

        public static IEnumerable<object[]> FallbackEdits()
        {
            int zone = Inside(SyntaxKind.ZoneDeclaration, "zone ");
            int segmentLine = Find("\n  segment ", zone) + 1;
            int afterSegmentLine = Text.IndexOf('\n', segmentLine) + 1;
            int description = Find(" description \"", zone) + " description \"".Length + 3;
            int flow = Inside(SyntaxKind.FlowDeclaration, "allow ");
            int flowEnd = Text.IndexOf('\n', flow) + 1;
            int zoneEnd = Find("\n}\n", zone) + 1;

            yield return Edit("closing brace inserted inside a zone", afterSegmentLine, 0, "  }\n");
            yield return Edit("opening brace inserted inside a zone", afterSegmentLine, 0, "  extra {\n");
            yield return Edit("unclosed string inside a zone", description, 0, "\"");
            yield return Edit("unclosed block comment inside a zone", afterSegmentLine, 0, "/* never closed\n");
            yield return Edit("block comment closed in a later declaration", afterSegmentLine, 0, "/*\n");
            yield return Edit("unclosed string in a flow", flowEnd - 5, 0, "\"");
            yield return Edit("insertion at the start of a declaration", zone, 0, "service inserted = tcp/1\n");
            yield return Edit("insertion at the end of a declaration", zoneEnd + 2, 0, "allow a -> b : ssh\n");
            yield return Edit("reserved word in column 1 inside a zone", afterSegmentLine, 0, "deny a -> b : any\n");
            yield return Edit("whole flow line deleted", flow, flowEnd - flow, "");
            yield return Edit("zone header line deleted", zone, Text.IndexOf('\n', zone) + 1 - zone, "");
            yield return Edit("closing brace line of a zone deleted", zoneEnd, 2, "");
            yield return Edit("line break between two flows deleted", flowEnd - 1, 1, "");
            yield return Edit("line break between two flows replaced by a space", flowEnd - 1, 1, " ");
            yield return Edit("edit spanning two declarations", flowEnd - 4, 8, "x");
            yield return Edit("zone keyword misspelt", zone, 4, "zome");
            yield return Edit("everything deleted", 0, Text.Length, "");
            yield return Edit("carriage return inserted before a line break", flowEnd - 1, 0, "\r");
        }

        private static object[] Edit(string name, int start, int length, string newText) => new object[] { name, start, length, newText };

        [Theory]
        [MemberData(nameof(FallbackEdits))]
        public void Edits_that_move_boundaries_still_give_the_tree_of_a_full_parse(string name, int start, int length, string newText)
        {
            var change = new TextChange(new TextSpan(start, length), newText);
            var tree = Tree.WithChange(change);
            AssertEqualToFullParse(tree, Apply(Text, change));
            Assert.False(string.IsNullOrEmpty(name));
        }

        [Fact]
        public void Random_edits_of_a_policy_always_give_the_tree_of_a_full_parse()
        {
            // Each edit applies to the tree of the previous one, so shifted and reparsed declarations are edited again.
            const string Alphabet = "abz09 {}\"/*#\n-.:,=>";
            var text = SyntheticPolicy.Generate(1_000, seed: 5);
            var tree = PolicySyntaxTree.Parse(text);
            var rng = new Random(99);
            for (int i = 0; i < 400; i++)
            {
                int start = rng.Next(text.Length + 1);
                int length = Math.Min(rng.Next(3), text.Length - start);
                string insert = rng.Next(3) == 0 ? "" : Alphabet[rng.Next(Alphabet.Length)].ToString();
                var change = new TextChange(new TextSpan(start, length), insert);
                tree = tree.WithChange(change);
                text = Apply(text, change);
                AssertEqualToFullParse(tree, text, IgnoreFollowedBy);
            }
        }

        // ------------------------------------------------------------------ known bugs in src/

        [Fact]
        public void A_flow_missing_its_service_is_reported_like_a_full_parse()
        {
            int flow = Inside(SyntaxKind.FlowDeclaration, "allow ");
            int end = Text.IndexOf('\n', flow);
            int colon = Text.IndexOf(" : ", flow, StringComparison.Ordinal) + 3;
            var change = new TextChange(TextSpan.FromBounds(colon, end), "");
            AssertEqualToFullParse(Tree.WithChange(change), Apply(Text, change));
        }

        [Fact]
        public void A_keyword_edited_into_class_is_parsed_like_a_full_parse()
        {
            const string text = "allow a -> b : ssh\n\nservice cx = tcp/1\n";
            var tree = PolicySyntaxTree.Parse(text);
            var change = new TextChange(new TextSpan(text.IndexOf("service", StringComparison.Ordinal), "service".Length), " class");
            AssertEqualToFullParse(tree.WithChange(change), Apply(text, change));
        }

        // ------------------------------------------------------------------ helpers

        /// <summary>
        /// The offset of <paramref name="value"/> inside the first declaration of <paramref name="kind"/> at or after
        /// the middle (or the given fraction) of all declarations of that kind.
        /// </summary>
        private static int Inside(SyntaxKind kind, string value, double fraction = 0.5)
        {
            var all = Tree.Declarations.Where(d => d.Kind == kind).ToList();
            for (int i = (int)(all.Count * fraction); i < all.Count; i++)
            {
                var d = all[i];
                int at = Text.IndexOf(value, d.Start, d.FullSpan.Length, StringComparison.Ordinal);
                if (at >= 0) return at;
            }
            throw new InvalidOperationException("'" + value + "' not found in a " + kind);
        }

        private static int Find(string value, int from)
        {
            int i = Text.IndexOf(value, from, StringComparison.Ordinal);
            Assert.True(i >= 0, "'" + value + "' not found after " + from);
            return i;
        }

        private static string Apply(string text, TextChange change) =>
            text.Substring(0, change.Span.Start) + change.NewText + text.Substring(change.Span.End);

        private static int IndexAt(PolicySyntaxTree tree, int position)
        {
            var d = tree.DeclarationAt(position);
            Assert.NotNull(d);
            return tree.Declarations.ToList().IndexOf(d!);
        }

        // ------------------------------------------------------------------ edits at declaration boundaries

        [Theory]
        [InlineData("a")]          // the first keystrokes of a new declaration typed on its own line
        [InlineData("allo")]
        [InlineData("allow")]
        [InlineData("\n")]         // Enter between two declarations
        [InlineData("zone q {\n")] // an unclosed block: the window cannot end cleanly, a full parse is the answer
        public void Typing_on_a_new_line_between_declarations_reparses_a_window_and_equals_a_full_parse(string typed)
        {
            int k = Tree.Declarations.Count / 2;
            int pos = Tree.Declarations[k].Start;   // the start of a line: the boundary between k-1 and k
            var change = new TextChange(new TextSpan(pos, 0), typed);
            var tree = Tree.WithChange(change);
            AssertEqualToFullParse(tree, Apply(Text, change));
            if (typed.Contains('{', StringComparison.Ordinal)) return;
            // Far from the edit, declarations are reused, not re-parsed.
            Assert.Same(Tree.Declarations[0], tree.Declarations[0]);
            Assert.Same(Tree.Declarations[k - 2], tree.Declarations[k - 2]);
            int shift = tree.Declarations.Count - Tree.Declarations.Count;
            var oldLast = Tree.Declarations[Tree.Declarations.Count - 1];
            var newLast = tree.Declarations[tree.Declarations.Count - 1];
            Assert.True(ReferenceEquals(oldLast.FirstToken, newLast.FirstToken), "the last declaration was re-parsed");
            Assert.Same(Tree.Declarations[k + 2].FirstToken, tree.Declarations[k + 2 + shift].FirstToken);
        }

        [Fact]
        public void Deleting_the_line_break_between_two_declarations_equals_a_full_parse()
        {
            int k = Tree.Declarations.Count / 3;
            int pos = Tree.Declarations[k].Start - 1;
            var change = new TextChange(new TextSpan(pos, 1), "");
            AssertEqualToFullParse(Tree.WithChange(change), Apply(Text, change));
        }

        [Theory]
        [InlineData("allow a -> b : tcp/1\n")]
        [InlineData("x")]
        [InlineData("zone late {\n")]
        public void Appending_at_the_end_of_the_file_equals_a_full_parse(string typed)
        {
            var change = new TextChange(new TextSpan(Text.Length, 0), typed);
            var tree = Tree.WithChange(change);
            AssertEqualToFullParse(tree, Apply(Text, change));
            Assert.Same(Tree.Declarations[0], tree.Declarations[0]);
        }

        /// <summary>Applies an edit strictly inside one declaration and checks the result and the reuse.</summary>
        private static PolicySyntaxTree AssertIncremental(TextChange change, SyntaxKind editedKind)
        {
            int k = IndexAt(Tree, change.Span.Start);
            Assert.Equal(k, IndexAt(Tree, Math.Max(change.Span.Start, change.Span.End - 1)));
            var tree = Tree.WithChange(change);
            var text = Apply(Text, change);
            AssertEqualToFullParse(tree, text);
            AssertOnlyOneReparsed(Tree, tree, k, change.Delta);
            Assert.Equal(editedKind, tree.Declarations[k].Kind);
            return tree;
        }

        /// <summary>Declaration <paramref name="k"/> is new; every other declaration and its tokens are reused.</summary>
        private static void AssertOnlyOneReparsed(PolicySyntaxTree before, PolicySyntaxTree after, int k, int delta)
        {
            Assert.Equal(before.Declarations.Count, after.Declarations.Count);
            Assert.NotSame(before.Declarations[k], after.Declarations[k]);
            Assert.NotSame(before.Declarations[k].FirstToken, after.Declarations[k].FirstToken);
            for (int j = 0; j < before.Declarations.Count; j++)
            {
                if (j == k) continue;
                var old = before.Declarations[j];
                var now = after.Declarations[j];
                Assert.True(ReferenceEquals(old.FirstToken, now.FirstToken), "declaration " + j + " was re-parsed");
                if (j < k)
                {
                    Assert.Same(old, now);
                }
                else
                {
                    Assert.Equal(old.Start + delta, now.Start);
                    for (int c = 0; c < old.Children.Count; c++) Assert.Same(old.Children[c], now.Children[c]);
                }
            }
        }

        /// <summary>Hides what follows a declaration in messages: see the skipped test for that bug.</summary>
        private static string IgnoreFollowedBy(string message) =>
            Regex.Replace(message, "the end of the file|the next declaration, starting with '[^']*'", "<next>");

        private static void AssertEqualToFullParse(PolicySyntaxTree tree, string text, Func<string, string>? normalizeMessage = null)
        {
            Assert.Equal(text, tree.Text.Text);
            Assert.Equal(text, tree.ToFullString());
            var full = PolicySyntaxTree.Parse(text);

            var normalize = normalizeMessage ?? (m => m);
            AssertSameLines(
                full.Diagnostics.Select(d => d.Id + " " + d.Severity + " " + d.Span + " " + normalize(d.Message)).ToList(),
                tree.Diagnostics.Select(d => d.Id + " " + d.Severity + " " + d.Span + " " + normalize(d.Message)).ToList());

            Assert.Equal(full.Declarations.Select(d => d.Kind + "@" + d.Start).ToList(), tree.Declarations.Select(d => d.Kind + "@" + d.Start).ToList());
            for (int i = 0; i < full.Declarations.Count; i++)
                Assert.Equal(Describe(full.Declarations[i]), Describe(tree.Declarations[i]));
            Assert.Equal(full.EndOfFile.Start, tree.EndOfFile.Start);
            Assert.Equal(Describe(full.EndOfFile), Describe(tree.EndOfFile));
        }

        private static void AssertSameLines(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
        {
            for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++)
                Assert.True(expected[i] == actual[i], "item " + i + " differs:\n  full parse:  " + expected[i] + "\n  incremental: " + actual[i]);
            Assert.Equal(expected.Count, actual.Count);
        }

        /// <summary>The shape of a declaration: its nodes, tokens, relative positions and trivia.</summary>
        private static string Describe(SyntaxNode node)
        {
            var sb = new StringBuilder();
            void Walk(SyntaxElement e, int depth)
            {
                sb.Append(' ', depth).Append(e.Kind).Append(' ').Append(e.FullSpan);
                if (e is SyntaxToken t)
                {
                    sb.Append(" '").Append(t.Text).Append("' lead=").Append(string.Concat(t.LeadingTrivia.Select(x => x.Kind + ":" + x.Text)))
                      .Append(" trail=").Append(string.Concat(t.TrailingTrivia.Select(x => x.Kind + ":" + x.Text))).Append('\n');
                }
                else
                {
                    sb.Append('\n');
                    foreach (var c in ((SyntaxNode)e).Children) Walk(c, depth + 1);
                }
            }
            Walk(node, 0);
            return sb.ToString();
        }
    }
}
