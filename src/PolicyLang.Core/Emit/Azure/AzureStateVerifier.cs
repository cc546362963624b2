using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.CloudFirewall;
using PolicyLang.Emit.State;
using PolicyLang.Text;

namespace PolicyLang.Emit.Azure
{
    /// <summary>
    /// Compares <c>az network nsg show -g RG -n NSG</c> (or the ARM resource, whose rules nest their fields under
    /// "properties") of each of the target's network security groups with the policy, per direction: rules in priority
    /// order, first match decides, then the default rules the export lists (or Azure's, when it lists none). Service tags:
    /// VirtualNetwork is the policy's internal zones, Internet every other address, AzureLoadBalancer 168.63.129.16.
    /// Every rule counts, policyc's or added in the portal.
    /// </summary>
    internal static class AzureStateVerifier
    {
        public const string Format = "az network nsg show -g RG -n NSG (JSON) of each network security group, in <target>/<nsg>.json";

        private sealed record Rule(string Name, int Priority, bool Inbound, bool Allow, PacketSet Match, int Offset, bool Default);

        public static IReadOnlyList<DriftFinding> Verify(TargetContext context, StateFile file)
        {
            List<Rule> rules;
            try
            {
                rules = Read(context, file);
            }
            catch (StateReadException e)
            {
                return new[] { DriftSets.Unreadable(file, e.Offset, e.Message) };
            }
            var findings = new List<DriftFinding>();
            foreach (bool inbound in new[] { true, false })
            {
                var region = CloudState.Region(context, inbound);
                var decisions = new List<(Rule Rule, PacketSet Packets)>();
                var remaining = region;
                var allowed = PacketSet.Empty;
                foreach (var r in rules.Where(r => r.Inbound == inbound).OrderBy(r => r.Priority))
                {
                    if (remaining.IsEmpty) break;
                    var m = r.Match.Intersect(remaining);
                    if (m.IsEmpty) continue;
                    if (r.Allow) allowed = allowed.Union(m);
                    decisions.Add((r, m));
                    remaining = remaining.Except(m);
                }
                StateDecision Blame(Packet p, bool allow)
                {
                    var d = decisions.FirstOrDefault(x => x.Rule.Allow == allow && x.Packets.Contains(p));
                    if (d.Rule == null) return new StateDecision("no rule", new TextSpan(0, 0), PacketSet.All);
                    return new StateDecision((d.Rule.Default ? "default rule " : "rule ") + d.Rule.Name + " (priority " + d.Rule.Priority + ", " + (d.Rule.Allow ? "Allow" : "Deny") + ")",
                        d.Rule.Offset >= 0 ? DriftSets.JsonObjectSpan(file, d.Rule.Offset) : new TextSpan(0, 0), d.Packets);
                }
                findings.AddRange(DriftSets.Compare(file.Name, inbound ? "inbound" : "outbound", CloudState.Intent(context, inbound), allowed, allowed,
                    p => Blame(p, true), p => Blame(p, false), DriftSets.InternalAddresses(context), DriftSets.AllowingFlow(context)));
            }
            return findings;
        }

