using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.State;
using PolicyLang.Semantics;
using PolicyLang.Text;

namespace PolicyLang.Emit.Aws
{
    /// <summary>
    /// Compares an AWS account's exported state with an aws target: the JSON the AWS CLI prints for
    /// <c>aws ec2 describe-security-groups</c>, <c>describe-security-group-rules</c>, <c>describe-network-acls</c> and
    /// <c>describe-network-interfaces</c>, one file each, recognised by their top-level key. policyc's groups and ACLs are
    /// known by their <c>policyc:target</c> and <c>policyc:zone</c> tags and protect their zone's addresses; every other
    /// group counts where the interfaces export shows it attached (a console-added group on a zone's instances), and every
    /// other network ACL on the subnets its associations name. Security groups are allow-only and additive per interface;
    /// a packet between two protected addresses needs the source's egress and the destination's ingress; network ACLs are
    /// evaluated by rule number.
    /// </summary>
    internal static class AwsStateVerifier
    {
        public const string Format = "the JSON of aws ec2 describe-security-groups (or describe-security-group-rules), describe-network-acls and describe-network-interfaces, one file each, in <target>/";

        private sealed class Group
        {
            public string Id = "";
            public string Name = "";
            public string? VpcId;
            public ZoneSymbol? Zone;
            public AddressRangeSet Members = AddressRangeSet.Empty;
            public StateFile File = null!;
            public int Offset;
            public bool Ours => Zone != null;
            public override string ToString() => "security group " + Id + (Name.Length > 0 ? " (" + Name + ")" : "") + (Ours ? "" : ", not policyc's");
        }

        private sealed class Rule
        {
            public Group Group = null!;
            public string Id = "";
            public bool Egress;
            public string Protocol = "-1";
            public int From = -1, To = -1;
            public string? Cidr;
            public string? ReferencedGroup;
            public string? PrefixList;
            public StateFile File = null!;
            public int Offset;
            public PacketSet Match = PacketSet.Empty;

            public override string ToString() =>
                (Egress ? "egress" : "ingress") + " rule " + (Id.Length > 0 ? Id + " " : "") + "of " + Group + ": " + Describe() + (Egress ? " to " : " from ")
                + (Cidr ?? (ReferencedGroup != null ? "group " + ReferencedGroup : PrefixList != null ? "prefix list " + PrefixList : "?"));

            private string Describe() => Protocol switch
            {
                "-1" => "all traffic",
                _ when From < 0 => "protocol " + Protocol,
                "icmp" or "icmpv6" or "1" or "58" => Protocol + " type " + From + (To >= 0 ? " code " + To : ""),
                _ => Protocol + " " + (From == To ? From.ToString(CultureInfo.InvariantCulture) : From + "-" + To),
            };
        }

        private sealed class Acl
        {
            public string Id = "";
            public ZoneSymbol? Zone;
            public List<string> Subnets = new List<string>();
            public AddressRangeSet Scope = AddressRangeSet.Empty;
            public List<(int Number, bool Egress, bool Allow, string Protocol, string? Cidr, int? From, int? To, int? Type, int? Code, int Offset)> Entries = new();
            public StateFile File = null!;
        }

        private sealed class Interface
        {
            public string Id = "";
            public string? SubnetId;
            public AddressRangeSet Addresses = AddressRangeSet.Empty;
            public List<string> Groups = new List<string>();
        }

