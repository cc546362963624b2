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
    /// <c>policyc query</c> on a loaded policy (parsed, bound and checked once in the setup, as an editor or a review
    /// service holds it): one zone to another zone on one service, and one zone to any destination on every service.
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn, MinColumn]
    public class QueryBenchmarks
    {
        private PolicyCompilation _compilation = null!;
        private QueryEndpoint _from = null!, _to = null!, _any = null!;
        private System.Collections.Generic.IReadOnlyList<ServiceMatch>? _https;

        [Params(100_000)]
        public int Lines { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(SyntheticPolicy.Generate(Lines), "synthetic.netpolicy") });
            if (_compilation.PolicyDiagnostics.Any(d => d.IsError)) throw new InvalidOperationException("The generated policy has errors");
            var zones = _compilation.Model.Zones.Where(z => !z.IsExternal).ToList();
            _from = PolicyQuery.Endpoint(_compilation, zones[zones.Count / 2].Name, out _)!;
            _to = PolicyQuery.Endpoint(_compilation, zones[zones.Count / 2 + 1].Name, out _)!;
            _any = PolicyQuery.Endpoint(_compilation, "any", out _)!;
            _https = PolicyQuery.Service(_compilation, "tcp/443", out _);
            ZoneToZone();
            ZoneToAnything();
        }

        [Benchmark]
        public int ZoneToZone() => PolicyQuery.Ask(_compilation, _from, _to, _https).Count;

        [Benchmark]
        public int ZoneToAnything() => PolicyQuery.Ask(_compilation, _from, _any, null).Count;
    }
}
