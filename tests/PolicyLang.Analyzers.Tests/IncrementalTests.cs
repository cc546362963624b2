using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PolicyLang.Analyzers.Generator;
using Xunit;

namespace PolicyLang.Analyzers.Tests
{
    /// <summary>The generator's policy stages are cached when nothing they depend on changed.</summary>
    public class IncrementalTests
    {
        private static readonly string[] s_policySteps = { PolicyGenerator.FilesStep, PolicyGenerator.FileSetStep, PolicyGenerator.ViewStep };

        private sealed class Session
        {
            public Session()
            {
                Compilation = Compile.Create("public class Consumer { }", "public static class Other { }");
                Policy = new InMemoryAdditionalText("/src/small.netpolicy", GeneratorTests.SmallPolicy);
                Notes = new InMemoryAdditionalText("/src/notes.txt", "not a policy");
                Driver = CSharpGeneratorDriver.Create(
                    new[] { new PolicyGenerator().AsSourceGenerator() },
                    new AdditionalText[] { Policy, Notes },
                    (CSharpParseOptions)Compilation.SyntaxTrees[0].Options,
                    new TestOptionsProvider(new Dictionary<string, string> { ["build_property.PolicyLangNamespace"] = "Acme" }),
                    new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
                Run();
            }

            public CSharpCompilation Compilation;
            public InMemoryAdditionalText Policy;
            public InMemoryAdditionalText Notes;
            public GeneratorDriver Driver;

            public GeneratorRunResult Run()
            {
                Driver = Driver.RunGenerators(Compilation);
                return Driver.GetRunResult().Results.Single();
            }
        }

        private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), "step " + step + " was not tracked");
            return result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);
        }

        private static void AssertPolicyStagesNotRerun(GeneratorRunResult result)
        {
            foreach (var step in s_policySteps)
            {
                var reasons = Reasons(result, step).ToList();
                Assert.NotEmpty(reasons);
                Assert.All(reasons, r => Assert.True(r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged, step + ": " + r));
            }
            Assert.NotEmpty(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs));
            Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
                o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Fact]
        public void Editing_a_csharp_file_does_not_rerun_the_policy_stages()
        {
            var s = new Session();
            var old = s.Compilation.SyntaxTrees[1];
            s.Compilation = s.Compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText("public static class Other { public static int X = 1; }", (CSharpParseOptions)old.Options, old.FilePath));
            AssertPolicyStagesNotRerun(s.Run());

            s.Compilation = s.Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Added { }", (CSharpParseOptions)old.Options, "Added.cs"));
            AssertPolicyStagesNotRerun(s.Run());
        }

        [Fact]
        public void Editing_or_adding_an_additional_file_that_is_not_a_policy_does_not_rerun_the_policy_stages()
        {
            var s = new Session();
            var edited = new InMemoryAdditionalText(s.Notes.Path, "edited notes");
            s.Driver = s.Driver.ReplaceAdditionalText(s.Notes, edited);
            AssertPolicyStagesNotRerun(s.Run());

            s.Driver = s.Driver.AddAdditionalTexts(System.Collections.Immutable.ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText("/src/data.json", "{}")));
            AssertPolicyStagesNotRerun(s.Run());
        }

        [Fact]
        public void Editing_the_policy_reruns_the_view_and_regenerates()
        {
            var s = new Session();
            var before = s.Driver.GetRunResult().GeneratedTrees.Single().ToString();
            var edited = new InMemoryAdditionalText(s.Policy.Path, s.Policy.GetText().ToString().Replace("tcp/2049", "tcp/2050"));
            s.Driver = s.Driver.ReplaceAdditionalText(s.Policy, edited);
            var result = s.Run();
            Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, PolicyGenerator.ViewStep));
            var after = s.Driver.GetRunResult().GeneratedTrees.Single().ToString();
            Assert.Contains("public const int Port = 2049;", before);
            Assert.Contains("public const int Port = 2050;", after);
        }

        [Fact]
        public void A_comment_only_edit_to_the_policy_leaves_the_view_unchanged_and_the_output_cached()
        {
            var s = new Session();
            var edited = new InMemoryAdditionalText(s.Policy.Path, "# a new comment\n" + s.Policy.GetText().ToString());
            s.Driver = s.Driver.ReplaceAdditionalText(s.Policy, edited);
            var result = s.Run();
            Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, PolicyGenerator.FilesStep));
            Assert.All(Reasons(result, PolicyGenerator.ViewStep), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
            Assert.All(result.TrackedOutputSteps.SelectMany(x => x.Value).SelectMany(x => x.Outputs),
                o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }
    }
}
