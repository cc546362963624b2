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
    /// Building every fabric target of the synthetic policy (device blocks on every pod, five switch platforms in turn),
    /// on a policy already checked: what `policyc build` adds for the switches. Platforms without a backend in this build
    /// are left out (and named by <see cref="FabricTargets"/>).
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn, MinColumn]
    public class FabricBenchmarks
    {
        public static readonly string[] Platforms = { "arista-eos", "cisco-nxos", "juniper-junos", "sonic", "cumulus-nvue" };

        private PolicyCompilation? _compilation;
        private List<string> _targets = new List<string>();

        [Params(100_000)]
        public int Lines { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(SyntheticPolicy.Generate(Lines), "synthetic.netpolicy") });
            if (_compilation.HasErrors) throw new InvalidOperationException("The generated policy has errors:\n" + string.Join("\n", _compilation.Diagnostics.Take(5)));
            _targets = FabricTargets(_compilation);
        }

        /// <summary>The targets of the fabric platforms that have a backend here.</summary>
        public static List<string> FabricTargets(PolicyCompilation compilation) =>
            compilation.Model.Targets.Where(t => Platforms.Contains(t.Platform.Value) && BackendRegistry.Find(t.Platform.Value) != null).Select(t => t.Name).ToList();

        /// <summary>A fresh compilation each time: the fabric layer memoizes per policy, and a build starts from none.</summary>
        [Benchmark]
        public int CheckAndBuildAllFabricTargets()
        {
            var compilation = PolicyCompilation.Create(_compilation!.Trees);
            var result = PolicyBuilder.Build(new[] { compilation }, _targets);
            if (!result.Succeeded) throw new InvalidOperationException("build failed: " + string.Join("\n", result.Diagnostics.Where(d => d.IsError).Take(5)));
            return result.Artifacts.Sum(a => a.Content.Length);
        }
    }
}
