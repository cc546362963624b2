using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.State;
using PolicyLang.Text;

namespace PolicyLang.Emit.Kubernetes
{
    /// <summary>
    /// Compares a cluster's exported policies with a kubernetes target: <c>kubectl get
    /// networkpolicies,adminnetworkpolicies,baselineadminnetworkpolicies -A -o json</c> (or <c>-o yaml</c>; a List, a single
    /// object or several YAML documents per file), every file of the target's folder together. The pods are the policy's pod
    /// segments (namespace and labels); every NetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy that selects
    /// them counts, policyc's or not. Semantics: AdminNetworkPolicies of a pod by priority then rule order (Allow and Deny
    /// decide; Pass hands the packets to the NetworkPolicies, past every later admin rule), then the NetworkPolicies that
    /// select the pod for the direction (some: the union of their rules; none: the BaselineAdminNetworkPolicy in rule order,
    /// and what it leaves is allowed). A packet between two pods needs the source's egress and the destination's ingress.
    /// </summary>
    internal static class KubernetesStateVerifier
    {
        public const string Format = "kubectl get networkpolicies,adminnetworkpolicies,baselineadminnetworkpolicies -A -o json (or -o yaml), in <target>/<name>.json|yaml";

        private sealed record Pod(string Name, string Namespace, IReadOnlyDictionary<string, string> Labels, AddressRangeSet Addresses);

        private sealed class Policy
        {
            public string Kind = "";
            public string Name = "";
            public string? Namespace;
            public bool Ours;
            public int Priority;
            public JsonNode Node = null!;
            public StateFile File = null!;
            public override string ToString() => (Kind == "NetworkPolicy" ? "NetworkPolicy " + Namespace + "/" : "AdminNetworkPolicy ") + Name + (Ours ? "" : " (not policyc's)");
        }

        private sealed record Contribution(Policy Policy, string Rule, PacketSet Packets, bool Allow, int Offset);

        public static IReadOnlyList<DriftFinding> Verify(TargetContext context, IReadOnlyList<StateFile> files)
        {
            var findings = new List<DriftFinding>();
            var policies = new List<Policy>();
            foreach (var file in files)
            {
                try
                {
                    var root = StateJson.LooksLikeObject(file.Text) ? StateJson.Parse(file.Text) : StateYaml.Parse(file.Text);
                    foreach (var item in Objects(root))
                    {
                        var kind = item.String("kind");
                        if (kind != "NetworkPolicy" && kind != "AdminNetworkPolicy" && kind != "BaselineAdminNetworkPolicy") continue;
                        var metadata = item["metadata"] ?? throw new StateReadException(item.Offset, kind + " without metadata");
                        var p = new Policy
                        {
                            Kind = kind,
                            Name = metadata.String("name") ?? throw new StateReadException(metadata.Offset, kind + " without a name"),
                            Namespace = metadata.String("namespace"),
                            Ours = metadata["labels"]?.String("app.kubernetes.io/managed-by") == "policyc",
                            Node = item,
                            File = file,
                        };
                        if (kind == "NetworkPolicy" && p.Namespace == null) throw new StateReadException(metadata.Offset, "NetworkPolicy " + p.Name + " without a namespace");
                        if (kind == "AdminNetworkPolicy")
                            p.Priority = item["spec"]?.Integer("priority") is long pr && pr >= 0 && pr <= 1000 ? (int)pr : throw new StateReadException(item.Offset, "AdminNetworkPolicy " + p.Name + ": expected a priority from 0 to 1000");
                        if (kind == "BaselineAdminNetworkPolicy")
                        {
                            // Checked when read: the rules of a baseline no pod falls to are never evaluated, but a rule the API
                            // server would refuse is still no export of a cluster.
                            foreach (var direction in new[] { "ingress", "egress" })
                                foreach (var rule in item["spec"]?[direction]?.Items ?? Array.Empty<JsonNode>())
                                    if (rule.String("action") is not ("Allow" or "Deny"))
                                        throw new StateReadException(rule.Offset, "unexpected action '" + rule.String("action") + "' (a baseline rule allows or denies)");
                        }
                        policies.Add(p);
                    }
                }
                catch (StateReadException e)
                {
                    findings.Add(DriftSets.Unreadable(file, e.Offset, e.Message));
                }
            }
            if (findings.Count > 0) return findings;

            var pods = KubernetesBackend.PodSegments(context, report: false)
                .Select(s => new Pod(s.Segment.QualifiedName, s.Namespace, s.Selector.Representative()!, s.Addresses)).ToList();
            var podAddresses = pods.Aggregate(AddressRangeSet.Empty, (a, p) => a.Union(p.Addresses));
            var region = PacketSpace.Between(podAddresses, AddressRangeSet.All).Union(PacketSpace.Between(AddressRangeSet.All, podAddresses));
            var contributions = new List<Contribution>();
            var into = PacketSet.Empty;
            var outOf = PacketSet.Empty;
            foreach (var pod in pods)
            {
                into = into.Union(Allowed(pods, policies, pod, ingress: true, contributions));
                outOf = outOf.Union(Allowed(pods, policies, pod, ingress: false, contributions));
            }
            var fromPods = PacketSpace.Between(podAddresses, AddressRangeSet.All);
            var toPods = PacketSpace.Between(AddressRangeSet.All, podAddresses);
            var allowed = into.Intersect(outOf).Union(into.Except(fromPods)).Union(outOf.Except(toPods)).Intersect(region);
            var intent = context.Flows.AllowedFromTo(() => podAddresses, () => AddressRangeSet.All, (s, d) => true)
                .Union(context.Flows.AllowedFromTo(() => AddressRangeSet.All, () => podAddresses, (s, d) => true)).Intersect(region);

            StateDecision Blame(Packet p, bool allow)
            {
                var c = contributions.Where(x => x.Allow == allow && x.Packets.Contains(p)).OrderBy(x => x.Policy.Ours).FirstOrDefault();
                if (c == null)
                    return new StateDecision(allow ? "no policy selects the pod (all traffic allowed)" : "no rule admits it", new TextSpan(0, 0), PacketSet.All);
                return new StateDecision(c.Policy + ", " + c.Rule, LineSpan(c.Policy.File, c.Offset), c.Packets, Foreign: !c.Policy.Ours);
            }
            var device = context.Target.Devices.Select(d => d.Value).FirstOrDefault() ?? context.Target.Name;
            foreach (var f in DriftSets.Compare(device, "network policies", intent, allowed, allowed, p => Blame(p, true), p => Blame(p, false), DriftSets.InternalAddresses(context), DriftSets.AllowingFlow(context)))
            {
                var c = contributions.Where(x => x.Allow == (f.Kind == DriftKind.Exposure) && f.Witness is Packet w && x.Packets.Contains(w)).OrderBy(x => x.Policy.Ours).FirstOrDefault();
                findings.Add(f.WithFile(c?.Policy.File ?? files[0], c != null ? f.Span : new TextSpan(0, 0)));
            }
            return findings;
        }

