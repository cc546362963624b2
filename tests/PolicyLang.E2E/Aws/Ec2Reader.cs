using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Xml.Linq;
using PolicyLang.Emit.Aws;

namespace PolicyLang.E2E.Aws
{
    /// <summary>
    /// Reads security groups, their rules and network ACLs back through the EC2 query API (DescribeSecurityGroups,
    /// DescribeSecurityGroupRules, DescribeNetworkAcls) into <see cref="AwsObserved"/>, the input of the header-space reader.
    /// Only objects tagged "policyc:zone" count; a rule that uses a feature the backend never emits (prefix lists) fails.
    /// </summary>
    public sealed class Ec2Reader : IDisposable
    {
        private readonly HttpClient _http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        private readonly string _endpoint;

        public Ec2Reader(string endpoint) => _endpoint = endpoint.TrimEnd('/');

        public XElement Call(string action, params (string, string)[] parameters)
        {
            var query = "Action=" + action + "&Version=2016-11-15" + string.Concat(parameters.Select(p => "&" + Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint + "/");
            request.Content = new StringContent(query, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
            // moto reads the region from the credential scope and does not check the signature.
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0");
            using var response = _http.SendAsync(request).GetAwaiter().GetResult();
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException(action + " failed: " + (int)response.StatusCode + " " + body);
            return XDocument.Parse(body).Root!;
        }

        /// <summary>Creates an S3 bucket (flow log destinations must exist).</summary>
        public void CreateBucket(string name)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, _endpoint + "/" + Uri.EscapeDataString(name));
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0");
            using var response = _http.SendAsync(request).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException("CreateBucket " + name + " failed: " + (int)response.StatusCode);
        }

        /// <summary>The flow logs of a VPC: (traffic type, destination ARN).</summary>
        public List<(string TrafficType, string Destination)> FlowLogs(string vpcId) =>
            Items(Child(Call("DescribeFlowLogs", ("Filter.1.Name", "resource-id"), ("Filter.1.Value.1", vpcId)), "flowLogSet"))
                .Select(f => (Value(f, "trafficType") ?? "", Value(f, "logDestination") ?? "")).ToList();

        public string CreateVpc(string cidr, string? ipv6Cidr = null)
        {
            var root = Call("CreateVpc", ("CidrBlock", cidr));
            return Value(root.Descendants().First(e => e.Name.LocalName == "vpc"), "vpcId")!;
        }

        public string CreateSubnet(string vpcId, string cidr)
        {
            var root = Call("CreateSubnet", ("VpcId", vpcId), ("CidrBlock", cidr));
            return Value(root.Descendants().First(e => e.Name.LocalName == "subnet"), "subnetId")!;
        }

        public AwsObserved Read(string vpcId)
        {
            var observed = new AwsObserved();
            var vpcFilter = new[] { ("Filter.1.Name", "vpc-id"), ("Filter.1.Value.1", vpcId) };
            var groups = Items(Child(Call("DescribeSecurityGroups", vpcFilter), "securityGroupInfo"));
            foreach (var g in groups)
            {
                var zone = Tag(g, "policyc:zone");
                if (zone == null) continue;
                observed.Groups.Add(new AwsObserved.ObservedGroup { Id = Value(g, "groupId")!, Zone = zone });
            }
            foreach (var group in observed.Groups)
            {
                var rules = Items(Child(Call("DescribeSecurityGroupRules", ("Filter.1.Name", "group-id"), ("Filter.1.Value.1", group.Id)), "securityGroupRuleSet"));
                foreach (var r in rules)
                {
                    if (Value(r, "groupId") != group.Id) continue;
                    if (Value(r, "prefixListId") != null) throw new InvalidOperationException("unexpected prefix-list rule in " + group.Id);
                    var referenced = Child(r, "referencedGroupInfo");
                    observed.Rules.Add(new AwsObserved.ObservedRule
                    {
                        GroupId = group.Id,
                        Egress = Value(r, "isEgress") == "true",
                        Protocol = Value(r, "ipProtocol") ?? "-1",
                        From = Int(Value(r, "fromPort")) ?? -1,
                        To = Int(Value(r, "toPort")) ?? -1,
                        CidrIpv4 = Value(r, "cidrIpv4"),
                        CidrIpv6 = Value(r, "cidrIpv6"),
                        ReferencedGroupId = referenced != null ? Value(referenced, "groupId") : null,
                    });
                }
            }
            foreach (var acl in Items(Child(Call("DescribeNetworkAcls", vpcFilter), "networkAclSet")))
            {
                var zone = Tag(acl, "policyc:zone");
                if (zone == null) continue;
                var a = new AwsObserved.ObservedAcl { Zone = zone };
                foreach (var association in Items(Child(acl, "associationSet")))
                    if (Value(association, "subnetId") is string subnet) a.Subnets.Add(subnet);
                foreach (var e in Items(Child(acl, "entrySet")))
                {
                    var ports = Child(e, "portRange");
                    var icmp = Child(e, "icmpTypeCode");
                    a.Entries.Add(new AwsObserved.ObservedAclEntry
                    {
                        RuleNumber = Int(Value(e, "ruleNumber")) ?? throw new InvalidOperationException("ACL entry without a number"),
                        Egress = Value(e, "egress") == "true",
                        Allow = Value(e, "ruleAction") == "allow",
                        Protocol = Value(e, "protocol") ?? "-1",
                        CidrBlock = Value(e, "cidrBlock"),
                        Ipv6CidrBlock = Value(e, "ipv6CidrBlock"),
                        PortFrom = ports != null ? Int(Value(ports, "from")) : null,
                        PortTo = ports != null ? Int(Value(ports, "to")) : null,
                        IcmpType = icmp != null ? Int(Value(icmp, "type")) : null,
                        IcmpCode = icmp != null ? Int(Value(icmp, "code")) : null,
                    });
                }
                observed.Acls.Add(a);
            }
            return observed;
        }

        private static XElement? Child(XElement e, string name) => e.Elements().FirstOrDefault(x => x.Name.LocalName == name);

        private static IEnumerable<XElement> Items(XElement? set) => set == null ? Enumerable.Empty<XElement>() : set.Elements().Where(x => x.Name.LocalName == "item");

        private static string? Value(XElement e, string name) => Child(e, name)?.Value;

        private static int? Int(string? s) => s == null ? null : int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        private static string? Tag(XElement e, string key) =>
            Items(Child(e, "tagSet")).Where(t => Value(t, "key") == key).Select(t => Value(t, "value")).FirstOrDefault();

        public void Dispose() => _http.Dispose();
    }
}
