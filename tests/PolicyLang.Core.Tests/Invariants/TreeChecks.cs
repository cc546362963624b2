using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PolicyLang.Diagnostics;
using PolicyLang.Syntax;
using PolicyLang.Tests.Robustness;
using PolicyLang.Text;

namespace PolicyLang.Tests.Invariants
{
    /// <summary>
    /// Structural invariants of a syntax tree, as lists of violations (empty when the tree is sound), so that a
    /// test can collect problems over a whole corpus and report the first few with the input that produced them.
    /// Traversals are iterative: the checks must not overflow the stack on inputs the parser survives.
    /// </summary>
    public static class TreeChecks
    {
        private const int MaxProblemsPerTree = 5;
        private static readonly Regex s_diagnosticId = new Regex("^NP\\d{4}$", RegexOptions.CultureInvariant);

        /// <summary>Printing the tree gives back the input byte for byte, as a whole and declaration by declaration.</summary>
        public static List<string> RoundTrip(PolicySyntaxTree tree, string text)
        {
            var problems = new List<string>();
            var printed = tree.ToFullString();
            if (!string.Equals(printed, text, StringComparison.Ordinal))
            {
                int at = FirstDifference(printed, text);
                problems.Add($"ToFullString() differs from the input at offset {at} (input length {text.Length}, printed length {printed.Length}): "
                    + $"input {FuzzCorpus.Context(text, at)} printed {FuzzCorpus.Context(printed, at)}");
            }
            if (!string.Equals(tree.Text.Text, text, StringComparison.Ordinal))
                problems.Add("tree.Text is not the parsed string");
            foreach (var d in AllDeclarations(tree))
            {
                if (problems.Count >= MaxProblemsPerTree) break;
                int start = d.Start + d.FullSpan.Start;
                int end = d.Start + d.FullSpan.End;
                if (start < 0 || end > text.Length || start > end)
                {
                    problems.Add($"{d.Kind} at {d.Start}: full span {d.FullSpan} lies outside the text (length {text.Length})");
                    continue;
                }
                var own = d.ToFullString();
                var source = text.Substring(start, end - start);
                if (!string.Equals(own, source, StringComparison.Ordinal))
                {
                    int at = FirstDifference(own, source);
                    problems.Add($"{d.Kind} at {d.Start}: ToFullString() differs from the source text of its full span at relative offset {at}: "
                        + $"source {FuzzCorpus.Context(source, at)} printed {FuzzCorpus.Context(own, at)}");
                }
            }
            return problems;
        }

        /// <summary>
        /// Each token and node stands once in a declaration, and no two nodes of the tree share a list of children. The parser
        /// hands the same answer to every alternative that asks at a position (a token is its position; an absent optional
        /// part is one empty answer per position), and a thread's positions serve declaration after declaration: what ends
        /// up in the tree must still be made for it alone.
        /// </summary>
        public static List<string> Sharing(PolicySyntaxTree tree) => Sharing(AllDeclarations(tree));

        public static List<string> Sharing(IEnumerable<DeclarationSyntax> declarations)
        {
            var problems = new List<string>();
            var lists = new HashSet<object>(ReferenceEqualityComparer.Instance);
            foreach (var d in declarations)
            {
                var seen = new HashSet<SyntaxElement>(ReferenceEqualityComparer.Instance);
                var stack = new Stack<SyntaxElement>();
                stack.Push(d);
                while (stack.Count > 0 && problems.Count < MaxProblemsPerTree)
                {
                    var e = stack.Pop();
                    if (!seen.Add(e))
                    {
                        problems.Add($"{d.Kind} at {d.Start}: the {e.Kind} at {e.Span} stands twice in the declaration");
                        continue;
                    }
                    if (e is not SyntaxNode n) continue;
                    // Empty lists are one shared array by design; a list with elements belongs to one node.
                    if (n.Children.Count > 0 && !lists.Add(n.Children))
                        problems.Add($"{d.Kind} at {d.Start}: the {n.Kind} at {n.Span} shares its list of children with another node");
                    foreach (var c in n.Children) stack.Push(c);
                }
            }
            return problems;
        }

