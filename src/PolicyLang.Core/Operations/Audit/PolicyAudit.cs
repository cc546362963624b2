using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Operations.Audit
{
    /// <summary>Traffic of one flow of the policy in the logs.</summary>
    public sealed class FlowUse(FlowRule flow)
    {
        public FlowRule Flow { get; } = flow;

        /// <summary>Records in the window that this flow decides.</summary>
        public long Records { get; internal set; }
        public long Bytes { get; internal set; }

        /// <summary>The latest record time this flow decided, in the window or before it (null: never seen, or no times in the logs).</summary>
        public long? LastSeen { get; internal set; }
        public FlowRecord? Witness { get; internal set; }
    }

    /// <summary>What a group of records has in common: the verdicts of the policy and of the log.</summary>
    public enum TrafficKind
    {
        /// <summary>The policy denies it (a deny flow or the default) and the log says it was dropped, or does not say: a dependency the policy may be missing.</summary>
        Denied,

        /// <summary>The policy denies it, yet the log says it passed: the network is more open than the intent.</summary>
        DeniedButPassed,

        /// <summary>The policy allows it, yet the log says it was dropped: an outage, or enforcement that drifted.</summary>
        AllowedButDropped,

        /// <summary>An address of the record belongs to no zone of the policy.</summary>
        Unowned,

        /// <summary>Allowed traffic whose DSCP differs from its flow's class.</summary>
        DscpMismatch,
    }

    /// <summary>Records grouped by kind, zone pair and service, with their volume and one witness.</summary>
    public sealed class TrafficGroup(TrafficKind kind, string source, string destination, string service, FlowRule? decidedBy, FlowRecord witness)
    {
        public TrafficKind Kind { get; } = kind;

        /// <summary>"zone.segment" where a segment of the zone holds the address, else "zone"; "(no zone)" (with the address, for
        /// <see cref="TrafficKind.Unowned"/>) where no zone owns it.</summary>
        public string Source { get; } = source;
        public string Destination { get; } = destination;

        /// <summary>"tcp/443", "udp/53", "icmp", "proto 50".</summary>
        public string Service { get; } = service;

        /// <summary>The flow that decides the traffic (null: the default action).</summary>
        public FlowRule? DecidedBy { get; } = decidedBy;
        public FlowRecord Witness { get; } = witness;
        public long Records { get; internal set; }
        public long Bytes { get; internal set; }

        /// <summary>For <see cref="TrafficKind.DscpMismatch"/>: the DSCP seen and the class's.</summary>
        public int SeenDscp { get; internal set; } = -1;
        public int ExpectedDscp { get; internal set; } = -1;
    }

    /// <summary>The result of an audit: counts, flow use, grouped traffic, malformed records.</summary>
    public sealed class AuditReport
    {
        public long Records { get; internal set; }

        /// <summary>Records outside --since/--until (they still count for a flow's last time seen).</summary>
        public long OutsideWindow { get; internal set; }

        /// <summary>Records in the window without a time (dmesg, conntrack -L): counted, they just say nothing about when.</summary>
        public long Untimed { get; internal set; }
        public long Skipped { get; internal set; }
        public long MalformedCount { get; internal set; }

        /// <summary>The first malformed records (at most <see cref="PolicyAudit.MaxMalformedListed"/>).</summary>
        public List<MalformedRecord> Malformed { get; } = new List<MalformedRecord>();
        public long? First { get; internal set; }
        public long? Last { get; internal set; }

        /// <summary>Every flow of the policy, in declaration order.</summary>
        public List<FlowUse> Flows { get; } = new List<FlowUse>();

        /// <summary>Allow flows that decided no record in the window: candidates to remove.</summary>
        public IEnumerable<FlowUse> Unused => Flows.Where(f => f.Flow.Action == FlowAction.Allow && f.Records == 0);

        /// <summary>Groups, each kind ranked by bytes then records.</summary>
        public List<TrafficGroup> Groups { get; } = new List<TrafficGroup>();

        /// <summary>Records whose groups did not fit under <see cref="PolicyAudit.MaxGroups"/> (a scan of every port, say).</summary>
        public long Ungrouped { get; internal set; }

        public IEnumerable<TrafficGroup> Of(TrafficKind kind) => Groups.Where(g => g.Kind == kind);
    }

    /// <summary>
    /// Maps flow-log records onto the policy: the zones of their addresses, the flow that decides their first packet
    /// (<see cref="Analysis.FlowSpace.Evaluate"/>, the same semantics as build and verify), and what the log says the
    /// network did. Records are added one at a time and only aggregates are kept, so memory does not grow with the logs:
    /// per flow a counter, per group (kind, zone pair, service) a counter and a witness, both bounded.
    /// </summary>
    public sealed class PolicyAudit
    {
        public const int MaxMalformedListed = 100;
        public const int MaxGroups = 100_000;
        private const int MaxCache = 1 << 18;

        private readonly PolicyCompilation _compilation;

        /// <summary>Whether a flow names source ports: only then does a record's source port take part in the decision.</summary>
        private readonly bool _sourcePorts;
        private readonly int[] _otherSourcePorts = System.Array.Empty<int>();
        private readonly long? _since;
        private readonly long? _until;
        private readonly AuditReport _report = new AuditReport();
        private readonly Dictionary<FlowRule, FlowUse> _flows = new Dictionary<FlowRule, FlowUse>();
        private readonly Dictionary<(TrafficKind, string, string, string, int), TrafficGroup> _groups = new Dictionary<(TrafficKind, string, string, string, int), TrafficGroup>();
        private readonly Dictionary<Packet, (FlowAction Verdict, FlowRule? DecidedBy)> _decisions = new Dictionary<Packet, (FlowAction, FlowRule?)>();

        /// <param name="since">Unix seconds: records that start earlier are outside the window.</param>
        /// <param name="until">Unix seconds: records that start at or after it are outside the window.</param>
        public PolicyAudit(PolicyCompilation compilation, long? since = null, long? until = null)
        {
            _compilation = compilation;
            _sourcePorts = compilation.Model.Flows.Any(f => f.Services.Any(x => x.HasSourcePorts));
            // The source ports that may decide a packet: an ephemeral one and the first of each source-port range a flow names.
            if (_sourcePorts)
                _otherSourcePorts = new[] { (int)Packet.EphemeralPort }.Concat(compilation.Model.Flows.SelectMany(f => f.Services)
                    .Where(x => x.HasSourcePorts).SelectMany(x => x.SourcePorts!).Select(r => (int)r.Start)).Distinct().Take(64).ToArray();
            _since = since;
            _until = until;
            foreach (var f in compilation.Model.Flows)
            {
                var use = new FlowUse(f);
                _flows[f] = use;
                _report.Flows.Add(use);
            }
        }

        public void Malformed(MalformedRecord record)
        {
            _report.MalformedCount++;
            if (_report.Malformed.Count < MaxMalformedListed) _report.Malformed.Add(record);
        }

        public void Add(FlowRecord r)
        {
            _report.Records++;
            var packet = r.ToPacket(_sourcePorts);
            if (!_decisions.TryGetValue(packet, out var decision))
            {
                if (_decisions.Count >= MaxCache) _decisions.Clear();
                decision = _compilation.Flows.Evaluate(packet);
                _decisions[packet] = decision;
            }
            bool inWindow = r.Time == null || ((_since == null || r.Time >= _since) && (_until == null || r.Time < _until));
            if (decision.DecidedBy != null && r.Time is long seen)
            {
                var use = _flows[decision.DecidedBy];
                if (use.LastSeen == null || seen > use.LastSeen) use.LastSeen = seen;
            }
            if (!inWindow)
            {
                _report.OutsideWindow++;
                return;
            }
            if (r.Time == null) _report.Untimed++;
            else
            {
                if (_report.First == null || r.Time < _report.First) _report.First = r.Time;
                if (_report.Last == null || r.Time > _report.Last) _report.Last = r.Time;
            }
            if (decision.DecidedBy != null)
            {
                var use = _flows[decision.DecidedBy];
                use.Records++;
                use.Bytes += r.Bytes;
                use.Witness ??= r;
            }

            var addresses = _compilation.Addresses;
            var sourceZone = addresses.ZoneOf(r.Source);
            var destinationZone = addresses.ZoneOf(r.Destination);
            string service = Service(r);
            if (_sourcePorts && decision.Verdict == FlowAction.Deny && r.SourcePort >= 0 && r.DestinationPort >= 0
                && r.Protocol is Packet.Tcp or Packet.Udp or Packet.Sctp)
            {
                // Denied for its source port (the same packet from another source port is allowed): the group and a suggestion
                // name the port, so that "allow … : tcp/22" does not open the service from every source port.
                foreach (var port in _otherSourcePorts)
                {
                    if (port == r.SourcePort) continue;
                    var other = new Packet(packet.Src, packet.Dst, packet.Protocol, packet.DstPort, packet.IcmpType, packet.IcmpCode, (ushort)port);
                    if (!_decisions.TryGetValue(other, out var usual))
                    {
                        if (_decisions.Count >= MaxCache) _decisions.Clear();
                        _decisions[other] = usual = _compilation.Flows.Evaluate(other);
                    }
                    if (usual.Verdict != FlowAction.Allow) continue;
                    service = service.Substring(0, service.IndexOf('/') + 1) + r.SourcePort.ToString(CultureInfo.InvariantCulture) + " -> "
                        + r.DestinationPort.ToString(CultureInfo.InvariantCulture);
                    break;
                }
            }
            if (sourceZone == null || destinationZone == null)
                Group(TrafficKind.Unowned, sourceZone == null ? "(no zone) " + r.Source : sourceZone.Name,
                    destinationZone == null ? "(no zone) " + r.Destination : destinationZone.Name, service, decision.DecidedBy, r);

            var src = Name(sourceZone, r.Source);
            var dst = Name(destinationZone, r.Destination);

            if (decision.Verdict == FlowAction.Deny)
                Group(r.Verdict == RecordVerdict.Accepted ? TrafficKind.DeniedButPassed : TrafficKind.Denied, src, dst, service, decision.DecidedBy, r);
            else if (r.Verdict == RecordVerdict.Rejected)
                Group(TrafficKind.AllowedButDropped, src, dst, service, decision.DecidedBy, r);
            else if (r.Dscp >= 0 && decision.DecidedBy?.Class?.Dscp is { } dscp && dscp.Value != r.Dscp)
            {
                var g = Group(TrafficKind.DscpMismatch, src, dst, service, decision.DecidedBy, r, r.Dscp);
                if (g != null)
                {
                    g.SeenDscp = r.Dscp;
                    g.ExpectedDscp = dscp.Value;
                }
            }
        }

        /// <summary>"zone.segment" where a segment of the zone holds the address, else "zone"; "(no zone)" when no zone owns it.</summary>
        private string Name(ZoneSymbol? zone, IpAddress128 address)
        {
            if (zone == null) return "(no zone)";
            foreach (var s in zone.Segments)
                if (_compilation.Addresses.Of(s).Contains(address)) return s.QualifiedName;
            return zone.Name;
        }

        /// <summary>"tcp/443", "udp/53", "icmp type 8", "proto 50".</summary>
        public static string Service(FlowRecord r) => r.Protocol switch
        {
            Packet.Tcp when r.DestinationPort >= 0 => "tcp/" + r.DestinationPort.ToString(CultureInfo.InvariantCulture),
            Packet.Udp when r.DestinationPort >= 0 => "udp/" + r.DestinationPort.ToString(CultureInfo.InvariantCulture),
            Packet.Sctp when r.DestinationPort >= 0 => "sctp/" + r.DestinationPort.ToString(CultureInfo.InvariantCulture),
            Packet.Tcp => "tcp",
            Packet.Udp => "udp",
            Packet.Icmp => r.IcmpType >= 0 ? "icmp type " + r.IcmpType.ToString(CultureInfo.InvariantCulture) : "icmp",
            Packet.IcmpV6 => r.IcmpType >= 0 ? "icmpv6 type " + r.IcmpType.ToString(CultureInfo.InvariantCulture) : "icmpv6",
            _ => "proto " + r.Protocol.ToString(CultureInfo.InvariantCulture),
        };

        private TrafficGroup? Group(TrafficKind kind, string source, string destination, string service, FlowRule? decidedBy, FlowRecord r, int dscp = -1)
        {
            var key = (kind, source, destination, service, dscp);
            if (!_groups.TryGetValue(key, out var g))
            {
                if (_groups.Count >= MaxGroups)
                {
                    _report.Ungrouped++;
                    return null;
                }
                g = new TrafficGroup(kind, source, destination, service, decidedBy, r);
                _groups[key] = g;
            }
            g.Records++;
            g.Bytes += r.Bytes;
            return g;
        }

        /// <summary>The report; groups ranked by kind, then bytes, records and names (stable: the same logs give the same report).</summary>
        public AuditReport Finish(long skipped = 0)
        {
            _report.Skipped = skipped;
            _report.Groups.Clear();
            _report.Groups.AddRange(_groups.Values
                .OrderBy(g => g.Kind)
                .ThenByDescending(g => g.Bytes).ThenByDescending(g => g.Records)
                .ThenBy(g => g.Source, StringComparer.Ordinal).ThenBy(g => g.Destination, StringComparer.Ordinal).ThenBy(g => g.Service, StringComparer.Ordinal)
                .ThenBy(g => g.SeenDscp));
            return _report;
        }
    }
}