        public static IReadOnlyList<DriftFinding> Verify(TargetContext context, IReadOnlyList<StateFile> files)
        {
            var findings = new List<DriftFinding>();
            var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
            var rules = new List<Rule>();
            var ruleFileRules = new List<Rule>();
            var acls = new List<Acl>();
            var interfaces = new List<Interface>();
            bool sawRulesFile = false;
            var vpc = context.Target.Devices.Select(d => d.Value).FirstOrDefault();
            foreach (var file in files)
            {
                try
                {
                    var root = StateJson.Parse(file.Text);
                    if (root["SecurityGroups"] is { IsArray: true } sgs) foreach (var g in sgs.Items) ReadGroup(context, file, g, groups, rules);
                    else if (root["SecurityGroupRules"] is { IsArray: true } sgrs) { sawRulesFile = true; foreach (var r in sgrs.Items) ruleFileRules.Add(ReadRule(file, r)); }
                    else if (root["NetworkAcls"] is { IsArray: true } nacls) foreach (var a in nacls.Items) acls.Add(ReadAcl(context, file, a));
                    else if (root["NetworkInterfaces"] is { IsArray: true } enis) foreach (var e in enis.Items) interfaces.Add(ReadInterface(e));
                    else throw new StateReadException(root.Offset, "expected the output of aws ec2 describe-security-groups, describe-security-group-rules, describe-network-acls or describe-network-interfaces (an object with SecurityGroups, SecurityGroupRules, NetworkAcls or NetworkInterfaces)");
                }
                catch (StateReadException e)
                {
                    findings.Add(DriftSets.Unreadable(file, e.Offset, e.Message));
                }
            }
            if (findings.Count > 0) return findings;
            if (groups.Count == 0)
                return new[] { DriftSets.Unreadable(files[0], 0, "no security groups: expected the output of aws ec2 describe-security-groups among the files") };

            // Only the target's VPC counts when the export says which VPC a group is in.
            if (vpc != null && groups.Values.Any(g => g.VpcId == vpc))
                foreach (var id in groups.Values.Where(g => g.VpcId != null && g.VpcId != vpc).Select(g => g.Id).ToList()) groups.Remove(id);
            if (sawRulesFile)
            {
                rules.Clear();
                foreach (var r in ruleFileRules)
                    if (groups.TryGetValue(r.Group.Id, out var g)) { r.Group = g; rules.Add(r); }
            }
            else rules.RemoveAll(r => !groups.ContainsKey(r.Group.Id));

            // Members: a policyc group protects its zone; any group also the interfaces that carry it.
            foreach (var eni in interfaces)
                foreach (var gid in eni.Groups)
                    if (groups.TryGetValue(gid, out var g)) g.Members = g.Members.Union(eni.Addresses);
            foreach (var g in groups.Values.Where(g => g.Ours)) g.Members = g.Members.Union(context.Addresses.Of(g.Zone!));
            foreach (var acl in acls)
            {
                if (acl.Zone != null) acl.Scope = context.Addresses.Of(acl.Zone);
                foreach (var eni in interfaces.Where(i => i.SubnetId != null && acl.Subnets.Contains(i.SubnetId!))) acl.Scope = acl.Scope.Union(eni.Addresses);
            }

            var covered = AddressRangeSet.UnionAll(context.Target.Zones.Where(z => !z.IsExternal).Select(z => context.Addresses.Of(z)));
            var protectedAddresses = AddressRangeSet.UnionAll(new[] { covered }.Concat(groups.Values.Select(g => g.Members)));
            var outside = protectedAddresses.Complement();
            var region = PacketSpace.Between(covered, AddressRangeSet.All).Union(PacketSpace.Between(AddressRangeSet.All, covered));

            PacketSet ingressMost = PacketSet.Empty, ingressLeast = PacketSet.Empty, egressMost = PacketSet.Empty, egressLeast = PacketSet.Empty;
            foreach (var r in rules)
            {
                var own = r.Group.Members;
                if (own.IsEmpty) continue;
                AddressRangeSet peerMost, peerLeast;
                if (r.Cidr != null) peerMost = peerLeast = Cidr(r.Cidr, r.File, r.Offset);
                else if (r.ReferencedGroup != null) peerMost = peerLeast = groups.TryGetValue(r.ReferencedGroup, out var rg) ? rg.Members : AddressRangeSet.Empty;
                else { peerMost = AddressRangeSet.All; peerLeast = AddressRangeSet.Empty; } // a prefix list: its entries are not in the export
                var most = Match(r, r.Egress ? own : peerMost, r.Egress ? peerMost : own);
                var least = Match(r, r.Egress ? own : peerLeast, r.Egress ? peerLeast : own);
                r.Match = most;
                if (r.Egress) { egressMost = egressMost.Union(most); egressLeast = egressLeast.Union(least); }
                else { ingressMost = ingressMost.Union(most); ingressLeast = ingressLeast.Union(least); }
            }
            PacketSet Through(PacketSet ingress, PacketSet egress) => region
                .Intersect(ingress.Union(PacketSpace.Between(AddressRangeSet.All, outside)))
                .Intersect(egress.Union(PacketSpace.Between(outside, AddressRangeSet.All)));
            var allowedMost = Through(ingressMost, egressMost);
            var allowedLeast = Through(ingressLeast, egressLeast);

            var aclDecisions = new List<(Acl Acl, int Offset, bool Allow, PacketSet Packets, string Text)>();
            foreach (var acl in acls.Where(a => !a.Scope.IsEmpty))
            {
                foreach (bool egress in new[] { false, true })
                {
                    var decided = PacketSet.Empty;
                    var allowed = PacketSet.Empty;
                    var scope = egress ? PacketSpace.Between(acl.Scope, AddressRangeSet.All) : PacketSpace.Between(AddressRangeSet.All, acl.Scope);
                    foreach (var e in acl.Entries.Where(e => e.Egress == egress).OrderBy(e => e.Number))
                    {
                        if (e.Cidr == null) continue;
                        var peer = Cidr(e.Cidr, acl.File, e.Offset);
                        bool icmp = e.Protocol is "1" or "58" or "icmp" or "icmpv6";
                        var m = (icmp
                            ? Checked(e.Offset, e.Protocol, e.Type ?? -1, e.Code ?? -1, () => AwsSemantics.Match(egress ? acl.Scope : peer, egress ? peer : acl.Scope, e.Protocol, e.Type ?? -1, e.Type == null || e.Type < 0 ? -1 : e.Code ?? -1))
                            : Checked(e.Offset, e.Protocol, e.From ?? 0, e.To ?? 65535, () => AwsSemantics.Match(egress ? acl.Scope : peer, egress ? peer : acl.Scope, e.Protocol, e.From ?? 0, e.To ?? 65535))).Except(decided);
                        if (m.IsEmpty) continue;
                        if (e.Allow) allowed = allowed.Union(m);
                        decided = decided.Union(m);
                        aclDecisions.Add((acl, e.Offset, e.Allow, m, "network ACL " + acl.Id + " " + (egress ? "egress" : "ingress") + " entry " + e.Number + " (" + (e.Allow ? "allow" : "deny") + ")"));
                    }
                    var implicitDeny = scope.Except(decided);
                    if (!implicitDeny.IsEmpty) aclDecisions.Add((acl, 0, false, implicitDeny, "network ACL " + acl.Id + " (no " + (egress ? "egress" : "ingress") + " entry matches: the final * deny)"));
                    var restrict = allowed.Union(PacketSet.All.Except(scope));
                    allowedMost = allowedMost.Intersect(restrict);
                    allowedLeast = allowedLeast.Intersect(restrict);
                }
            }

            var intent = AwsSemantics.Intent(context.Compilation, context.Target).Intersect(region);
            var preferred = DriftSets.InternalAddresses(context);
            var device = vpc ?? context.Target.Name;
            // terraform manages policyc's groups and each of their rules as resources: a rule added by hand or a group made in
            // the console is not in its state, so applying the build again leaves it.
            var planned = PlannedRules(context);
            bool Foreign(Rule r) => !r.Group.Ours || !planned.Contains(Signature(r.Group.Zone!.Name, r.Egress, r.Protocol, r.From, r.To, r.Cidr,
                r.ReferencedGroup != null && groups.TryGetValue(r.ReferencedGroup, out var rg) ? rg.Zone?.Name : null));
            StateDecision Exposed(Packet p)
            {
                var candidates = rules.Where(r => !r.Match.IsEmpty && r.Match.Contains(p)).OrderBy(r => r.Group.Ours).ThenBy(r => r.Egress).ToList();
                var r = candidates.FirstOrDefault();
                if (r == null) return new StateDecision("traffic outside the protected addresses", new TextSpan(0, 0), PacketSet.All);
                return new StateDecision(r.ToString(), Span(r.File, r.Offset), r.Match, Foreign(r));
            }
            StateDecision Dropped(Packet p)
            {
                var nacl = aclDecisions.FirstOrDefault(d => !d.Allow && d.Packets.Contains(p));
                if (nacl.Acl != null) return new StateDecision(nacl.Text, nacl.Offset > 0 ? Span(nacl.Acl.File, nacl.Offset) : new TextSpan(0, 0), nacl.Packets);
                bool inbound = protectedAddresses.Contains(p.Dst) && !ingressLeast.Contains(p);
                var side = inbound ? p.Dst : p.Src;
                var on = groups.Values.Where(g => g.Members.Contains(side)).ToList();
                var text = "no " + (inbound ? "ingress" : "egress") + " rule of " + (on.Count == 0 ? "any security group (none protects " + side + ")" : string.Join(", ", on.Select(g => g.ToString()))) + " allows it";
                var first = on.FirstOrDefault();
                return new StateDecision(text, first != null ? Span(first.File, first.Offset) : new TextSpan(0, 0),
                    inbound ? PacketSpace.Between(AddressRangeSet.All, on.Aggregate(AddressRangeSet.Empty, (a, g) => a.Union(g.Members))) : PacketSpace.Between(on.Aggregate(AddressRangeSet.Empty, (a, g) => a.Union(g.Members)), AddressRangeSet.All));
            }
            foreach (var f in DriftSets.Compare(device, "security groups and network ACLs", intent, allowedMost, allowedLeast, Exposed, Dropped, preferred, DriftSets.AllowingFlow(context)))
                findings.Add(Attach(f, files, rules, groups, aclDecisions));
            return findings;
        }

