using System;
using System.Collections.Generic;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.TestSupport.Cloud
{
    /// <summary>An NSG security rule as Azure stores it (from ARM JSON, Terraform or the backend's model).</summary>
    public sealed record NsgRuleText(string Name, int Priority, string Direction, string Access, string Protocol,
        IReadOnlyList<string> Sources, IReadOnlyList<string> Destinations, IReadOnlyList<string> DestinationPorts, IReadOnlyList<string> SourcePorts);

    /// <summary>
    /// Azure NSG semantics: per direction, rules in priority order (unique, 100–4096), first match decides; Azure's default
    /// rules (65000–65500) follow. Service tags: Internet = every address outside the policy's internal zones (the
    /// backend's documented reading), VirtualNetwork = the internal zones, AzureLoadBalancer = 168.63.129.16.
    /// </summary>
    public sealed class NsgSemantics
    {
        private readonly AddressRangeSet _internal;

        public NsgSemantics(AddressRangeSet internalSpace) { _internal = internalSpace; }

        public AddressRangeSet Addresses(string text) => text switch
        {
            "*" => AddressRangeSet.All,
            "Internet" => AddressRangeSet.All.Except(_internal),
            "VirtualNetwork" => _internal,
            "AzureLoadBalancer" => RuleSets.Prefix("168.63.129.16/32"),
            _ => RuleSets.Prefix(text),
        };

        public PacketSet Match(NsgRuleText r)
        {
            var src = r.Sources.Select(Addresses).Aggregate(AddressRangeSet.Empty, (a, b) => a.Union(b));
            var dst = r.Destinations.Select(Addresses).Aggregate(AddressRangeSet.Empty, (a, b) => a.Union(b));
            var ports = RuleSets.Ports(r.DestinationPorts);
            var sourcePorts = RuleSets.Ports(r.SourcePorts);
            switch (r.Protocol)
            {
                case "*": if (!ports.IsFull || !sourcePorts.IsFull) throw new InvalidOperationException(r.Name + ": ports without a protocol"); return RuleSets.Match(src, dst, null, null, null);
                case "Tcp": return RuleSets.Match(src, dst, new[] { 6 }, new[] { 6 }, ports, sourcePorts);
                case "Udp": return RuleSets.Match(src, dst, new[] { 17 }, new[] { 17 }, ports, sourcePorts);
                case "Icmp": return RuleSets.Match(src, dst, new[] { 1 }, new[] { 58 }, null);
                case "Esp": return RuleSets.Match(src, dst, new[] { 50 }, new[] { 50 }, null);
                case "Ah": return RuleSets.Match(src, dst, new[] { 51 }, new[] { 51 }, null);
                default: throw new InvalidOperationException(r.Name + ": unknown protocol " + r.Protocol);
            }
        }

        public IEnumerable<NsgRuleText> Defaults(string direction)
        {
            var none = new[] { "*" };
            if (direction == "Inbound")
            {
                yield return new NsgRuleText("AllowVNetInBound", 65000, direction, "Allow", "*", new[] { "VirtualNetwork" }, new[] { "VirtualNetwork" }, none, none);
                yield return new NsgRuleText("AllowAzureLoadBalancerInBound", 65001, direction, "Allow", "*", new[] { "AzureLoadBalancer" }, none, none, none);
                yield return new NsgRuleText("DenyAllInBound", 65500, direction, "Deny", "*", none, none, none, none);
            }
            else
            {
                yield return new NsgRuleText("AllowVnetOutBound", 65000, direction, "Allow", "*", new[] { "VirtualNetwork" }, new[] { "VirtualNetwork" }, none, none);
                yield return new NsgRuleText("AllowInternetOutBound", 65001, direction, "Allow", "*", none, new[] { "Internet" }, none, none);
                yield return new NsgRuleText("DenyAllOutBound", 65500, direction, "Deny", "*", none, none, none, none);
            }
        }

        /// <summary>The packets of <paramref name="region"/> that the rules of one direction allow.</summary>
        public PacketSet Allowed(IEnumerable<NsgRuleText> rules, string direction, PacketSet region)
        {
            var mine = rules.Where(r => r.Direction == direction).ToList();
            foreach (var r in mine)
            {
                if (r.Priority < 100 || r.Priority > 4096) throw new InvalidOperationException(r.Name + ": priority " + r.Priority + " outside 100–4096");
                if (r.Name.Length > 80) throw new InvalidOperationException(r.Name + ": name longer than 80");
            }
            var dup = mine.GroupBy(r => r.Priority).FirstOrDefault(g => g.Count() > 1);
            if (dup != null) throw new InvalidOperationException("priority " + dup.Key + " used twice in direction " + direction);
            var remaining = region;
            var allowed = PacketSet.Empty;
            foreach (var r in mine.Concat(Defaults(direction)).OrderBy(r => r.Priority))
            {
                if (remaining.IsEmpty) break;
                var m = Match(r).Intersect(remaining);
                if (r.Access == "Allow") allowed = allowed.Union(m);
                else if (r.Access != "Deny") throw new InvalidOperationException(r.Name + ": access " + r.Access);
                remaining = remaining.Except(m);
            }
            return allowed;
        }
    }
}
