using System;
using BenchmarkDotNet.Attributes;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;

namespace PolicyLang.Benchmarks
{
    /// <summary>A full parse (lexing, declaration splitting, parsing, tree building) of a generated policy.</summary>
    [MemoryDiagnoser]
    [MedianColumn, MinColumn]
    [Config(typeof(ThroughputConfig))]
    public class ParseBenchmarks
    {
        private string _text = "";

        [Params(1_000, 10_000, 100_000)]
        public int Lines { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _text = SyntheticPolicy.Generate(Lines);
            var tree = PolicySyntaxTree.Parse(_text);
            if (tree.Diagnostics.Count != 0) throw new InvalidOperationException("The generated policy does not parse cleanly.");
        }

        [Benchmark]
        public PolicySyntaxTree Parse() => PolicySyntaxTree.Parse(_text);
    }
}