        private static string Signature(string zone, bool egress, string protocol, int from, int to, string? cidr, string? peerZone)
        {
            var p = protocol switch { "6" => "tcp", "17" => "udp", "1" => "icmp", "58" => "icmpv6", "all" => "-1", _ => protocol };
            return zone + "|" + egress + "|" + p + "|" + from + "|" + to + "|" + (cidr ?? "") + "|" + (peerZone ?? "");
        }

        /// <summary>The rules the build creates, by zone, direction, protocol, ports and peer.</summary>
        private static HashSet<string> PlannedRules(TargetContext context)
        {
            var plan = AwsPlanner.Build(context, report: false);
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var g in plan.Groups)
                foreach (var r in g.Ingress.Concat(g.Egress))
                    set.Add(Signature(g.Zone.Name, r.Egress, r.Protocol.Name, r.Protocol.From, r.Protocol.To, r.Peer.Prefix?.ToString(), r.Peer.Zone?.Name));
            return set;
        }

        /// <summary>Sets the file of a finding: the one holding the object it names.</summary>
        private static DriftFinding Attach(DriftFinding f, IReadOnlyList<StateFile> files, List<Rule> rules, Dictionary<string, Group> groups,
            List<(Acl Acl, int Offset, bool Allow, PacketSet Packets, string Text)> acls)
        {
            StateFile? file = rules.FirstOrDefault(r => f.Responsible == r.ToString())?.File
                ?? acls.FirstOrDefault(a => f.Responsible == a.Text).Acl?.File
                ?? groups.Values.FirstOrDefault(g => f.Responsible.Contains(g.ToString()))?.File;
            return f.WithFile(file ?? files[0], file != null ? f.Span : new TextSpan(0, 0));
        }