        /// <summary>
        /// Spans: every node inside its parent, children contiguous and ordered, declarations contiguous across the
        /// file and ending where the end-of-file node starts, which ends at the text length; every token's text and
        /// trivia equal the source at their absolute positions.
        /// </summary>
        public static List<string> Spans(PolicySyntaxTree tree, string text)
        {
            var problems = new List<string>();
            void Fail(string message)
            {
                if (problems.Count < MaxProblemsPerTree) problems.Add(message);
            }

            int expectedStart = 0;
            var all = AllDeclarations(tree).ToList();
            for (int i = 0; i < all.Count && problems.Count < MaxProblemsPerTree; i++)
            {
                var d = all[i];
                string where = $"declaration #{i} ({d.Kind}, Start {d.Start})";
                if (i == all.Count - 1 && !(d is EndOfFileSyntax)) Fail("the last element is not the end-of-file node");
                if (d.Start != expectedStart)
                    Fail($"{where}: starts at {d.Start} but the previous one ends at {expectedStart} (declarations must be contiguous)");
                if (d.FullSpan.Start != 0)
                    Fail($"{where}: relative full span {d.FullSpan} does not start at 0");
                if (d.FirstToken == null)
                {
                    Fail($"{where}: has no tokens");
                    continue;
                }
                int absEnd = d.Start + d.FullSpan.End;
                if (d.Start < 0 || absEnd > text.Length)
                    Fail($"{where}: absolute full span [{d.Start}..{absEnd}) is outside the text (length {text.Length})");
                expectedStart = d.Start + d.FullSpan.Length;
                CheckNode(d, where, text, Fail);
                CheckTokens(d, where, text, Fail);
            }
            if (expectedStart != text.Length && problems.Count < MaxProblemsPerTree)
                Fail($"the end-of-file node ends at {expectedStart}, not at the text length {text.Length}");
            if (tree.EndOfFile.Start + tree.EndOfFile.FullSpan.End != text.Length && problems.Count < MaxProblemsPerTree)
                Fail($"EndOfFile.Start {tree.EndOfFile.Start} + FullSpan.End {tree.EndOfFile.FullSpan.End} != text length {text.Length}");
            return problems;
        }

        /// <summary>Diagnostics: spans inside the text, a code NPdddd, a non-empty message, at most 200 listed plus one summary.</summary>
        public static List<string> DiagnosticsWellFormed(PolicySyntaxTree tree, string text)
        {
            var problems = new List<string>();
            var diagnostics = tree.Diagnostics;
            if (diagnostics.Count > PolicySyntaxTree.MaxReportedErrors + 1)
                problems.Add($"{diagnostics.Count} diagnostics reported; at most {PolicySyntaxTree.MaxReportedErrors + 1} expected");
            foreach (var d in diagnostics)
            {
                if (problems.Count >= MaxProblemsPerTree) break;
                if (d.Span.Start < 0 || d.Span.End > text.Length)
                    problems.Add($"diagnostic {d} has span {d.Span} outside the text (length {text.Length})");
                if (d.Id == null || !s_diagnosticId.IsMatch(d.Id))
                    problems.Add($"diagnostic {d} has id '{d.Id}', not NPdddd");
                if (string.IsNullOrWhiteSpace(d.Message))
                    problems.Add($"diagnostic {d.Id} at {d.Span} has an empty message");
            }
            return problems;
        }

        public static IEnumerable<DeclarationSyntax> AllDeclarations(PolicySyntaxTree tree) =>
            tree.Declarations.Concat(new DeclarationSyntax[] { tree.EndOfFile });

        private static void CheckNode(DeclarationSyntax declaration, string where, string text, Action<string> fail)
        {
            var stack = new Stack<SyntaxNode>();
            stack.Push(declaration);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                var full = node.FullSpan;
                if (!full.Contains(node.Span))
                    fail($"{where}: {node.Kind} span {node.Span} is not inside its full span {full}");
                int expected = full.Start;
                SyntaxElement? previous = null;
                foreach (var child in node.Children)
                {
                    if (child is SyntaxNode n && n.FirstToken == null) continue; // empty node: its spans mean nothing
                    var c = child.FullSpan;
                    if (!full.Contains(c))
                        fail($"{where}: child {Describe(child)} full span {c} is not inside its parent {node.Kind} full span {full}");
                    if (c.Start != expected)
                        fail($"{where}: child {Describe(child)} of {node.Kind} starts at {c.Start}, expected {expected} "
                            + (previous == null ? "(the parent's full span start)" : $"(end of previous child {Describe(previous)})"));
                    expected = c.End;
                    previous = child;
                    if (child is SyntaxNode childNode) stack.Push(childNode);
                }
                if (previous != null && expected != full.End)
                    fail($"{where}: the children of {node.Kind} end at {expected}, its full span ends at {full.End}");
            }
        }

