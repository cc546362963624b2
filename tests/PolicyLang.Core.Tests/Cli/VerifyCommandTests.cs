using System.IO;
using System.Linq;
using System.Text.Json;
using PolicyLang.TestSupport;
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

        /// <summary>Makes a named pipe (Linux: mkfifo); false where there is none to make.</summary>
        internal static bool MakePipe(string path)
        {
            if (!System.OperatingSystem.IsLinux()) return false;
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", "\"" + path + "\"") { UseShellExecute = false })!;
            p.WaitForExit();
            return p.ExitCode == 0 && File.Exists(path);
        }

        /// <summary>Runs policyc in-process, failing the test if it has not finished in a minute (a hang, not a slow run).</summary>
        internal static (int Exit, string Out, string Error) RunWithin(params string[] args)
        {
            var run = System.Threading.Tasks.Task.Run(() => CliRunner.Run(args));
            Assert.True(run.Wait(System.TimeSpan.FromMinutes(1)), "policyc " + string.Join(" ", args) + " did not finish in a minute");
            return run.Result;
        }

        [Theory]
        [InlineData(false, "verify")]
        [InlineData(true, "verify")]
        [InlineData(true, "report")]
        public void A_state_file_that_goes_away_after_the_folder_is_listed_is_an_io_error_naming_it_not_a_crash(bool drifted, string command)
        {
            using var dir = new TempFolder();
            dir.Write("gw/gw1.json", drifted ? Drifted : Export);
            var export = Path.Combine(dir.Path, "gw", "gw1.json");
            // Listed and opened once, then gone before it is read for the comparison (an export being rewritten).
            PolicyLang.Cli.Commands.VerifyCommand.AfterListing.Value = () => File.Delete(export);
            try
            {
                var (exit, output, error) = command == "verify"
                    ? RunWithin("verify", Policy, "--state", dir.Path, "--no-cache")
                    : RunWithin("report", Policy, "--state", dir.Path, "--format", "json");
                Assert.True(exit == 2, output + error);
                Assert.Equal("", output);
                Assert.Contains("policyc: error: cannot read a state file while comparing it: ", error);
                Assert.Contains("gw1.json", error);
                Assert.DoesNotContain("   at ", error);
            }
            finally
            {
                PolicyLang.Cli.Commands.VerifyCommand.AfterListing.Value = null;
            }
        }

        [Fact]
        public void Only_read_failures_are_io_errors_and_the_parallel_comparison_s_aggregate_is_unwrapped()
        {
            var gone = new FileNotFoundException("Could not find file 'gw1.json'.");
            Assert.Same(gone, PolicyLang.Cli.Commands.VerifyCommand.ReadFailure(gone));
            Assert.Same(gone, PolicyLang.Cli.Commands.VerifyCommand.ReadFailure(new System.AggregateException(new System.AggregateException(gone))));
            // A bug stays a bug: not reported as an unreadable file.
            Assert.Null(PolicyLang.Cli.Commands.VerifyCommand.ReadFailure(new System.InvalidOperationException()));
            Assert.Null(PolicyLang.Cli.Commands.VerifyCommand.ReadFailure(new System.AggregateException(gone, new System.NullReferenceException())));
        }

        [Fact]
        public void A_named_pipe_a_device_and_a_link_to_nothing_in_the_state_folder_are_reported_not_waited_on()
        {
            using var dir = new TempFolder();
            Directory.CreateDirectory(Path.Combine(dir.Path, "gw"));
            var export = Path.Combine(dir.Path, "gw", "gw1.json");
            if (!System.OperatingSystem.IsLinux()) return; // named pipes and /dev/zero: the CI machine is Linux
            Assert.True(MakePipe(export));
            // Opening a pipe waits for a writer: it has no size, so it is read as an empty export, which is unreadable.
            var (exit, output, error) = RunWithin("verify", Policy, "--state", dir.Path, "--no-cache");
            Assert.True(exit == 1, output + error);
            Assert.Contains("gw1.json(1,1): error NP6004: cannot read ", output);
            Assert.Contains("found the end of the file", output);

            // A device that never ends: read the same way, not to the end of memory.
            File.Delete(export);
            File.CreateSymbolicLink(export, "/dev/zero");
            (exit, output, error) = RunWithin("verify", Policy, "--state", dir.Path, "--no-cache");
            Assert.True(exit == 1, output + error);
            Assert.Contains("error NP6004", output);

            // A link to nothing: a usage error naming the file before anything is compared, not an exception halfway.
            File.Delete(export);
            File.CreateSymbolicLink(export, Path.Combine(dir.Path, "missing.json"));
            (exit, output, error) = RunWithin("verify", Policy, "--state", dir.Path, "--no-cache");
            Assert.True(exit == 2, output + error);
            Assert.Contains("policyc: error: cannot read ", error);
            Assert.Contains("gw1.json", error);
        }

        /// <summary>Whether the temporary folder's file system tells names apart by case (Linux does; Windows and macOS by default do not).</summary>
        private static bool CaseSensitive(TempFolder dir)
        {
            dir.Write("case-probe/a", "");
            return !Directory.Exists(Path.Combine(dir.Path, "CASE-PROBE"));
        }

        [Fact]
        public void A_folder_near_a_targets_name_and_an_export_beside_the_folders_are_warned_about_with_the_meant_target()
        {
            // The gateway's export in a folder of the wrong case and one at the top: neither is read. Beside them, entries that are
            // not the state of a target of this policy and not near one: another policy's folder, an empty folder, a README.
            using var dir = new TempFolder();
            bool caseSensitive = CaseSensitive(dir);
            var state = Path.Combine(dir.Path, "state");
            if (caseSensitive) dir.Write("state/GW/gw1.json", Drifted);
            dir.Write("state/gw1.json", Drifted);
            dir.Write("state/campus-core/sw1.cfg", "hostname sw1");
            Directory.CreateDirectory(Path.Combine(state, "empty"));
            dir.Write("state/README.md", "# exports");
            dir.Write("state/.git/HEAD", "ref: refs/heads/main");
            var (exit, output, error) = CliRunner.Run("verify", Policy, "--state", state, "--fail-on", "drift");
            Assert.True(exit == 1, output + error);
            var lines = output.Split('\n').Where(l => l.Contains("NP6009")).ToList();
            Assert.Equal(caseSensitive ? 2 : 1, lines.Count);
            if (caseSensitive)
                Assert.Contains(lines, l => l.TrimEnd('\r').EndsWith("GW/ is the state of no target of policy 'verify-small', so nothing in it was compared: the policy has no target 'GW'; did you mean 'gw'?"));
            Assert.Contains(lines, l => l.Contains("gw1.json is the state of no target of policy 'verify-small', so nothing in it was compared: a state file goes in its target's folder, as ")
                && l.TrimEnd('\r').EndsWith("/<target>/gw1.json"));
            Assert.DoesNotContain("campus-core", output);
            Assert.DoesNotContain("empty", output);
            Assert.DoesNotContain("README", output);
            // The target itself is reported without state, and nothing was compared: the exposures in the stray files are not seen.
            Assert.Contains("NP6005", output);
            Assert.DoesNotContain("NP6001", output);
            Assert.Contains("verify: 0 state file(s) compared; no drift; " + (caseSensitive ? 3 : 2) + " file(s) missing or not compared", output);

            var (_, json, _) = CliRunner.Run("verify", Policy, "--state", state, "--format", "json");
            var root = JsonDocument.Parse(json).RootElement;
            Assert.Equal(caseSensitive ? 2 : 1, root.GetProperty("diagnostics").EnumerateArray().Count(d => d.GetProperty("code").GetString() == "NP6009"));

            // With --target, an export at the top is no business of the targets verified; a folder near one of theirs still is.
            var (_, targeted, _) = CliRunner.Run("verify", Policy, "--state", state, "--target", "gw");
            Assert.DoesNotContain("gw1.json is the state", targeted);
            Assert.Equal(caseSensitive, targeted.Contains("did you mean 'gw'?"));
        }

        [Fact]
        public void A_state_folder_with_only_the_targets_folders_and_other_files_gets_no_np6009()
        {
            using var clean = new TempFolder();
            clean.Write("gw/gw1.json", Export);
            clean.Write(".cache/x", "");
            clean.Write("README.md", "# exports");
            clean.Write("other-policy/leaf1.cfg", "hostname leaf1");
            var (exit, output, _) = CliRunner.Run("verify", Policy, "--state", clean.Path, "--fail-on", "drift");
            Assert.Equal(0, exit);
            Assert.DoesNotContain("NP6009", output);
        }

        [Theory]
        [InlineData("assert never web -> db\n", "NP3003")] // found by the whole-policy checks, which run beside the comparison
        [InlineData("allow web -> nowhere : tcp/80\n", "NP1001")] // found by binding, before it
        public void A_policy_with_errors_is_not_verified_and_its_errors_are_printed(string line, string code)
        {
            using var dir = new TempFolder();
            dir.Write("p/policy.netpolicy", File.ReadAllText(Policy) + line);
            dir.Write("state/gw/gw1.json", Drifted);
            foreach (var format in new[] { "text", "json" })
            {
                var (exit, output, error) = CliRunner.Run("verify", Path.Combine(dir.Path, "p"), "--state", Path.Combine(dir.Path, "state"), "--format", format);
                Assert.True(exit == 1, output + error);
                Assert.Contains(code, output);
                Assert.Contains("policyc: the policy has errors; fix them before verifying against it", error);
                // Nothing of the comparison: no finding of the drifted export, no summary.
                Assert.DoesNotContain("NP6001", output);
                Assert.DoesNotContain("verify:", output);
            }
        }

        [Fact]
        public void A_repeated_run_reuses_clean_exports_says_so_apart_and_still_sees_an_edit()
        {
            using var dir = new TempFolder();
            dir.Write("state/gw/gw1.json", Export);
            var state = Path.Combine(dir.Path, "state");
            var cache = Path.Combine(dir.Path, "cache");
            var (exit1, out1, err1) = CliRunner.Run("verify", Policy, "--state", state, "--cache", cache);
            Assert.True(exit1 == 0, out1 + err1);
            Assert.DoesNotContain("unchanged since", err1);
            Assert.Single(Directory.GetFiles(cache, "*", SearchOption.AllDirectories));

            // Same stdout (what a run reports does not depend on an earlier run); the reuse is said on stderr.
            var (exit2, out2, err2) = CliRunner.Run("verify", Policy, "--state", state, "--cache", cache);
            Assert.Equal(0, exit2);
            Assert.Equal(out1, out2);
            Assert.Contains("policyc: 1 of 1 export(s) unchanged since a run that found them clean with the same policy and policyc", err2);

            // A rule added on the box since: compared again, found, and not remembered.
            dir.Write("state/gw/gw1.json", Drifted);
            var (exit3, out3, err3) = CliRunner.Run("verify", Policy, "--state", state, "--cache", cache);
            Assert.Equal(1, exit3);
            Assert.Contains("NP6001", out3);
            Assert.DoesNotContain("unchanged since", err3);
            Assert.Single(Directory.GetFiles(cache, "*", SearchOption.AllDirectories));

            // --no-cache neither reads nor writes it.
            dir.Write("state/gw/gw1.json", Export);
            var (exit4, _, err4) = CliRunner.Run("verify", Policy, "--state", state, "--cache", cache, "--no-cache");
            Assert.Equal(0, exit4);
            Assert.DoesNotContain("unchanged since", err4);
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
            // The next line says what the policy decides for the witness, at the policy's own position.
            var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            Assert.Matches(@"^  \S*small\.netpolicy\(\d+,\d+\): the policy denies it: default deny$", lines[lines.IndexOf(line.TrimEnd('\r')) + 1]);
        }

        [Fact]
        public void An_outage_names_the_flow_the_running_state_breaks()
        {
            // The web -> db rule (handle 13) taken out of the gateway by hand.
            using var dir = new TempFolder();
            dir.Write("gw/gw1.json", StateFiles.SmallExportWithout(13));
            var (exit, output, _) = CliRunner.Run("verify", Policy, "--state", dir.Path);
            Assert.Equal(0, exit); // an outage is a warning
            var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            var at = lines.FindIndex(l => l.Contains("warning NP6002"));
            Assert.True(at >= 0, output);
            Assert.Contains("tcp/5432", lines[at]);
            Assert.StartsWith("  ", lines[at + 1]);
            Assert.EndsWith("small.netpolicy(22,1): the policy allows it: allow web -> db : tcp/5432 class gold", lines[at + 1]);
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
            // The source port is a field too (the text names it only where a rule matches on it): here an ephemeral port.
            Assert.Equal(49152, finding.GetProperty("witness").GetProperty("sourcePort").GetInt32());
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
        public void Json_gives_the_name_of_the_flow_that_decides_the_witness_and_null_without_one()
        {
            using var dir = new TempFolder();
            var policy = dir.Write("policy/small.netpolicy", File.ReadAllText(Policy).Replace("allow web -> db : tcp/5432 class gold", "allow web -> db : tcp/5432 class gold name web-db"));

            // An outage of web -> db: the flow that allows the witness has a name.
            dir.Write("outage/gw/gw1.json", StateFiles.SmallExportWithout(13));
            var (_, outage, _) = CliRunner.Run("verify", policy, "--state", Path.Combine(dir.Path, "outage"), "--no-cache", "--format", "json");
            var named = JsonDocument.Parse(outage).RootElement.GetProperty("devices")[0].GetProperty("findings").EnumerateArray().First(f => f.GetProperty("kind").GetString() == "outage");
            Assert.Equal("the policy allows it: allow web -> db : tcp/5432 class gold name web-db", named.GetProperty("policy").GetString());
            Assert.Equal("web-db", named.GetProperty("name").GetString());

            // An exposure the default action denies, and a flow without a name: null.
            dir.Write("exposure/gw/gw1.json", Drifted);
            var (_, exposure, _) = CliRunner.Run("verify", policy, "--state", Path.Combine(dir.Path, "exposure"), "--no-cache", "--format", "json");
            var byDefault = JsonDocument.Parse(exposure).RootElement.GetProperty("devices")[0].GetProperty("findings").EnumerateArray().Single();
            Assert.Equal("the policy denies it: default deny", byDefault.GetProperty("policy").GetString());
            Assert.Equal(JsonValueKind.Null, byDefault.GetProperty("name").ValueKind);

            dir.Write("unnamed/gw/gw1.json", StateFiles.SmallExportWithout(13));
            var (_, unnamed, _) = CliRunner.Run("verify", Policy, "--state", Path.Combine(dir.Path, "unnamed"), "--no-cache", "--format", "json");
            var withoutName = JsonDocument.Parse(unnamed).RootElement.GetProperty("devices")[0].GetProperty("findings").EnumerateArray().First(f => f.GetProperty("kind").GetString() == "outage");
            Assert.Equal("the policy allows it: allow web -> db : tcp/5432 class gold", withoutName.GetProperty("policy").GetString());
            Assert.Equal(JsonValueKind.Null, withoutName.GetProperty("name").ValueKind);
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
        public void Plan_says_which_findings_re_applying_fixes_and_which_stay()
        {
            using var dir = new TempFolder();
            var foreign = Drifted.Replace("{\"nftables\": [", "{\"nftables\": ["
                + "{\"table\": {\"family\": \"ip\", \"name\": \"legacy\", \"handle\": 9}},"
                + "{\"chain\": {\"family\": \"ip\", \"table\": \"legacy\", \"name\": \"FORWARD\", \"handle\": 1, \"type\": \"filter\", \"hook\": \"forward\", \"prio\": 0, \"policy\": \"accept\"}},"
                + "{\"rule\": {\"family\": \"ip\", \"table\": \"legacy\", \"chain\": \"FORWARD\", \"handle\": 2, \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": 5432}}, {\"drop\": null}]}},");
            dir.Write("gw/gw1.json", foreign);
            var (exit, output, _) = CliRunner.Run("verify", Policy, "--state", dir.Path, "--plan");
            Assert.Equal(1, exit);
            Assert.Contains("plan: gw gw1 (nftables): nft -f replaces table inet policylang_gw; other tables stay", output);
            Assert.Contains("  re-applying the build fixes 1 of 2 finding(s); 1 stay:", output);
            Assert.Contains("    stays: rule handle 2 in ip legacy FORWARD (tcp dport 5432 drop) (outage, for example", output);

            var (_, json, _) = CliRunner.Run("verify", Policy, "--state", dir.Path, "--plan", "--format", "json");
            var device = JsonDocument.Parse(json).RootElement.GetProperty("devices")[0];
            Assert.Equal(1, device.GetProperty("plan").GetProperty("fixes").GetInt32());
            Assert.Equal(1, device.GetProperty("plan").GetProperty("stays").GetInt32());
            Assert.Contains(device.GetProperty("findings").EnumerateArray(), f => f.GetProperty("staysAfterReapply").GetBoolean() && f.GetProperty("kind").GetString() == "outage");
        }

        [Fact]
        public void Plan_lists_the_switch_configuration_lines_that_change()
        {
            using var dir = new TempFolder();
            var build = PolicyLang.Emit.PolicyBuilder.Build(PolicyLang.Tests.Emit.EmitTestHelper.Sample("ai-platform"), new[] { "pod1" });
            foreach (var a in build.Artifacts.Where(a => a.RelativePath.EndsWith(".cfg", System.StringComparison.Ordinal)))
                dir.Write("state/" + a.RelativePath, a.Content.Replace("   140 permit icmp 10.10.0.0/18 10.90.0.0/24 0\n", "   140 permit icmp 10.10.0.0/18 10.90.0.0/24 0\n   145 permit tcp 10.10.0.0/18 any eq 22\n"));
            var (_, output, _) = CliRunner.Run("verify", Path.Combine(RepositoryPaths.Samples, "ai-platform"), "--state", Path.Combine(dir.Path, "state"), "--target", "pod1", "--plan");
            Assert.Contains("plan: pod1 leaf1.dc1.example.net (arista-eos): the rollout replaces the whole configuration", output);
            Assert.Contains("  configuration lines that change: 0 added, 1 removed", output);
            Assert.Contains("    -ACL PC-training_gpu-pod1-V4: permit 6 10.10.0.0/18 any dport 22", output);
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
