using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PolicyLang.Syntax;
using PolicyLang.Tests.Robustness;
using PolicyLang.Text;
using Xunit;

namespace PolicyLang.Tests.Invariants
{
    /// <summary>
    /// <see cref="PolicySyntaxTree.WithChange"/> must give the same tree as parsing the new text from scratch: same
    /// text, same diagnostics (id, span, message), same declarations (kind, start, and token by token).
    /// Edits are seeded and random: insert, delete or replace 1–5 characters, often braces, quotes, comment
    /// openers, newlines and reserved words; single edits on every sample and on mutated inputs, and chains of 50.
    /// </summary>
    public class IncrementalEquivalenceTests
    {
        private const int SingleEditsPerSample = 300;
        private const int ChainsPerSample = 10;
        private const int ChainLength = 50;

        private static readonly string[] s_snippets =
        {
            "{", "}", "\"", "/*", "*/", "\n", "\r\n", "\r", "\n  ", "  ", " ", "#", "//", "->", ":", ",", "=", ".", "/",
            "class", "zone", "allow", "deny", "test", "ports", "{\n", "}\n", "\"\n", "\nzone", "\n}", "x", "1", "\\", "\0",
        };

        private const string Alphabet = "{}\"/*\n\r #abcxyz019-.:,=>\t\\";

        [Fact]
        public void SingleRandomEdits_OnSamples_MatchFullParse()
        {
            var log = new TreeChecks.FailureLog("Single incremental edits on samples");
            var seeds = new Random(FuzzCorpus.BaseSeed ^ 0x5EED);
            foreach (var sample in FuzzCorpus.Samples)
            {
                var tree = PolicySyntaxTree.Parse(sample.Text);
                for (int i = 0; i < SingleEditsPerSample; i++)
                {
                    int seed = seeds.Next();
                    var change = RandomEdit(new Random(seed), sample.Text);
                    log.Checked++;
                    var result = CheckEdit(tree, change);
                    log.Add($"sample={sample.Origin} editSeed={seed} edit={Describe(change, sample.Text)}", result.Problems, result.Category);
                }
            }
            log.AssertNone();
        }

        [Fact]
        public void SingleRandomEdits_OnMutatedInputs_MatchFullParse()
        {
            var log = new TreeChecks.FailureLog("Single incremental edits on mutated inputs");
            var seeds = new Random(FuzzCorpus.BaseSeed ^ 0x3D17);
            var inputs = ParsedCorpus.Mutants.Where((_, i) => i % 8 == 0).ToList();
            foreach (var parsed in inputs)
            {
                if (parsed.Tree == null) continue; // NeverThrowsTests reports it
                var input = parsed.Input;
                for (int i = 0; i < 4; i++)
                {
                    int seed = seeds.Next();
                    var change = RandomEdit(new Random(seed), input.Text);
                    log.Checked++;
                    var result = CheckEdit(parsed.Tree, change);
                    log.Add($"{input} editSeed={seed} edit={Describe(change, input.Text)}", result.Problems, result.Category);
                }
            }
            log.AssertNone();
        }

        [Fact]
        public void ChainsOf50RandomEdits_OnSamples_MatchFullParse()
        {
            var log = new TreeChecks.FailureLog($"Chains of {ChainLength} incremental edits on samples");
            var seeds = new Random(FuzzCorpus.BaseSeed ^ 0xC4A1);
            foreach (var sample in FuzzCorpus.Samples)
            {
                for (int c = 0; c < ChainsPerSample; c++)
                {
                    int chainSeed = seeds.Next();
                    var r = new Random(chainSeed);
                    var tree = PolicySyntaxTree.Parse(sample.Text);
                    for (int step = 0; step < ChainLength; step++)
                    {
                        string text = tree.Text.Text;
                        var change = RandomEdit(r, text);
                        log.Checked++;
                        var result = CheckEdit(tree, change);
                        log.Add($"sample={sample.Origin} chainSeed={chainSeed} step={step} (replay the chain: steps before it change the text) edit={Describe(change, text)}",
                            result.Problems, result.Category);
                        if (result.Full == null) break;
                        // Continue from the reference tree, so one divergence does not hide what later steps would find.
                        tree = result.Problems.Count == 0 ? result.Incremental! : result.Full;
                    }
                }
            }
            log.AssertNone();
        }

