using System.IO;
using PolicyLang.Cli;
using PolicyLang.Operations;
using PolicyLang.Tests.Operations.Quarantines;
using Xunit;

namespace PolicyLang.Tests.Cli
{
    /// <summary><c>policyc quarantine</c>: what it prints, its exit codes, and its usage errors.</summary>
    public sealed class QuarantineCommandTests
    {
        [Fact]
        public void Quarantine_list_and_release_print_what_they_did()
        {
            using var lab = QuarantineFixture.Lab();
            var folder = CliContext.DisplayPath(lab.Folder);
            var (exit, output, error) = CliRunner.Run("quarantine", lab.Folder, "--address", "10.10.0.5", "--reason", "miner (INC-4711)", "--expires", "2026-12-11");
            Assert.True(exit == 0, output + error);
            Assert.Equal(
                "quarantined 10.10.0.5 (zone gpu)\n"
                + "  reason \"miner (INC-4711)\"\n"
                + "  expires 2026-12-11\n"
                + "created " + folder + "/quarantine.netpolicy: quarantine of 10.10.0.5 added\n"
                + "wrote " + folder + "/main.netpolicy: import \"quarantine.netpolicy\" added\n"
                + "enforced by 2 targets:\n"
                + "  target gateway (nftables): holds zone gpu, every packet from or to 10.10.0.5 it sees\n"
                + "  target leaves (arista-eos): holds zone gpu, every packet from or to 10.10.0.5 it sees\n"
                + folder + "/quarantine.netpolicy(9,11): warning NP3011: The quarantine of 10.10.0.5 expires on 2026-12-11 (in 7 days): remove it or give it a later date before then\n"
                + "next: review with 'policyc diff', then build and roll out as usual; release with 'policyc quarantine --release 10.10.0.5'\n",
                output);
            Assert.Equal("", error);

            var list = CliRunner.Run("quarantine", lab.Folder);
            Assert.Equal(0, list.Exit);
            Assert.Equal("10.10.0.5 at quarantine.netpolicy(7,1): expires 2026-12-11 (in 7 days)\n  reason \"miner (INC-4711)\"\npolicy lab: 1 quarantine\n", list.Out);
            Assert.Equal(list.Out, CliRunner.Run("quarantine", lab.Folder, "--list").Out);

            var release = CliRunner.Run("quarantine", lab.Folder, "--release", "10.10.0.5");
            Assert.Equal(0, release.Exit);
            Assert.Equal(
                "released 10.10.0.5 (zone gpu)\n"
                + "  reason \"miner (INC-4711)\"\n"
                + "  expires 2026-12-11\n"
                + "wrote " + folder + "/main.netpolicy: import \"quarantine.netpolicy\" removed\n"
                + "deleted " + folder + "/quarantine.netpolicy: no quarantine left\n"
                + "next: review with 'policyc diff', then build and roll out as usual\n",
                release.Out);
            Assert.Equal("policy lab: no quarantines\n", CliRunner.Run("quarantine", lab.Folder).Out);
        }

        [Fact]
        public void Refusals_exit_2_and_new_errors_exit_1_with_the_diagnostics()
        {
            using var lab = QuarantineFixture.Lab();
            var refused = CliRunner.Run("quarantine", lab.Folder, "--address", "10.10.0.5", "--expires", "2026-12-01");
            Assert.Equal(2, refused.Exit);
            Assert.Equal("policyc: error: the expiry 2026-12-01 is in the past (today is 2026-12-04); give today or a later date\n", refused.Error);
            Assert.Equal("", refused.Out);

            var unknown = CliRunner.Run("quarantine", lab.Folder, "--release", "10.10.0.5");
            Assert.Equal(2, unknown.Exit);
            Assert.Equal("policyc: error: 10.10.0.5 is not quarantined; the policy has no quarantines\n", unknown.Error);

            var spans = CliRunner.Run("quarantine", lab.Folder, "--address", "10.0.0.0/8");
            Assert.Equal(1, spans.Exit);
            Assert.Contains("/quarantine.netpolicy(7,12): error NP2029: ", spans.Out);
            Assert.Equal("policyc: error: cannot quarantine 10.0.0.0/8: the prefix spans several zones (NP2029): quarantine each zone's part on its own; nothing written\n", spans.Error);
            Assert.False(File.Exists(lab.Overlay));
        }

        [Theory]
        [InlineData("give --address or --release, not both", "--address", "10.10.0.5", "--release", "10.10.0.6")]
        [InlineData("--list lists; it takes no --address or --release", "--list", "--release", "10.10.0.6")]
        [InlineData("--reason and --expires go with --address", "--reason", "why")]
        [InlineData("--reason and --expires go with --address", "--release", "10.10.0.6", "--expires", "2027-01-01")]
        public void Options_that_do_not_go_together_are_usage_errors(string message, params string[] options)
        {
            using var lab = QuarantineFixture.Lab();
            var args = new System.Collections.Generic.List<string> { "quarantine", lab.Folder };
            args.AddRange(options);
            var (exit, output, error) = CliRunner.Run(args.ToArray());
            Assert.Equal(2, exit);
            Assert.Equal("", output);
            Assert.Equal("policyc: error: " + message + "\n", error);
            Assert.False(File.Exists(lab.Overlay));
        }

        [Fact]
        public void The_command_is_listed_in_help()
        {
            var (_, output, _) = CliRunner.Run("--help");
            Assert.Contains("quarantine", output);
            var help = CliRunner.Run("quarantine", "--help");
            Assert.Contains("--release", help.Out);
            Assert.Contains("--expires", help.Out);
            Assert.Contains(QuarantineOperation.MaxReasonLength.ToString(System.Globalization.CultureInfo.InvariantCulture), help.Out);
        }
    }
}
