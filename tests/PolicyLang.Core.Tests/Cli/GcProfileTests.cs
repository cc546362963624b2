using PolicyLang.Cli;
using Xunit;

namespace PolicyLang.Tests.Cli
{
    /// <summary>
    /// Which runs start again with collector settings of their own (<see cref="GcProfile"/>): verify and report of a large state,
    /// check and build of a large policy. The command is the first word that is no option, the value of --import-root (the one
    /// option before the command that takes a value) skipped. The start again itself is exercised by .ci/aot-parity.py, whose
    /// verify, report, check and build commands run the native tool on inputs above the thresholds too.
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
            InFolder(folder =>
            {
                System.IO.Directory.CreateDirectory(System.IO.Path.Combine(folder, "gw"));
                System.IO.File.WriteAllBytes(System.IO.Path.Combine(folder, "gw", "a.json"), new byte[3000]);
                System.IO.File.WriteAllBytes(System.IO.Path.Combine(folder, "b.json"), new byte[2000]);
                Assert.True(GcProfile.HoldsAtLeast(folder, 5000));
                Assert.False(GcProfile.HoldsAtLeast(folder, 5001));
                Assert.False(GcProfile.HoldsAtLeast(System.IO.Path.Combine(folder, "missing"), 1));
            });
        }

        [Theory]
        [InlineData("check p.netpolicy", "p.netpolicy")]
        [InlineData("check", ".")]
        [InlineData("check --format json", ".")]
        [InlineData("--import-root r check a b --format=sarif", "a|b")]
        [InlineData("build -t edge -o out p --target k8s --output=o2 q", "p|q")]
        [InlineData("build p -o out --format json --import-root root", "p")]
        public void The_paths_of_a_check_or_build_are_its_words_that_are_neither_options_nor_their_values(string line, string expected) =>
            Assert.Equal(expected, string.Join("|", GcProfile.PolicyPathsOf(line.Split(' '))));

        [Fact]
        public void A_policy_is_weighed_by_its_netpolicy_files_as_the_loader_finds_them()
        {
            InFolder(folder =>
            {
                System.IO.Directory.CreateDirectory(System.IO.Path.Combine(folder, "zones"));
                System.IO.Directory.CreateDirectory(System.IO.Path.Combine(folder, "bin"));
                System.IO.File.WriteAllBytes(System.IO.Path.Combine(folder, "zones", "a.netpolicy"), new byte[3000]);
                System.IO.File.WriteAllBytes(System.IO.Path.Combine(folder, "b.netpolicy"), new byte[2000]);
                // Not policies, or where the loader does not look: they weigh nothing.
                System.IO.File.WriteAllBytes(System.IO.Path.Combine(folder, "notes.txt"), new byte[9000]);
                System.IO.File.WriteAllBytes(System.IO.Path.Combine(folder, "bin", "c.netpolicy"), new byte[9000]);
                Assert.True(GcProfile.PoliciesHoldAtLeast(new[] { folder }, 5000));
                Assert.False(GcProfile.PoliciesHoldAtLeast(new[] { folder }, 5001));
                // A file named on the command line counts whatever its name; a missing path counts nothing.
                var notes = System.IO.Path.Combine(folder, "notes.txt");
                Assert.True(GcProfile.PoliciesHoldAtLeast(new[] { folder, notes }, 14000));
                Assert.False(GcProfile.PoliciesHoldAtLeast(new[] { System.IO.Path.Combine(folder, "missing") }, 1));
            });
        }

        [Fact]
        public void Check_and_build_of_a_large_policy_run_without_DATAS_and_with_a_bounded_generation_0()
        {
            InFolder(folder =>
            {
                var small = System.IO.Path.Combine(folder, "small.netpolicy");
                var large = System.IO.Path.Combine(folder, "large.netpolicy");
                System.IO.File.WriteAllBytes(small, new byte[GcProfile.PolicyThreshold - 1]);
                System.IO.File.WriteAllBytes(large, new byte[GcProfile.PolicyThreshold]);
                Assert.Null(GcProfile.ProfileFor(new[] { "check", small }));
                Assert.Null(GcProfile.ProfileFor(new[] { "build", small, "-o", large }));
                var profile = GcProfile.ProfileFor(new[] { "check", large });
                Assert.Equal("large-policy", profile?.Name);
                Assert.Equal(new[] { "DOTNET_GCDynamicAdaptationMode=0", "DOTNET_GCGen0MaxBudget=1000000" }, profile?.Settings);
                Assert.Equal("large-policy", GcProfile.ProfileFor(new[] { "build", large, "-o", "out" })?.Name);
                // Two small files that add up count as one large policy.
                Assert.Equal("large-policy", GcProfile.ProfileFor(new[] { "check", small, small })?.Name);
                // Commands not measured keep the tool's settings; verify is weighed by its state, not by its policy.
                Assert.Null(GcProfile.ProfileFor(new[] { "fmt", large }));
                Assert.Null(GcProfile.ProfileFor(new[] { "query", large, "--from", "a", "--to", "b" }));
                Assert.Null(GcProfile.ProfileFor(new[] { "verify", large, "--state", folder }));
            });
        }

        /// <summary>Runs <paramref name="body"/> with a new empty folder, deleted afterwards.</summary>
        private static void InFolder(System.Action<string> body)
        {
            var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "policylang-weigh-" + System.Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(folder);
            try
            {
                body(folder);
            }
            finally
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void A_collector_variable_the_user_set_is_left_alone()
        {
            Assert.True(GcProfile.SetsCollector(new System.Collections.Hashtable { ["PATH"] = "/bin", ["DOTNET_gcServer"] = "0" }));
            Assert.True(GcProfile.SetsCollector(new System.Collections.Hashtable { ["DOTNET_GCgen0size"] = "1000000" }));
            Assert.True(GcProfile.SetsCollector(new System.Collections.Hashtable { ["COMPlus_GCHeapCount"] = "1" }));
            Assert.False(GcProfile.SetsCollector(new System.Collections.Hashtable { ["PATH"] = "/bin", ["DOTNET_ROOT"] = "/usr/share/dotnet" }));
        }
    }
}
