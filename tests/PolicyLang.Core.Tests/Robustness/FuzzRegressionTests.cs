using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.TestSupport.Fuzzing;
using PolicyLang.Workspace;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.Tests.Robustness
{
    /// <summary>
    /// The whole core, not only the parser, against inputs that broke it: every file of tests/PolicyLang.Fuzz/crashes
    /// (each input the fuzzer or a user ever crashed it with) runs through <see cref="FuzzTarget"/> (load with imports,
    /// parse, bind, check with target validation, policy tests, format, build) with its invariants; and the mutated
    /// corpus of the samples runs through the binder and checker, which the parser-only robustness tests never reached.
    /// </summary>
    public sealed class FuzzRegressionTests
    {
        private readonly ITestOutputHelper _output;

        public FuzzRegressionTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public static string CrashesFolder => Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Fuzz", "crashes");

        public static IEnumerable<object[]> Crashes() =>
            Directory.GetFiles(CrashesFolder, "*.netpolicy").OrderBy(f => f, StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

        [Theory]
        [MemberData(nameof(Crashes))]
        public void Crash_corpus_input_runs_clean(string name)
        {
            var text = File.ReadAllText(Path.Combine(CrashesFolder, name));
            var problems = FuzzTarget.Run(text);
            Assert.True(problems.Count == 0, name + ":\n" + string.Join("\n", problems));
        }

        [Fact]
        public void Crash_corpus_is_not_empty() => Assert.True(Crashes().Count() >= 5);

        [Fact]
        public void Mutated_samples_never_throw_in_binder_checker_or_target_validation()
        {
            int count = 0;
            var failures = new List<string>();
            foreach (var input in FuzzCorpus.SamplesAndMutants)
            {
                count++;
                try
                {
                    var problems = FuzzTarget.Run(input.Text, FuzzStage.Check);
                    if (problems.Count > 0) failures.Add(input + ": " + problems[0]);
                }
                catch (Exception e)
                {
                    failures.Add(input + ": " + e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace);
                }
                if (failures.Count >= 5) break;
            }
            _output.WriteLine(count + " inputs through load, parse, bind, check and target validation");
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }

        [Theory]
        [InlineData("service s = tcp/\nservice t = s\nzone a { subnet 10.1.0.0/16 }\nzone b { subnet 10.2.0.0/16 }\nallow a -> b : t\n")]
        [InlineData("ports p = 6x006-6015\nservice s = tcp/p\n")]
        [InlineData("prefixes p = 10.0.0/8\nzone a { subnet p }\n")]
        [InlineData("zone a { subnet 10.1.0.0/16 \nzone b { subnet 10.2.0.0/16 }\nallow a -> b : tcp/22\n")]
        [InlineData("class c { dscp }\nzone a { subnet 10.1.0.0/16 }\nzone b { subnet 10.2.0.0/16 }\nallow a -> b : tcp/22 class c\n")]
        public void Reference_to_a_broken_declaration_reports_only_the_syntax_error(string text)
        {
            var c = PolicyCompilation.Create(new[] { Syntax.PolicySyntaxTree.Parse(text, "p.netpolicy") });
            var errors = c.Diagnostics.Where(d => d.IsError).ToList();
            Assert.NotEmpty(errors);
            // No cascade: a use of the broken declaration is neither "unknown" nor a second error about the same thing.
            Assert.DoesNotContain(errors, d => d.Id == "NP1001");
            Assert.All(errors, d => Assert.StartsWith("NP00", d.Id));
        }

        /// <summary>The policies the tests did not write for this: every sample, test and E2E policy, check against build.</summary>
        public static IEnumerable<object[]> Policies()
        {
            var root = RepositoryPaths.Root;
            foreach (var dir in Directory.GetDirectories(Path.Combine(root, "samples")).OrderBy(d => d, StringComparer.Ordinal))
                if (Directory.GetFiles(dir, "*.netpolicy", SearchOption.AllDirectories).Length > 0) yield return new object[] { Path.GetRelativePath(root, dir) };
            foreach (var sub in new[] { "tests/PolicyLang.E2E/Policies", "tests/PolicyLang.Core.Tests/Corpus/valid", "tests/PolicyLang.Core.Tests/Corpus/invalid", "tests/PolicyLang.Fuzz/crashes" })
                foreach (var f in Directory.GetFiles(Path.Combine(root, sub), "*.netpolicy").OrderBy(f => f, StringComparer.Ordinal))
                    yield return new object[] { Path.GetRelativePath(root, f) };
        }

        [Theory]
        [MemberData(nameof(Policies))]
        public void Check_reports_exactly_the_errors_build_reports(string path)
        {
            var set = PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Root, path) });
            var compilations = PolicyCompilation.FromSourceSet(set);
            static string Key(Diagnostic d) => d.Path + d.Span + " " + d.Id + " " + d.Message;
            var check = PolicyBuilder.Check(compilations).Where(d => d.IsError).Select(Key).ToList();
            var build = PolicyBuilder.Build(compilations).Diagnostics.Where(d => d.IsError).Select(Key).ToList();
            Assert.Equal(build, check);
        }
    }
}
