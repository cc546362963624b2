using System;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using PolicyLang.Semantics;
using PolicyLang.Syntax;

namespace PolicyLang.Benchmarks
{
    /// <summary>
    /// Checking policies with many repeated or overlapping flows, as imported and generated policies have them: parse,
    /// bind and every check rule. "Identical": N copies of one flow (the target: 20,000 in at most 2 s). "DistinctPorts":
    /// N flows between the same zones on N different ports (no two overlap). "Nested": N flows tcp/1-1 … tcp/1-N, each
    /// covered by the next (every pair overlaps, so this one stays quadratic in neighbour lookups).
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn, MinColumn]
    public class RepeatedFlowBenchmarks
    {
        private string _text = "";

        [Params("Identical", "DistinctPorts", "Nested")]
        public string Shape { get; set; } = "Identical";

        [Params(5_000, 20_000)]
        public int Flows { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _text = Generate(Shape, Shape == "Nested" ? Flows / 4 : Flows);
            var c = Compile();
            if (c.HasErrors) throw new InvalidOperationException(string.Join("\n", c.Diagnostics.Take(3)));
        }

        public static string Generate(string shape, int n)
        {
            var sb = new StringBuilder("zone a {\n  subnet 10.0.0.0/24\n}\nzone b {\n  subnet 10.1.0.0/24\n}\n");
            for (int i = 0; i < n; i++)
            {
                sb.Append(shape switch
                {
                    "Identical" => "allow a -> b : tcp/22\n",
                    "DistinctPorts" => "allow a -> b : tcp/" + (1 + i % 65535) + "\n",
                    _ => "allow a -> b : tcp/1-" + (1 + i) + "\n",
                });
            }
            return sb.ToString();
        }

        private PolicyCompilation Compile() => PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(_text, "flows.netpolicy") });

        [Benchmark]
        public int Check() => Compile().Diagnostics.Count;
    }
}
