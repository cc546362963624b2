using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Aws
{
    /// <summary>
    /// The security groups and network ACLs of one aws target, before any syntax: what both the Terraform and the
    /// CloudFormation output lay out, and what the quota checks count. Built once per target by <see cref="AwsPlanner"/>.
    /// </summary>
    public sealed class AwsPlan
    {
        public string VpcId { get; set; } = "";

        /// <summary>S3 bucket ARN of the VPC flow log ('option flow-logs'); null: no flow log.</summary>
        public string? FlowLogDestination { get; set; }

        /// <summary>The flows with 'log' that the flow log records.</summary>
        public List<FlowRule> LoggedFlows { get; } = new List<FlowRule>();
        public List<AwsGroup> Groups { get; } = new List<AwsGroup>();
        public List<AwsNetworkAcl> NetworkAcls { get; } = new List<AwsNetworkAcl>();
    }

    /// <summary>Where a rule's traffic comes from (ingress) or goes to (egress): a CIDR, or the primary group of a covered zone.</summary>
    public readonly struct AwsPeer : System.IEquatable<AwsPeer>
    {
        private AwsPeer(IpPrefix? prefix, ZoneSymbol? zone)
        {
            Prefix = prefix;
            Zone = zone;
        }

        public static AwsPeer Cidr(IpPrefix prefix) => new AwsPeer(prefix, null);
        public static AwsPeer Group(ZoneSymbol zone) => new AwsPeer(null, zone);

        public IpPrefix? Prefix { get; }
        public ZoneSymbol? Zone { get; }
        public bool IsGroup => Zone != null;
        public bool IsIPv4 => Prefix is IpPrefix p && p.IsIPv4;
        public bool IsIPv6 => Prefix is IpPrefix p && !p.IsIPv4;

        // Nullable.Equals compares without boxing (object.Equals boxed both prefixes on every dictionary probe).
        public bool Equals(AwsPeer other) => System.Nullable.Equals(Prefix, other.Prefix) && ReferenceEquals(Zone, other.Zone);
        public override bool Equals(object? obj) => obj is AwsPeer p && Equals(p);
        public override int GetHashCode() => (Prefix?.GetHashCode() ?? 0) ^ (Zone?.GetHashCode() ?? 0);
        public override string ToString() => Zone != null ? "group of zone " + Zone.Name : Prefix!.Value.ToString();
    }

    /// <summary>
    /// A protocol match as security groups and network ACLs write it: "-1" (all), "tcp", "udp", "icmp", "icmpv6" or a
    /// protocol number. For tcp and udp From/To are the port range; for icmp and icmpv6 they are type and code (-1: any).
    /// </summary>
    public readonly struct AwsProtocol(string name, int number, int from, int to) : System.IEquatable<AwsProtocol>
    {
        public string Name { get; } = name;

        /// <summary>IP protocol number; -1 for all.</summary>
        public int Number { get; } = number;
        public int From { get; } = from;
        public int To { get; } = to;
        public bool HasPorts => Number == ServiceMatch.Tcp || Number == ServiceMatch.Udp;
        public bool IsIcmp => Number == ServiceMatch.Icmp || Number == ServiceMatch.Icmpv6;
        public bool IsAll => Number == -1;

        public bool Equals(AwsProtocol other) => Number == other.Number && From == other.From && To == other.To;
        public override bool Equals(object? obj) => obj is AwsProtocol p && Equals(p);
        public override int GetHashCode() => (Number * 397) ^ (From * 31) ^ To;

        public override string ToString()
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            if (IsAll) return "all traffic";
            if (HasPorts) return Name + " " + (From == To ? From.ToString(inv) : From.ToString(inv) + "-" + To.ToString(inv));
            if (IsIcmp) return Name + (From < 0 ? "" : " type " + From.ToString(inv) + (To < 0 ? "" : " code " + To.ToString(inv)));
            return "protocol " + Name;
        }
    }

    public sealed class AwsGroup
    {
        public ZoneSymbol Zone { get; set; } = null!;

        /// <summary>1 for the zone's primary group, 2.. for the groups a split adds.</summary>
        public int Part { get; set; } = 1;

        /// <summary>Terraform resource label and CloudFormation logical id stem: letters, digits and '_'.</summary>
        public string Key { get; set; } = "";

        /// <summary>The GroupName: AWS's description alphabet, at most 255 characters.</summary>
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";

        /// <summary>Why the zone has more than one group; empty for an unsplit zone.</summary>
        public string SplitNote { get; set; } = "";
        public List<AwsRule> Ingress { get; } = new List<AwsRule>();
        public List<AwsRule> Egress { get; } = new List<AwsRule>();
    }

    public sealed class AwsRule(bool egress, AwsProtocol protocol, AwsPeer peer)
    {
        public bool Egress { get; } = egress;
        public AwsProtocol Protocol { get; } = protocol;
        public AwsPeer Peer { get; } = peer;

        /// <summary>The flows the rule serves, in flow order; the first is where quota diagnostics point; empty for the rules of a 'default allow' policy.</summary>
        public List<FlowRule> Flows => _flows ??= _only != null ? new List<FlowRule>(1) { _only } : new List<FlowRule>();

        private List<FlowRule>? _flows;
        private FlowRule? _only;

        /// <summary>
        /// The one flow of a rule planned only to be checked (<see cref="Flows"/> then holds it alone), kept without a list until
        /// one is asked for: a check of the 100,000-line policy plans about 400,000 rules, and a list with its array for each
        /// was 35 MB.
        /// </summary>
        internal void SetOnlyFlow(FlowRule flow)
        {
            _flows = null;
            _only = flow;
        }

        /// <summary>Puts <see cref="Flows"/> in flow order.</summary>
        internal void SortFlows()
        {
            if (_flows != null && _flows.Count > 1) _flows.Sort((a, b) => a.Index.CompareTo(b.Index));
        }

        /// <summary>Set by the planner: the rule's resource label / logical id and description.</summary>
        public string Key { get; set; } = "";
        public string Description { get; set; } = "";

        /// <summary>Counts toward the IPv4 (and, for a group reference, also the IPv6) rule quota.</summary>
        public bool CountsIPv4 => !Peer.IsIPv6;
        public bool CountsIPv6 => !Peer.IsIPv4;
    }

    /// <summary>A network ACL for one covered zone's subnets: the zone's deny entries, then allow-all per family.</summary>
    public sealed class AwsNetworkAcl
    {
        public ZoneSymbol Zone { get; set; } = null!;
        public string Key { get; set; } = "";
        public string Name { get; set; } = "";
        public List<AwsAclEntry> Entries { get; } = new List<AwsAclEntry>();
    }

    public sealed class AwsAclEntry
    {
        public int RuleNumber { get; set; }
        public bool Egress { get; set; }
        public bool Allow { get; set; }
        public AwsProtocol Protocol { get; set; }
        public IpPrefix Cidr { get; set; }
        public FlowRule? Flow { get; set; }
        public string Key { get; set; } = "";
        public string Comment { get; set; } = "";

        /// <summary>A deny that takes a wide security group peer (0.0.0.0/0, ::/0 less the zone) back to what <see cref="Flow"/> reaches.</summary>
        public bool Wide { get; set; }
    }
}
