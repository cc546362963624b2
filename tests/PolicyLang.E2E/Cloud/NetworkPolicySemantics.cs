using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using k8s.Models;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.TestSupport.Cloud;

namespace PolicyLang.E2E.Cloud
{
    /// <summary>A pod of the evaluated world: its namespace, labels and the addresses it may have.</summary>
    public sealed record WorldPod(string Name, string Namespace, IReadOnlyDictionary<string, string> Labels, AddressRangeSet Addresses);

    /// <summary>
    /// Kubernetes NetworkPolicy semantics, with AdminNetworkPolicy in front: which packets from a source to a destination
    /// are allowed. A pod is isolated in a direction once a NetworkPolicy of its namespace selects it with that policy type;
    /// then only the union of those policies' rules admits traffic. Peers in one entry are AND-ed (namespaceSelector and
    /// podSelector), entries are OR-ed; ipBlock matches addresses minus except. A packet between two pods needs the
    /// source's egress and the destination's ingress; a packet with one end outside the pods needs that end's side only.
    /// AdminNetworkPolicy rules of the pod's subjects come first, by priority then rule order: Allow and Deny decide, Pass
    /// hands over to the NetworkPolicies.
    /// </summary>
    public sealed class NetworkPolicySemantics
    {
        private readonly IReadOnlyList<WorldPod> _pods;
        private readonly IReadOnlyList<V1NetworkPolicy> _policies;
        private readonly IReadOnlyList<AdminNetworkPolicy> _admin;

        public NetworkPolicySemantics(IReadOnlyList<WorldPod> pods, IReadOnlyList<V1NetworkPolicy> policies, IReadOnlyList<AdminNetworkPolicy> admin)
        {
            _pods = pods;
            _policies = policies;
            _admin = admin;
        }

        public static IReadOnlyDictionary<string, string> NamespaceLabels(string ns) =>
            new Dictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = ns };

        public static bool Matches(V1LabelSelector? selector, IReadOnlyDictionary<string, string> labels)
        {
            if (selector == null) return true;
            if (selector.MatchLabels != null && selector.MatchLabels.Any(kv => !labels.TryGetValue(kv.Key, out var v) || v != kv.Value)) return false;
            return selector.MatchExpressions == null || selector.MatchExpressions.All(r => Requirement(r.Key, r.OperatorProperty, r.Values, labels));
        }

        private static bool Matches(AnpSelector? selector, IReadOnlyDictionary<string, string> labels)
        {
            if (selector == null) return true;
            if (selector.MatchLabels != null && selector.MatchLabels.Any(kv => !labels.TryGetValue(kv.Key, out var v) || v != kv.Value)) return false;
            return selector.MatchExpressions == null || selector.MatchExpressions.All(r => Requirement(r.Key, r.Operator, r.Values, labels));
        }

        private static bool Requirement(string key, string op, IList<string>? values, IReadOnlyDictionary<string, string> labels) => op switch
        {
            "In" => labels.TryGetValue(key, out var v) && values!.Contains(v),
            "NotIn" => !labels.TryGetValue(key, out var w) || !values!.Contains(w),
            "Exists" => labels.ContainsKey(key),
            "DoesNotExist" => !labels.ContainsKey(key),
            _ => throw new InvalidOperationException("unknown selector operator " + op),
        };

        private AddressRangeSet PodsWhere(Func<WorldPod, bool> predicate) =>
            _pods.Where(predicate).Aggregate(AddressRangeSet.Empty, (a, p) => a.Union(p.Addresses));

        /// <summary>
        /// A CIDR as CNIs match it: each family on its own, so an IPv6 CIDR (even ::/0) never matches an IPv4 packet,
        /// whose address the header space holds in the IPv4-mapped block.
        /// </summary>
        private static AddressRangeSet Family(string cidr)
        {
            var set = RuleSets.Prefix(cidr);
            return cidr.Contains(':') ? set.Intersect(PacketSpace.IPv6) : set;
        }

        private AddressRangeSet Peer(V1NetworkPolicyPeer peer, string policyNamespace)
        {
            if (peer.IpBlock != null)
            {
                if (peer.PodSelector != null || peer.NamespaceSelector != null) throw new InvalidOperationException("ipBlock with a selector in one peer");
                var block = Family(peer.IpBlock.Cidr);
                foreach (var e in peer.IpBlock.Except ?? new List<string>())
                {
                    var x = Family(e);
                    if (!x.IsSubsetOf(block) || x.Equals(block)) throw new InvalidOperationException("except " + e + " not strictly inside " + peer.IpBlock.Cidr);
                    block = block.Except(x);
                }
                return block;
            }
            if (peer.NamespaceSelector == null && peer.PodSelector == null) throw new InvalidOperationException("an empty peer");
            return PodsWhere(p => (peer.NamespaceSelector == null ? p.Namespace == policyNamespace : Matches(peer.NamespaceSelector, NamespaceLabels(p.Namespace)))
                && Matches(peer.PodSelector, p.Labels));
        }