        private static TextSpan LineSpan(StateFile file, int offset)
        {
            int end = file.Text.IndexOf('\n', offset);
            return TextSpan.FromBounds(offset, end < 0 ? file.Text.Length : end);
        }

        /// <summary>The objects of an export: a List's items, several YAML documents, or one object.</summary>
        private static IEnumerable<JsonNode> Objects(JsonNode root)
        {
            if (root.IsArray)
            {
                foreach (var d in root.Items) foreach (var o in Objects(d)) yield return o;
                yield break;
            }
            if (!root.IsObject) throw new StateReadException(root.Offset, "expected Kubernetes objects (kubectl get … -o json or -o yaml)");
            if (root["items"] is { IsArray: true } items)
            {
                foreach (var i in items.Items) yield return i;
                yield break;
            }
            if (root.String("kind") == null) throw new StateReadException(root.Offset, "expected Kubernetes objects (kubectl get … -o json or -o yaml): an object without kind");
            yield return root;
        }

        private static IReadOnlyDictionary<string, string> NamespaceLabels(string ns) => PodSegment.NamespaceLabels(ns);

        private static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
        {
            if (selector == null || selector.Kind == JsonKind.Null) return true;
            foreach (var m in selector["matchLabels"]?.Members ?? Array.Empty<KeyValuePair<string, JsonNode>>())
                if (!labels.TryGetValue(m.Key, out var v) || v != (m.Value.Text ?? m.Value.ToString())) return false;
            foreach (var r in selector["matchExpressions"]?.Items ?? Array.Empty<JsonNode>())
            {
                var key = r.String("key") ?? throw new StateReadException(r.Offset, "a match expression without a key");
                var values = r["values"]?.Items.Select(v => v.Text ?? "").ToList() ?? new List<string>();
                bool ok = r.String("operator") switch
                {
                    "In" => labels.TryGetValue(key, out var v) && values.Contains(v),
                    "NotIn" => !labels.TryGetValue(key, out var w) || !values.Contains(w),
                    "Exists" => labels.ContainsKey(key),
                    "DoesNotExist" => !labels.ContainsKey(key),
                    var other => throw new StateReadException(r.Offset, "unknown selector operator '" + other + "'"),
                };
                if (!ok) return false;
            }
            return true;
        }

