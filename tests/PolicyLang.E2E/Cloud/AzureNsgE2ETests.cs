using System;
using System.IO;
using System.Linq;
using PolicyLang.E2E.Lab;
using PolicyLang.TestSupport.Cloud;
using Xunit;
using PolicyLang.TestSupport;

namespace PolicyLang.E2E.Cloud
{
    /// <summary>
    /// Every azure-nsg target: `bicep build` accepts the Bicep with no warning and no error, and the ARM JSON it makes,
    /// read back rule by rule and evaluated with NSG priority semantics, admits exactly the policy's intent; so does the
    /// Terraform azurerm file, read through hcl2json.
    /// </summary>
    [ProvesPlatform(PlatformProof.Exact, "azure-nsg")]
    public sealed class AzureNsgE2ETests
    {
        public static TheoryData<string> Policies() => new TheoryData<string>(CloudPolicySet.Paths);

        [SkippableTheory]
        [MemberData(nameof(Policies))]
        public void Bicep_builds_clean_and_the_arm_json_admits_exactly_the_intent(string path)
        {
            var bicep = CloudTools.RequireBicep();
            foreach (var (compilation, target, artifacts) in CloudPolicySet.Build(path, "azure-nsg"))
            {
                var dir = CloudTools.TempDirectory();
                try
                {
                    var file = Path.Combine(dir, "nsg.bicep");
                    File.WriteAllText(file, artifacts.Single(a => a.RelativePath.EndsWith("/nsg.bicep", StringComparison.Ordinal)).Content);
                    var json = Path.Combine(dir, "nsg.json");
                    var run = HostCommand.Run(bicep, new[] { "build", file, "--outfile", json }, TimeSpan.FromMinutes(3));
                    Assert.True(run.Succeeded, target.Name + ": bicep build failed:\n" + run.Stderr + run.Stdout);
                    // Warnings as errors: bicep reports every diagnostic, warning or error, on stderr.
                    Assert.True(run.Stderr.Trim().Length == 0, target.Name + ": bicep build reported:\n" + run.Stderr);
                    var groups = ArmReader.Read(File.ReadAllText(json));
                    Assert.Equal(target.Devices.Select(d => d.Value).OrderBy(n => n, StringComparer.Ordinal), groups.Keys.OrderBy(n => n, StringComparer.Ordinal));
                    var context = CloudIntent.Context(compilation, target.Name);
                    foreach (var (name, rules) in groups)
                        Assert.True(CloudChecks.NsgMismatch(context, rules) == null, name + ": " + CloudChecks.NsgMismatch(context, rules));
                }
                finally
                {
                    Directory.Delete(dir, true);
                }
            }
        }

        [SkippableTheory]
        [MemberData(nameof(Policies))]
        public void Terraform_azurerm_parses_and_admits_exactly_the_intent(string path)
        {
            CloudTools.RequireHcl2Json();
            foreach (var (compilation, target, artifacts) in CloudPolicySet.Build(path, "azure-nsg"))
            {
                var dir = CloudTools.TempDirectory();
                try
                {
                    var file = Path.Combine(dir, "nsg.tf");
                    File.WriteAllText(file, artifacts.Single(a => a.RelativePath.EndsWith("/nsg.tf", StringComparison.Ordinal)).Content);
                    var groups = TerraformReader.ReadAzure(CloudTools.Hcl2Json(file));
                    Assert.Equal(target.Devices.Count, groups.Count);
                    var context = CloudIntent.Context(compilation, target.Name);
                    foreach (var (name, rules) in groups)
                    {
                        Assert.NotEmpty(rules);
                        Assert.True(CloudChecks.NsgMismatch(context, rules) == null, name + ": " + CloudChecks.NsgMismatch(context, rules));
                    }
                }
                finally
                {
                    Directory.Delete(dir, true);
                }
            }
        }