        private static PacketSet Ports(IList<V1NetworkPolicyPort>? ports, AddressRangeSet src, AddressRangeSet dst)
        {
            if (ports == null || ports.Count == 0) return RuleSets.Match(src, dst, null, null, null);
            var set = PacketSet.Empty;
            foreach (var p in ports)
            {
                int protocol = (p.Protocol ?? "TCP") switch { "TCP" => 6, "UDP" => 17, "SCTP" => 132, var other => throw new InvalidOperationException("protocol " + other) };
                IntervalSet? range = null;
                if (p.Port != null)
                {
                    var text = p.Port.Value;
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var start)) throw new InvalidOperationException("named port " + text);
                    int end = p.EndPort ?? start;
                    if (start < 1 || end < start || end > 65535) throw new InvalidOperationException("port range " + start + "-" + end);
                    range = IntervalSet.FromRange((ulong)start, (ulong)end, IntervalSet.PortMax);
                }
                else if (p.EndPort != null) throw new InvalidOperationException("endPort without port");
                set = set.Union(RuleSets.Match(src, dst, new[] { protocol }, new[] { protocol }, range));
            }
            return set;
        }

        private static bool HasType(V1NetworkPolicy np, string type) =>
            np.Spec.PolicyTypes != null ? np.Spec.PolicyTypes.Contains(type) : type == "Ingress" || (np.Spec.Egress?.Count ?? 0) > 0;

        /// <summary>Packets the NetworkPolicies allow into (ingress) or out of (egress) one pod.</summary>
        private PacketSet NetworkPolicyAllowed(WorldPod pod, bool ingress)
        {
            var type = ingress ? "Ingress" : "Egress";
            var selecting = _policies.Where(np => np.Metadata.NamespaceProperty == pod.Namespace && Matches(np.Spec.PodSelector, pod.Labels) && HasType(np, type)).ToList();
            if (selecting.Count == 0)
                return ingress ? RuleSets.Match(AddressRangeSet.All, pod.Addresses, null, null, null) : RuleSets.Match(pod.Addresses, AddressRangeSet.All, null, null, null);
            var allowed = PacketSet.Empty;
            foreach (var np in selecting)
            {
                if (ingress)
                    foreach (var rule in np.Spec.Ingress ?? new List<V1NetworkPolicyIngressRule>())
                    {
                        var peers = rule.FromProperty == null || rule.FromProperty.Count == 0 ? AddressRangeSet.All
                            : rule.FromProperty.Aggregate(AddressRangeSet.Empty, (a, p) => a.Union(Peer(p, np.Metadata.NamespaceProperty)));
                        allowed = allowed.Union(Ports(rule.Ports, peers, pod.Addresses));
                    }
                else
                    foreach (var rule in np.Spec.Egress ?? new List<V1NetworkPolicyEgressRule>())
                    {
                        var peers = rule.To == null || rule.To.Count == 0 ? AddressRangeSet.All
                            : rule.To.Aggregate(AddressRangeSet.Empty, (a, p) => a.Union(Peer(p, np.Metadata.NamespaceProperty)));
                        allowed = allowed.Union(Ports(rule.Ports, pod.Addresses, peers));
                    }
            }
            return allowed;
        }

        private AddressRangeSet AnpPeer(AnpPeer peer)
        {
            int kinds = (peer.Namespaces != null ? 1 : 0) + (peer.Pods != null ? 1 : 0) + (peer.Networks != null ? 1 : 0);
            if (kinds != 1) throw new InvalidOperationException("an AdminNetworkPolicy peer needs exactly one of namespaces, pods, networks");
            if (peer.Networks != null) return peer.Networks.Select(Family).Aggregate(AddressRangeSet.Empty, (a, b) => a.Union(b));
            if (peer.Namespaces != null) return PodsWhere(p => Matches(peer.Namespaces, NamespaceLabels(p.Namespace)));
            return PodsWhere(p => Matches(peer.Pods!.NamespaceSelector, NamespaceLabels(p.Namespace)) && Matches(peer.Pods.PodSelector, p.Labels));
        }

        private static PacketSet AnpPorts(List<AnpPort>? ports, AddressRangeSet src, AddressRangeSet dst)
        {
            if (ports == null || ports.Count == 0) return RuleSets.Match(src, dst, null, null, null);
            var set = PacketSet.Empty;
            foreach (var p in ports)
            {
                string protocol = p.PortNumber?.Protocol ?? p.PortRange?.Protocol ?? throw new InvalidOperationException("a port without portNumber or portRange");
                int number = protocol switch { "TCP" => 6, "UDP" => 17, "SCTP" => 132, _ => throw new InvalidOperationException("protocol " + protocol) };
                int start = p.PortNumber?.Port ?? p.PortRange!.Start;
                int end = p.PortNumber?.Port ?? p.PortRange!.End;
                if (start < 1 || end < start || end > 65535) throw new InvalidOperationException("port range " + start + "-" + end);
                set = set.Union(RuleSets.Match(src, dst, new[] { number }, new[] { number }, IntervalSet.FromRange((ulong)start, (ulong)end, IntervalSet.PortMax)));
            }
            return set;
        }

        private bool Subject(AdminNetworkPolicy anp, WorldPod pod)
        {
            var s = anp.Spec.Subject;
            if ((s.Namespaces != null) == (s.Pods != null)) throw new InvalidOperationException(anp.Metadata.Name + ": subject needs exactly one of namespaces and pods");
            if (s.Namespaces != null) return Matches(s.Namespaces, NamespaceLabels(pod.Namespace));
            return Matches(s.Pods!.NamespaceSelector, NamespaceLabels(pod.Namespace)) && Matches(s.Pods.PodSelector, pod.Labels);
        }

        /// <summary>Packets of one direction of one pod: AdminNetworkPolicy first, then the NetworkPolicies for what it passes.</summary>
        private PacketSet Allowed(WorldPod pod, bool ingress)
        {
            var region = ingress ? RuleSets.Match(AddressRangeSet.All, pod.Addresses, null, null, null) : RuleSets.Match(pod.Addresses, AddressRangeSet.All, null, null, null);
            var allowed = PacketSet.Empty;
            foreach (var anp in _admin.Where(a => Subject(a, pod)).OrderBy(a => a.Spec.Priority))
            {
                if (anp.Spec.Priority < 0 || anp.Spec.Priority > 1000) throw new InvalidOperationException(anp.Metadata.Name + ": priority " + anp.Spec.Priority);
                foreach (var rule in ingress ? anp.Spec.Ingress : anp.Spec.Egress)
                {
                    var peers = (ingress ? rule.From : rule.To) ?? throw new InvalidOperationException(rule.Name + ": no peers");
                    if (ingress && peers.Any(p => p.Networks != null)) throw new InvalidOperationException(rule.Name + ": networks are egress peers only");
                    var set = peers.Aggregate(AddressRangeSet.Empty, (a, p) => a.Union(AnpPeer(p)));
                    var m = (ingress ? AnpPorts(rule.Ports, set, pod.Addresses) : AnpPorts(rule.Ports, pod.Addresses, set)).Intersect(region);
                    if (rule.Action == "Allow") allowed = allowed.Union(m);
                    else if (rule.Action != "Deny" && rule.Action != "Pass") throw new InvalidOperationException(rule.Name + ": action " + rule.Action);
                    if (rule.Action != "Pass") region = region.Except(m);
                }
            }
            return allowed.Union(NetworkPolicyAllowed(pod, ingress).Intersect(region));
        }

        /// <summary>Every allowed packet with a pod at either end.</summary>
        public PacketSet AllowedTraffic()
        {
            var podAddresses = PodsWhere(_ => true);
            var into = _pods.Aggregate(PacketSet.Empty, (a, p) => a.Union(Allowed(p, ingress: true)));
            var outOf = _pods.Aggregate(PacketSet.Empty, (a, p) => a.Union(Allowed(p, ingress: false)));
            var fromPods = RuleSets.Match(podAddresses, AddressRangeSet.All, null, null, null);
            var toPods = RuleSets.Match(AddressRangeSet.All, podAddresses, null, null, null);
            return into.Intersect(outOf).Union(into.Except(fromPods)).Union(outOf.Except(toPods));
        }

        public PacketSet Region()
        {
            var podAddresses = PodsWhere(_ => true);
            return PacketSpace.Between(podAddresses, AddressRangeSet.All).Union(PacketSpace.Between(AddressRangeSet.All, podAddresses));
        }
    }
}
