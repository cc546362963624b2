using System.IO;
using System.Linq;
using PolicyLang.Diagnostics;
using PolicyLang.Semantics;
using PolicyLang.Tests.Cli;
using PolicyLang.Workspace;
using Xunit;

namespace PolicyLang.Tests.Workspace
{
    /// <summary>
    /// Imports go through one validation (ImportPaths): refused paths are NP1018 at the import's path, and the file
    /// system is never asked about them; links and folder loops cannot lead the compiler out of the policy's folder.
    /// </summary>
    public sealed class ImportPathTests
    {
        private const string Zone = "zone a {\n  subnet 10.1.0.0/16\n}\n";

        private static (PolicySourceSet Set, Diagnostic[] Refused) Load(TempFolder dir, string entry, string? importRoot = null)
        {
            var set = PolicySourceSet.Load(new[] { Path.Combine(dir.Path, entry) }, importRoot: importRoot);
            return (set, set.Diagnostics.Where(d => d.Id == "NP1018").ToArray());
        }

        [Theory]
        [InlineData("import \"\"\n", "it is empty")]
        [InlineData("import \"   \"\n", "it is empty")]
        [InlineData("import \"/etc/passwd\"\n", "it is absolute")]
        [InlineData("import \"~/x.netpolicy\"\n", "it is absolute")]
        [InlineData("import \"../outside.netpolicy\"\n", "it leaves the policy's folder")]
        [InlineData("import \"sub/../../outside.netpolicy\"\n", "it leaves the policy's folder")]
        [InlineData("import \"\\u{0}\"\n", "U+0000")]
        [InlineData("import \"a\\u{202E}b.netpolicy\"\n", "U+202E")]
        [InlineData("import \"a\\nb.netpolicy\"\n", "U+000A")]
        public void Refused_imports_are_errors_at_the_path_and_are_never_read(string import, string why)
        {
            using var dir = new TempFolder();
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(dir.Path)!, "outside.netpolicy"), Zone);
            var entry = dir.Write("p/main.netpolicy", import + Zone);
            var (set, refused) = Load(dir, "p/main.netpolicy");
            var d = Assert.Single(refused);
            Assert.Contains(why, d.Message);
            Assert.Equal(entry, d.Path);
            var text = File.ReadAllText(entry);
            Assert.Equal(import.Substring(7).TrimEnd('\n'), text.Substring(d.Span.Start, d.Span.Length));
            Assert.Single(set.Trees);
            Assert.DoesNotContain('\n', d.Message);
        }

        [Fact]
        public void Import_of_a_raw_nul_byte_is_refused_not_thrown()
        {
            using var dir = new TempFolder();
            dir.Write("main.netpolicy", "import \"a\0b.netpolicy\"\n" + Zone);
            var (_, refused) = Load(dir, "main.netpolicy");
            Assert.Contains("U+0000", Assert.Single(refused).Message);
        }

        [Fact]
        public void Imports_below_and_beside_stay_allowed_and_the_import_root_widens()
        {
            using var dir = new TempFolder();
            dir.Write("p/main.netpolicy", "import \"sub/b.netpolicy\"\n" + Zone);
            dir.Write("p/sub/b.netpolicy", "import \"../c.netpolicy\"\nzone b {\n  subnet 10.2.0.0/16\n}\n");
            dir.Write("p/c.netpolicy", "import \"../shared.netpolicy\"\nzone c {\n  subnet 10.3.0.0/16\n}\n");
            dir.Write("shared.netpolicy", "zone d {\n  subnet 10.4.0.0/16\n}\n");
            var (set, refused) = Load(dir, "p/main.netpolicy");
            Assert.Equal(3, set.Trees.Count);
            Assert.Contains("it leaves the policy's folder", Assert.Single(refused).Message);
            var (wide, none) = Load(dir, "p/main.netpolicy", importRoot: dir.Path);
            Assert.Equal(4, wide.Trees.Count);
            Assert.Empty(none);
        }

        [Fact]
        public void A_link_to_a_file_outside_the_folder_is_refused()
        {
            using var dir = new TempFolder();
            dir.Write("secret.netpolicy", "zone s {\n  subnet 10.9.0.0/16\n}\n");
            dir.Write("p/main.netpolicy", "import \"inside.netpolicy\"\n" + Zone);
            File.CreateSymbolicLink(Path.Combine(dir.Path, "p", "inside.netpolicy"), Path.Combine(dir.Path, "secret.netpolicy"));
            var (set, refused) = Load(dir, "p/main.netpolicy");
            Assert.Contains("link to a file outside", Assert.Single(refused).Message);
            Assert.Single(set.Trees);
        }

        [Fact]
        public void A_folder_link_loop_is_walked_once()
        {
            using var dir = new TempFolder();
            dir.Write("p/main.netpolicy", Zone);
            dir.Write("p/sub/b.netpolicy", "zone b {\n  subnet 10.2.0.0/16\n}\n");
            Directory.CreateSymbolicLink(Path.Combine(dir.Path, "p", "sub", "loop"), Path.Combine(dir.Path, "p"));
            Directory.CreateSymbolicLink(Path.Combine(dir.Path, "p", "escape"), Path.GetTempPath());
            var set = PolicySourceSet.Load(new[] { Path.Combine(dir.Path, "p") });
            Assert.Equal(2, set.Trees.Count);
            var compilation = Assert.Single(PolicyCompilation.FromSourceSet(set));
            Assert.DoesNotContain(compilation.Diagnostics, d => d.Id == "NP1002");
        }

        [Fact]
        public void Messages_name_another_file_by_its_path_below_the_policy_folder()
        {
            using var dir = new TempFolder();
            dir.Write("p/main.netpolicy", "import \"east/zones.netpolicy\"\nimport \"west/zones.netpolicy\"\n");
            dir.Write("p/east/zones.netpolicy", Zone);
            dir.Write("p/west/zones.netpolicy", Zone);
            var set = PolicySourceSet.Load(new[] { Path.Combine(dir.Path, "p", "main.netpolicy") });
            var compilation = Assert.Single(PolicyCompilation.FromSourceSet(set));
            var d = Assert.Single(compilation.Diagnostics, x => x.Id == "NP1002");
            Assert.Contains("already declared at east/zones.netpolicy(1,6)", d.Message);
        }

        [Fact]
        public void The_cli_reports_a_refused_import_and_accepts_import_root()
        {
            using var dir = new TempFolder();
            dir.Write("shared.netpolicy", "zone d {\n  subnet 10.4.0.0/16\n}\n");
            var entry = dir.Write("p/main.netpolicy", "import \"../shared.netpolicy\"\n" + Zone);
            var (exit, output, _) = CliRunner.Run("check", entry);
            Assert.Equal(1, exit);
            Assert.Contains("error NP1018: import \"../shared.netpolicy\" is not allowed: it leaves the policy's folder", output);
            (exit, output, _) = CliRunner.Run("check", "--import-root", dir.Path, entry);
            Assert.True(exit == 0, output);
        }
    }
}
