using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using PolicyLang.Emit;
using PolicyLang.Emit.Azure;
using PolicyLang.Emit.Gcp;
using PolicyLang.Emit.State;
using PolicyLang.Operations;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.TestSupport.State;
using PolicyLang.Workspace;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// <c>verify</c> of Azure NSGs and GCP firewall rules on tests/PolicyLang.E2E/Policies/cloud.netpolicy: what the
    /// build creates, exported as <c>az network nsg show</c> and <c>gcloud compute firewall-rules list --format=json</c>
    /// print it, matches; a rule added in the portal or console is found.
    /// </summary>
    public sealed class CloudVerifyTests
    {
        private static readonly Lazy<PolicyCompilation> s_cloud = new(() =>
            PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.E2E", "Policies", "cloud.netpolicy") })).Single(c => c.Model.Header != null));

        private static TargetContext Context(string target) =>
            new TargetContext(s_cloud.Value, s_cloud.Value.Model.Targets.Single(t => t.Name == target), new List<PolicyLang.Diagnostics.Diagnostic>());

        private static string AzNsgShow(NsgGroup group, string extraRule = "") => StateExports.AzNsgShow(group, extraRule);

        private static string GcloudList(IEnumerable<GcpRule> rules, string extra = "") => StateExports.GcloudList(rules, extra);

        private static VerificationResult Verify(string target, params StateFile[] files) => StateFiles.Verify(s_cloud.Value, target, files);

        [Theory]
        [InlineData("az")]
        [InlineData("azdb")]
        public void Azure_nsgs_running_the_build_match_and_a_portal_rule_is_found(string target)
        {
            var model = AzureNsgBackend.BuildModel(Context(target), report: false);
            var files = model.Groups.Select(g => new StateFile("state/" + target + "/" + g.Name + ".json", g.Name, AzNsgShow(g))).ToArray();
            var clean = Verify(target, files);
            Assert.True(clean.Diagnostics.Count == 0, string.Join("\n", clean.Diagnostics));

            var portal = "    {\n      \"name\": \"Allow-RDP-Temp\",\n      \"priority\": 99,\n      \"direction\": \"Inbound\",\n      \"access\": \"Allow\",\n      \"protocol\": \"Tcp\",\n"
                + "      \"sourceAddressPrefix\": \"Internet\",\n      \"destinationAddressPrefix\": \"*\",\n      \"sourcePortRange\": \"*\",\n      \"destinationPortRange\": \"3389\"\n    }";
            var first = model.Groups[0];
            var edited = files.Select((f, i) => i == 0 ? new StateFile(f.Path, f.Name, AzNsgShow(first, portal.Replace("\"priority\": 99", "\"priority\": 100").Replace("Allow-RDP-Temp", "Allow-RDP-Temp"))) : f).ToArray();
            // Priority 100 is policyc's first rule: two rules with one priority is an export Azure never prints.
            Assert.Contains(Verify(target, edited).Diagnostics, d => d.Id == "NP6004" && d.Message.Contains("two inbound rules with priority 100"));
            var free = Enumerable.Range(100, 4000).First(p => first.Rules.All(r => r.Priority != p || r.Direction != "Inbound"));
            edited = files.Select((f, i) => i == 0 ? new StateFile(f.Path, f.Name, AzNsgShow(first, portal.Replace("\"priority\": 99", "\"priority\": " + free))) : f).ToArray();
            var result = Verify(target, edited);
            Assert.NotEmpty(result.Diagnostics);
            Assert.All(result.Diagnostics, d => Assert.Equal("NP6001", d.Id));
            Assert.All(result.Diagnostics, d => Assert.Contains("tcp/3389", d.Message));
            Assert.All(result.Diagnostics, d => Assert.Contains("rule Allow-RDP-Temp (priority " + free + ", Allow)", d.Message));
        }

        [Theory]
        [InlineData("g")]
        [InlineData("gtags")]
        [InlineData("gsa")]
        public void Gcp_rules_running_the_build_match_and_a_console_rule_is_found(string target)
        {
            var model = GcpFirewallBackend.BuildModel(Context(target), report: false);
            // The project holds other networks' rules too: they do not count.
            var other = "  {\"name\": \"other-net-allow-all\", \"network\": \"https://www.googleapis.com/compute/v1/projects/my-project/global/networks/other\", \"priority\": 0, \"direction\": \"INGRESS\", \"sourceRanges\": [\"0.0.0.0/0\"], \"allowed\": [{\"IPProtocol\": \"all\"}]}";
            var clean = Verify(target, new StateFile("state/" + target + "/rules.json", "rules", GcloudList(model.Rules, other)));
            Assert.True(clean.Diagnostics.Count == 0, string.Join("\n", clean.Diagnostics));

            var console = "  {\"name\": \"allow-ssh-anywhere\", \"network\": \"https://www.googleapis.com/compute/v1/projects/my-project/global/networks/vpc-one\", \"priority\": 900, \"direction\": \"INGRESS\", \"disabled\": false, \"sourceRanges\": [\"0.0.0.0/0\"], \"allowed\": [{\"IPProtocol\": \"tcp\", \"ports\": [\"22\"]}]}";
            var result = Verify(target, new StateFile("state/" + target + "/rules.json", "rules", GcloudList(model.Rules, console)));
            Assert.NotEmpty(result.Diagnostics);
            Assert.All(result.Diagnostics, d => Assert.Equal("NP6001", d.Id));
            Assert.All(result.Diagnostics, d => Assert.Contains("tcp/22", d.Message));
            Assert.All(result.Diagnostics, d => Assert.Contains("firewall rule allow-ssh-anywhere (priority 900, allow)", d.Message));
            Assert.All(result.Devices.Single().Findings, f => Assert.True(f.Foreign, "terraform leaves a rule it does not manage"));
            var disabled = Verify(target, new StateFile("state/" + target + "/rules.json", "rules", GcloudList(model.Rules, console.Replace("\"disabled\": false", "\"disabled\": true"))));
            Assert.Empty(disabled.Diagnostics);

            // A rule for instances of a tag the policy does not know may reach the zones' instances: read both ways.
            var unknownTag = console.Replace("\"sourceRanges\"", "\"targetTags\": [\"bastion\"], \"sourceRanges\"");
            var tagged = Verify(target, new StateFile("state/" + target + "/rules.json", "rules", GcloudList(model.Rules, unknownTag)));
            Assert.Contains(tagged.Diagnostics, d => d.Id == "NP6001" && d.Message.Contains("allow-ssh-anywhere"));
        }

        [Theory]
        [InlineData("samples/ai-platform")]
        [InlineData("samples/campus-lab")]
        [InlineData("samples/inference-edge")]
        [InlineData("tests/PolicyLang.E2E/Policies/cloud.netpolicy")]
        [InlineData("tests/PolicyLang.E2E/Policies/aws.netpolicy")]
        [InlineData("tests/PolicyLang.E2E/Policies/cloud-hostile.netpolicy")]
        public void Every_target_running_its_build_verifies_clean_from_the_cli(string path)
        {
            var compilation = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { Path.Combine(RepositoryPaths.Root, path) })).Single(c => c.Model.Header != null);
            var build = PolicyBuilder.Build(new[] { compilation });
            using var dir = new PolicyLang.Tests.Cli.TempFolder();
            int files = StateExports.WriteAll(compilation, build, dir.Path);
            Assert.True(files > 0);
            var targets = compilation.Model.Targets.Where(t => t.Platform.Value != "nftables").SelectMany(t => new[] { "--target", t.Name }).ToArray();
            var (exit, output, error) = PolicyLang.Tests.Cli.CliRunner.Run(new[] { "verify", Path.Combine(RepositoryPaths.Root, path), "--state", dir.Path, "--fail-on", "drift" }.Concat(targets).ToArray());
            Assert.True(exit == 0, output + error);
            Assert.Contains("; no drift", output);
        }

        [Fact]
        public void Cloud_exports_in_the_wrong_shape_are_unreadable()
        {
            var nsg = Assert.Single(Verify("az", new StateFile("state/az/nsg-app.json", "nsg-app", "[]"), new StateFile("state/az/nsg-app-2.json", "nsg-app-2", "{\"securityRules\": []}")).Diagnostics, d => d.Id == "NP6004");
            Assert.Contains("an object with securityRules", nsg.Message);
            var gcp = Assert.Single(Verify("g", new StateFile("state/g/x.json", "x", "{\"items\": []}")).Diagnostics);
            Assert.Equal("NP6004", gcp.Id);
            Assert.Contains("a list of firewall rules", gcp.Message);
        }
    }
}