        private static AddressRangeSet PodsWhere(List<Pod> pods, Func<Pod, bool> predicate) =>
            pods.Where(predicate).Aggregate(AddressRangeSet.Empty, (a, p) => a.Union(p.Addresses));

        private static AddressRangeSet Cidr(JsonNode? n)
        {
            // An address without a length is no CIDR to the API server (it would be read here as a /32 or /128).
            if (n?.Text is not string text || text.IndexOf('/') < 0 || !IpPrefix.TryParse(text, out var p, out _))
                throw new StateReadException(n?.Offset ?? 0, "expected a CIDR, found " + n);
            return AddressRangeSet.FromPrefix(p).Intersect(text.IndexOf(':') >= 0 ? PacketSpace.IPv6 : PacketSpace.IPv4);
        }

        private static AddressRangeSet Peer(List<Pod> pods, JsonNode peer, string ns)
        {
            if (peer["ipBlock"] is { } block)
            {
                var cidr = Cidr(block["cidr"] ?? throw new StateReadException(block.Offset, "an ipBlock without a cidr"));
                var set = cidr;
                foreach (var e in block["except"]?.Items ?? Array.Empty<JsonNode>())
                {
                    // The API server takes only an except that is a strict subset of the cidr.
                    var hole = Cidr(e);
                    if (!hole.IsSubsetOf(cidr) || hole.Equals(cidr))
                        throw new StateReadException(e.Offset, "an except (" + e.Text + ") that is not a strict subset of its cidr (" + block["cidr"]!.Text + ")");
                    set = set.Except(hole);
                }
                return set;
            }
            var nsSel = peer["namespaceSelector"];
            var podSel = peer["podSelector"];
            if (nsSel == null && podSel == null) throw new StateReadException(peer.Offset, "an empty peer");
            return PodsWhere(pods, p => (nsSel == null ? p.Namespace == ns : Matches(nsSel, NamespaceLabels(p.Namespace))) && Matches(podSel, p.Labels));
        }

        private static int Protocol(string? name, JsonNode at) => (name ?? "TCP") switch
        {
            "TCP" => 6, "UDP" => 17, "SCTP" => 132,
            var other => throw new StateReadException(at.Offset, "unknown protocol '" + other + "'"),
        };

        private static PacketSet Ports(JsonNode? ports, AddressRangeSet src, AddressRangeSet dst, bool uncertainNamed)
        {
            if (ports == null || ports.Items.Count == 0) return PacketSpace.Between(src, dst);
            var set = PacketSet.Empty;
            foreach (var p in ports.Items)
            {
                var protocols = IntervalSet.FromValues(new[] { (ulong)Protocol(p.String("protocol"), p) }, IntervalSet.ProtocolMax);
                var range = IntervalSet.Full(IntervalSet.PortMax);
                if (p["port"] is { } port)
                {
                    if (port.AsInteger() is not long start)
                    {
                        // A named port resolves per pod from its container spec, which the export does not hold. Anything else
                        // (1.5, 1e999999, "80", "-web") the API server refuses: read as a name, it would open every port.
                        if (!port.IsString || !IsPortName(port.Text!))
                            throw new StateReadException(port.Offset, "expected a port number 1-65535 or a port name (IANA_SVC_NAME: up to 15 of a-z, 0-9 and '-', with a letter), found " + port);
                        if (p["endPort"] != null) throw new StateReadException(p.Offset, "endPort with the named port '" + port.Text + "' (it needs a port number)");
                        if (!uncertainNamed) continue;
                        set = set.Union(PacketSpace.Between(src, dst, protocols, range, IntervalSet.Full(IntervalSet.IcmpMax), IntervalSet.Full(IntervalSet.IcmpMax)));
                        continue;
                    }
                    var endPort = p["endPort"];
                    if (endPort != null && endPort.AsInteger() == null) throw new StateReadException(endPort.Offset, "expected an endPort number, found " + endPort);
                    long end = endPort?.AsInteger() ?? start;
                    if (start < 1 || end < start || end > 65535) throw new StateReadException(p.Offset, "a port range " + start + "-" + end);
                    range = IntervalSet.FromRange((ulong)start, (ulong)end, IntervalSet.PortMax);
                }
                set = set.Union(PacketSpace.Between(src, dst, protocols, range, IntervalSet.Full(IntervalSet.IcmpMax), IntervalSet.Full(IntervalSet.IcmpMax)));
            }
            return set;
        }

