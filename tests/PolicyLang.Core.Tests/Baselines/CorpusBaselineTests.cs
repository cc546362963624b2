using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.Formatting;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using PolicyLang.Text;
using Xunit;

namespace PolicyLang.Tests.Baselines
{
    /// <summary>
    /// Every corpus input has an approved syntax-tree dump with its diagnostics; every valid input also has an
    /// approved canonical formatting. Valid inputs must have no diagnostics; invalid ones must have some.
    /// </summary>
    public sealed class CorpusBaselineTests
    {
        public static string CorpusRoot => Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Corpus");

        public static IEnumerable<object[]> Inputs(string kind) =>
            Directory.GetFiles(Path.Combine(CorpusRoot, kind), "*.netpolicy")
                .OrderBy(f => f, System.StringComparer.Ordinal)
                .Select(f => new object[] { Path.GetFileName(f) });

        public static IEnumerable<object[]> ValidInputs() => Inputs("valid");
        public static IEnumerable<object[]> InvalidInputs() => Inputs("invalid");

        [Theory]
        [MemberData(nameof(ValidInputs))]
        public void Valid_input_matches_its_baselines(string file)
        {
            var tree = Load("valid", file);
            Assert.Empty(tree.Diagnostics);
            Verify("valid", file, tree);
            Baseline.Verify(PolicyFormatter.Format(tree), Path.Combine(CorpusRoot, "valid"), Path.GetFileNameWithoutExtension(file) + ".formatted");
        }

        [Theory]
        [MemberData(nameof(InvalidInputs))]
        public void Invalid_input_matches_its_baselines(string file)
        {
            var tree = Load("invalid", file);
            Assert.NotEmpty(tree.Diagnostics);
            Verify("invalid", file, tree);
        }

        private static PolicySyntaxTree Load(string kind, string file)
        {
            var text = File.ReadAllText(Path.Combine(CorpusRoot, kind, file)).Replace("\r\n", "\n");
            var tree = PolicySyntaxTree.Parse(new SourceText(text, file));
            Assert.Equal(text, tree.ToFullString());
            return tree;
        }

        private static void Verify(string kind, string file, PolicySyntaxTree tree)
        {
            var dump = "== diagnostics ==\n" + SyntaxDump.Diagnostics(tree) + "== tree ==\n" + SyntaxDump.Tree(tree);
            Baseline.Verify(dump, Path.Combine(CorpusRoot, kind), Path.GetFileNameWithoutExtension(file) + ".syntax");
        }
    }
}
