using PolicyLang.Cli;
using Xunit;

namespace PolicyLang.Tests.Cli
{
    /// <summary>
    /// Which command a command line runs, for the collector settings of verify (<see cref="GcProfile"/>): the first word that
    /// is no option, the value of --import-root (the one option before the command that takes a value) skipped. The start
    /// again itself is exercised by .ci/aot-parity.py, whose verify and report commands run the native tool.
    /// </summary>
    public sealed class GcProfileTests
    {
        [Theory]
        [InlineData("verify", "verify", "policy.netpolicy", "--state", "state")]
        [InlineData("verify", "--import-root", "verify-root", "verify", "p")]
        [InlineData("check", "--import-root", "verify", "check", "p")]
        [InlineData("verify", "--import-root=/x", "verify", "p")]
        [InlineData("build", "build", "verify")]
        [InlineData(null, "--version")]
        [InlineData(null)]
        public void The_command_is_the_first_word_that_is_no_option(string? expected, params string[] args) =>
            Assert.Equal(expected, GcProfile.CommandOf(args));

        [Theory]
        [InlineData(true, "verify", "p", "--state", "s")]
        [InlineData(true, "report", "p", "--state", "s", "-o", "r.html")]
        [InlineData(true, "report", "p", "--state=s")]
        [InlineData(false, "report", "p", "-o", "r.html")]
        [InlineData(false, "check", "p")]
        [InlineData(false, "build", "p", "--state", "s")]
        public void Verify_and_report_with_state_compare_running_state(bool expected, params string[] args) =>
            Assert.Equal(expected, GcProfile.ComparesState(args));

        [Fact]
        public void The_state_folder_is_weighed_by_the_files_under_it()
        {
            Assert.Equal("s", GcProfile.StateFolderOf(new[] { "verify", "p", "--state", "s" }));
            Assert.Equal("s", GcProfile.StateFolderOf(new[] { "verify", "p", "--state=s" }));
            Assert.Null(GcProfile.StateFolderOf(new[] { "verify", "p", "--state" }));
            var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "policylang-weigh-" + System.Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(System.IO.Path.Combine(folder, "gw"));
            try
            {
                System.IO.File.WriteAllBytes(System.IO.Path.Combine(folder, "gw", "a.json"), new byte[3000]);
                System.IO.File.WriteAllBytes(System.IO.Path.Combine(folder, "b.json"), new byte[2000]);
                Assert.True(GcProfile.HoldsAtLeast(folder, 5000));
                Assert.False(GcProfile.HoldsAtLeast(folder, 5001));
                Assert.False(GcProfile.HoldsAtLeast(System.IO.Path.Combine(folder, "missing"), 1));
            }
            finally
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
        }
    }
}
