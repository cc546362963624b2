using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using PolicyLang.Syntax;
using PolicyLang.Tests.Robustness;
using PolicyLang.Text;
using Xunit;

namespace PolicyLang.Tests.Invariants
{
    /// <summary>
    /// A large file is parsed as two ranges at once (<see cref="PolicySyntaxTree.ParseInHalves"/>); where the halves are
    /// taken, the tree must be the whole parse's: same text, diagnostics (id, span, message) and declarations (kind, start,
    /// token by token). Tried at ten places in every sample and mutated input, and on large files built to split at an open
    /// comment, an unclosed block, a 'class' line and a broken declaration.
    /// </summary>
    public class SplitParseEquivalenceTests
    {
        private static List<string> Check(string text, int near, out bool split)
        {
            var whole = PolicySyntaxTree.ParseWhole(new SourceText(text));
            var halves = PolicySyntaxTree.ParseInHalves(new SourceText(text), near, default);
            split = halves != null;
            return halves == null ? new List<string>() : IncrementalEquivalenceTests.Compare(halves, whole, text);
        }

        [Fact]
        public void Halves_OnSamplesAndMutants_MatchTheWholeParse()
        {
            var failures = new List<string>();
            int tried = 0, taken = 0;
            foreach (var input in FuzzCorpus.SamplesAndMutants)
            {
                for (int k = 0; k < 10; k++)
                {
                    int near = input.Text.Length * k / 10;
                    tried++;
                    var problems = Check(input.Text, near, out var split);
                    if (split) taken++;
                    if (problems.Count > 0 && failures.Count < 10) failures.Add($"{input} near={near}: " + string.Join("; ", problems));
                }
            }
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
            // Not vacuous: most places in the samples and their mutants give a boundary the halves are taken at.
            Assert.True(taken > tried / 4, $"halves taken at {taken} of {tried} places");
        }

        /// <summary>Queues what it is given and never runs it: a pool with every thread busy, seen from a queued item.</summary>
        private sealed class NeverRuns : System.Threading.Tasks.TaskScheduler
        {
            public int Queued;
            protected override void QueueTask(System.Threading.Tasks.Task task) => Interlocked.Increment(ref Queued);
            protected override bool TryExecuteTaskInline(System.Threading.Tasks.Task task, bool taskWasPreviouslyQueued) => false;
            protected override IEnumerable<System.Threading.Tasks.Task> GetScheduledTasks() => Array.Empty<System.Threading.Tasks.Task>();
        }

        [Fact]
        public void A_second_half_the_pool_does_not_start_is_parsed_by_the_first_halfs_thread()
        {
            // A clean-clone CI run waited more than 30 s for the second half of a 1 MB file, queued behind the other tests' work.
            var text = Large(i => Zone(i) + Flow(i), 12_000);
            Assert.True(text.Length >= PolicySyntaxTree.SplitLength, text.Length.ToString());
            var never = new NeverRuns();
            PolicySyntaxTree? tree = null;
            var saved = PolicySyntaxTree.SecondHalfScheduler;
            PolicySyntaxTree.SecondHalfScheduler = never;
            try
            {
                // The caller is no pool thread (only such a caller splits).
                var thread = new Thread(() => tree = PolicySyntaxTree.Parse(text, "p.netpolicy")) { IsBackground = true };
                thread.Start();
                Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "the parse waited for a half that was never started");
            }
            finally
            {
                PolicySyntaxTree.SecondHalfScheduler = saved;
            }
            Assert.Equal(1, never.Queued);
            Assert.Empty(IncrementalEquivalenceTests.Compare(tree!, PolicySyntaxTree.ParseWhole(new SourceText(text, "p.netpolicy")), text));
        }

        private static string Large(Func<int, string> block, int count)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < count; i++) sb.Append(block(i));
            return sb.ToString();
        }

        private static string Zone(int i) => $"zone z{i} {{\n  segment s {{\n    vlan {100 + i % 3000}\n    subnet 10.{i / 256 % 256}.{i % 256}.0/24\n  }}\n}}\n\n";

        private static string Flow(int i) => $"# flow {i}\nallow z{i} -> z{i + 1} : tcp/{1000 + i % 60000}\n";

        [Fact]
        public void Halves_OfALargePolicy_AreTaken_AndMatchTheWholeParse()
        {
            var text = Large(Zone, 4000) + Large(Flow, 8000);
            Assert.True(text.Length >= PolicySyntaxTree.SplitLength);
            foreach (var near in new[] { text.Length / 3, text.Length / 2, text.Length * 4 / 5 })
            {
                var problems = Check(text, near, out var split);
                Assert.True(split, "no split near " + near);
                Assert.Empty(problems);
            }
            // Parse itself takes the halves on a file this large, and gives the whole parse's tree.
            Assert.Empty(IncrementalEquivalenceTests.Compare(PolicySyntaxTree.Parse(text), PolicySyntaxTree.ParseWhole(new SourceText(text)), text));
        }

        [Theory]
        [InlineData("/*\n", "*/\n")]                          // a block comment open across the middle
        [InlineData("zone broken {\n  segment s {\n", "")]     // an unclosed block: the rest belongs to it up to a column-1 word
        [InlineData("zone \"bad {\n", "}\n")]                  // an unterminated string and a broken declaration
        public void Halves_AcrossBrokenText_AreRefusedOrMatch(string open, string close)
        {
            int half = 3000;
            var text = Large(Zone, half) + open + Large(Flow, 2000) + close + Large(Zone, half);
            int near = Large(Zone, half).Length + open.Length + 10;
            var problems = Check(text, near, out _);
            Assert.Empty(problems);
            Assert.Empty(IncrementalEquivalenceTests.Compare(PolicySyntaxTree.Parse(text), PolicySyntaxTree.ParseWhole(new SourceText(text)), text));
        }

        [Fact]
        public void Halves_BetweenFlowsWithClassLines_MatchTheWholeParse()
        {
            // 'class' first on a line continues the flow before it (unless a '{' follows or it stands in column 1): the split
            // point never starts at one, and the flow it continues stays whole.
            var text = Large(i => $"allow z{i} -> z{i + 1} : tcp/80\n  class gold\n", 20000);
            var problems = Check(text, text.Length / 2, out var split);
            Assert.Empty(problems);
            Assert.True(split, "the next 'allow' line is a boundary");
            // In column 1 'class' starts a (broken) declaration; halves after one are refused or match.
            text = Large(i => $"allow z{i} -> z{i + 1} : tcp/80\nclass gold\n", 20000);
            Assert.Empty(Check(text, text.Length / 2, out _));
        }
    }
}
