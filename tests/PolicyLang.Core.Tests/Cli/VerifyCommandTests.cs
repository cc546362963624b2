using System.IO;
using System.Linq;
using System.Text.Json;
using PolicyLang.Tests.Operations;
using Xunit;

namespace PolicyLang.Tests.Cli
{
    public sealed class VerifyCommandTests
    {
        private static string Policy => Path.Combine(StateFiles.Folder, "small.netpolicy");

        private static string Export => StateFiles.Read("small-gw1.json");

        private static string Drifted => Export.Replace("]}}]}", "]}}, {\"rule\": {\"family\": \"inet\", \"table\": \"policylang_gw\", \"chain\": \"forward\", \"handle\": 99, \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": 3389}}, {\"accept\": null}]}}]}");

        [Fact]
        public void A_clean_state_exits_0_and_says_so()
        {
            using var dir = new TempFolder();
            dir.Write("gw/gw1.json", Export);
            var (exit, output, error) = CliRunner.Run("verify", Policy, "--state", dir.Path);
            Assert.True(exit == 0, output + error);
            Assert.Contains("verify: gw gw1 (nftables): matches the policy", output);
            Assert.Contains("verify: 1 state file(s) compared; no drift", output);
        }

        [Fact]
        public void An_exposure_exits_1_with_the_diagnostic_at_the_state_file()
        {
            using var dir = new TempFolder();
            dir.Write("gw/gw1.json", Drifted);
            var (exit, output, _) = CliRunner.Run("verify", Policy, "--state", dir.Path);
            Assert.Equal(1, exit);
            var line = output.Split('\n').Single(l => l.Contains("NP6001"));
            Assert.Matches(@"gw1\.json\(1,\d+\): error NP6001: gw1 hook forward: the running state allows 10\.\d+\.0\.0 \(\w+\) -> 10\.\d+\.0\.0 \(\w+\) tcp/3389", line);
            Assert.Contains("let through by rule handle 99 in inet policylang_gw forward (tcp dport 3389 accept)", line);
            Assert.Contains("verify: gw gw1 (nftables): 1 exposure", output);
        }

        [Fact]
        public void Json_names_the_witness_the_object_and_the_policy_and_sarif_locates_it()
        {
            using var dir = new TempFolder();
            dir.Write("gw/gw1.json", Drifted);
            var (exit, output, _) = CliRunner.Run("verify", Policy, "--state", dir.Path, "--format", "json");
            Assert.Equal(1, exit);
            var root = JsonDocument.Parse(output).RootElement;
            Assert.Equal("verify-small", root.GetProperty("policy").GetString());
            var device = root.GetProperty("devices").EnumerateArray().Single();
            Assert.Equal("gw1", device.GetProperty("device").GetString());
            Assert.False(device.GetProperty("clean").GetBoolean());
            var finding = device.GetProperty("findings").EnumerateArray().Single();
            Assert.Equal("exposure", finding.GetProperty("kind").GetString());
            Assert.Equal("NP6001", finding.GetProperty("code").GetString());
            Assert.Equal(3389, finding.GetProperty("witness").GetProperty("port").GetInt32());
            Assert.Equal(6, finding.GetProperty("witness").GetProperty("protocol").GetInt32());
            Assert.StartsWith("rule handle 99", finding.GetProperty("responsible").GetString());
            Assert.Equal("the policy denies it: default deny", finding.GetProperty("policy").GetString());
            Assert.Equal(1, root.GetProperty("summary").GetProperty("exposures").GetInt32());

            var (_, sarif, _) = CliRunner.Run("verify", Policy, "--state", dir.Path, "--format", "sarif");
            var result = JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Single();
            Assert.Equal("NP6001", result.GetProperty("ruleId").GetString());
            Assert.Equal("error", result.GetProperty("level").GetString());
            Assert.EndsWith("gw1.json", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        }

        [Fact]
        public void Missing_state_is_a_warning_that_fails_only_with_fail_on_drift()
        {
            using var dir = new TempFolder();
            Directory.CreateDirectory(Path.Combine(dir.Path, "other"));
            var (exit, output, _) = CliRunner.Run("verify", Policy, "--state", dir.Path);
            Assert.Equal(0, exit);
            Assert.Contains("warning NP6005: no running state for target 'gw'", output);
            var (strict, _, _) = CliRunner.Run("verify", Policy, "--state", dir.Path, "--fail-on", "drift");
            Assert.Equal(1, strict);
        }

        [Fact]
        public void Usage_errors_exit_2()
        {
            using var dir = new TempFolder();
            Assert.Equal(2, CliRunner.Run("verify", Policy, "--state", Path.Combine(dir.Path, "nope")).Exit);
            var (exit, _, error) = CliRunner.Run("verify", Policy, "--state", dir.Path, "--target", "nope");
            Assert.Equal(2, exit);
            Assert.Contains("no target 'nope'", error);
        }
    }
}
