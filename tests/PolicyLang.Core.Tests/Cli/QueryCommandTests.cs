using System.IO;
using System.Linq;
using System.Text.Json;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Tests.Cli
{
    public sealed class QueryCommandTests
    {
        private static string CampusLab => Path.Combine(RepositoryPaths.Samples, "campus-lab");

        [Fact]
        public void A_question_gets_its_verdict_the_deciding_flow_and_where_it_is_enforced()
        {
            var (exit, output, error) = CliRunner.Run("query", CampusLab, "--from", "students.wired", "--to", "lab-services.login", "--service", "ssh");
            Assert.True(exit == 0, output + error);
            var lines = output.Split('\n');
            Assert.Equal("query: from students.wired to lab-services.login, service ssh: 1 part", lines[0]);
            Assert.Equal("ALLOW (for example 10.100.30.0 -> 10.100.20.0 tcp/22)", lines[2]);
            Assert.EndsWith("policy.netpolicy(106,1): allow students -> lab-services.login : ssh, web", lines[3]);
            Assert.Contains("  traffic: 10.100.30.0/24 -> 10.100.20.0/24 tcp port 22", lines);
            Assert.Contains("  traffic: 2001:db8:100:30::/64 -> 2001:db8:100:20::/64 tcp port 22", lines);
            Assert.Contains("  enforced by: target teaching-rooms (cisco-iosxe): device rooms-sw1.cs.example.edu, ACL PC-students_wired-V4 / PC-students_wired-V6 inbound on Vlan230", lines);
            Assert.Contains(lines, l => l.StartsWith("  enforced by: target lab-switches (cumulus-nvue): device lab-leaf2.cs.example.edu, ACL ", System.StringComparison.Ordinal));
        }

        [Fact]
        public void A_denied_part_and_the_default_action_are_separate_parts_with_treatment_in_json()
        {
            var (exit, output, _) = CliRunner.Run("query", CampusLab, "--from", "2001:db8:100:31::1a", "--to", "gpu", "--service", "any", "--format", "json");
            Assert.Equal(0, exit);
            var parts = JsonDocument.Parse(output).RootElement.GetProperty("parts").EnumerateArray().ToList();
            var deny = parts.Single(p => p.GetProperty("decidedBy").ValueKind == JsonValueKind.Object && p.GetProperty("verdict").GetString() == "deny");
            Assert.Equal("deny students -> gpu.bmc : any log description \"students never reach the management controllers\"", deny.GetProperty("decidedBy").GetProperty("flow").GetString());
            Assert.Contains(parts, p => p.GetProperty("decidedBy").ValueKind == JsonValueKind.Null && p.GetProperty("verdict").GetString() == "deny");
            Assert.Contains(parts, p => p.GetProperty("verdict").GetString() == "allow");

            var (_, scavenger, _) = CliRunner.Run("query", CampusLab, "--from", "gpu.nodes", "--to", "8.8.8.8", "--service", "tcp/443", "--format", "json");
            var allow = Assert.Single(JsonDocument.Parse(scavenger).RootElement.GetProperty("parts").EnumerateArray());
            Assert.Equal("scavenger", allow.GetProperty("class").GetProperty("name").GetString());
            Assert.Equal(8, allow.GetProperty("class").GetProperty("dscp").GetInt32());
            Assert.Equal(1, allow.GetProperty("class").GetProperty("queue").GetInt32());
        }

        [Fact]
        public void Cloud_and_kubernetes_targets_name_the_generated_objects_that_carry_the_deciding_flow()
        {
            var edge = Path.Combine(RepositoryPaths.Samples, "inference-edge");
            var (exit, output, error) = CliRunner.Run("query", edge, "--from", "edge-azure.ingress", "--to", "edge-azure.models", "--service", "inference-api");
            Assert.True(exit == 0, output + error);
            var lines = output.Split('\n');
            Assert.Contains("  enforced by: target aks-serving (kubernetes): NetworkPolicy llm-serving/pl-edge-azure-models (ingress)", lines);
            Assert.Contains("  enforced by: target nsg-westeurope (azure-nsg): NSG nsg-edge-westeurope, rule in-0110-allow-f4-edge-azure-ingress-to-edge-azure-models (inbound)", lines);
            Assert.Contains(lines, l => l.StartsWith("  enforced by: target nsg-westeurope (azure-nsg): NSG nsg-edge-westeurope, rule out-", System.StringComparison.Ordinal));

            (exit, output, error) = CliRunner.Run("query", edge, "--from", "noc", "--to", "edge-gcp.ingress", "--service", "ssh");
            Assert.True(exit == 0, output + error);
            Assert.Contains("  enforced by: target fw-us-central1 (gcp-firewall): firewall rule fw-us-central1-i01004-allow-f9-noc-to-edge-gcp-ingress (ingress, network projects/acme-inference/global/networks/edge-vpc)", output.Split('\n'));

            // A flow from the internet: one group with wide rules, and the network ACL that denies what they name but the flow does not reach.
            (exit, output, error) = CliRunner.Run("query", Path.Combine(RepositoryPaths.Samples, "ai-platform"), "--from", "internet", "--to", "inference-cloud", "--service", "https");
            Assert.True(exit == 0, output + error);
            Assert.Contains("  enforced by: target inference-vpc (aws): security group policyc-inference-vpc-inference-cloud (64 ingress rules)", output.Split('\n'));
            Assert.Contains(output.Split('\n'), l => l.StartsWith("  enforced by: target inference-vpc (aws): network ACL policyc-inference-vpc-inference-cloud (", System.StringComparison.Ordinal)
                && l.EndsWith(" deny entries for the addresses the group's wide rules name but the flow does not reach)", System.StringComparison.Ordinal));
            Assert.DoesNotContain("-part2", output);
            // The internet's address set is shown as its first prefixes and how many more.
            Assert.Contains(" more prefixes -> 10.70.0.0/16 tcp port 443", output);
        }

        [Fact]
        public void Json_gives_the_deciding_flows_name_next_to_the_flow_and_null_for_a_flow_without_one()
        {
            using var dir = new TempFolder();
            var file = dir.Write("p.netpolicy", "zone a {\n  subnet 10.0.0.0/16\n}\nzone b {\n  subnet 10.1.0.0/16\n}\n"
                + "allow a -> b : tcp/22 name ssh-admin\nallow a -> b : tcp/80\n");
            var (exit, output, error) = CliRunner.Run("query", file, "--from", "a", "--to", "b", "--service", "tcp/22, tcp/80, tcp/443", "--format", "json");
            Assert.True(exit == 0, output + error);
            var parts = JsonDocument.Parse(output).RootElement.GetProperty("parts").EnumerateArray().ToList();
            var named = parts.Single(p => p.GetProperty("witness").GetString()!.EndsWith("tcp/22")).GetProperty("decidedBy");
            Assert.Equal("allow a -> b : tcp/22 name ssh-admin", named.GetProperty("flow").GetString());
            Assert.Equal("ssh-admin", named.GetProperty("name").GetString());
            var unnamed = parts.Single(p => p.GetProperty("witness").GetString()!.EndsWith("tcp/80")).GetProperty("decidedBy");
            Assert.Equal("allow a -> b : tcp/80", unnamed.GetProperty("flow").GetString());
            Assert.Equal(JsonValueKind.Null, unnamed.GetProperty("name").ValueKind);
            Assert.Contains(parts, p => p.GetProperty("decidedBy").ValueKind == JsonValueKind.Null);
        }

        [Fact]
        public void Max_targets_lists_the_first_targets_by_name_and_counts_the_rest()
        {
            var sample = Path.Combine(RepositoryPaths.Samples, "ai-platform");
            var (exit, output, error) = CliRunner.Run("query", sample, "--from", "dev", "--to", "any", "--service", "https", "--max-targets", "1");
            Assert.True(exit == 0, output + error);
            var deny = output.Split("\n\n")[1].Split('\n');
            Assert.Equal(2, deny.Count(l => l.StartsWith("  enforced by: ", System.StringComparison.Ordinal)));
            Assert.Contains("  enforced by: and 2 more targets (--max-targets 0 lists them all)", deny);
            var (_, all, _) = CliRunner.Run("query", sample, "--from", "dev", "--to", "any", "--service", "https", "--max-targets", "0");
            // Three targets; the switch target names each of its two ACLs.
            var listed = all.Split("\n\n")[1].Split('\n').Where(l => l.StartsWith("  enforced by: target ", System.StringComparison.Ordinal)).ToList();
            Assert.Equal(4, listed.Count);
            Assert.Equal(3, listed.Select(l => l.Split(' ')[5]).Distinct().Count());
            var (_, json, _) = CliRunner.Run("query", sample, "--from", "dev", "--to", "any", "--service", "https", "--max-targets", "1", "--format", "json");
            Assert.Equal(2, JsonDocument.Parse(json).RootElement.GetProperty("parts")[0].GetProperty("moreTargets").GetInt32());
            Assert.Equal(2, CliRunner.Run("query", sample, "--from", "dev", "--to", "any", "--max-targets", "-1").Exit);
        }

        [Theory]
        [InlineData("--from", "studnets", "the zones are")]
        [InlineData("--service", "tcp/99999", "port must be 0-65535")]
        public void An_unknown_endpoint_or_service_is_a_usage_error(string option, string value, string message)
        {
            var args = new System.Collections.Generic.List<string> { "query", CampusLab, "--from", "students", "--to", "gpu" };
            int i = args.IndexOf(option);
            if (i >= 0) args[i + 1] = value; else { args.Add(option); args.Add(value); }
            var (exit, output, error) = CliRunner.Run(args.ToArray());
            Assert.Equal(2, exit);
            Assert.Equal("", output);
            Assert.Contains(message, error);
        }

        [Fact]
        public void A_policy_with_errors_is_not_queried()
        {
            using var dir = new TempFolder();
            var file = dir.Write("p.netpolicy", "zone a {\n  subnet 10.0.0.0/8\n}\nallow a -> b : tcp/22\n");
            var (exit, output, error) = CliRunner.Run("query", file, "--from", "a", "--to", "any");
            Assert.Equal(1, exit);
            Assert.Contains("NP1001", output);
            Assert.Contains("fix them before querying", error);
        }
    }
}
