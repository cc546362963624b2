using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using PolicyLang.Review;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;

namespace PolicyLang.Benchmarks
{
    /// <summary>
    /// <c>policyc diff</c> of two 100,000-line policies that differ in one flow (one more port on a flow in the middle of
    /// the file). <see cref="Loaded"/>: the comparison itself (traffic, assertions, tests, diagnostics by fingerprint) on
    /// two policies already parsed, bound and checked, as a review service or an editor holds them.
    /// <see cref="FromText"/>: what the command does before it builds the targets: parse, bind and check both sides
    /// (every diagnostic a build would report, target validation included), then compare.
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn, MinColumn]
    public class DiffBenchmarks
    {
        public const string Edited = "allow storage-268 -> partner-33 : ssh, diameter class bulk";

        private string _old = "", _new = "";
        private PolicyCompilation _before = null!, _after = null!;

        [Params(100_000)]
        public int Lines { get; set; }

        private static string Key(string path) => path;

        [GlobalSetup]
        public void Setup()
        {
            _old = SyntheticPolicy.Generate(Lines);
            if (!_old.Contains(Edited + " ")) throw new InvalidOperationException("the synthetic policy no longer has the edited flow");
            _new = _old.Replace(Edited + " ", "allow storage-268 -> partner-33 : ssh, diameter, tcp/2222 class bulk ");
            _before = Load(_old);
            _after = Load(_new);
            _ = _before.Diagnostics;
            _ = _after.Diagnostics;
            var d = PolicyDiff.Compare("synthetic", _before, _after, Key, Key);
            // The one change: tcp/2222 newly allowed between the two zones, nothing else.
            if (d.Traffic.Count != 1 || d.Traffic[0].Kind != TrafficChangeKind.NewlyAllowed || d.Results.Count != 0 || d.Moves.Count != 0)
                throw new InvalidOperationException("unexpected diff: " + d.Traffic.Count + " traffic changes, " + d.Results.Count + " results");
        }

        private static PolicyCompilation Load(string text) =>
            PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, "synthetic.netpolicy") });

        [Benchmark]
        public int Loaded() => PolicyDiff.Compare("synthetic", _before, _after, Key, Key).Traffic.Count;

        [Benchmark]
        public int FromText()
        {
            var before = Load(_old);
            var after = Load(_new);
            return PolicyDiff.Compare("synthetic", before, after, Key, Key).Traffic.Count;
        }
    }
}
