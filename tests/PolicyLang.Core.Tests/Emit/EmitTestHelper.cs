using System.Collections.Generic;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;

namespace PolicyLang.Tests.Emit
{
    internal static class EmitTestHelper
    {
        public static PolicyCompilation Compile(string text, string path = "p.netpolicy") =>
            PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, path) });

        public static BuildResult Build(string text, params string[] targets) => PolicyBuilder.Build(new[] { Compile(text) }, targets);

        public static IReadOnlyList<PolicyCompilation> Sample(string name) =>
            PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { System.IO.Path.Combine(RepositoryPaths.Samples, name) }));

        public static string Artifact(BuildResult result, string path) => result.Artifacts.Single(a => a.RelativePath == path).Content;
    }
}
