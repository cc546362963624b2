using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;

namespace PolicyLang.E2E.Cloud
{
    /// <summary>The policies whose cloud and Kubernetes targets the E2E tests compile: the samples and Policies/cloud.netpolicy.</summary>
    public static class CloudPolicySet
    {
        public static readonly string[] Paths = { "samples/ai-platform", "samples/inference-edge", "samples/campus-lab", "tests/PolicyLang.E2E/Policies/cloud.netpolicy" };

        public static IReadOnlyList<PolicyCompilation> Load(string path) =>
            PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Root, path) }));

        /// <summary>Every target of the platform in the policy, built; each with its compilation.</summary>
        public static List<(PolicyCompilation Compilation, TargetSymbol Target, IReadOnlyList<Artifact> Artifacts)> Build(string path, string platform)
        {
            var compilations = Load(path);
            var list = new List<(PolicyCompilation, TargetSymbol, IReadOnlyList<Artifact>)>();
            foreach (var c in compilations)
                foreach (var t in c.Model.Targets.Where(t => t.Platform.Value == platform))
                {
                    var result = PolicyBuilder.Build(new[] { c }, new[] { t.Name });
                    Assert.True(result.Succeeded, t.Name + ":\n" + string.Join("\n", result.Diagnostics));
                    list.Add((c, t, result.Artifacts));
                }
            return list;
        }
    }
}