        private static PacketSet Match(Rule r, AddressRangeSet src, AddressRangeSet dst)
        {
            if (src.IsEmpty || dst.IsEmpty) return PacketSet.Empty;
            return Checked(r.Offset, r.Protocol, r.From, r.To, () => AwsSemantics.Match(src, dst, r.Protocol, r.From, r.To));
        }

        /// <summary>A rule's or entry's protocol and port range, checked as AWS checks them, so a bad export is an error at its position.</summary>
        private static PacketSet Checked(int offset, string protocol, int from, int to, Func<PacketSet> match)
        {
            bool ports = protocol is "tcp" or "udp" or "6" or "17";
            if (ports && from >= 0 && to >= 0 && to < from)
                throw new StateReadException(offset, "a port range from " + from + " to " + to + ": the end precedes the start");
            if (protocol is "icmp" or "icmpv6" or "1" or "58" && (from > 255 || to > 255))
                throw new StateReadException(offset, "an ICMP type or code above 255");
            try
            {
                return match();
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                throw new StateReadException(offset, "unexpected protocol or ports: '" + protocol + "' " + from + "-" + to);
            }
        }

        private static AddressRangeSet Cidr(string text, StateFile file, int offset)
        {
            if (!IpPrefix.TryParse(text, out var p)) throw new StateReadException(offset, "expected a CIDR, found '" + text + "'");
            var set = AddressRangeSet.FromPrefix(p);
            // An IPv6 CIDR never matches IPv4 packets, even ::/0.
            return text.IndexOf(':') >= 0 ? set.Intersect(PacketSpace.IPv6) : set;
        }

