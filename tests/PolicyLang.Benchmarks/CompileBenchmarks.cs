using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;

namespace PolicyLang.Benchmarks
{
    /// <summary>
    /// `policyc check` and `policyc build` as one operation from text: parse, bind, check every rule (flow effects,
    /// overlaps, assertions, tests), then compile nftables targets. The synthetic policy declares targets of every
    /// platform; only nftables has a backend, so the build runs the nftables ones: either one gateway, or all of them
    /// (the 100k-line policy has hundreds, each carrying the internet's address set).
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn, MinColumn]
    public class CompileBenchmarks
    {
        private string _text = "";
        private List<string> _allNftables = new List<string>();

        [Params(10_000, 100_000)]
        public int Lines { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _text = SyntheticPolicy.Generate(Lines);
            var compilation = Compile();
            if (compilation.PolicyDiagnostics.Any(d => d.IsError)) throw new InvalidOperationException("The generated policy has errors:\n" + string.Join("\n", compilation.PolicyDiagnostics.Take(5)));
            _allNftables = compilation.Model.Targets.Where(t => t.Platform.Value == "nftables").Select(t => t.Name).ToList();
        }

        private PolicyCompilation Compile() => PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(_text, "synthetic.netpolicy") });

        /// <summary>The policy's own check: parse, bind, every rule.</summary>
        [Benchmark]
        public int Check() => Compile().PolicyDiagnostics.Count;

        /// <summary>What policyc check reports: the policy's check and every target's validation (the synthetic policy's targets of every platform).</summary>
        [Benchmark]
        public int CheckWithTargetValidation() => Compile().Diagnostics.Count;

        [Benchmark]
        public int CheckAndBuildOneGateway() => Build(_allNftables.Take(1));

        [Benchmark]
        public int CheckAndBuildAllGateways() => Build(_allNftables);

        private int Build(IEnumerable<string> targets)
        {
            var result = PolicyBuilder.Build(new[] { Compile() }, targets.ToList());
            if (!result.Succeeded) throw new InvalidOperationException("build failed");
            return result.Artifacts.Sum(a => a.Content.Length);
        }
    }
}
