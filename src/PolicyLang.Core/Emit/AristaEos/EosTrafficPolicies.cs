using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.Fabric;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.AristaEos
{
    /// <summary>
    /// The filters of an EOS switch as traffic-policies (<c>option filter traffic-policy</c>): one policy per ACL group,
    /// bound with <c>traffic-policy input</c>, holding both families. An address list of more than one prefix becomes a
    /// field-set, shared by every match of the device that names the same list, so an entry that an ACL writes once per
    /// source × destination prefix pair is one match here. Matches keep the ACL's first-match order; a match without
    /// <c>drop</c> permits, and the policy ends with <c>ipv4-all-default</c> / <c>ipv6-all-default</c> dropping the rest
    /// (the ACL's final deny). Stateless like the ACL: replies are matched with <c>flags established</c> and source ports.
    /// </summary>
    public static class EosTrafficPolicies
    {
        public const string FilterOption = "filter";
        public const string AccessListStyle = "access-list";
        public const string TrafficPolicyStyle = "traffic-policy";
        public const string DefaultV4 = "ipv4-all-default";
        public const string DefaultV6 = "ipv6-all-default";

        /// <summary>Whether the target writes its filters as traffic-policies.</summary>
        public static bool Enabled(TargetSymbol target) => target.Option(FilterOption)?.Value.Value == TrafficPolicyStyle;

        /// <summary>Builds the <c>traffic-policies</c> section of one device, one policy per group added.</summary>
        internal sealed class Builder(string prefix)
        {
            private readonly Dictionary<IReadOnlyList<IpPrefix>, string> _fieldSets4 = new Dictionary<IReadOnlyList<IpPrefix>, string>(PrefixListComparer.Instance);
            private readonly Dictionary<IReadOnlyList<IpPrefix>, string> _fieldSets6 = new Dictionary<IReadOnlyList<IpPrefix>, string>(PrefixListComparer.Instance);

            public EosTrafficPolicySection Section { get; } = new EosTrafficPolicySection();

            /// <summary>Adds the group's policy, named after the group; returns its name.</summary>
            public string Add(FabricAclGroup group)
            {
                var policy = new EosTrafficPolicy { Name = group.Name };
                bool dropV4 = AddFamily(policy, group.V4, "ipv4", "V4-");
                bool dropV6 = AddFamily(policy, group.V6, "ipv6", "V6-");
                policy.Matches.Add(new EosMatch(DefaultV4, "ipv4", Drop: dropV4));
                policy.Matches.Add(new EosMatch(DefaultV6, "ipv6", Drop: dropV6));
                Section.Policies.Add(policy);
                return policy.Name;
            }

            /// <summary>The matches of one family's list; returns whether the rest of the family is dropped (the list's final deny).</summary>
            private bool AddFamily(EosTrafficPolicy policy, AccessList? acl, string family, string stem)
            {
                if (acl == null) return true;
                var entries = acl.Entries;
                int count = entries.Count;
                bool dropRest = count > 0 && IsDenyAll(entries[count - 1]);
                if (dropRest) count--;
                for (int n = 0; n < count; n++)
                {
                    var e = entries[n];
                    // A logged permit cannot be written (EOS logs only drops): the target's checks refuse it (NP4001), so a build never
                    // gets here with one; verify renders the rest of such a target to compare its settings, and the permit stays a permit.
                    // Named by position and, where it carries a named flow, after it (V4-20-ssh-admin, V4-10-ssh-admin--reply; the
                    // number keeps names unique); its counter after the counted flow it carries.
                    var position = stem + ((n + 1) * 10).ToString(CultureInfo.InvariantCulture);
                    var matchName = e.Flow == null ? position : FabricText.FlowName(position + "-", e.Flow, e.IsReturn || e.NamedForReplies ? "--reply" : "");
                    var counter = e.CountedFlow != null && e.CountedFlow != e.Flow ? FabricText.FlowName(position + "-", e.CountedFlow, "") : matchName;
                    var match = new EosMatch(matchName, family,
                        Drop: e.Action == AclAction.Deny, Log: e.Log && e.Action == AclAction.Deny, Count: e.Counted ? counter : "");
                    if (e.Counted) policy.Counters.Add(counter);
                    if (e.Sources != null) match.Conditions.Add("source prefix " + Addresses(e.Sources, family));
                    if (e.Destinations != null) match.Conditions.Add("destination prefix " + Addresses(e.Destinations, family));
                    if (e.Protocol != null) match.Conditions.Add(Protocol(e, family));
                    policy.Matches.Add(match);
                }
                return dropRest;
            }

            private string Addresses(IReadOnlyList<IpPrefix> prefixes, string family)
            {
                if (prefixes.Count == 1) return prefixes[0].ToString();
                // Keyed by the prefixes, not by their text: lists can hold thousands.
                var fieldSets = family == "ipv4" ? _fieldSets4 : _fieldSets6;
                if (!fieldSets.TryGetValue(prefixes, out var name))
                {
                    name = prefix + (family == "ipv4" ? "SET4-" : "SET6-") + (_fieldSets4.Count + _fieldSets6.Count + 1).ToString(CultureInfo.InvariantCulture);
                    fieldSets[prefixes] = name;
                    Section.FieldSets.Add(new EosFieldSet(family + " prefix", name, string.Join(" ", prefixes.Select(p => p.ToString()))));
                }
                return "field-set " + name;
            }
        }

        private static bool IsDenyAll(AclEntry e) =>
            e.Action == AclAction.Deny && e.Protocol == null && e.Sources == null && e.Destinations == null && !e.Log;

        /// <summary>"protocol tcp flags established source port 443", "protocol icmp type 8 code all", "protocol 50".</summary>
        private static string Protocol(AclEntry e, string family)
        {
            var sb = new System.Text.StringBuilder("protocol ");
            sb.Append(e.Protocol switch
            {
                ServiceMatch.Tcp => "tcp",
                ServiceMatch.Udp => "udp",
                ServiceMatch.Icmp when family == "ipv4" => "icmp",
                ServiceMatch.Icmpv6 when family == "ipv6" => "icmpv6",
                _ => e.Protocol!.Value.ToString(CultureInfo.InvariantCulture),
            });
            if (e.Established) sb.Append(" flags established");
            if (e.SourcePorts != null) sb.Append(" source port ").Append(Ports(e.SourcePorts));
            if (e.DestinationPorts != null) sb.Append(" destination port ").Append(Ports(e.DestinationPorts));
            if (e.IcmpType != null)
                sb.Append(" type ").Append(e.IcmpType.Value.ToString(CultureInfo.InvariantCulture))
                  .Append(" code ").Append(e.IcmpCode?.ToString(CultureInfo.InvariantCulture) ?? "all");
            return sb.ToString();
        }

        /// <summary>"80,443,1024-2047".</summary>
        public static string Ports(IReadOnlyList<Interval> ports) =>
            string.Join(",", ports.Select(r => r.Start == r.End ? r.Start.ToString(CultureInfo.InvariantCulture)
                : r.Start.ToString(CultureInfo.InvariantCulture) + "-" + r.End.ToString(CultureInfo.InvariantCulture)));
    }
}