        [SkippableFact]
        public void The_terraform_output_refuses_to_apply_a_group_associated_with_nothing()
        {
            // The azurerm provider is not available offline, but the inputs are plain Terraform: the output's variables,
            // planned on their own by the real terraform, must refuse a group with neither subnets nor interfaces.
            PolicyLang.E2E.Aws.AwsTools.Require(PolicyLang.E2E.Aws.AwsTools.Terraform);
            var (_, target, artifacts) = CloudPolicySet.Build("tests/PolicyLang.E2E/Policies/cloud.netpolicy", "azure-nsg").First(t => t.Target.Name == "azdb");
            var tf = artifacts.Single(a => a.RelativePath.EndsWith("/nsg.tf", StringComparison.Ordinal)).Content;
            var blocks = System.Text.RegularExpressions.Regex.Matches(tf, "^(?:terraform|variable \"[^\"]+\") \\{\n(?:.*\n)*?\\}\n", System.Text.RegularExpressions.RegexOptions.Multiline)
                .Select(m => m.Value).ToList();
            Assert.Contains(blocks, b => b.StartsWith("variable \"subnet_ids_nsg0\"", StringComparison.Ordinal));
            Assert.Contains(blocks, b => b.StartsWith("variable \"network_interface_ids_nsg0\"", StringComparison.Ordinal));
            Assert.Contains("resource \"azurerm_subnet_network_security_group_association\" \"nsg0\"", tf);
            Assert.Contains("resource \"azurerm_network_interface_security_group_association\" \"nsg0\"", tf);
            var dir = CloudTools.TempDirectory();
            try
            {
                File.WriteAllText(Path.Combine(dir, "inputs.tf"), string.Join("\n", blocks));
                var terraform = PolicyLang.E2E.Aws.AwsTools.PathOf(PolicyLang.E2E.Aws.AwsTools.Terraform);
                var init = HostCommand.Run(terraform, new[] { "-chdir=" + dir, "init", "-input=false", "-no-color" }, TimeSpan.FromMinutes(2));
                Assert.True(init.Succeeded, init.Stderr + init.Stdout);
                string[] Plan(params string[] vars) => new[] { "-chdir=" + dir, "plan", "-input=false", "-no-color", "-var", "resource_group_name=rg", "-var", "location=westeurope" }.Concat(vars).ToArray();

                var nothing = HostCommand.Run(terraform, Plan(), TimeSpan.FromMinutes(2));
                Assert.False(nothing.Succeeded, nothing.Stdout);
                Assert.Contains("decides nothing until it is associated", System.Text.RegularExpressions.Regex.Replace(nothing.Stderr + nothing.Stdout, "[\\s│]+", " "));

                var subnets = HostCommand.Run(terraform, Plan("-var", "subnet_ids_nsg0=[\"/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/db\"]"), TimeSpan.FromMinutes(2));
                Assert.True(subnets.Succeeded, subnets.Stderr + subnets.Stdout);
                var nics = HostCommand.Run(terraform, Plan("-var", "network_interface_ids_nsg0=[\"/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/db1\"]"), TimeSpan.FromMinutes(2));
                Assert.True(nics.Succeeded, nics.Stderr + nics.Stdout);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [SkippableFact]
        public void The_reader_catches_a_wrong_rule()
        {
            // A check that cannot fail proves nothing: swap one Allow for Deny in the ARM JSON and the proof must fail.
            var bicep = CloudTools.RequireBicep();
            var (compilation, target, artifacts) = CloudPolicySet.Build("tests/PolicyLang.E2E/Policies/cloud.netpolicy", "azure-nsg").First(t => t.Target.Name == "az");
            var dir = CloudTools.TempDirectory();
            try
            {
                var file = Path.Combine(dir, "nsg.bicep");
                var text = artifacts.Single(a => a.RelativePath.EndsWith("/nsg.bicep", StringComparison.Ordinal)).Content;
                int at = text.IndexOf("access: 'Allow'", StringComparison.Ordinal);
                File.WriteAllText(file, text.Substring(0, at) + "access: 'Deny'" + text.Substring(at + "access: 'Allow'".Length));
                var json = Path.Combine(dir, "nsg.json");
                Assert.True(HostCommand.Run(bicep, new[] { "build", file, "--outfile", json }, TimeSpan.FromMinutes(3)).Succeeded);
                var rules = ArmReader.Read(File.ReadAllText(json)).First().Value;
                Assert.NotNull(CloudChecks.NsgMismatch(CloudIntent.Context(compilation, target.Name), rules));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
