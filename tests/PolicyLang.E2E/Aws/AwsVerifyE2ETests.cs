using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PolicyLang.Emit;
using PolicyLang.Emit.Aws;
using PolicyLang.Emit.State;
using PolicyLang.Operations;
using PolicyLang.Semantics;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.E2E.Aws
{
    /// <summary>
    /// <c>policyc verify</c> against an AWS account (moto): the build applied with terraform, exported with the AWS CLI's
    /// describe-* commands, matches the policy; a rule authorized by hand and a console-made group attached to a zone's
    /// interface are found, each naming the rule and a packet it opens.
    /// </summary>
    public sealed class AwsVerifyE2ETests : IClassFixture<MotoFixture>
    {
        private readonly MotoFixture _moto;
        private readonly ITestOutputHelper _output;

        public AwsVerifyE2ETests(MotoFixture moto, ITestOutputHelper output)
        {
            _moto = moto;
            _output = output;
        }

        private static CommandResultText Aws(string endpoint, string dir, params string[] args)
        {
            var run = ToolRun.Run(AwsTools.AwsCli, new[] { "--endpoint-url", endpoint, "--output", "json" }.Concat(args).ToList(), dir, TimeSpan.FromMinutes(2));
            Assert.True(run.Succeeded, run.Describe());
            return new CommandResultText(run.Stdout);
        }

        private sealed record CommandResultText(string Text)
        {
            public JsonElement Json => JsonDocument.Parse(Text).RootElement;
        }

        /// <summary>What an operator exports into DIR/&lt;target&gt;/ (docs/operations.md).</summary>
        private static List<StateFile> Export(string endpoint, string dir, string vpc, bool interfaces)
        {
            var vpcFilter = new[] { "--filters", "Name=vpc-id,Values=" + vpc };
            var files = new List<StateFile>
            {
                new StateFile("state/describe-security-groups.json", "describe-security-groups", Aws(endpoint, dir, new[] { "ec2", "describe-security-groups" }.Concat(vpcFilter).ToArray()).Text),
                new StateFile("state/describe-network-acls.json", "describe-network-acls", Aws(endpoint, dir, new[] { "ec2", "describe-network-acls" }.Concat(vpcFilter).ToArray()).Text),
            };
            var groups = Aws(endpoint, dir, new[] { "ec2", "describe-security-groups" }.Concat(vpcFilter).ToArray()).Json.GetProperty("SecurityGroups").EnumerateArray().Select(g => g.GetProperty("GroupId").GetString()!).ToList();
            files.Add(new StateFile("state/describe-security-group-rules.json", "describe-security-group-rules",
                Aws(endpoint, dir, "ec2", "describe-security-group-rules", "--filters", "Name=group-id,Values=" + string.Join(",", groups)).Text));
            if (interfaces)
                files.Add(new StateFile("state/describe-network-interfaces.json", "describe-network-interfaces", Aws(endpoint, dir, new[] { "ec2", "describe-network-interfaces" }.Concat(vpcFilter).ToArray()).Text));
            return files;
        }

        [SkippableFact]
        public void A_hand_authorized_rule_and_a_console_group_on_a_zone_interface_are_found()
        {
            AwsTools.Require(AwsTools.Terraform, AwsTools.ProviderMirror, AwsTools.MotoServer, AwsTools.AwsCli);
            var (compilations, targets) = AwsValidatorTests.AwsTargets("tests/PolicyLang.E2E/Policies/aws.netpolicy");
            var (compilation, target) = targets.Single(t => t.Target.Name == "three-tier");
            var endpoint = _moto.Server.Start();
            var dir = ToolRun.TempDirectory("verify-aws");
            try
            {
                var plan = AwsPlanner.Build(new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>()), report: false);
                var vpc = Aws(endpoint, dir, "ec2", "create-vpc", "--cidr-block", "10.70.0.0/16").Json.GetProperty("Vpc").GetProperty("VpcId").GetString()!;
                if (plan.FlowLogDestination != null)
                    Aws(endpoint, dir, "s3api", "create-bucket", "--bucket", plan.FlowLogDestination.Substring("arn:aws:s3:::".Length).Split('/')[0]);
                var result = PolicyBuilder.Build(compilations, new[] { target.Name });
                Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
                File.WriteAllText(Path.Combine(dir, "main.tf"), result.Artifacts.Single(a => a.RelativePath.EndsWith("/main.tf", StringComparison.Ordinal)).Content);
                AwsTools.WriteMotoProvider(dir, endpoint);
                var init = ToolRun.Run(AwsTools.Terraform, new[] { "init", "-backend=false", "-input=false", "-no-color", "-plugin-dir=" + AwsTools.PathOf(AwsTools.ProviderMirror) }, dir, TimeSpan.FromMinutes(5));
                Assert.True(init.Succeeded, init.Describe());
                // The network ACLs' required subnets: one per zone with an ACL.
                var subnetVars = plan.NetworkAcls.SelectMany((a, i) => new[]
                {
                    "-var", "subnet_ids_" + a.Key + "=[\"" + Aws(endpoint, dir, "ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.70." + (100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".0/24")
                        .Json.GetProperty("Subnet").GetProperty("SubnetId").GetString() + "\"]",
                }).ToList();
                var apply = ToolRun.Run(AwsTools.Terraform, new[] { "apply", "-auto-approve", "-no-color", "-parallelism=20", "-var", "vpc_id=" + vpc }.Concat(subnetVars).ToArray(), dir, TimeSpan.FromMinutes(20));
                Assert.True(apply.Succeeded, apply.Describe() + "\n" + apply.Stdout);

                VerificationResult Verify(bool interfaces) =>
                    StateVerification.Verify(compilation, new[] { new TargetState(target.Name, "state/", Export(endpoint, dir, vpc, interfaces)) });

                var clean = Verify(interfaces: false);
                Assert.True(clean.Diagnostics.Count == 0, string.Join("\n", clean.Diagnostics));

                // A rule authorized by hand on policyc's group of the web zone.
                var groups = Aws(endpoint, dir, "ec2", "describe-security-groups", "--filters", "Name=vpc-id,Values=" + vpc).Json.GetProperty("SecurityGroups").EnumerateArray().ToList();
                string Tag(JsonElement g, string key) => g.TryGetProperty("Tags", out var tags) ? tags.EnumerateArray().Where(t => t.GetProperty("Key").GetString() == key).Select(t => t.GetProperty("Value").GetString()!).FirstOrDefault() ?? "" : "";
                var web = groups.First(g => Tag(g, "policyc:zone") == "web").GetProperty("GroupId").GetString()!;
                var rogue = Aws(endpoint, dir, "ec2", "authorize-security-group-ingress", "--group-id", web, "--protocol", "tcp", "--port", "3389", "--cidr", "0.0.0.0/0")
                    .Json.GetProperty("SecurityGroupRules")[0].GetProperty("SecurityGroupRuleId").GetString()!;
                var drifted = Verify(interfaces: false);
                foreach (var d in drifted.Diagnostics) _output.WriteLine(d.ToString());
                var exposures = drifted.Devices.Single().Findings.Where(f => f.Kind == DriftKind.Exposure).ToList();
                Assert.NotEmpty(exposures);
                Assert.All(exposures, f => Assert.Contains("ingress rule " + rogue + " of security group " + web, f.Responsible));
                Assert.All(exposures, f => Assert.Equal(3389, f.Witness!.Value.DstPort));
                Assert.Contains(exposures, f => compilation.Addresses.ZoneOf(f.Witness!.Value.Dst)?.Name == "web");
                Assert.DoesNotContain(drifted.Devices.Single().Findings, f => f.Kind != DriftKind.Exposure);
                Assert.Contains("describe-security-group-rules.json", drifted.Diagnostics.First(d => d.Id == "NP6001").Path);
                Aws(endpoint, dir, "ec2", "revoke-security-group-ingress", "--group-id", web, "--security-group-rule-ids", rogue);
                Assert.True(Verify(interfaces: false).Diagnostics.Count == 0);

                // A group made in the console, attached with policyc's to an instance interface in the web zone.
                var console = Aws(endpoint, dir, "ec2", "create-security-group", "--group-name", "debug-access", "--description", "temporary", "--vpc-id", vpc).Json.GetProperty("GroupId").GetString()!;
                Aws(endpoint, dir, "ec2", "authorize-security-group-ingress", "--group-id", console, "--protocol", "tcp", "--port", "8443", "--cidr", "0.0.0.0/0");
                var subnet = Aws(endpoint, dir, "ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.70.0.0/24").Json.GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
                var eni = Aws(endpoint, dir, "ec2", "create-network-interface", "--subnet-id", subnet, "--private-ip-address", "10.70.0.10", "--groups", web, console)
                    .Json.GetProperty("NetworkInterface").GetProperty("NetworkInterfaceId").GetString()!;
                // Without the interfaces export the console group is attached to nothing known; with it, it opens 8443 on that address.
                Assert.True(Verify(interfaces: false).Diagnostics.Count == 0);
                var attached = Verify(interfaces: true);
                foreach (var d in attached.Diagnostics) _output.WriteLine(d.ToString());
                var findings = attached.Devices.Single().Findings;
                Assert.All(findings, f => Assert.Equal(DriftKind.Exposure, f.Kind));
                Assert.All(findings, f => Assert.Contains("of security group " + console + " (debug-access), not policyc's", f.Responsible));
                var opened = Assert.Single(findings, f => f.Responsible.StartsWith("ingress", StringComparison.Ordinal));
                Assert.Equal("10.70.0.10", opened.Witness!.Value.Dst.ToString());
                Assert.Equal(8443, opened.Witness!.Value.DstPort);
                // A group made in the console keeps its default egress rule (all traffic anywhere): from that interface it opens what the policy denies.
                var egress = Assert.Single(findings, f => f.Responsible.StartsWith("egress", StringComparison.Ordinal));
                Assert.Equal("10.70.0.10", egress.Witness!.Value.Src.ToString());
                Assert.Contains("all traffic to 0.0.0.0/0", egress.Responsible);

                // The interface's VPC flow log, as AWS delivers it to S3 (gzip, default format with its header; moto keeps no
                // flow records, so the records are written here with its interface id and addresses): policyc audit sees
                // the console group's port in use although the policy denies it, the policy's https, and a refused probe.
                var account = Aws(endpoint, dir, "sts", "get-caller-identity").Json.GetProperty("Account").GetString()!;
                var flowLog = Path.Combine(dir, "flowlog.log.gz");
                using (var file = File.Create(flowLog))
                using (var gz = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
                using (var w = new StreamWriter(gz))
                {
                    w.Write("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n");
                    w.Write("2 " + account + " " + eni + " 203.0.113.50 10.70.0.10 50100 8443 6 12 4800 1796378400 1796378460 ACCEPT OK\n");
                    w.Write("2 " + account + " " + eni + " 203.0.113.51 10.70.0.10 50101 443 6 40 96000 1796378400 1796378460 ACCEPT OK\n");
                    w.Write("2 " + account + " " + eni + " 10.70.0.10 10.70.32.5 40000 5432 6 2 120 1796378400 1796378460 REJECT OK\n");
                    w.Write("2 " + account + " " + eni + " - - - - - - - 1796378460 1796378520 - NODATA\n");
                }
                var audit = new PolicyLang.Operations.Audit.PolicyAudit(compilation);
                var reader = new PolicyLang.Operations.Audit.FlowLogReader(audit.Malformed);
                using (var stream = File.OpenRead(flowLog))
                using (var input = PolicyLang.Operations.Audit.FlowLogReader.Open(stream))
                    foreach (var r in reader.Read(input, "flowlog.log.gz")) audit.Add(r);
                var report = audit.Finish(reader.Skipped);
                Assert.Empty(report.Malformed);
                Assert.Equal(3, report.Records);
                var passed = Assert.Single(report.Of(PolicyLang.Operations.Audit.TrafficKind.DeniedButPassed));
                Assert.Equal(("internet", "web", "tcp/8443"), (passed.Source, passed.Destination, passed.Service));
                Assert.Equal("flowlog.log.gz:2", passed.Witness.Where);
                var https = report.Flows.Single(f => f.Flow.Describe().StartsWith("allow any -> web", StringComparison.Ordinal));
                Assert.Equal(1, https.Records);
                Assert.Equal(96000, https.Bytes);
                var refused = Assert.Single(report.Of(PolicyLang.Operations.Audit.TrafficKind.Denied));
                Assert.Equal(("web", "data", "tcp/5432"), (refused.Source, refused.Destination, refused.Service));
            }
            finally
            {
                ToolRun.Delete(dir);
            }
        }
    }
}
