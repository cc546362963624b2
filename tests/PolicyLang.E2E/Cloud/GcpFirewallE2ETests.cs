using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PolicyLang.TestSupport.Cloud;
using Xunit;
using PolicyLang.TestSupport;

namespace PolicyLang.E2E.Cloud
{
    /// <summary>
    /// Every gcp-firewall target: hcl2json parses the Terraform, and the google_compute_firewall rules read back from it,
    /// evaluated with VPC firewall semantics (priority, deny before allow at equal priority, implied rules), admit exactly
    /// the policy's intent. No google provider is in the local Terraform mirror, so `terraform validate` is not run.
    /// </summary>
    [ProvesPlatform(PlatformProof.Exact, "gcp-firewall")]
    public sealed class GcpFirewallE2ETests
    {
        public static TheoryData<string> Policies() => new TheoryData<string>(CloudPolicySet.Paths);

        [SkippableTheory]
        [MemberData(nameof(Policies))]
        public void Terraform_parses_and_admits_exactly_the_intent(string path)
        {
            CloudTools.RequireHcl2Json();
            foreach (var (compilation, target, artifacts) in CloudPolicySet.Build(path, "gcp-firewall"))
            {
                var dir = CloudTools.TempDirectory();
                try
                {
                    var file = Path.Combine(dir, "firewall.tf");
                    File.WriteAllText(file, artifacts.Single().Content);
                    var rules = TerraformReader.ReadGcp(CloudTools.Hcl2Json(file));
                    Assert.NotEmpty(rules);
                    Assert.All(rules, r => Assert.Contains(r.Network, target.Devices.Select(d => d.Value)));
                    var context = CloudIntent.Context(compilation, target.Name);
                    foreach (var network in rules.Select(r => r.Network).Distinct())
                    {
                        var mine = rules.Where(r => r.Network == network).ToList();
                        Assert.True(CloudChecks.GcpMismatch(context, mine) == null, network + ": " + CloudChecks.GcpMismatch(context, mine));
                    }
                }
                finally
                {
                    Directory.Delete(dir, true);
                }
            }
        }

        [SkippableFact]
        public void The_reader_catches_a_wrong_priority()
        {
            CloudTools.RequireHcl2Json();
            var (compilation, target, artifacts) = CloudPolicySet.Build("tests/PolicyLang.E2E/Policies/cloud.netpolicy", "gcp-firewall").First(t => t.Target.Name == "g");
            var dir = CloudTools.TempDirectory();
            try
            {
                var file = Path.Combine(dir, "firewall.tf");
                // Move every deny behind the allows: the denies of the policy stop overriding.
                var text = Regex.Replace(artifacts.Single().Content, "(\n  priority +=) 1000\n", "$1 9000\n");
                Assert.NotEqual(artifacts.Single().Content, text);
                File.WriteAllText(file, text);
                var rules = TerraformReader.ReadGcp(CloudTools.Hcl2Json(file));
                Assert.NotNull(CloudChecks.GcpMismatch(CloudIntent.Context(compilation, target.Name), rules));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
