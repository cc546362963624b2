using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Emit.CloudFirewall;
using PolicyLang.Semantics;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.Kubernetes
{
    /// <summary>
    /// Kubernetes NetworkPolicies (networking.k8s.io/v1), one file per namespace: a default deny for the namespace (when
    /// the policy's default is deny) and one policy per pod segment listing its allowed ingress and egress. Pod segments
    /// of the target's zones are peers by namespace and pod selector (AND-ed in one peer); every other address is an
    /// ipBlock whose except removes those pods. Flows need both the source's egress and the destination's ingress, so a
    /// flow between two pod segments appears on both. A deny that meets an allow needs AdminNetworkPolicy
    /// (policy.networking.k8s.io/v1alpha1, option admin-network-policy on): its Deny rules are evaluated before any
    /// NetworkPolicy. Without it such a deny is an error at the flow; a deny that meets no allow is already the default.
    /// </summary>
    public sealed class KubernetesBackend : IBackend, IEnforcementMap, State.IStateVerifier, INarrowEndpoints
    {
        public string StateFormat => KubernetesStateVerifier.Format;

        public IReadOnlyList<string> ExpectedStates(TargetContext context) => context.Target.Devices.Select(d => d.Value).ToList();

        public bool CombinesFiles => true;

        public string Reapply(TargetContext context) => "kubectl apply of the build's objects; policies it does not hold stay";

        public IReadOnlyList<State.DriftFinding> Verify(TargetContext context, IReadOnlyList<State.StateFile> files) => KubernetesStateVerifier.Verify(context, files);

        public const int DefaultAnpPriority = 50;

        public PlatformDescription Description => KubernetesPlatform.Description;

        public static bool AdminNetworkPolicy(TargetSymbol target) => target.Option("admin-network-policy")?.Value.Value == "on";

        public static int AnpPriority(TargetSymbol target) =>
            int.TryParse(target.Option("admin-network-policy-priority")?.Value.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : DefaultAnpPriority;

        /// <summary>The target's pod segments, in zone then segment order; null entries are reported problems.</summary>
        public static List<PodSegment> PodSegments(TargetContext context, bool report)
        {
            var list = new List<PodSegment>();
            foreach (var zone in context.Target.Zones)
                foreach (var segment in zone.Segments)
                {
                    if (segment.KubernetesNamespace == null) continue;
                    bool ok = true;
                    if (!LabelSelector.IsNamespaceName(segment.KubernetesNamespace))
                    {
                        if (report) context.Report(DiagnosticCatalog.KubernetesNamespaceName, segment.Location, segment.KubernetesNamespace);
                        ok = false;
                    }
                    var selector = LabelSelector.Parse(segment.KubernetesSelector, out var error);
                    if (selector == null)
                    {
                        if (report) context.Report(DiagnosticCatalog.KubernetesSelector, segment.Location, segment.KubernetesSelector ?? "", error);
                        ok = false;
                    }
                    else if (selector.Representative() == null)
                    {
                        if (report) context.Report(DiagnosticCatalog.KubernetesSelector, segment.Location, segment.KubernetesSelector ?? "", "no pod can match every requirement");
                        ok = false;
                    }
                    if (ok) list.Add(new PodSegment(segment, segment.KubernetesNamespace, selector!, context.Addresses.Of(segment)));
                }
            return list;
        }

        public void Validate(TargetContext context)
        {
            var pods = PodSegments(context, report: true);
            if (pods.Count == 0 && !context.Target.Zones.SelectMany(z => z.Segments).Any(s => s.KubernetesNamespace != null))
            {
                context.Report(DiagnosticCatalog.KubernetesNoPods, context.Target.Location, context.Target.Name);
                return;
            }
            for (int i = 0; i < pods.Count; i++)
                for (int j = i + 1; j < pods.Count; j++)
                {
                    var a = pods[i];
                    var b = pods[j];
                    if (a.Namespace != b.Namespace) continue;
                    var pa = a.Selector.Representative()!;
                    var pb = b.Selector.Representative()!;
                    if (b.Selector.Matches(pa) || a.Selector.Matches(pb))
                    {
                        var labels = b.Selector.Matches(pa) ? pa : pb;
                        context.Report(DiagnosticCatalog.KubernetesOverlappingSelectors, b.Segment.Location, a.Segment.QualifiedName, b.Segment.QualifiedName, a.Namespace,
                            "{" + string.Join(", ", labels.Select(l => l.Key + "=" + l.Value)) + "}");
                    }
                }

            bool anp = AdminNetworkPolicy(context.Target);
            var podAddresses = PodAddresses(pods);
            foreach (var flow in context.RelevantFlows)
            {
                if (!Touches(context, flow, podAddresses)) continue;
                // By index: a foreach over the list interface boxes an enumerator per flow of every cluster.
                for (int i = 0; i < flow.Services.Count; i++)
                {
                    var s = flow.Services[i];
                    if (s.Protocol is int p && !s.HasPorts)
                        context.CannotExpress(s.Location, "'" + s + "': NetworkPolicy ports match TCP, UDP and SCTP only");
                    else if (s.Ports != null && s.Ports.Any(r => r.Start == 0))
                        context.CannotExpress(s.Location, "'" + s + "': NetworkPolicy ports start at 1");
                }
                if (flow.Action != FlowAction.Deny || !MeetsAllow(context, flow)) continue;
                if (!anp)
                {
                    context.CannotExpress(flow.Location, "a deny that overrides an allow: NetworkPolicies only allow; set 'option admin-network-policy on' on the target "
                        + "if the cluster supports AdminNetworkPolicy (policy.networking.k8s.io/v1alpha1)");
                    continue;
                }
                // AdminNetworkPolicy ingress peers are pods and namespaces: a deny into pods from other addresses has no rule.
                bool toPods = TouchesPods(context, flow.Destination, podAddresses);
                bool fromElsewhere = !context.Addresses.Of(flow.Source).Except(podAddresses).IsEmpty;
                if (toPods && fromElsewhere)
                    context.CannotExpress(flow.Location, "a deny into pods from addresses outside the cluster's pod segments: AdminNetworkPolicy ingress rules select pods and namespaces, not addresses");
            }
        }

        private static AddressRangeSet PodAddresses(IEnumerable<PodSegment> pods) => AddressRangeSet.UnionAll(pods.Select(p => p.Addresses));

        private static bool TouchesPods(TargetContext context, Endpoint e, AddressRangeSet podAddresses) => context.Addresses.Of(e).Overlaps(podAddresses);

        private static bool Touches(TargetContext context, FlowRule f, AddressRangeSet podAddresses) =>
            TouchesPods(context, f.Source, podAddresses) || TouchesPods(context, f.Destination, podAddresses);

        /// <summary>Whether a deny takes anything away from an allow; one that does not is already the default deny.</summary>
        /// <summary>Whether a deny takes away traffic the cluster's zones would otherwise admit (only then does it need a rule).</summary>
        private static bool MeetsAllow(TargetContext context, FlowRule deny) => context.DenyTakesAwayHere(deny);

        /// <summary>
        /// The NetworkPolicies that carry an allow (ingress on the pods it reaches, egress on the pods it leaves), or the
        /// AdminNetworkPolicies that carry a deny, as Emit writes them.
        /// </summary>
        public IReadOnlyList<string> Enforcing(TargetContext context, FlowRule flow)
        {
            var pods = PodSegments(context, report: false);
            var podAddresses = PodAddresses(pods);
            var found = new List<string>();
            if (!context.RelevantFlows.Contains(flow) || !Touches(context, flow, podAddresses)) return found;
            if (flow.Action == FlowAction.Allow)
            {
                foreach (var pod in pods)
                {
                    var ways = new List<string>();
                    if (Covers(flow.Destination, pod.Segment)) ways.Add("ingress");
                    if (Covers(flow.Source, pod.Segment)) ways.Add("egress");
                    if (ways.Count > 0) found.Add("NetworkPolicy " + pod.Namespace + "/" + pod.PolicyName + " (" + string.Join(", ", ways) + ")");
                }
            }
            else if (AdminNetworkPolicy(context.Target) && MeetsAllow(context, flow))
            {
                foreach (var pod in pods.Where(p => Covers(flow.Destination, p.Segment) || Covers(flow.Source, p.Segment)))
                    found.Add("AdminNetworkPolicy " + Name("pl-" + context.Target.Name + "-" + pod.Segment.Zone.Name + "-" + pod.Segment.Name));
            }
            return found;
        }

        public IReadOnlyList<Artifact> Emit(TargetContext context)
        {
            var target = context.Target;
            var pods = PodSegments(context, report: false);
            var podAddresses = PodAddresses(pods);
            var flows = context.RelevantFlows.Where(f => Touches(context, f, podAddresses)).ToList();
            var artifacts = new List<Artifact>();
            bool defaultDeny = context.Model.DefaultAction == FlowAction.Deny;

            foreach (var ns in pods.Select(p => p.Namespace).Distinct().OrderBy(n => n, System.StringComparer.Ordinal))
            {
                var sb = new StringBuilder();
                int rules = 0;
                Header(sb, context, "NetworkPolicies of namespace " + ns);
                if (defaultDeny)
                {
                    var spec = new YamlMap().Add("podSelector", new YamlMap()).Add("policyTypes", new List<object> { "Ingress", "Egress" });
                    YamlWriter.Document(sb, Object("networking.k8s.io/v1", "NetworkPolicy", "pl-default-deny", ns, context,
                        "policy default deny: every pod of the namespace is isolated for ingress and egress", spec));
                    foreach (var pod in pods.Where(p => p.Namespace == ns))
                    {
                        var ingress = new List<object>();
                        var egress = new List<object>();
                        var named = new List<string>();
                        foreach (var f in flows.Where(f => f.Action == FlowAction.Allow))
                        {
                            if (Covers(f.Destination, pod.Segment))
                            {
                                if (f.Name != null) named.Add("ingress[" + ingress.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "] " + f.Name.Value.Value);
                                ingress.Add(Rule(context, f, f.Source, pods, podAddresses, "from"));
                            }
                            if (Covers(f.Source, pod.Segment))
                            {
                                if (f.Name != null) named.Add("egress[" + egress.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "] " + f.Name.Value.Value);
                                egress.Add(Rule(context, f, f.Destination, pods, podAddresses, "to"));
                            }
                        }
                        rules += ingress.Count + egress.Count;
                        if (ingress.Count == 0 && egress.Count == 0) continue;
                        var types = new List<object>();
                        var s = new YamlMap().Add("podSelector", Selector(pod.Selector));
                        if (ingress.Count > 0) { types.Add("Ingress"); s.Add("ingress", ingress); }
                        if (egress.Count > 0) { types.Add("Egress"); s.Add("egress", egress); }
                        s.Add("policyTypes", types);
                        // NetworkPolicy rules have no names: an annotation names the named flow of each rule by its place.
                        YamlWriter.Document(sb, Object("networking.k8s.io/v1", "NetworkPolicy", pod.PolicyName, ns, context,
                            "segment " + pod.Segment.QualifiedName + (pod.Segment.Description != null ? ": " + pod.Segment.Description : ""), s,
                            string.Join(", ", named)));
                    }
                }
                artifacts.Add(new Artifact(target.Name, Description.Name, target.Name + "/" + ns + ".yaml", sb.ToString(), rules));
            }

            if (AdminNetworkPolicy(target))
            {
                var sb = new StringBuilder();
                int anpRules = 0;
                Header(sb, context, "AdminNetworkPolicies: the policy's denies, evaluated before every NetworkPolicy");
                foreach (var pod in pods)
                {
                    var ingress = new List<object>();
                    var egress = new List<object>();
                    foreach (var f in flows.Where(f => f.Action == FlowAction.Deny && MeetsAllow(context, f)))
                    {
                        var ports = AnpPorts(f.Services);
                        if (Covers(f.Destination, pod.Segment))
                        {
                            var rule = new YamlMap().Add("name", Name(f.Label + "-deny-from-" + f.Source)).Add("action", "Deny");
                            var from = pods.Where(p => Covers(f.Source, p.Segment)).Select(p => (object)new YamlMap().Add("pods", AnpPods(p))).ToList();
                            rule.Add("from", from);
                            if (ports != null) rule.Add("ports", ports);
                            ingress.Add(rule);
                        }
                        if (Covers(f.Source, pod.Segment))
                        {
                            var rule = new YamlMap().Add("name", Name(f.Label + "-deny-to-" + f.Destination)).Add("action", "Deny");
                            var to = new List<object>();
                            if (f.Destination.IsAny && !f.Destination.IsNarrowed)
                            {
                                to.Add(new YamlMap().Add("namespaces", new YamlMap()));
                                to.Add(new YamlMap().Add("networks", new List<object> { "0.0.0.0/0", "::/0" }));
                            }
                            else
                            {
                                to.AddRange(pods.Where(p => Covers(f.Destination, p.Segment)).Select(p => (object)new YamlMap().Add("pods", AnpPods(p))));
                                var nets = PacketSpace.FamilyPrefixes(context.Addresses.Of(f.Destination).Except(podAddresses)).Select(x => (object)x.ToString()).ToList();
                                if (nets.Count > 0) to.Add(new YamlMap().Add("networks", nets));
                            }
                            rule.Add("to", to);
                            if (ports != null) rule.Add("ports", ports);
                            egress.Add(rule);
                        }
                    }
                    if (ingress.Count == 0 && egress.Count == 0) continue;
                    anpRules += ingress.Count + egress.Count;
                    var subject = new YamlMap().Add("pods", AnpPods(pod));
                    var spec = new YamlMap().Add("priority", AnpPriority(target)).Add("subject", subject);
                    if (ingress.Count > 0) spec.Add("ingress", ingress);
                    if (egress.Count > 0) spec.Add("egress", egress);
                    YamlWriter.Document(sb, Object("policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicy", Name("pl-" + target.Name + "-" + pod.Segment.Zone.Name + "-" + pod.Segment.Name), null, context,
                        "denies for segment " + pod.Segment.QualifiedName, spec));
                }
                artifacts.Add(new Artifact(target.Name, Description.Name, target.Name + "/admin-network-policies.yaml", sb.ToString(), anpRules));
            }
            return artifacts;
        }

        private static void Header(StringBuilder sb, TargetContext context, string what)
        {
            sb.Append("# Generated by policyc from policy '").Append(CloudText.Text(context.Compilation.Name, 100)).Append("', target '")
              .Append(context.Target.Name).Append("' (kubernetes). Do not edit: changes are overwritten.\n# ").Append(what).Append('\n');
        }

        /// <param name="flows">The named flows of the rules, for the <c>policylang.dev/flows</c> annotation: "ingress[0] ssh,
        /// egress[2] web" (the rule's index in spec.ingress or spec.egress, then the flow's name); none when no flow has a name,
        /// and never a flow's index, which an edit elsewhere in the policy would change.</param>
        private static YamlMap Object(string apiVersion, string kind, string name, string? ns, TargetContext context, string description, YamlMap spec, string flows = "")
        {
            var metadata = new YamlMap().Add("name", name);
            if (ns != null) metadata.Add("namespace", ns);
            metadata.Add("labels", new YamlMap().Add("app.kubernetes.io/managed-by", "policyc"));
            var annotations = new YamlMap()
                .Add("policylang.dev/policy", context.Compilation.Name)
                .Add("policylang.dev/target", context.Target.Name)
                .Add("policylang.dev/description", description);
            if (flows.Length > 0) annotations.Add("policylang.dev/flows", flows);
            metadata.Add("annotations", annotations);
            return new YamlMap().Add("apiVersion", apiVersion).Add("kind", kind).Add("metadata", metadata).Add("spec", spec);
        }

        /// <summary>Whether an endpoint includes a segment.</summary>
        /// <summary>Whether an endpoint takes in a whole pod segment; a narrowed endpoint never does (<see cref="Expresses"/>).</summary>
        public static bool Covers(Endpoint e, SegmentSymbol segment) =>
            e.IsAny || (!e.IsNarrowed && e.Zone == segment.Zone && (e.Segment == null || e.Segment == segment));

        /// <summary>
        /// Pods are selected by labels, so a narrowed endpoint is written only when none of its addresses is a pod of the
        /// target: then it is ipBlocks (NetworkPolicy peers) or networks (AdminNetworkPolicy egress), exactly its addresses.
        /// </summary>
        public bool Expresses(TargetContext context, Endpoint endpoint) =>
            !context.Addresses.Of(endpoint).Overlaps(PodAddresses(PodSegments(context, report: false)));

        private static YamlMap Rule(TargetContext context, FlowRule f, Endpoint peer, List<PodSegment> pods, AddressRangeSet podAddresses, string key)
        {
            var rule = new YamlMap();
            if (!peer.IsAny || peer.IsNarrowed) rule.Add(key, Peers(context, peer, pods, podAddresses));
            var ports = Ports(f.Services);
            if (ports != null) rule.Add("ports", ports);
            return rule;
        }

        /// <summary>The peers of an endpoint: its pod segments by selector, the rest of its addresses as ipBlocks.</summary>
        public static List<object> Peers(TargetContext context, Endpoint e, List<PodSegment> pods, AddressRangeSet podAddresses)
        {
            var peers = new List<object>();
            foreach (var p in pods.Where(p => Covers(e, p.Segment)))
                peers.Add(new YamlMap()
                    .Add("namespaceSelector", new YamlMap().Add("matchLabels", new YamlMap().Add("kubernetes.io/metadata.name", p.Namespace)))
                    .Add("podSelector", Selector(p.Selector)));
            peers.AddRange(IpBlocks(context, e, podAddresses));
            return peers;
        }

        private sealed class IpBlockCache
        {
            public IpBlockCache(AddressRangeSet pods, List<object> blocks) { Pods = pods; Blocks = blocks; }
            public AddressRangeSet Pods { get; }
            public List<object> Blocks { get; }
        }

        /// <summary>The ipBlocks of an endpoint's addresses outside the target's pods, built once per target and endpoint
        /// (the internet, with its except list, recurs in many rules).</summary>
        private static List<object> IpBlocks(TargetContext context, Endpoint e, AddressRangeSet podAddresses)
        {
            var key = "k8s-ipblocks:" + context.Target.Name + ":" + e + ":" + podAddresses.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var cached = context.Addresses.Memo(key, () => new IpBlockCache(podAddresses, ComputeIpBlocks(context, e, podAddresses)));
            return cached.Pods.Equals(podAddresses) ? cached.Blocks : ComputeIpBlocks(context, e, podAddresses);
        }

        private static List<object> ComputeIpBlocks(TargetContext context, Endpoint e, AddressRangeSet podAddresses)
        {
            var peers = new List<object>();
            var rest = context.Addresses.Of(e).Except(podAddresses);
            if (rest.IsEmpty) return peers;
            var written = e.IsAny ? AddressRangeSet.All : PacketSpace.FamilyMatch(e.Segment != null ? e.Segment.Prefixes.Select(x => x.Value) : e.Zone!.AllPrefixes);
            // Each family on its own: an IPv6 ipBlock never matches IPv4, so the IPv6 cover may span the IPv4-mapped block.
            foreach (var cidr in PacketSpace.FamilyPrefixes(written))
            {
                var block = PacketSpace.FamilyMatch(cidr);
                var inside = block.Intersect(rest);
                if (inside.IsEmpty) continue;
                var except = block.Except(inside).ToPrefixes();
                // The block with its holes, or what lies inside it prefix by prefix, whichever is fewer lines: a host or two
                // narrowed out of a segment is a /32 or /31 of its own, not the segment less every other part of it.
                var parts = except.Count == 0 ? null : inside.ToPrefixes();
                if (parts != null && parts.Count < 1 + except.Count)
                {
                    foreach (var part in parts) peers.Add(new YamlMap().Add("ipBlock", new YamlMap().Add("cidr", part.ToString())));
                    continue;
                }
                var ip = new YamlMap().Add("cidr", cidr.ToString());
                if (except.Count > 0) ip.Add("except", except.Select(x => (object)x.ToString()).ToList());
                peers.Add(new YamlMap().Add("ipBlock", ip));
            }
            return peers;
        }

        public static YamlMap Selector(LabelSelector selector)
        {
            var map = new YamlMap();
            var labels = new YamlMap();
            foreach (var r in selector.Requirements.Where(r => r.IsEquality)) labels.Add(r.Key, r.Values[0]);
            var expressions = new List<object>();
            foreach (var r in selector.Requirements.Where(r => !r.IsEquality))
            {
                var m = new YamlMap().Add("key", r.Key).Add("operator", r.Operator);
                if (r.Values.Count > 0) m.Add("values", r.Values.Select(v => (object)v).ToList());
                expressions.Add(m);
            }
            if (labels.Entries.Count > 0) map.Add("matchLabels", labels);
            if (expressions.Count > 0) map.Add("matchExpressions", expressions);
            return map;
        }

        private static string ProtocolName(int p) => p == ServiceMatch.Tcp ? "TCP" : p == ServiceMatch.Udp ? "UDP" : "SCTP";

        /// <summary>NetworkPolicy ports, or null for every protocol and port.</summary>
        private static List<object>? Ports(IReadOnlyList<ServiceMatch> services)
        {
            if (services.Any(s => s.IsAny)) return null;
            var list = new List<object>();
            foreach (var s in services.Where(s => s.HasPorts))
            {
                var protocol = ProtocolName(s.Protocol!.Value);
                if (s.Ports == null) { list.Add(new YamlMap().Add("protocol", protocol)); continue; }
                foreach (var r in IntervalSet.FromRanges(s.Ports, IntervalSet.PortMax).Ranges)
                {
                    var m = new YamlMap().Add("protocol", protocol).Add("port", (int)r.Start);
                    if (r.End != r.Start) m.Add("endPort", (int)r.End);
                    list.Add(m);
                }
            }
            return list;
        }

        private static List<object>? AnpPorts(IReadOnlyList<ServiceMatch> services)
        {
            if (services.Any(s => s.IsAny)) return null;
            var list = new List<object>();
            foreach (var s in services.Where(s => s.HasPorts))
            {
                var protocol = ProtocolName(s.Protocol!.Value);
                var ranges = s.Ports != null ? IntervalSet.FromRanges(s.Ports, IntervalSet.PortMax).Ranges : new[] { new Interval(1, 65535) };
                foreach (var r in ranges)
                    list.Add(r.Start == r.End
                        ? new YamlMap().Add("portNumber", new YamlMap().Add("protocol", protocol).Add("port", (int)r.Start))
                        : new YamlMap().Add("portRange", new YamlMap().Add("protocol", protocol).Add("start", (int)r.Start).Add("end", (int)r.End)));
            }
            return list;
        }

        private static YamlMap AnpPods(PodSegment p) =>
            new YamlMap()
                .Add("namespaceSelector", new YamlMap().Add("matchLabels", new YamlMap().Add("kubernetes.io/metadata.name", p.Namespace)))
                .Add("podSelector", Selector(p.Selector));

        /// <summary>An object or rule name: a DNS label of at most 63 characters, cut with a hash when longer.</summary>
        public static string Name(string raw)
        {
            var slug = CloudText.Slug(raw);
            if (slug.Length == 0 || !char.IsLetter(slug[0])) slug = "pl-" + slug;
            return slug.Length <= 63 ? slug : CloudText.Cut(slug, 54) + "-" + CloudText.ShortHash(raw);
        }
    }
}
