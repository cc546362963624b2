using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.TestSupport.Cloud
{
    public sealed record GcpMatchText(string Protocol, IReadOnlyList<string> Ports);

    /// <summary>A google_compute_firewall resource's fields that decide what it matches.</summary>
    public sealed record GcpRuleText(string Name, string Network, int Priority, string Direction, bool Allow,
        IReadOnlyList<string> SourceRanges, IReadOnlyList<string> DestinationRanges, IReadOnlyList<string> TargetTags,
        IReadOnlyList<string> TargetServiceAccounts, IReadOnlyList<GcpMatchText> Matches, bool Disabled);

    /// <summary>
    /// GCP VPC firewall semantics: lower priority first, at equal priority deny before allow; implied rules at 65535
    /// deny ingress and allow egress. A rule applies to the instances of its target tags or service accounts (all
    /// instances without either); <paramref name="instances"/> maps a tag or account to the addresses of its instances.
    /// </summary>
    public sealed class GcpSemantics
    {
        private readonly Func<string, AddressRangeSet> _instances;

        public GcpSemantics(Func<string, AddressRangeSet> instances) { _instances = instances; }

        private static AddressRangeSet Ranges(IEnumerable<string> ranges) =>
            ranges.Select(RuleSets.Prefix).Aggregate(AddressRangeSet.Empty, (a, b) => a.Union(b));

        public PacketSet Match(GcpRuleText r)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(r.Name, "^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$"))
                throw new InvalidOperationException("not an RFC 1035 name of at most 63 characters: '" + r.Name + "'");
            if (r.Priority < 0 || r.Priority > 65535) throw new InvalidOperationException(r.Name + ": priority " + r.Priority);
            if (r.TargetTags.Count > 0 && r.TargetServiceAccounts.Count > 0) throw new InvalidOperationException(r.Name + ": tags and service accounts together");
            var all = r.SourceRanges.Concat(r.DestinationRanges).Select(RuleSets.Prefix).ToList();
            if (all.Any(a => a.IsSubsetOf(AddressRangeSet.AllIPv4)) && all.Any(a => !a.IsSubsetOf(AddressRangeSet.AllIPv4)))
                throw new InvalidOperationException(r.Name + ": IPv4 and IPv6 ranges in one rule");
            var targets = r.TargetTags.Count + r.TargetServiceAccounts.Count == 0
                ? AddressRangeSet.All
                : r.TargetTags.Concat(r.TargetServiceAccounts).Select(_instances).Aggregate(AddressRangeSet.Empty, (a, b) => a.Union(b));
            bool ingress = r.Direction == "INGRESS";
            if (!ingress && r.Direction != "EGRESS") throw new InvalidOperationException(r.Name + ": direction " + r.Direction);
            if (ingress && r.SourceRanges.Count == 0) throw new InvalidOperationException(r.Name + ": ingress without source ranges");
            if (!ingress && r.DestinationRanges.Count == 0) throw new InvalidOperationException(r.Name + ": egress without destination ranges");
            var src = r.SourceRanges.Count > 0 ? Ranges(r.SourceRanges) : AddressRangeSet.All;
            var dst = r.DestinationRanges.Count > 0 ? Ranges(r.DestinationRanges) : AddressRangeSet.All;
            if (ingress) dst = dst.Intersect(targets); else src = src.Intersect(targets);
            var set = PacketSet.Empty;
            foreach (var m in r.Matches)
            {
                int? protocol = m.Protocol switch
                {
                    "all" => null,
                    "tcp" => 6,
                    "udp" => 17,
                    "sctp" => 132,
                    "icmp" => 1,
                    "esp" => 50,
                    "ah" => 51,
                    "ipip" => 4,
                    _ => int.Parse(m.Protocol, NumberStyles.None, CultureInfo.InvariantCulture),
                };
                if (m.Ports.Count > 0 && (protocol == null || !RuleSets.HasPorts(protocol.Value))) throw new InvalidOperationException(r.Name + ": ports on " + m.Protocol);
                var ports = m.Ports.Count > 0 ? RuleSets.Ports(m.Ports) : null;
                var p = protocol == null ? null : new[] { protocol.Value };
                set = set.Union(RuleSets.Match(src, dst, p, p, ports));
            }
            return set;
        }

        public PacketSet Allowed(IEnumerable<GcpRuleText> rules, string direction, PacketSet region)
        {
            var mine = rules.Where(r => r.Direction == direction && !r.Disabled).ToList();
            var dup = mine.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
            if (dup != null) throw new InvalidOperationException("rule name used twice: " + dup.Key);
            var remaining = region;
            var allowed = PacketSet.Empty;
            foreach (var r in mine.OrderBy(r => r.Priority).ThenBy(r => r.Allow ? 1 : 0))
            {
                if (remaining.IsEmpty) break;
                var m = Match(r).Intersect(remaining);
                if (r.Allow) allowed = allowed.Union(m);
                remaining = remaining.Except(m);
            }
            // Implied rules: deny every ingress, allow every egress.
            if (direction == "EGRESS") allowed = allowed.Union(remaining);
            return allowed;
        }
    }
}
