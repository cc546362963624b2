using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Tests.Baselines;
using PolicyLang.Workspace;
using Xunit;

namespace PolicyLang.Tests.Emit
{
    /// <summary>Approved Azure NSG, GCP firewall and Kubernetes output for every such target of the samples and the cloud test policy.</summary>
    public sealed class CloudGoldenTests
    {
        public static readonly string[] Platforms = { "azure-nsg", "gcp-firewall", "kubernetes" };

        [Theory]
        [InlineData("samples/ai-platform", "ai-platform")]
        [InlineData("samples/campus-lab", "campus-lab")]
        [InlineData("samples/inference-edge", "inference-edge")]
        [InlineData("tests/PolicyLang.E2E/Policies/cloud.netpolicy", "cloud")]
        public void Cloud_targets_match_their_approved_output(string path, string golden)
        {
            var first = Emit(path);
            var dir = Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Emit", "Golden", golden);
            foreach (var a in first)
            {
                var ext = Path.GetExtension(a.RelativePath).TrimStart('.');
                Baseline.Verify(a.Content, dir, a.RelativePath.Replace('/', '.'), ext);
            }
            // Deterministic: a second compilation from scratch gives the same bytes.
            var second = Emit(path);
            Assert.Equal(first.Select(a => (a.RelativePath, a.Content)), second.Select(a => (a.RelativePath, a.Content)));
        }

        /// <summary>Each target's backend checks and output (the builder's cross-target capability checks have their own tests).</summary>
        internal static List<Artifact> Emit(string path)
        {
            var compilations = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Root, path) }));
            var artifacts = new List<Artifact>();
            foreach (var c in compilations)
            {
                Assert.DoesNotContain(c.Diagnostics, d => d.IsError);
                foreach (var t in c.Model.Targets.Where(t => Platforms.Contains(t.Platform.Value)))
                {
                    var diagnostics = new List<Diagnostic>();
                    var context = new TargetContext(c, t, diagnostics);
                    var backend = PolicyLang.Platforms.PlatformRegistry.Find(t.Platform.Value)!;
                    backend.Validate(context);
                    Assert.True(!diagnostics.Any(d => d.IsError), string.Join("\n", diagnostics));
                    artifacts.AddRange(backend.Emit(context));
                }
            }
            return artifacts.OrderBy(a => a.RelativePath, System.StringComparer.Ordinal).ToList();
        }
    }
}
