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
    /// <summary>The policies whose cloud and Kubernetes targets the E2E tests compile: the samples and the cloud policies of Policies/.</summary>
    public static class CloudPolicySet
    {
        public static readonly string[] Paths = { "samples/ai-platform", "samples/inference-edge", "samples/campus-lab", "tests/PolicyLang.E2E/Policies/cloud.netpolicy", "tests/PolicyLang.E2E/Policies/cloud-narrow.netpolicy", "tests/PolicyLang.E2E/Policies/k8s-narrow.netpolicy",
            "tests/PolicyLang.E2E/Policies/azure-source-ports.netpolicy" };

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
                    Assert.DoesNotContain(c.Diagnostics, d => d.IsError);
                    list.Add((c, t, Emit(c, t)));
                }
            return list;
        }

        /// <summary>
        /// The backend's own checks and output for one target. The builder's capability checks (a class or rate that
        /// another target of the policy must enforce) need every backend of the policy; they have their own tests.
        /// </summary>
        public static IReadOnlyList<Artifact> Emit(PolicyCompilation compilation, TargetSymbol target)
        {
            var diagnostics = new List<PolicyLang.Diagnostics.Diagnostic>();
            var context = new TargetContext(compilation, target, diagnostics);
            var backend = PolicyLang.Platforms.PlatformRegistry.Find(target.Platform.Value)!;
            backend.Validate(context);
            Assert.True(!diagnostics.Any(d => d.IsError), target.Name + ":\n" + string.Join("\n", diagnostics));
            return backend.Emit(context);
        }
    }
}