        private static TextSpan Span(StateFile file, int offset) => DriftSets.JsonObjectSpan(file, offset);

        private static string? Tag(JsonNode o, string key) =>
            o["Tags"]?.Items.FirstOrDefault(t => t.String("Key") == key)?.String("Value");

        private static ZoneSymbol? OurZone(TargetContext context, JsonNode o)
        {
            if (Tag(o, "policyc:target") != context.Target.Name) return null;
            var zone = Tag(o, "policyc:zone");
            return context.Target.Zones.FirstOrDefault(z => z.Name == zone);
        }

        private static string Required(JsonNode o, string key) =>
            o.String(key) ?? throw new StateReadException(o.Offset, "expected \"" + key + "\"");

        private static int Port(JsonNode o, string key)
        {
            var n = o[key];
            if (n == null) return -1;
            return n.AsInteger() is long v && v >= -1 && v <= 65535 ? (int)v : throw new StateReadException(n.Offset, "expected a port or -1 for " + key + ", found " + n);
        }

        private static void ReadGroup(TargetContext context, StateFile file, JsonNode g, Dictionary<string, Group> groups, List<Rule> rules)
        {
            var group = new Group { Id = Required(g, "GroupId"), Name = g.String("GroupName") ?? "", VpcId = g.String("VpcId"), Zone = OurZone(context, g), File = file, Offset = g.Offset };
            groups[group.Id] = group;
            foreach (var (key, egress) in new[] { ("IpPermissions", false), ("IpPermissionsEgress", true) })
            {
                foreach (var perm in g[key]?.Items ?? Array.Empty<JsonNode>())
                {
                    var protocol = perm.String("IpProtocol") ?? "-1";
                    int from = Port(perm, "FromPort"), to = Port(perm, "ToPort");
                    void Add(string? cidr, string? referenced, string? prefixList, JsonNode at) =>
                        rules.Add(new Rule { Group = group, Egress = egress, Protocol = protocol, From = from, To = to, Cidr = cidr, ReferencedGroup = referenced, PrefixList = prefixList, File = file, Offset = at.Offset });
                    foreach (var r in perm["IpRanges"]?.Items ?? Array.Empty<JsonNode>()) Add(Required(r, "CidrIp"), null, null, r);
                    foreach (var r in perm["Ipv6Ranges"]?.Items ?? Array.Empty<JsonNode>()) Add(Required(r, "CidrIpv6"), null, null, r);
                    foreach (var r in perm["UserIdGroupPairs"]?.Items ?? Array.Empty<JsonNode>()) Add(null, Required(r, "GroupId"), null, r);
                    foreach (var r in perm["PrefixListIds"]?.Items ?? Array.Empty<JsonNode>()) Add(null, null, Required(r, "PrefixListId"), r);
                }
            }
        }

