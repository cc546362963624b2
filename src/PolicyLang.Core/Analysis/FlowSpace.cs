using System.Collections.Generic;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Analysis
{
    /// <summary>
    /// The header space of every flow, and the policy's verdict on any packet: deny overrides allow, and traffic no
    /// flow matches gets the default action. Declaration order never matters. Flows are grouped by the zones of their
    /// endpoints: zone address sets are disjoint, so only flows in the same group (or with an 'any' endpoint) can overlap.
    /// </summary>
    public sealed class FlowSpace
    {
        private readonly Dictionary<FlowRule, PacketSet> _sets = new Dictionary<FlowRule, PacketSet>();
        private readonly Dictionary<(ZoneSymbol?, ZoneSymbol?), List<FlowRule>> _groups = new Dictionary<(ZoneSymbol?, ZoneSymbol?), List<FlowRule>>();
        private PacketSet? _allowed;

        public FlowSpace(PolicyModel model, AddressOwnership addresses)
        {
            Model = model;
            Addresses = addresses;
            foreach (var flow in model.Flows)
            {
                _sets[flow] = Match(flow.Source, flow.Destination, flow.Services);
                var key = (flow.Source.Zone, flow.Destination.Zone);
                if (!_groups.TryGetValue(key, out var list)) _groups[key] = list = new List<FlowRule>();
                list.Add(flow);
            }
        }

        public PolicyModel Model { get; }
        public AddressOwnership Addresses { get; }

        /// <summary>The packets a flow matches.</summary>
        public PacketSet Of(FlowRule flow) => _sets[flow];

        /// <summary>Packets between two endpoints on any of the services (null: every service).</summary>
        public PacketSet Match(Endpoint source, Endpoint destination, IReadOnlyList<ServiceMatch>? services)
        {
            var src = Addresses.Of(source);
            var dst = Addresses.Of(destination);
            if (services == null) return PacketSpace.Between(src, dst);
            return PacketSet.UnionAll(services.Select(s => s.ToPacketSet(src, dst)));
        }

        /// <summary>Flows that may overlap a flow: same endpoint zones, or 'any' on either side.</summary>
        public IEnumerable<FlowRule> Neighbours(FlowRule flow)
        {
            var sources = flow.Source.Zone == null ? _groups.Keys.Select(k => k.Item1).Distinct().ToList() : new List<ZoneSymbol?> { flow.Source.Zone, null };
            var destinations = flow.Destination.Zone == null ? _groups.Keys.Select(k => k.Item2).Distinct().ToList() : new List<ZoneSymbol?> { flow.Destination.Zone, null };
            var seen = new HashSet<FlowRule>();
            foreach (var s in sources)
                foreach (var d in destinations)
                    if (_groups.TryGetValue((s, d), out var list))
                        foreach (var f in list)
                            if (seen.Add(f)) yield return f;
        }

        /// <summary>Every packet the policy allows.</summary>
        public PacketSet Allowed => _allowed ??= ComputeAllowed();

        private PacketSet ComputeAllowed()
        {
            var denied = PacketSet.UnionAll(Model.Flows.Where(f => f.Action == FlowAction.Deny).Select(Of));
            var allowed = Model.DefaultAction == FlowAction.Allow
                ? PacketSet.All
                : PacketSet.UnionAll(Model.Flows.Where(f => f.Action == FlowAction.Allow).Select(Of));
            return allowed.Except(denied);
        }

        /// <summary>The verdict for one packet, and the flow that decides it (null: the default action).</summary>
        public (FlowAction Verdict, FlowRule? DecidedBy) Evaluate(Packet packet)
        {
            FlowRule? allow = null;
            foreach (var f in Model.Flows)
            {
                if (!_sets[f].Contains(packet)) continue;
                if (f.Action == FlowAction.Deny) return (FlowAction.Deny, f);
                allow ??= f;
            }
            return allow != null ? (FlowAction.Allow, allow) : (Model.DefaultAction, null);
        }

        /// <summary>The first allow flow (in file order) that admits a packet the denies leave alone.</summary>
        public FlowRule? AllowingFlow(Packet packet)
        {
            var (verdict, by) = Evaluate(packet);
            return verdict == FlowAction.Allow ? by : null;
        }
    }
}
