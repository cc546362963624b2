using System.IO;
using System.Text.Json;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Cli
{
    public sealed class CheckCommandTests
    {
        [Theory]
        [InlineData("ai-platform")]
        [InlineData("campus-lab")]
        [InlineData("inference-edge")]
        public void Samples_check_clean(string sample)
        {
            var (exit, output, error) = CliRunner.Run("check", Path.Combine(RepositoryPaths.Samples, sample));
            Assert.True(exit == 0, output + error);
            // check shows what build would, target validation included: no sample has a warning (ai-platform's AWS
            // target used to split its group in six, NP4205; with network ACLs it needs one).
            Assert.Equal("", output.Trim());
            Assert.Contains("0 errors, 0 warnings", error);
        }

        [Fact]
        public void A_named_pipe_among_the_policy_files_is_read_as_empty_not_waited_on()
        {
            if (!System.OperatingSystem.IsLinux()) return; // named pipes: the CI machine is Linux
            using var dir = new TempFolder();
            dir.Write("main.netpolicy", "zone a {\n  subnet 10.0.0.0/16\n}\nzone b {\n  subnet 10.1.0.0/16\n}\nallow a -> b : tcp/22\n");
            Assert.True(VerifyCommandTests.MakePipe(Path.Combine(dir.Path, "extra.netpolicy")));
            var (exit, output, error) = VerifyCommandTests.RunWithin("check", dir.Path);
            Assert.True(exit == 0, output + error);
            Assert.Contains("0 errors, 0 warnings in 2 files", error);
        }

        [Fact]
        public async System.Threading.Tasks.Task A_named_pipe_given_on_the_command_line_is_read()
        {
            // As `policyc check <(generate-policy)` gives it: whatever the writer writes is the policy, an error included.
            if (!System.OperatingSystem.IsLinux()) return; // named pipes: the CI machine is Linux
            using var dir = new TempFolder();
            var pipe = Path.Combine(dir.Path, "generated.netpolicy");
            Assert.True(VerifyCommandTests.MakePipe(pipe));
            var writer = System.Threading.Tasks.Task.Run(() => File.WriteAllText(pipe, "zone a {\n  subnet 10.0.0.0/16\n}\nallow a -> nowhere : tcp/22\n"));
            var (exit, output, error) = VerifyCommandTests.RunWithin("check", pipe);
            await writer.WaitAsync(System.TimeSpan.FromMinutes(1));
            Assert.True(exit == 1, output + error);
            Assert.Contains("nowhere", output);
            Assert.Contains("in 1 file", error);
        }

        private const string ExpiringPolicy = "zone a {\n  subnet 10.0.0.0/16\n}\nzone b {\n  subnet 10.1.0.0/16\n}\nallow a -> b : tcp/22 expires 2026-12-01\n";

        private static (int Exit, string Out, string Error) RunWithToday(string? today, params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = PolicyLang.Cli.CliApp.Run(args, stdout, stderr, name => name == "POLICYLANG_TODAY" ? today : null);
            return (exit, stdout.ToString().Replace("\r\n", "\n"), stderr.ToString().Replace("\r\n", "\n"));
        }

        [Theory]
        [InlineData("bogus")]
        [InlineData("2026-13-01")]
        [InlineData("2026-1-5")]
        [InlineData("04.12.2026")]
        public void A_POLICYLANG_TODAY_that_is_not_a_day_stops_policyc_with_NP9003(string value)
        {
            using var dir = new TempFolder();
            var file = dir.Write("p.netpolicy", ExpiringPolicy);
            foreach (var args in new[] { new[] { "check", file }, new[] { "build", file, "-o", Path.Combine(dir.Path, "out") } })
            {
                var (exit, output, error) = RunWithToday(value, args);
                Assert.Equal(2, exit);
                Assert.Equal("", output);
                Assert.Equal("policyc: error NP9003: POLICYLANG_TODAY is '" + value + "', not a day written YYYY-MM-DD: set it to a day such as 2027-01-31, "
                    + "or unset it to take today's UTC date\n", error);
            }
            Assert.False(Directory.Exists(Path.Combine(dir.Path, "out")));
        }

        [Fact]
        public void A_POLICYLANG_TODAY_that_is_a_day_is_taken_as_today()
        {
            using var dir = new TempFolder();
            var file = dir.Write("p.netpolicy", ExpiringPolicy);
            var (before, _, _) = RunWithToday(" 2026-11-20 ", "check", file);
            Assert.Equal(0, before);
            var (after, output, _) = RunWithToday("2026-12-04", "check", file);
            Assert.Equal(1, after);
            Assert.Contains("error NP3010: The flow at p.netpolicy(7,1) expired on 2026-12-01 (3 days ago)", output);
        }

        [Fact]
        public void Errors_print_in_canonical_form_and_exit_1()
        {
            using var dir = new TempFolder();
            var file = dir.Write("bad.netpolicy", "zone a {\n  segment s {\n    vlan abc\n  }\n}\n");
            var (exit, output, _) = CliRunner.Run("check", file);
            Assert.Equal(1, exit);
            Assert.Equal(file.Replace('\\', '/') + "(3,10): error NP0010: expected a VLAN id, found 'abc'\n", output);
        }

        [Fact]
        public void Imports_are_followed_and_a_missing_import_is_reported_at_its_span()
        {
            using var dir = new TempFolder();
            var main = dir.Write("main.netpolicy", "import \"lib/services.netpolicy\"\nimport \"missing.netpolicy\"\n");
            dir.Write("lib/services.netpolicy", "service nfs = tcp/\n");
            var (exit, output, _) = CliRunner.Run("check", main);
            Assert.Equal(1, exit);
            var lines = output.TrimEnd('\n').Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.Equal(main.Replace('\\', '/') + "(2,8): error NP9001: cannot read '" + Path.Combine(dir.Path, "missing.netpolicy").Replace('\\', '/') + "': no such file", lines[1]);
            Assert.EndsWith("services.netpolicy(1,19): error NP0010: expected a port number or a port list name, found the end of the file", lines[0]);
        }

        [Fact]
        public void A_missing_path_is_an_io_error_with_exit_2_and_no_stack_trace()
        {
            var (exit, output, error) = CliRunner.Run("check", "/nonexistent/policy.netpolicy");
            Assert.Equal(2, exit);
            Assert.Equal("", output);
            Assert.Equal("policyc: error: cannot read '/nonexistent/policy.netpolicy': no such file or directory\n", error);
        }

        [Fact]
        public void A_folder_without_policies_is_an_input_error()
        {
            using var dir = new TempFolder();
            var (exit, _, error) = CliRunner.Run("check", dir.Path);
            Assert.Equal(2, exit);
            Assert.Contains("no .netpolicy files found", error);
        }

        [Fact]
        public void Unknown_verbs_and_options_are_usage_errors()
        {
            Assert.Equal(2, CliRunner.Run("frobnicate").Exit);
            Assert.Equal(2, CliRunner.Run("check", "--no-such-option").Exit);
            Assert.Equal(2, CliRunner.Run("check", "--format", "xml").Exit);
        }

        [Fact]
        public void Json_output_has_positions_codes_and_counts()
        {
            using var dir = new TempFolder();
            var file = dir.Write("bad.netpolicy", "service a = tcp/1;\n");
            var (exit, output, _) = CliRunner.Run("check", "--format", "json", file);
            Assert.Equal(1, exit);
            using var doc = JsonDocument.Parse(output);
            var d = doc.RootElement.GetProperty("diagnostics")[0];
            Assert.Equal("NP0001", d.GetProperty("code").GetString());
            Assert.Equal(1, d.GetProperty("line").GetInt32());
            Assert.Equal(18, d.GetProperty("column").GetInt32());
            Assert.Equal("error", d.GetProperty("severity").GetString());
            Assert.Equal(1, doc.RootElement.GetProperty("errors").GetInt32());
        }

        [Fact]
        public void Help_and_version_exit_0()
        {
            foreach (var args in new[] { new[] { "--help" }, new[] { "check", "--help" }, new[] { "fmt", "--help" }, new[] { "explain", "--help" }, new[] { "--version" } })
            {
                var (exit, output, _) = CliRunner.Run(args);
                Assert.Equal(0, exit);
                Assert.NotEqual("", output);
            }
        }

        [Fact]
        public void Explain_prints_a_code_and_rejects_an_unknown_one()
        {
            var (exit, output, _) = CliRunner.Run("explain", "NP0012");
            Assert.Equal(0, exit);
            Assert.StartsWith("NP0012: Unclosed block", output);
            Assert.Equal(2, CliRunner.Run("explain", "NP9999").Exit);
        }

        [Theory]
        [InlineData("NP4151", "NP4108: Device name not a host name")]
        [InlineData("np4155", "NP4112: Lossless class where the platform cannot make it no-drop")]
        [InlineData("NP4200", "NP4253: Cloud target without a device")]
        public void Explain_names_the_code_that_replaced_a_retired_one(string retired, string replacement)
        {
            var (exit, output, _) = CliRunner.Run("explain", retired);
            Assert.Equal(0, exit);
            Assert.StartsWith(retired.ToUpperInvariant() + " is retired: the same mistake is now reported as ", output);
            Assert.Contains("\n" + replacement + "\n", output.Replace("\r\n", "\n"));
        }
    }
}