        private static Rule ReadRule(StateFile file, JsonNode r) => new Rule
        {
            Group = new Group { Id = Required(r, "GroupId") },
            Id = r.String("SecurityGroupRuleId") ?? "",
            Egress = r["IsEgress"]?.Kind == JsonKind.True,
            Protocol = r.String("IpProtocol") ?? "-1",
            From = Port(r, "FromPort"),
            To = Port(r, "ToPort"),
            Cidr = r.String("CidrIpv4") ?? r.String("CidrIpv6"),
            ReferencedGroup = r["ReferencedGroupInfo"]?.String("GroupId"),
            PrefixList = r.String("PrefixListId"),
            File = file,
            Offset = r.Offset,
        };

        private static Acl ReadAcl(TargetContext context, StateFile file, JsonNode a)
        {
            var acl = new Acl { Id = Required(a, "NetworkAclId"), Zone = OurZone(context, a), File = file };
            foreach (var s in a["Associations"]?.Items ?? Array.Empty<JsonNode>()) if (s.String("SubnetId") is string id) acl.Subnets.Add(id);
            foreach (var e in a["Entries"]?.Items ?? Array.Empty<JsonNode>())
            {
                // 1 to 32766 are the rules one adds; 32767 (IPv4) and 32768 (IPv6) are the '*' rules every ACL ends with, which
                // describe-network-acls lists too.
                int number = e.Integer("RuleNumber") is long n && n >= 1 && n <= 32768 ? (int)n : throw new StateReadException(e.Offset, "expected a RuleNumber from 1 to 32768");
                var action = e.String("RuleAction");
                if (action != "allow" && action != "deny") throw new StateReadException(e.Offset, "expected RuleAction allow or deny, found '" + action + "'");
                var ports = e["PortRange"];
                var icmp = e["IcmpTypeCode"];
                acl.Entries.Add((number, e["Egress"]?.Kind == JsonKind.True, action == "allow", e.String("Protocol") ?? "-1", e.String("CidrBlock") ?? e.String("Ipv6CidrBlock"),
                    (int?)ports?.Integer("From"), (int?)ports?.Integer("To"), (int?)icmp?.Integer("Type"), (int?)icmp?.Integer("Code"), e.Offset));
            }
            return acl;
        }

        private static Interface ReadInterface(JsonNode e)
        {
            var eni = new Interface { Id = e.String("NetworkInterfaceId") ?? "", SubnetId = e.String("SubnetId") };
            void Add(string? text, JsonNode at)
            {
                if (text == null) return;
                if (!IpAddress128.TryParse(text, out var a)) throw new StateReadException(at.Offset, "expected an address, found '" + text + "'");
                eni.Addresses = eni.Addresses.Union(AddressRangeSet.FromAddress(a));
            }
            Add(e.String("PrivateIpAddress"), e);
            foreach (var p in e["PrivateIpAddresses"]?.Items ?? Array.Empty<JsonNode>()) Add(p.String("PrivateIpAddress"), p);
            foreach (var p in e["Ipv6Addresses"]?.Items ?? Array.Empty<JsonNode>()) Add(p.String("Ipv6Address"), p);
            foreach (var g in e["Groups"]?.Items ?? Array.Empty<JsonNode>()) if (g.String("GroupId") is string id) eni.Groups.Add(id);
            return eni;
        }
    }
}
