using System.IO;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Cli
{
    public sealed class FormatCommandTests
    {
        [Fact]
        public void Samples_are_already_canonical()
        {
            var (exit, output, error) = CliRunner.Run("fmt", "--check", RepositoryPaths.Samples);
            Assert.True(exit == 0, output + error);
            Assert.Equal("", output);
        }

        [Fact]
        public void Check_lists_unformatted_files_and_changes_nothing()
        {
            using var dir = new TempFolder();
            var file = dir.Write("a.netpolicy", "service a=tcp/1\n");
            var (exit, output, _) = CliRunner.Run("fmt", "--check", file);
            Assert.Equal(1, exit);
            Assert.EndsWith("a.netpolicy: not in canonical format\n", output);
            Assert.Equal("service a=tcp/1\n", File.ReadAllText(file));
        }

        [Fact]
        public void Fmt_rewrites_and_is_idempotent_and_keeps_comments()
        {
            using var dir = new TempFolder();
            var file = dir.Write("a.netpolicy", "# keep me\nzone z{segment s{vlan 5 # and me\n}}\n");
            Assert.Equal(0, CliRunner.Run("fmt", file).Exit);
            Assert.Equal("# keep me\nzone z {\n  segment s {\n    vlan 5 # and me\n  }\n}\n", File.ReadAllText(file));
            var (exit, output, _) = CliRunner.Run("fmt", file);
            Assert.Equal(0, exit);
            Assert.Equal("", output);
            Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
        }

        [Fact]
        public void Fmt_refuses_a_file_with_syntax_errors()
        {
            using var dir = new TempFolder();
            const string broken = "zone z {\n  vlan 1\n}\nservice a=tcp/1\n";
            var file = dir.Write("a.netpolicy", broken);
            var (exit, output, error) = CliRunner.Run("fmt", file);
            Assert.Equal(1, exit);
            Assert.Contains("error NP0010", output);
            Assert.Contains("has syntax errors and was not formatted", error);
            Assert.Equal(broken, File.ReadAllText(file));
        }
    }
}