        private static List<Rule> Read(TargetContext context, StateFile file)
        {
            var root = StateJson.Parse(file.Text);
            if (!root.IsObject || (root["securityRules"] == null && root["properties"]?["securityRules"] == null))
                throw new StateReadException(root.Offset, "expected a network security group (az network nsg show): an object with securityRules");
            var props = root["securityRules"] != null ? root : root["properties"]!;
            var vnet = AddressRangeSet.Empty;
            foreach (var z in context.Model.Zones.Where(z => !z.IsExternal)) vnet = vnet.Union(context.Addresses.Of(z));
            AddressRangeSet Addresses(string text, int offset) => text switch
            {
                "*" or "Any" => AddressRangeSet.All,
                "Internet" => vnet.Complement(),
                "VirtualNetwork" => vnet,
                "AzureLoadBalancer" => CloudState.Prefix("168.63.129.16", offset),
                _ => CloudState.Prefix(text, offset),
            };
            var rules = new List<Rule>();
            void ReadRules(JsonNode? list, bool defaults)
            {
                foreach (var item in list?.Items ?? Array.Empty<JsonNode>())
                {
                    var r = item["properties"] ?? item;
                    var name = item.String("name") ?? throw new StateReadException(item.Offset, "a security rule without a name");
                    int priority = r.Integer("priority") is long p && p >= 100 && p <= 65500 ? (int)p : throw new StateReadException(item.Offset, name + ": expected a priority from 100 to 4096 (65000-65500 for defaults)");
                    var direction = r.String("direction");
                    var access = r.String("access");
                    if (direction != "Inbound" && direction != "Outbound") throw new StateReadException(item.Offset, name + ": unexpected direction '" + direction + "'");
                    if (access != "Allow" && access != "Deny") throw new StateReadException(item.Offset, name + ": unexpected access '" + access + "'");
                    var src = CloudState.Strings(r["sourceAddressPrefixes"]).Concat(CloudState.Strings(r["sourceAddressPrefix"])).Select(t => Addresses(t, item.Offset)).Aggregate(AddressRangeSet.Empty, (a, b) => a.Union(b));
                    var dst = CloudState.Strings(r["destinationAddressPrefixes"]).Concat(CloudState.Strings(r["destinationAddressPrefix"])).Select(t => Addresses(t, item.Offset)).Aggregate(AddressRangeSet.Empty, (a, b) => a.Union(b));
                    if (r["sourceApplicationSecurityGroups"]?.Items.Count > 0 || r["destinationApplicationSecurityGroups"]?.Items.Count > 0)
                        throw new StateReadException(item.Offset, name + ": application security groups are not read (their members are not in the export)");
                    var sourcePorts = CloudState.Ports(CloudState.Strings(r["sourcePortRanges"]).Concat(CloudState.Strings(r["sourcePortRange"])).DefaultIfEmpty("*"), item.Offset);
                    var ports = CloudState.Ports(CloudState.Strings(r["destinationPortRanges"]).Concat(CloudState.Strings(r["destinationPortRange"])).DefaultIfEmpty("*"), item.Offset);
                    // NSG rules are stateful, so a source-port match is read as it is: the packets from those ports.
                    var match = r.String("protocol") switch
                    {
                        "*" or "Any" => CloudState.Match(src, dst, null, null, ports.IsFull ? null : ports, sourcePorts.IsFull ? null : sourcePorts),
                        "Tcp" => CloudState.Match(src, dst, 6, 6, ports, sourcePorts),
                        "Udp" => CloudState.Match(src, dst, 17, 17, ports, sourcePorts),
                        "Icmp" => CloudState.Match(src, dst, 1, 58, null),
                        "Esp" => CloudState.Match(src, dst, 50, 50, null),
                        "Ah" => CloudState.Match(src, dst, 51, 51, null),
                        var other => throw new StateReadException(item.Offset, name + ": unexpected protocol '" + other + "'"),
                    };
                    rules.Add(new Rule(name, priority, direction == "Inbound", access == "Allow", match, item.Offset, defaults));
                }
            }
            ReadRules(props["securityRules"], defaults: false);
            ReadRules(props["defaultSecurityRules"], defaults: true);
            if (!rules.Any(r => r.Default))
            {
                // Azure's default rules, when the export leaves them out.
                foreach (bool inbound in new[] { true, false })
                {
                    rules.Add(new Rule(inbound ? "AllowVNetInBound" : "AllowVnetOutBound", 65000, inbound, true, PacketSpace.Between(vnet, vnet), -1, true));
                    if (inbound) rules.Add(new Rule("AllowAzureLoadBalancerInBound", 65001, true, true, PacketSpace.Between(CloudState.Prefix("168.63.129.16", 0), AddressRangeSet.All), -1, true));
                    else rules.Add(new Rule("AllowInternetOutBound", 65001, false, true, PacketSpace.Between(AddressRangeSet.All, vnet.Complement()), -1, true));
                    rules.Add(new Rule(inbound ? "DenyAllInBound" : "DenyAllOutBound", 65500, inbound, false, PacketSet.All, -1, true));
                }
            }
            var dup = rules.Where(r => !r.Default).GroupBy(r => (r.Inbound, r.Priority)).FirstOrDefault(g => g.Count() > 1);
            if (dup != null) throw new StateReadException(dup.Skip(1).First().Offset, "two " + (dup.Key.Inbound ? "inbound" : "outbound") + " rules with priority " + dup.Key.Priority);
            return rules;
        }
    }
}
