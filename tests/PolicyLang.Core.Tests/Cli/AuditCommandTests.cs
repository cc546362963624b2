using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using Xunit;

namespace PolicyLang.Tests.Cli
{
    public sealed class AuditCommandTests
    {
        private const string Policy = "policy p {\n  default deny\n}\n\nzone web {\n  subnet 10.1.0.0/24\n}\n\nzone db {\n  subnet 10.2.0.0/24\n}\n\n"
            + "allow web -> db : tcp/5432\nallow db -> web : tcp/22\n";

        private const string Log = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
            + "2 1 eni-1 10.1.0.5 10.2.0.7 40000 5432 6 3 300 1796378400 1796378460 ACCEPT OK\n"
            + "2 1 eni-1 10.2.0.7 10.1.0.5 40000 8080 6 3 900 1796378500 1796378560 REJECT OK\n"
            + "2 1 eni-1 10.2.0.7 bad 40000 8080 6 3 900 1796378500 1796378560 REJECT OK\n";

        private static TempFolder Setup(out string policy, out string log)
        {
            var dir = new TempFolder();
            policy = dir.Write("p.netpolicy", Policy);
            log = Path.Combine(dir.Path, "logs", "vpc.log.gz");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            using (var file = File.Create(log))
            using (var gz = new GZipStream(file, CompressionLevel.Fastest))
            {
                var bytes = Encoding.UTF8.GetBytes(Log);
                gz.Write(bytes, 0, bytes.Length);
            }
            return dir;
        }

        [Fact]
        public void Text_names_unused_flows_denied_groups_and_malformed_records()
        {
            using var dir = Setup(out var policy, out _);
            var (exit, output, error) = CliRunner.Run("audit", policy, "--logs", Path.Combine(dir.Path, "logs"));
            Assert.True(exit == 0, output + error);
            Assert.Contains("Audit of policy 'p': 2 record(s) in 1 file(s), 2026-12-04T", output);
            Assert.Contains("1 malformed", output);
            Assert.Contains("Allow flows without traffic in the window (1 of 2)", output);
            Assert.Contains("p.netpolicy(14,1): allow db -> web : tcp/22 (never seen)", output);
            Assert.Contains("db -> web tcp/8080: 1 record(s), 900 bytes; decided by the default deny; e.g. ", output);
            Assert.Contains("vpc.log.gz:4: destination address 'bad' does not parse", error);
        }

        [Fact]
        public void Json_and_markdown_say_the_same()
        {
            using var dir = Setup(out var policy, out var log);
            var (exit, output, _) = CliRunner.Run("audit", policy, "--logs", log, "--format", "json");
            Assert.Equal(0, exit);
            using var doc = JsonDocument.Parse(output);
            Assert.Equal(2, doc.RootElement.GetProperty("records").GetInt32());
            Assert.Equal(1, doc.RootElement.GetProperty("malformed").GetInt32());
            var group = Assert.Single(doc.RootElement.GetProperty("groups").EnumerateArray());
            Assert.Equal("denied", group.GetProperty("kind").GetString());
            Assert.Equal("tcp/8080", group.GetProperty("service").GetString());
            Assert.Contains(doc.RootElement.GetProperty("flows").EnumerateArray(), f => f.GetProperty("unused").GetBoolean());

            var (exit2, markdown, _) = CliRunner.Run("audit", policy, "--logs", log, "--format", "markdown");
            Assert.Equal(0, exit2);
            Assert.StartsWith("# Audit of policy 'p'", markdown);
            Assert.Contains("\n## Traffic the policy denies (1 group(s);", markdown);
            Assert.Contains("\n- db -> web tcp/8080", markdown);
        }