        private static void CheckTokens(DeclarationSyntax d, string where, string text, Action<string> fail)
        {
            int expected = 0;
            foreach (var t in d.Tokens())
            {
                if (t.FullSpan.Start != expected)
                    fail($"{where}: token {Describe(t)} full span starts at {t.FullSpan.Start}, previous token ended at {expected}");
                expected = t.FullSpan.End;
                if (!t.FullSpan.Contains(t.Span))
                    fail($"{where}: token {Describe(t)} span {t.Span} not inside full span {t.FullSpan}");
                int abs = d.Start + t.Position;
                if (abs < 0 || abs + t.Text.Length > text.Length)
                {
                    fail($"{where}: token {Describe(t)} at absolute {abs} runs past the text (length {text.Length})");
                    continue;
                }
                if (string.CompareOrdinal(text, abs, t.Text, 0, t.Text.Length) != 0)
                    fail($"{where}: token {Describe(t)} text differs from the source at absolute {abs}: {FuzzCorpus.Show(text.Substring(abs, t.Text.Length))}");
                int p = d.Start + t.FullSpan.Start;
                foreach (var tr in t.LeadingTrivia)
                {
                    if (p + tr.Text.Length > text.Length || string.CompareOrdinal(text, p, tr.Text, 0, tr.Text.Length) != 0)
                        fail($"{where}: leading trivia {tr.Kind} {FuzzCorpus.Show(tr.Text)} of {Describe(t)} differs from the source at {p}");
                    p += tr.Text.Length;
                }
                if (p != abs) fail($"{where}: leading trivia of {Describe(t)} ends at {p}, token starts at {abs}");
                p = abs + t.Text.Length;
                foreach (var tr in t.TrailingTrivia)
                {
                    if (p + tr.Text.Length > text.Length || string.CompareOrdinal(text, p, tr.Text, 0, tr.Text.Length) != 0)
                        fail($"{where}: trailing trivia {tr.Kind} {FuzzCorpus.Show(tr.Text)} of {Describe(t)} differs from the source at {p}");
                    p += tr.Text.Length;
                }
                if (p != d.Start + t.FullSpan.End) fail($"{where}: trailing trivia of {Describe(t)} ends at {p}, full span ends at {d.Start + t.FullSpan.End}");
            }
            if (expected != d.FullSpan.End)
                fail($"{where}: tokens end at {expected}, the declaration's full span ends at {d.FullSpan.End}");
        }

        private static string Describe(SyntaxElement e) =>
            e is SyntaxToken t ? $"{t.Kind} {FuzzCorpus.Show(t.Text, 30)}@{t.Position}" : e.Kind.ToString();

        public static int FirstDifference(string a, string b)
        {
            int n = Math.Min(a.Length, b.Length);
            for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
            return n;
        }

        /// <summary>Diagnostics as comparable lines: id, absolute span, message.</summary>
        public static List<string> DiagnosticLines(IEnumerable<Diagnostic> diagnostics) =>
            diagnostics.Select(d => $"{d.Id} {d.Span} {d.Message}").ToList();

        /// <summary>
        /// Collects failures over a corpus and fails once, listing every distinct kind of failure (its category) with
        /// a count and the first examples, each naming the input (origin, seed, mutation) so it can be replayed.
        /// </summary>
        public sealed class FailureLog
        {
            private const int ExamplesPerCategory = 2;
            private const int MaxCategoriesShown = 12;
            private readonly Dictionary<string, (int Count, List<string> Examples)> _categories = new Dictionary<string, (int, List<string>)>(StringComparer.Ordinal);
            private readonly List<string> _order = new List<string>();
            private readonly string _title;

            public FailureLog(string title)
            {
                _title = title;
            }

            public int Count { get; private set; }
            public int Checked { get; set; }

            public void Add(object input, IEnumerable<string> problems, string? category = null)
            {
                var list = problems.ToList();
                if (list.Count == 0) return;
                Count++;
                category ??= Categorize(list[0]);
                if (!_categories.TryGetValue(category, out var entry))
                {
                    entry = (0, new List<string>());
                    _order.Add(category);
                }
                if (entry.Examples.Count < ExamplesPerCategory)
                    entry.Examples.Add($"input: {input}{Environment.NewLine}        " + string.Join(Environment.NewLine + "        ", list));
                _categories[category] = (entry.Count + 1, entry.Examples);
            }

            public void Add(object input, string problem, string? category = null) => Add(input, new[] { problem }, category);

            public void AssertNone()
            {
                if (Count == 0) return;
                var sb = new StringBuilder();
                sb.Append(_title).Append(": ").Append(Count).Append(" of ").Append(Checked).Append(" inputs failed (base seed ")
                    .Append(FuzzCorpus.BaseSeed).Append("), ").Append(_order.Count).Append(" kind(s) of failure:").Append(Environment.NewLine);
                foreach (var c in _order.Take(MaxCategoriesShown))
                {
                    var e = _categories[c];
                    sb.Append("  * [").Append(e.Count).Append("x] ").Append(c).Append(Environment.NewLine);
                    foreach (var m in e.Examples) sb.Append("    - ").Append(m).Append(Environment.NewLine);
                }
                Xunit.Assert.Fail(sb.ToString());
            }

            /// <summary>A problem's text without positions, numbers and quoted text: failures of one kind share it.</summary>
            public static string Categorize(string problem)
            {
                var firstLine = problem.Split('\n')[0];
                var s = Regex.Replace(firstLine, "\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|⟨here⟩", "…");
                s = Regex.Replace(s, "\\d+", "#");
                return s.Length > 110 ? s.Substring(0, 110) + "…" : s;
            }
        }
    }
}