        /// <summary>
        /// A container port name as Kubernetes validates it (IANA_SVC_NAME, RFC 6335): 1 to 15 characters of a-z, 0-9 and '-',
        /// at least one letter, no '-' first or last and no "--".
        /// </summary>
        internal static bool IsPortName(string name)
        {
            if (name.Length == 0 || name.Length > 15 || name[0] == '-' || name[name.Length - 1] == '-' || name.Contains("--")) return false;
            bool letter = false;
            foreach (var c in name)
            {
                if (c >= 'a' && c <= 'z') letter = true;
                else if (!(c >= '0' && c <= '9') && c != '-') return false;
            }
            return letter;
        }

        private static bool HasType(JsonNode spec, string type)
        {
            var types = spec["policyTypes"];
            if (types != null && types.IsArray) return types.Items.Any(t => t.Text == type);
            return type == "Ingress" || (spec["egress"]?.Items.Count ?? 0) > 0;
        }

        private static bool Subject(JsonNode spec, Pod pod)
        {
            var s = spec["subject"] ?? throw new StateReadException(spec.Offset, "an AdminNetworkPolicy without a subject");
            if (s["namespaces"] is { } ns) return Matches(ns, NamespaceLabels(pod.Namespace));
            if (s["pods"] is { } pods) return Matches(pods["namespaceSelector"], NamespaceLabels(pod.Namespace)) && Matches(pods["podSelector"], pod.Labels);
            throw new StateReadException(s.Offset, "a subject needs namespaces or pods");
        }

        private static AddressRangeSet AnpPeer(List<Pod> pods, JsonNode peer)
        {
            if (peer["networks"] is { } networks) return networks.Items.Aggregate(AddressRangeSet.Empty, (a, n) => a.Union(Cidr(n)));
            if (peer["namespaces"] is { } ns) return PodsWhere(pods, p => Matches(ns, NamespaceLabels(p.Namespace)));
            if (peer["pods"] is { } ps) return PodsWhere(pods, p => Matches(ps["namespaceSelector"], NamespaceLabels(p.Namespace)) && Matches(ps["podSelector"], p.Labels));
            if (peer["nodes"] != null) return AddressRangeSet.Empty; // node addresses are not in the export
            throw new StateReadException(peer.Offset, "an AdminNetworkPolicy peer needs namespaces, pods, networks or nodes");
        }

        private static PacketSet AnpPorts(JsonNode? ports, AddressRangeSet src, AddressRangeSet dst)
        {
            if (ports == null || ports.Items.Count == 0) return PacketSpace.Between(src, dst);
            var set = PacketSet.Empty;
            foreach (var p in ports.Items)
            {
                var number = p["portNumber"];
                var range = p["portRange"];
                if (number == null && range == null) continue; // namedPort: resolved per pod, not in the export
                var protocol = Protocol((number ?? range)!.String("protocol"), p);
                long start = number?.Integer("port") ?? range!.Integer("start") ?? -1;
                long end = number?.Integer("port") ?? range!.Integer("end") ?? -1;
                if (start < 1 || end < start || end > 65535) throw new StateReadException(p.Offset, "a port range " + start + "-" + end);
                set = set.Union(PacketSpace.Between(src, dst, IntervalSet.FromValues(new[] { (ulong)protocol }, IntervalSet.ProtocolMax),
                    IntervalSet.FromRange((ulong)start, (ulong)end, IntervalSet.PortMax), IntervalSet.Full(IntervalSet.IcmpMax), IntervalSet.Full(IntervalSet.IcmpMax)));
            }
            return set;
        }

        /// <summary>The packets an AdminNetworkPolicy or BaselineAdminNetworkPolicy rule matches for one pod: its peers and ports.</summary>
        private static PacketSet AdminRuleMatch(List<Pod> pods, Pod pod, JsonNode rule, bool ingress)
        {
            var peers = rule[ingress ? "from" : "to"]?.Items ?? Array.Empty<JsonNode>();
            var set = peers.Aggregate(AddressRangeSet.Empty, (a, p) => a.Union(AnpPeer(pods, p)));
            return ingress ? AnpPorts(rule["ports"], set, pod.Addresses) : AnpPorts(rule["ports"], pod.Addresses, set);
        }

