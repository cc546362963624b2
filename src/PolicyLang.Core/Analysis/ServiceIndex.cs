using PolicyLang.Semantics;

namespace PolicyLang.Analysis
{
    /// <summary>
    /// The flows of one zone pair, indexed by what their services can match, so that the flows a service list may
    /// overlap are found without looking at every flow: 'any' services meet everything, a whole protocol (tcp, icmp
    /// echo-request, proto 47) meets that protocol, and port ranges are kept sorted by start with the running
    /// maximum of their ends, so a query walks only the ranges that can reach it. A policy of thousands of flows on
    /// distinct ports is then checked in near-linear time.
    /// </summary>
    internal sealed class ServiceIndex
    {
        private readonly List<FlowRule> _wild = new List<FlowRule>();
        private readonly Dictionary<int, List<FlowRule>> _wholeProtocol = new Dictionary<int, List<FlowRule>>();
        private readonly Dictionary<int, PortRanges> _ports = new Dictionary<int, PortRanges>();

        public ServiceIndex(IEnumerable<FlowRule> flows)
        {
            foreach (var flow in flows)
            {
                foreach (var s in flow.Services)
                {
                    if (s.Protocol is not int p) { _wild.Add(flow); continue; }
                    if (s.Ports == null || s.Ports.Count == 0)
                    {
                        if (!_wholeProtocol.TryGetValue(p, out var list)) _wholeProtocol[p] = list = new List<FlowRule>();
                        list.Add(flow);
                        continue;
                    }
                    if (!_ports.TryGetValue(p, out var ranges)) _ports[p] = ranges = new PortRanges();
                    foreach (var r in s.Ports) ranges.Add(r.Start, r.End, flow);
                }
            }
            foreach (var r in _ports.Values) r.Seal();
        }

        /// <summary>Flows with a service that may share a packet with one of <paramref name="services"/>, each once, in file order.</summary>
        public List<FlowRule> Overlapping(IReadOnlyList<ServiceMatch> services)
        {
            var found = new HashSet<FlowRule>();
            foreach (var f in _wild) found.Add(f);
            foreach (var s in services)
            {
                if (s.Protocol is not int p)
                {
                    foreach (var l in _wholeProtocol.Values) found.UnionWith(l);
                    foreach (var r in _ports.Values) r.All(found);
                    continue;
                }
                if (_wholeProtocol.TryGetValue(p, out var whole)) found.UnionWith(whole);
                if (!_ports.TryGetValue(p, out var ranges)) continue;
                if (s.Ports == null || s.Ports.Count == 0) ranges.All(found);
                else foreach (var r in s.Ports) ranges.Query(r.Start, r.End, found);
            }
            var result = new List<FlowRule>(found);
            result.Sort((a, b) => a.Index.CompareTo(b.Index));
            return result;
        }

        private sealed class PortRanges
        {
            private readonly List<(ulong Start, ulong End, FlowRule Flow)> _items = new List<(ulong, ulong, FlowRule)>();
            private ulong[] _maxEnd = Array.Empty<ulong>();

            public void Add(ulong start, ulong end, FlowRule flow) => _items.Add((start, end, flow));

            public void Seal()
            {
                _items.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Flow.Index.CompareTo(b.Flow.Index));
                _maxEnd = new ulong[_items.Count];
                ulong max = 0;
                for (int i = 0; i < _items.Count; i++) _maxEnd[i] = max = Math.Max(max, _items[i].End);
            }

            public void All(HashSet<FlowRule> found)
            {
                foreach (var i in _items) found.Add(i.Flow);
            }

            /// <summary>Every range that meets [start, end]: those starting at or before end, walked back while one may still reach start.</summary>
            public void Query(ulong start, ulong end, HashSet<FlowRule> found)
            {
                int lo = 0, hi = _items.Count;
                while (lo < hi)
                {
                    int mid = (lo + hi) / 2;
                    if (_items[mid].Start <= end) lo = mid + 1; else hi = mid;
                }
                for (int i = lo - 1; i >= 0 && _maxEnd[i] >= start; i--)
                    if (_items[i].End >= start) found.Add(_items[i].Flow);
            }
        }
    }
}
