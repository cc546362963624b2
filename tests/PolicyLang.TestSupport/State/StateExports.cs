using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using PolicyLang.Emit;
using PolicyLang.Emit.Aws;
using PolicyLang.Emit.Azure;
using PolicyLang.Emit.Gcp;
using PolicyLang.Semantics;

namespace PolicyLang.TestSupport.State
{
    /// <summary>
    /// What the platforms' own tools would export after the build was applied, in their formats, written from the build
    /// (and the backends' plans) independently of the readers: the running configurations as the build wrote them,
    /// <c>az network nsg show</c>, <c>gcloud compute firewall-rules list --format=json</c>, <c>aws ec2 describe-*</c>,
    /// the Kubernetes objects. nftables needs the kernel: the caller supplies the <c>nft -j list ruleset</c> text.
    /// </summary>
    public static class StateExports
    {
        private static string J(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        private static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(J)) + "]";

        /// <summary>One NSG as az network nsg show prints it (flattened properties, with Azure's default rules).</summary>
        public static string AzNsgShow(NsgGroup group, string extraRule = "")
        {
            var sb = new StringBuilder("{\n  \"name\": " + J(group.Name) + ",\n  \"location\": \"westeurope\",\n  \"provisioningState\": \"Succeeded\",\n  \"securityRules\": [\n");
            var rules = group.Rules.Select(r => "    {\n      \"name\": " + J(r.Name) + ",\n      \"priority\": " + r.Priority.ToString(CultureInfo.InvariantCulture) + ",\n      \"direction\": " + J(r.Direction) + ",\n      \"access\": " + J(r.Access)
                + ",\n      \"protocol\": " + J(r.Protocol) + ",\n      \"sourcePortRange\": \"*\",\n"
                + (r.SourceAddresses.Count == 1 ? "      \"sourceAddressPrefix\": " + J(r.SourceAddresses[0]) + ",\n      \"sourceAddressPrefixes\": [],\n" : "      \"sourceAddressPrefixes\": " + List(r.SourceAddresses) + ",\n")
                + (r.DestinationAddresses.Count == 1 ? "      \"destinationAddressPrefix\": " + J(r.DestinationAddresses[0]) + ",\n" : "      \"destinationAddressPrefixes\": " + List(r.DestinationAddresses) + ",\n")
                + (r.DestinationPorts.Count == 1 ? "      \"destinationPortRange\": " + J(r.DestinationPorts[0]) + "\n" : "      \"destinationPortRanges\": " + List(r.DestinationPorts) + "\n") + "    }").ToList();
            if (extraRule.Length > 0) rules.Add(extraRule);
            sb.Append(string.Join(",\n", rules)).Append("\n  ],\n  \"defaultSecurityRules\": [\n");
            var defaults = new[]
            {
                ("AllowVnetInBound", 65000, "Inbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
                ("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow", "AzureLoadBalancer", "*"),
                ("DenyAllInBound", 65500, "Inbound", "Deny", "*", "*"),
                ("AllowVnetOutBound", 65000, "Outbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
                ("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", "Internet"),
                ("DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*"),
            };
            sb.Append(string.Join(",\n", defaults.Select(d => "    {\"name\": " + J(d.Item1) + ", \"priority\": " + d.Item2.ToString(CultureInfo.InvariantCulture) + ", \"direction\": " + J(d.Item3)
                + ", \"access\": " + J(d.Item4) + ", \"protocol\": \"*\", \"sourceAddressPrefix\": " + J(d.Item5) + ", \"destinationAddressPrefix\": " + J(d.Item6) + ", \"sourcePortRange\": \"*\", \"destinationPortRange\": \"*\"}")));
            sb.Append("\n  ]\n}\n");
            return sb.ToString();
        }

        /// <summary>The rules as gcloud compute firewall-rules list --format=json prints them.</summary>
        public static string GcloudList(IEnumerable<GcpRule> rules, string extra = "")
        {
            var items = rules.Select(r => "  {\n    \"name\": " + J(r.Name) + ",\n    \"network\": " + J("https://www.googleapis.com/compute/v1/" + (r.Network.StartsWith("projects/", StringComparison.Ordinal) ? r.Network
                    : "projects/" + (r.Project.Length > 0 ? r.Project : "my-project") + "/global/networks/" + r.Network))
                + ",\n    \"priority\": " + r.Priority.ToString(CultureInfo.InvariantCulture) + ",\n    \"direction\": " + J(r.Direction) + ",\n    \"disabled\": false,\n    \"kind\": \"compute#firewall\",\n"
                + (r.SourceRanges.Count > 0 ? "    \"sourceRanges\": " + List(r.SourceRanges) + ",\n" : "")
                + (r.DestinationRanges.Count > 0 ? "    \"destinationRanges\": " + List(r.DestinationRanges) + ",\n" : "")
                + (r.TargetTags.Count > 0 ? "    \"targetTags\": " + List(r.TargetTags) + ",\n" : "")
                + (r.TargetServiceAccounts.Count > 0 ? "    \"targetServiceAccounts\": " + List(r.TargetServiceAccounts) + ",\n" : "")
                + "    " + J(r.Action == "allow" ? "allowed" : "denied") + ": [" + string.Join(", ", r.Matches.Select(m => "{\"IPProtocol\": " + J(m.Protocol) + (m.Ports.Count > 0 ? ", \"ports\": " + List(m.Ports) : "") + "}")) + "]\n  }").ToList();
            if (extra.Length > 0) items.Add(extra);
            return "[\n" + string.Join(",\n", items) + "\n]\n";
        }

        /// <summary>The '*' rules every network ACL ends with, as describe-network-acls lists them: 32767 for IPv4, 32768 for IPv6.</summary>
        private static readonly string[] s_starRules = new[] { false, true }.SelectMany(egress => new[]
        {
            "{\"RuleNumber\": 32767, \"Protocol\": \"-1\", \"RuleAction\": \"deny\", \"Egress\": " + (egress ? "true" : "false") + ", \"CidrBlock\": \"0.0.0.0/0\"}",
            "{\"RuleNumber\": 32768, \"Protocol\": \"-1\", \"RuleAction\": \"deny\", \"Egress\": " + (egress ? "true" : "false") + ", \"Ipv6CidrBlock\": \"::/0\"}",
        }).ToArray();

        /// <summary>The groups and network ACLs of an aws plan as aws ec2 describe-security-groups and describe-network-acls print them (group ids are the plan's keys).</summary>
        public static (string Groups, string Acls) AwsDescribe(AwsPlan plan, string target)
        {
            var primary = plan.Groups.Where(g => g.Part == 1).ToDictionary(g => g.Zone, g => "sg-" + g.Key);
            string Tags(string name, string zone) => "[{\"Key\": \"Name\", \"Value\": " + J(name) + "}, {\"Key\": \"policyc:target\", \"Value\": " + J(target) + "}, {\"Key\": \"policyc:zone\", \"Value\": " + J(zone) + "}]";
            string Permission(AwsRule r)
            {
                var peer = r.Peer.IsGroup ? "\"UserIdGroupPairs\": [{\"GroupId\": " + J(primary[r.Peer.Zone!]) + ", \"UserId\": \"123456789012\"}]"
                    : r.Peer.IsIPv4 ? "\"IpRanges\": [{\"CidrIp\": " + J(r.Peer.Prefix!.Value.ToString()) + "}]"
                    : "\"Ipv6Ranges\": [{\"CidrIpv6\": " + J(r.Peer.Prefix!.Value.ToString()) + "}]";
                var ports = r.Protocol.IsAll ? "" : ", \"FromPort\": " + r.Protocol.From.ToString(CultureInfo.InvariantCulture) + ", \"ToPort\": " + r.Protocol.To.ToString(CultureInfo.InvariantCulture);
                return "{\"IpProtocol\": " + J(r.Protocol.IsAll ? "-1" : r.Protocol.Name) + ports + ", " + peer + "}";
            }
            var groups = plan.Groups.Select(g => "    {\"GroupId\": " + J("sg-" + g.Key) + ", \"GroupName\": " + J(g.Name) + ", \"Description\": " + J(g.Description) + ", \"VpcId\": " + J(plan.VpcId)
                + ", \"OwnerId\": \"123456789012\", \"Tags\": " + Tags(g.Name, g.Zone.Name)
                + ",\n     \"IpPermissions\": [" + string.Join(", ", g.Ingress.Select(Permission)) + "],\n     \"IpPermissionsEgress\": [" + string.Join(", ", g.Egress.Select(Permission)) + "]}");
            var acls = plan.NetworkAcls.Select(a => "    {\"NetworkAclId\": " + J("acl-" + a.Key) + ", \"VpcId\": " + J(plan.VpcId) + ", \"IsDefault\": false, \"Associations\": [], \"Tags\": " + Tags(a.Name, a.Zone.Name)
                + ",\n     \"Entries\": [" + string.Join(", ", a.Entries.Select(e => "{\"RuleNumber\": " + e.RuleNumber.ToString(CultureInfo.InvariantCulture) + ", \"Protocol\": " + J(e.Protocol.Number.ToString(CultureInfo.InvariantCulture))
                    + ", \"RuleAction\": " + J(e.Allow ? "allow" : "deny") + ", \"Egress\": " + (e.Egress ? "true" : "false") + ", " + (e.Cidr.IsIPv4 ? "\"CidrBlock\": " : "\"Ipv6CidrBlock\": ") + J(e.Cidr.ToString())
                    + (e.Protocol.HasPorts ? ", \"PortRange\": {\"From\": " + e.Protocol.From.ToString(CultureInfo.InvariantCulture) + ", \"To\": " + e.Protocol.To.ToString(CultureInfo.InvariantCulture) + "}" : "")
                    + (e.Protocol.IsIcmp ? ", \"IcmpTypeCode\": {\"Type\": " + e.Protocol.From.ToString(CultureInfo.InvariantCulture) + ", \"Code\": " + e.Protocol.To.ToString(CultureInfo.InvariantCulture) + "}" : "") + "}")
                    .Concat(s_starRules)) + "]}");
            return ("{\n  \"SecurityGroups\": [\n" + string.Join(",\n", groups) + "\n  ]\n}\n", "{\n  \"NetworkAcls\": [\n" + string.Join(",\n", acls) + "\n  ]\n}\n");
        }

        /// <summary>
        /// Writes DIR/&lt;target&gt;/… for every target of a built policy as the collection would, except nftables, whose
        /// export <paramref name="nftExport"/> gives per ruleset (null: skipped). Returns the number of files written.
        /// </summary>
        public static int WriteAll(PolicyCompilation compilation, BuildResult build, string dir, Func<string, string?>? nftExport = null)
        {
            int files = 0;
            void Write(string relative, string text)
            {
                var path = Path.Combine(dir, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
                files++;
            }
            foreach (var target in compilation.Model.Targets)
            {
                var artifacts = build.Artifacts.Where(a => a.Target == target.Name && !a.RelativePath.Contains("/ansible/")).ToList();
                var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
                switch (target.Platform.Value)
                {
                    case "nftables":
                        var ruleset = artifacts.FirstOrDefault(a => a.RelativePath.EndsWith(".nft", StringComparison.Ordinal));
                        var export = ruleset == null || nftExport == null ? null : nftExport(ruleset.Content);
                        if (export != null) foreach (var d in target.Devices) Write(target.Name + "/" + d.Value + ".json", export);
                        break;
                    case "kubernetes":
                        foreach (var a in artifacts) Write(a.RelativePath, a.Content);
                        break;
                    case "aws":
                        if (artifacts.Count == 0) break;
                        var (groups, acls) = AwsDescribe(AwsPlanner.Build(context, report: false), target.Name);
                        Write(target.Name + "/describe-security-groups.json", groups);
                        Write(target.Name + "/describe-network-acls.json", acls);
                        break;
                    case "azure-nsg":
                        if (artifacts.Count == 0) break;
                        foreach (var g in AzureNsgBackend.BuildModel(context, report: false).Groups) Write(target.Name + "/" + g.Name + ".json", AzNsgShow(g));
                        break;
                    case "gcp-firewall":
                        if (artifacts.Count == 0) break;
                        Write(target.Name + "/firewall-rules.json", GcloudList(GcpFirewallBackend.BuildModel(context, report: false).Rules));
                        break;
                    default:
                        // Switches: the running configuration is the build's file (the rollout replaces it whole or in its parts).
                        foreach (var a in artifacts) Write(a.RelativePath, a.Content);
                        break;
                }
            }
            return files;
        }
    }
}