        /// <summary>What one pod lets in (ingress) or out (egress), recording which rule decides which packets.</summary>
        private static PacketSet Allowed(List<Pod> pods, List<Policy> policies, Pod pod, bool ingress, List<Contribution> contributions)
        {
            var region = ingress ? PacketSpace.Between(AddressRangeSet.All, pod.Addresses) : PacketSpace.Between(pod.Addresses, AddressRangeSet.All);
            var allowed = PacketSet.Empty;
            var direction = ingress ? "ingress" : "egress";
            // Packets an AdminNetworkPolicy rule passed skip every later admin rule (of this policy and of those after it) and go
            // to the NetworkPolicies: they stay in the region the NetworkPolicies decide, but no later admin rule matches them.
            var passed = PacketSet.Empty;
            foreach (var anp in policies.Where(p => p.Kind == "AdminNetworkPolicy" && Subject(p.Node["spec"]!, pod)).OrderBy(p => p.Priority).ThenBy(p => p.Name, StringComparer.Ordinal))
            {
                foreach (var rule in anp.Node["spec"]![direction]?.Items ?? Array.Empty<JsonNode>())
                {
                    var m = AdminRuleMatch(pods, pod, rule, ingress).Intersect(region).Except(passed);
                    var action = rule.String("action");
                    if (action != "Allow" && action != "Deny" && action != "Pass") throw new StateReadException(rule.Offset, "unexpected action '" + action + "'");
                    if (!m.IsEmpty && action != "Pass") contributions.Add(new Contribution(anp, direction + " rule " + (rule.String("name") ?? "?") + " (" + action + ")", m, action == "Allow", rule.Offset));
                    if (action == "Allow") allowed = allowed.Union(m);
                    if (action == "Pass") passed = passed.Union(m);
                    else region = region.Except(m);
                }
            }
            var type = ingress ? "Ingress" : "Egress";
            var selecting = policies.Where(p => p.Kind == "NetworkPolicy" && p.Namespace == pod.Namespace && p.Node["spec"] is { } spec && Matches(spec["podSelector"], pod.Labels) && HasType(spec, type)).ToList();
            if (selecting.Count == 0)
            {
                // No NetworkPolicy isolates the pod in this direction: the BaselineAdminNetworkPolicy decides, in rule order
                // (Allow or Deny); what it leaves is allowed.
                foreach (var banp in policies.Where(p => p.Kind == "BaselineAdminNetworkPolicy" && Subject(p.Node["spec"]!, pod)).OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    foreach (var rule in banp.Node["spec"]![direction]?.Items ?? Array.Empty<JsonNode>())
                    {
                        var m = AdminRuleMatch(pods, pod, rule, ingress).Intersect(region);
                        var action = rule.String("action");
                        if (action != "Allow" && action != "Deny") throw new StateReadException(rule.Offset, "unexpected action '" + action + "' (a baseline rule allows or denies)");
                        if (!m.IsEmpty) contributions.Add(new Contribution(banp, direction + " rule " + (rule.String("name") ?? "?") + " (" + action + ")", m, action == "Allow", rule.Offset));
                        if (action == "Allow") allowed = allowed.Union(m);
                        region = region.Except(m);
                    }
                }
                return allowed.Union(region);
            }
            var npAllowed = PacketSet.Empty;
            foreach (var np in selecting)
            {
                int k = 0;
                foreach (var rule in np.Node["spec"]![direction]?.Items ?? Array.Empty<JsonNode>())
                {
                    k++;
                    var peerList = rule[ingress ? "from" : "to"];
                    var peers = peerList == null || peerList.Items.Count == 0 ? AddressRangeSet.All
                        : peerList.Items.Aggregate(AddressRangeSet.Empty, (a, p) => a.Union(Peer(pods, p, np.Namespace!)));
                    var m = (ingress ? Ports(rule["ports"], peers, pod.Addresses, true) : Ports(rule["ports"], pod.Addresses, peers, true)).Intersect(region);
                    if (!m.IsEmpty) contributions.Add(new Contribution(np, direction + " rule " + k, m, true, rule.Offset));
                    npAllowed = npAllowed.Union(m);
                }
            }
            var isolated = region.Except(npAllowed);
            if (!isolated.IsEmpty)
                foreach (var np in selecting) contributions.Add(new Contribution(np, "selects pods of " + pod.Name + " for " + type + " and no rule admits it", isolated, false, np.Node.Offset));
            return allowed.Union(npAllowed);
        }
    }
}