        [Fact]
        public void Json_gives_each_flows_name_and_null_for_a_flow_without_one_or_the_default_action()
        {
            using var dir = Setup(out var policy, out var log);
            var (_, output, _) = CliRunner.Run("audit", policy, "--logs", log, "--format", "json");
            var root = JsonDocument.Parse(output).RootElement;
            Assert.All(root.GetProperty("flows").EnumerateArray(), f => Assert.Equal(JsonValueKind.Null, f.GetProperty("name").ValueKind));
            Assert.Equal(JsonValueKind.Null, Assert.Single(root.GetProperty("groups").EnumerateArray()).GetProperty("decidedByName").ValueKind);

            File.WriteAllText(policy, Policy.Replace("allow web -> db : tcp/5432\n", "allow web -> db : tcp/5432 name pg\ndeny db -> web : tcp/8080 name no-proxy\n"));
            var (exit, named, error) = CliRunner.Run("audit", policy, "--logs", log, "--format", "json");
            Assert.True(exit == 0, named + error);
            root = JsonDocument.Parse(named).RootElement;
            var flows = root.GetProperty("flows").EnumerateArray().ToDictionary(f => f.GetProperty("flow").GetString()!, f => f.GetProperty("name"));
            Assert.Equal("pg", flows["allow web -> db : tcp/5432 name pg"].GetString());
            Assert.Equal(JsonValueKind.Null, flows["allow db -> web : tcp/22"].ValueKind);
            var group = Assert.Single(root.GetProperty("groups").EnumerateArray());
            Assert.Equal("deny db -> web : tcp/8080 name no-proxy", group.GetProperty("decidedBy").GetString());
            Assert.Equal("no-proxy", group.GetProperty("decidedByName").GetString());
        }

        [Fact]
        public void The_window_and_the_suggested_patch()
        {
            using var dir = Setup(out var policy, out var log);
            var patch = Path.Combine(dir.Path, "audit.patch");
            var (exit, output, error) = CliRunner.Run("audit", policy, "--logs", log, "--since", "2026-12-04T09:00:00Z", "--until", "2026-12-04T11:00:00Z", "--suggest", patch);
            Assert.True(exit == 0, output + error);
            Assert.Contains("2 in the window, 0 outside it", output);
            var text = File.ReadAllText(patch);
            Assert.Contains("-allow db -> web : tcp/22\n", text);
            Assert.Contains("+allow db -> web : tcp/8080 description \"audit: 1 record, 900 bytes denied by default", text);
            Assert.Contains("wrote the suggested edit (2 change(s))", error);

            var (_, outside, _) = CliRunner.Run("audit", policy, "--logs", log, "--since", "2027-01-01");
            Assert.Contains("0 in the window, 2 outside it", outside);
        }

        [Fact]
        public void Fail_on_exposure_and_drift()
        {
            using var dir = Setup(out var policy, out _);
            var log = dir.Write("more.log", "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
                + "2 1 eni-1 10.1.0.5 10.2.0.7 40000 5432 6 3 300 1796378400 1796378460 REJECT OK\n");
            Assert.Equal(0, CliRunner.Run("audit", policy, "--logs", log).Exit);
            Assert.Equal(0, CliRunner.Run("audit", policy, "--logs", log, "--fail-on", "exposure").Exit);
            Assert.Equal(1, CliRunner.Run("audit", policy, "--logs", log, "--fail-on", "drift").Exit);
            var passed = dir.Write("passed.log", "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
                + "2 1 eni-1 10.2.0.7 10.1.0.5 40000 3389 6 3 300 1796378400 1796378460 ACCEPT OK\n");
            Assert.Equal(1, CliRunner.Run("audit", policy, "--logs", passed, "--fail-on", "exposure").Exit);
        }

        [Theory]
        [InlineData("--since", "yesterday")]
        [InlineData("--logs", "no-such-file.log")]
        public void Bad_arguments_exit_2(string option, string value)
        {
            using var dir = Setup(out var policy, out var log);
            var args = option == "--logs" ? new[] { "audit", policy, "--logs", Path.Combine(dir.Path, value) } : new[] { "audit", policy, "--logs", log, option, value };
            var (exit, _, error) = CliRunner.Run(args);
            Assert.Equal(2, exit);
            Assert.StartsWith("policyc: error: ", error);
        }

        [Fact]
        public void A_policy_with_errors_is_refused()
        {
            using var dir = Setup(out _, out var log);
            var broken = dir.Write("broken.netpolicy", "zone a {\n  subnet 10.0.0.0/8\n}\nallow a -> nowhere : tcp/1\n");
            var (exit, _, error) = CliRunner.Run("audit", broken, "--logs", log);
            Assert.Equal(1, exit);
            Assert.Contains("fix them before auditing", error);
        }
    }
}