        /// <summary>Hand-picked edits around declaration boundaries, where incremental re-parsing is most fragile.</summary>
        [Theory]
        // A declaration changed into 'class NAME' with no '{' in the next two tokens, not in column 1: a full parse does
        // not start a declaration there (after a flow it is the flow's class option; elsewhere it joins the previous one).
        [InlineData("allow a -> b : ssh\n  zone q { }\n", "zone q { }", "class q")]
        [InlineData("zone a { }\n  class c { }\n", "class c { }", "class c")]
        [InlineData("zone a { }\n  class storage-io { }\n", "storage-io {", ": storage-io {")]
        // A list declaration loses its last item: the error names what follows the declaration.
        [InlineData("prefixes p = 10.0.0.0/8\nzone b { }\n", "10.0.0.0/8", "")]
        [InlineData("zone a {\n}\nzone b { }\n", "}", "")]
        [InlineData("zone a { }\nzone b { }\n", "a { }", "a { } zone c { }")]
        [InlineData("allow a -> b : ssh\nzone z { }\n", "ssh", "ssh class")]
        [InlineData("zone a { }\n# c\nzone b { }\n", "# c", "/* c")]
        [InlineData("zone a { }\n  zone b { }\n", "zone b", "zonex b")]
        [InlineData("zone a { description \"x\" }\nzone b { }\n", "\"x\"", "\"x")]
        [InlineData("zone a { }\r\nzone b { }\r\n", "{ }\r", "{ }")]
        public void BoundaryEdits_MatchFullParse(string before, string oldText, string newText)
        {
            int at = before.IndexOf(oldText, StringComparison.Ordinal);
            Assert.True(at >= 0, "bad test data");
            var change = new TextChange(new TextSpan(at, oldText.Length), newText);
            var problems = CheckEdit(PolicySyntaxTree.Parse(before), change).Problems;
            Assert.True(problems.Count == 0,
                $"before {FuzzCorpus.Show(before, 200)} edit {Describe(change, before)}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }

        private sealed class EditResult
        {
            public List<string> Problems { get; set; } = new List<string>();
            public string? Category { get; set; }
            public PolicySyntaxTree? Incremental { get; set; }
            public PolicySyntaxTree? Full { get; set; }
        }

        /// <summary>Applies the edit both ways under a timeout and compares.</summary>
        private static EditResult CheckEdit(PolicySyntaxTree tree, TextChange change)
        {
            var run = ParseGuard.Run(ct =>
            {
                var newText = tree.Text.Text.Substring(0, change.Span.Start) + change.NewText + tree.Text.Text.Substring(change.Span.End);
                var full = PolicySyntaxTree.Parse(newText);
                _ = full.Diagnostics;
                var result = new EditResult { Full = full };
                try
                {
                    var inc = tree.WithChange(change);
                    result.Incremental = inc;
                    result.Problems = Compare(inc, full, newText);
                    result.Category = result.Problems.Count == 0 ? null : Categorize(inc, full, result.Problems);
                }
                catch (Exception e)
                {
                    result.Problems.Add("WithChange threw " + e.GetType().FullName + ": " + e.Message + Environment.NewLine + e.StackTrace);
                }
                return result;
            }, ParseGuard.SmallInputTimeout);
            if (!run.Ok) return new EditResult { Problems = { "WithChange/Parse " + run.Describe(ParseGuard.SmallInputTimeout) } };
            return run.Value!;
        }

        private const string FoundEndOfFile = "found the end of the file";
        private const string FoundNextDeclaration = "found the next declaration, starting with ";

        /// <summary>
        /// Names the kind of a divergence. One kind is singled out because it is frequent and would otherwise hide the
        /// rest: the trees agree except that a syntax error at the end of the re-parsed declaration says it found
        /// "the end of the file" where the full parse says it found "the next declaration".
        /// </summary>
        private static string Categorize(PolicySyntaxTree inc, PolicySyntaxTree full, List<string> problems)
        {
            bool onlyDiagnostics = problems.Count == 1 && problems[0].StartsWith("diagnostics differ", StringComparison.Ordinal);
            if (onlyDiagnostics && inc.Diagnostics.Count == full.Diagnostics.Count)
            {
                bool onlyFollowedBy = true;
                for (int i = 0; i < inc.Diagnostics.Count && onlyFollowedBy; i++)
                {
                    var a = inc.Diagnostics[i];
                    var b = full.Diagnostics[i];
                    if (a.Message == b.Message) continue;
                    onlyFollowedBy = a.Id == b.Id && a.Span == b.Span && a.Message.EndsWith(FoundEndOfFile, StringComparison.Ordinal)
                        && b.Message.Contains(FoundNextDeclaration)
                        && a.Message.Substring(0, a.Message.Length - FoundEndOfFile.Length) == b.Message.Substring(0, b.Message.IndexOf(FoundNextDeclaration, StringComparison.Ordinal));
                }
                if (onlyFollowedBy)
                    return "re-parsed declaration's syntax error says '" + FoundEndOfFile + "' where the full parse says '" + FoundNextDeclaration + "…'";
            }
            return TreeChecks.FailureLog.Categorize(problems[0]);
        }

        internal static List<string> Compare(PolicySyntaxTree inc, PolicySyntaxTree full, string newText)
        {
            var problems = new List<string>();
            var printed = inc.ToFullString();
            if (!string.Equals(printed, newText, StringComparison.Ordinal))
            {
                int at = TreeChecks.FirstDifference(printed, newText);
                problems.Add($"incremental ToFullString differs from the new text at {at}: new text {FuzzCorpus.Context(newText, at)} printed {FuzzCorpus.Context(printed, at)}");
            }
            if (!string.Equals(inc.Text.Text, newText, StringComparison.Ordinal)) problems.Add("incremental tree.Text is not the new text");

            var di = TreeChecks.DiagnosticLines(inc.Diagnostics);
            var df = TreeChecks.DiagnosticLines(full.Diagnostics);
            if (!di.SequenceEqual(df))
            {
                problems.Add("diagnostics differ:" + Environment.NewLine + "      incremental: " + string.Join(" | ", di.Except(df).Take(3))
                    + Environment.NewLine + "      full parse:  " + string.Join(" | ", df.Except(di).Take(3))
                    + $" (counts {di.Count} vs {df.Count})");
            }

            var ki = inc.Declarations.Select(d => $"{d.Kind}@{d.Start}+{d.FullSpan.Length}").ToList();
            var kf = full.Declarations.Select(d => $"{d.Kind}@{d.Start}+{d.FullSpan.Length}").ToList();
            if (!ki.SequenceEqual(kf))
            {
                int i = 0;
                while (i < ki.Count && i < kf.Count && ki[i] == kf[i]) i++;
                problems.Add($"declarations differ from #{i}: incremental [{string.Join(", ", ki.Skip(i).Take(3))}] full parse [{string.Join(", ", kf.Skip(i).Take(3))}] "
                    + $"(counts {ki.Count} vs {kf.Count}); text there: {FuzzCorpus.Context(newText, i < kf.Count ? full.Declarations[i].Start : newText.Length)}");
            }
            else
            {
                for (int i = 0; i < ki.Count; i++)
                {
                    var si = Signature(inc.Declarations[i]);
                    var sf = Signature(full.Declarations[i]);
                    if (!string.Equals(si, sf, StringComparison.Ordinal))
                    {
                        int at = TreeChecks.FirstDifference(si, sf);
                        problems.Add($"declaration #{i} ({ki[i]}) has a different structure: incremental {FuzzCorpus.Context(si, at)} full parse {FuzzCorpus.Context(sf, at)}");
                        break;
                    }
                }
            }
            if (inc.EndOfFile.Start != full.EndOfFile.Start || inc.EndOfFile.FullSpan != full.EndOfFile.FullSpan)
                problems.Add($"end of file differs: incremental {inc.EndOfFile.Start}+{inc.EndOfFile.FullSpan} full {full.EndOfFile.Start}+{full.EndOfFile.FullSpan}");
            return problems;
        }

        /// <summary>Nodes and tokens of a declaration in order: kinds, relative positions, texts and trivia.</summary>
        private static string Signature(SyntaxNode node)
        {
            var sb = new StringBuilder();
            var stack = new Stack<(SyntaxElement Element, bool Close)>();
            stack.Push((node, false));
            while (stack.Count > 0)
            {
                var (e, close) = stack.Pop();
                if (close) { sb.Append(')'); continue; }
                if (e is SyntaxToken t)
                {
                    sb.Append(' ').Append(t.Kind).Append('@').Append(t.Position).Append(FuzzCorpus.Show(t.Text, 20));
                    foreach (var tr in t.LeadingTrivia) sb.Append(" L").Append(tr.Text.Length);
                    foreach (var tr in t.TrailingTrivia) sb.Append(" T").Append(tr.Text.Length);
                    continue;
                }
                var n = (SyntaxNode)e;
                sb.Append(" (").Append(n.Kind);
                stack.Push((n, true));
                for (int i = n.Children.Count - 1; i >= 0; i--) stack.Push((n.Children[i], false));
            }
            return sb.ToString();
        }

        /// <summary>Insert, delete or replace 1–5 characters at a random position.</summary>
        internal static TextChange RandomEdit(Random r, string text)
        {
            int op = text.Length == 0 ? 0 : r.Next(3);
            int pos = r.Next(text.Length + 1);
            if (op != 0 && pos == text.Length) pos = Math.Max(0, pos - 1);
            int deleteLength = op == 0 ? 0 : Math.Min(r.Next(1, 6), text.Length - pos);
            string insert = op == 1 ? "" : RandomInsertText(r);
            return new TextChange(new TextSpan(pos, deleteLength), insert);
        }

        private static string RandomInsertText(Random r)
        {
            if (r.Next(2) == 0) return s_snippets[r.Next(s_snippets.Length)];
            int n = r.Next(1, 6);
            var sb = new StringBuilder();
            for (int i = 0; i < n; i++) sb.Append(Alphabet[r.Next(Alphabet.Length)]);
            return sb.ToString();
        }

        private static string Describe(TextChange change, string before) =>
            $"replace {change.Span} {FuzzCorpus.Show(before.Substring(change.Span.Start, change.Span.Length))} with {FuzzCorpus.Show(change.NewText)} near {FuzzCorpus.Context(before, change.Span.Start)}";
    }
}
