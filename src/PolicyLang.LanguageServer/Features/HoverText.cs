using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.LanguageServer.Features
{
    /// <summary>Markdown describing what a name resolves to, from the bound model.</summary>
    public static class HoverText
    {
        private const int MaxListed = 16;

        /// <summary>What a symbol is; <paramref name="compilation"/> adds what only the whole policy knows (a baseline's assertions).</summary>
        public static string Describe(Symbol symbol, PolicyCompilation? compilation = null)
        {
            var sb = new StringBuilder();
            switch (symbol)
            {
                case ZoneSymbol zone:
                    Header(sb, (zone.IsExternal ? "external " : "zone ") + zone.Name);
                    Line(sb, "prefixes", List(zone.AllPrefixes.Select(p => p.ToString()), "none"));
                    if (zone.Segments.Count > 0) Line(sb, "segments", List(zone.Segments.Select(s => s.Name), "none"));
                    Description(sb, zone.Description);
                    break;
                case SegmentSymbol segment:
                    Header(sb, "segment " + segment.QualifiedName);
                    if (segment.Vlan is { } vlan) Line(sb, "VLAN", Number(vlan.Value));
                    if (segment.Vni is { } vni) Line(sb, "VNI", Number(vni.Value));
                    Line(sb, "prefixes", List(segment.Prefixes.Select(p => p.Value.ToString()), "none"));
                    Line(sb, "MTU", segment.Mtu is { } mtu ? Number(mtu.Value) : "1500 (default)");
                    if (segment.KubernetesNamespace != null)
                        Line(sb, "kubernetes", "namespace \"" + segment.KubernetesNamespace + "\"" + (segment.KubernetesSelector != null ? " selector \"" + segment.KubernetesSelector + "\"" : ""));
                    Description(sb, segment.Description);
                    break;
                case ServiceSymbol service:
                    Header(sb, "service " + service.Name);
                    Line(sb, "matches", List(service.Matches.Select(m => m.ToString()), "nothing"));
                    var fromPorts = service.Matches.Where(m => m.HasSourcePorts).ToList();
                    if (fromPorts.Count > 0)
                    {
                        Line(sb, "source ports", Joined(fromPorts.Select(InWords), "; "));
                        SourcePortTargets(sb);
                    }
                    break;
                case TrafficClassSymbol cls:
                    Header(sb, "class " + cls.Name);
                    Line(sb, "DSCP", cls.Dscp is { } dscp ? Number(dscp.Value) : "not set");
                    Line(sb, "queue", Number(cls.EffectiveQueue) + (cls.Queue == null ? " (not set)" : ""));
                    if (cls.Pcp is { } pcp) Line(sb, "PCP", Number(pcp.Value));
                    if (cls.Lossless) Line(sb, "lossless", "yes (PFC)");
                    if (cls.Strict) Line(sb, "scheduling", "strict priority");
                    if (cls.Bandwidth is { } bw) Line(sb, "bandwidth", Number(bw.Value) + "%");
                    if (cls.Ecn is { } ecn)
                    {
                        var parts = new List<string>();
                        if (ecn.MinBytes is { } min) parts.Add("min " + min.Value.ToString(CultureInfo.InvariantCulture) + " B");
                        if (ecn.MaxBytes is { } max) parts.Add("max " + max.Value.ToString(CultureInfo.InvariantCulture) + " B");
                        if (ecn.Probability is { } prob) parts.Add("probability " + Number(prob.Value) + "%");
                        Line(sb, "ECN", parts.Count > 0 ? string.Join(", ", parts) : "on");
                    }
                    Description(sb, cls.Description);
                    break;
                case PrefixListSymbol prefixes:
                    Header(sb, "prefixes " + prefixes.Name);
                    Line(sb, "prefixes", List(prefixes.Prefixes.Select(p => p.Value.ToString()), "none"));
                    break;
                case PortListSymbol ports:
                    Header(sb, "ports " + ports.Name);
                    Line(sb, "ports", List(ports.Ranges.Select(r => Range(r.Value)), "none"));
                    break;
                case TargetSymbol target:
                    Header(sb, "target " + target.Name + " " + target.Platform.Value);
                    if (PolicyLang.Platforms.PlatformRegistry.Describe(target.Platform.Value) is { } platform) Line(sb, "platform", platform.DisplayName);
                    Line(sb, "zones", List(target.Zones.Select(z => z.Name), "none"));
                    Line(sb, "devices", List(target.Devices.Select(d => d.Value), "none"));
                    if (target.Mode is { } mode) Line(sb, "mode", mode.Value);
                    foreach (var option in target.Options) Line(sb, "option " + option.Name.Value, option.Value.Value);
                    Description(sb, target.Description);
                    break;
                case PolicyHeader header:
                    Header(sb, "policy " + header.Name);
                    if (header.Version != null) Line(sb, "version", header.Version);
                    if (header.Owner != null) Line(sb, "owner", header.Owner);
                    Line(sb, "default", header.DefaultAction == FlowAction.Allow ? "allow" : "deny");
                    Description(sb, header.Description);
                    break;
                case BaselineSymbol baseline:
                    DescribeBaseline(sb, baseline, compilation);
                    break;
                default:
                    Header(sb, symbol.ToString());
                    break;
            }
            return sb.ToString().TrimEnd();
        }

        /// <summary>A baseline: its title and reference, how many assertions its file holds, where a shipped one comes from.</summary>
        private static void DescribeBaseline(StringBuilder sb, BaselineSymbol baseline, PolicyCompilation? compilation)
        {
            Header(sb, "baseline " + baseline.Name);
            if (baseline.Title != null) Line(sb, "title", baseline.Title);
            if (baseline.Reference != null) Line(sb, "reference", baseline.Reference);
            if (compilation != null)
            {
                var tree = compilation.Trees.FirstOrDefault(t => string.Equals(t.Path, baseline.Path, StringComparison.Ordinal));
                int written = tree?.Declarations.OfType<AssertDeclarationSyntax>().Count() ?? 0;
                int checks = compilation.Model.Assertions.Count(a => ReferenceEquals(a.Baseline, baseline));
                // An assertion over 'zones with …' is checked once per zone pair it picks.
                Line(sb, "assertions", Count(written, "assertion") + (checks != written ? " (" + Count(checks, "check") + " over the zones their selectors pick)" : ""));
            }
            if (PolicyLang.Workspace.BuiltinBaselines.IsBuiltin(baseline.Path))
                Line(sb, "shipped with policyc", "import \"" + baseline.Path + "\"" + (baseline.ImportedAt is { } at ? ", imported at " + at.Display : ""));
            Description(sb, baseline.Description);
        }

        /// <summary>
        /// A quarantine: the address, the zone (and segment) it cuts out of, why, until when (with the days left by the policy's
        /// clock), and the two logged deny flows it stands for.
        /// </summary>
        public static string DescribeQuarantine(Quarantine quarantine, PolicyCompilation compilation)
        {
            var sb = new StringBuilder();
            Header(sb, "quarantine " + quarantine.Address);
            var inside = quarantine.Outbound.Source;
            Line(sb, "address", inside.ToString());
            if (inside.Zone is { } zone)
            {
                Line(sb, "zone", (zone.IsExternal ? "external " : "") + zone.Name);
                if (inside.Restriction is { } addresses)
                {
                    var segment = zone.Segments.FirstOrDefault(s => addresses.IsSubsetOf(compilation.Addresses.Of(s)));
                    if (segment != null) Line(sb, "segment", segment.QualifiedName);
                }
            }
            Line(sb, "reason", quarantine.Reason ?? "not given");
            Line(sb, "expires", quarantine.Expires is { } expires ? DaysLeft(expires.Value) : "never (no expires date)");
            Line(sb, "flows", (quarantine.Outbound.Name?.Value ?? "a flow") + " (deny from it to any address) and " + (quarantine.Inbound.Name?.Value ?? "a flow")
                + " (deny from any address to it), logged" + (quarantine.Outbound.LogPrefix is { } prefix ? " with prefix " + prefix : ""));
            return sb.ToString().TrimEnd();
        }

        /// <summary>
        /// A flow's options, as the binder read them: the name its generated rules carry, its counter, its log tag and level
        /// (and who carries them), and its expiry date with the days left by the policy's clock and the warning window.
        /// </summary>
        public static string DescribeFlowOptions(FlowRule flow, PolicyCompilation compilation)
        {
            var sb = new StringBuilder();
            Header(sb, flow.Describe());
            FlowOptions(sb, flow, compilation);
            return sb.ToString().TrimEnd();
        }

        /// <summary>
        /// A flow hovered on its <c>allow</c> or <c>deny</c>, named or not: its place among the policy's flows, its endpoints and
        /// services as the binder read them, then its options as <see cref="DescribeFlowOptions"/> gives them, its class and rate.
        /// </summary>
        public static string DescribeFlow(FlowRule flow, PolicyCompilation compilation)
        {
            var sb = new StringBuilder();
            Header(sb, flow.Describe());
            Line(sb, "flow", "#" + Number(flow.Index) + " of the policy's flows (in file order, from 0)");
            Line(sb, "from", EndpointText(flow.Source));
            Line(sb, "to", EndpointText(flow.Destination));
            Line(sb, "services", Joined(flow.Services.Select(InWords), "; "));
            FlowOptions(sb, flow, compilation);
            if (flow.Class != null) Line(sb, "class", flow.Class.Name);
            if (flow.Rate is { } rate) Line(sb, "rate", rate.Value.ToString());
            Description(sb, flow.Description);
            return sb.ToString().TrimEnd();
        }

        /// <summary>A flow in a list: "flow ops-ssh" by its name, "flow #1 (allow a -> b : tcp/80)" by its index and text without one.</summary>
        private static string FlowTitle(FlowRule flow) =>
            flow.Name is { } name ? "flow " + name.Value : "flow #" + Number(flow.Index) + " (" + flow.Describe() + ")";

        /// <summary>An endpoint in words: "any address", "zone a", "segment a.web", "10.0.0.0/25 inside zone a".</summary>
        private static string EndpointText(Endpoint endpoint)
        {
            if (endpoint.Zone is not { } zone) return endpoint.IsNarrowed ? endpoint + " (every address but those)" : "any address";
            var kind = zone.IsExternal ? "external " : "zone ";
            if (endpoint.IsNarrowed) return endpoint + ", inside " + kind + zone.Name;
            return endpoint.Segment is { } segment ? "segment " + segment.QualifiedName : kind + zone.Name;
        }

        /// <summary>The lines of a flow's name, counter, log and expiry.</summary>
        private static void FlowOptions(StringBuilder sb, FlowRule flow, PolicyCompilation compilation)
        {
            Line(sb, "name", flow.Name is { } name
                ? name.Value + ": generated rules, terms, counters and log prefixes are named after it"
                : "none: generated rules call it " + flow.Label);
            if (flow.Count)
                Line(sb, "count", "a counter of its matches on every target that carries it (security groups, NSGs, GCP firewall rules and Kubernetes policies keep none)");
            if (flow.Log)
                Line(sb, "log", (flow.LogPrefix != null ? "prefix \"" + flow.LogPrefix + "\"" : "no tag") + (flow.LogLevel != null ? ", level " + flow.LogLevel : "")
                    + (flow.LogPrefix != null || flow.LogLevel != null ? "; nftables carries them, other targets log in their own format (NP4006)" : ""));
            if (flow.Expires is { } expires)
            {
                int days = Days(expires.Value);
                int window = WarningWindow(compilation);
                var state = days < 0 ? "check and build refuse the policy (NP3010)"
                    : window == 0 ? "no warning before it (expiry-warning 0d)"
                    : days <= window ? "check warns (NP3011, within the " + Number(window) + "-day window)"
                    : "check warns from " + PolicyClock.Format(expires.Value.Date.AddDays(-window)) + " (" + Number(window) + " days before)";
                Line(sb, "expires", DaysLeft(expires.Value) + ": " + state);
            }
        }

        /// <summary>
        /// The addresses a flow endpoint's <c>except</c> leaves out: the endpoint and which side of which flow it is, each
        /// prefix, prefix list or zone removed with its addresses, what is left, and which targets carry the flow for it.
        /// </summary>
        /// <param name="written">The endpoint before 'except' (<c>training</c>, <c>any</c>), as written.</param>
        /// <param name="excluded">The items of the except list as written: prefixes, prefix lists, zones.</param>
        public static string DescribeExcept(FlowRule flow, bool source, string written, IReadOnlyList<string> excluded, PolicyCompilation compilation)
        {
            var endpoint = source ? flow.Source : flow.Destination;
            var sb = new StringBuilder();
            Header(sb, endpoint.ToString());
            Line(sb, "side", (source ? "source of " : "destination of ") + FlowTitle(flow) + ": " + (written == "any" ? "every address" : written)
                + " less the addresses removed");
            Line(sb, "removes", Joined(excluded.Select(item => Excluded(item, compilation)), "; "));
            if (endpoint.Restriction is { } left)
            {
                var prefixes = left.ToPrefixes();
                Line(sb, "leaves", List(prefixes.Select(p => p.ToString()), "nothing") + " (" + Count(prefixes.Count, "prefix", "prefixes") + ")");
            }
            Line(sb, "carried by", endpoint.Zone is { } zone
                ? "the targets of " + (zone.IsExternal ? "external " : "zone ") + zone.Name + ", whose rules match the addresses left"
                : "every target, as for any: each writes the addresses left where it can (NP4001 where it cannot)");
            return sb.ToString().TrimEnd();
        }

        /// <summary>An item of an except list with its addresses: "10.1.9.0/24", "prefix list lab-hosts (10.0.0.1/32)", "zone lab (10.2.0.0/16)".</summary>
        private static string Excluded(string item, PolicyCompilation compilation)
        {
            var model = compilation.Model;
            if (model.PrefixLists.FirstOrDefault(p => p.Name == item) is { } list)
                return "prefix list " + item + " (" + List(list.Prefixes.Select(p => p.Value.ToString()), "no prefixes") + ")";
            if (model.Zones.FirstOrDefault(z => z.Name == item) is { } zone)
                return (zone.IsExternal ? "external " : "zone ") + item + " (" + List(compilation.Addresses.Of(zone).ToPrefixes().Select(p => p.ToString()), "no addresses") + ")";
            return item;
        }

        /// <summary>
        /// The policy's <c>expiry-warning</c>: the window, and the flows and quarantines in it (check warns, NP3011), past their
        /// date (check and build refuse the policy, NP3010), and after it, by the policy's clock.
        /// </summary>
        public static string DescribeExpiryWarning(PolicyCompilation compilation)
        {
            var sb = new StringBuilder();
            int window = WarningWindow(compilation);
            Header(sb, "expiry-warning " + Number(window) + "d");
            var today = PolicyClock.Today;
            Line(sb, "window", window == 0
                ? "none: check does not warn before a flow or quarantine expires; it still refuses one past its date (NP3010)"
                : Count(window, "day", "days") + ": check warns (NP3011) about a flow or quarantine whose expires date is " + PolicyClock.Format(today)
                    + " (today) to " + PolicyClock.Format(today.AddDays(window)));
            var dated = compilation.Model.Flows.Where(f => f.Quarantine == null && f.Expires != null)
                .Select(f => (What: FlowTitle(f), Expires: f.Expires!.Value.Value))
                .Concat(compilation.Model.Quarantines.Where(q => q.Expires != null).Select(q => (What: "quarantine " + q.Address, Expires: q.Expires!.Value.Value)))
                .OrderBy(x => x.Expires).ToList();
            string Listed(IEnumerable<(string What, System.DateTime Expires)> items) => Joined(items.Select(x => x.What + ": " + DaysLeft(x.Expires)), "; ");
            var expired = dated.Where(x => Days(x.Expires) < 0).ToList();
            var warned = window == 0 ? new List<(string What, System.DateTime Expires)>() : dated.Where(x => Days(x.Expires) >= 0 && Days(x.Expires) <= window).ToList();
            var later = dated.Except(expired).Except(warned).ToList();
            Line(sb, "in the window", warned.Count == 0 ? "nothing" : Listed(warned));
            if (expired.Count > 0) Line(sb, "expired (NP3010)", Listed(expired));
            if (later.Count > 0) Line(sb, "later", Listed(later));
            return sb.ToString().TrimEnd();
        }

        /// <summary>
        /// A target's <c>verbatim PLATFORM { … }</c> block, from its syntax: the target, how many lines it holds, what becomes of
        /// them (written as they stand, not verified; NP2036 when written for another platform, NP4001 on a platform that
        /// takes no verbatim text).
        /// </summary>
        public static string DescribeVerbatim(TargetDeclarationSyntax target, SettingSyntax verbatim)
        {
            var sb = new StringBuilder();
            var written = verbatim.Argument(0) is SyntaxToken { Kind: SyntaxKind.IdentifierToken } p ? p.Text : null;
            Header(sb, "verbatim" + (written != null ? " " + written : ""));
            var own = target.Platform.Text;
            var platform = PolicyLang.Platforms.PlatformRegistry.Describe(own);
            Line(sb, "target", target.NameToken!.Text + " (" + (platform?.DisplayName ?? own) + ")");
            int lines = verbatim.Argument(1) is BlockSyntax block ? block.Items.Count(i => i.Kind == SyntaxKind.VerbatimLine) : 0;
            Line(sb, "lines", Count(lines, "line"));
            if (written != null && written != own)
                Line(sb, "not written", "the text is for " + written + ", the target is " + own + " (NP2036)");
            else if (platform is { Verbatim: null })
                Line(sb, "not written", platform.DisplayName + " takes no verbatim text (NP4001)");
            sb.Append('\n').Append(Escape("The block is written into the target's configuration as it stands, not verified: policyc does not read "
                + "its lines, so what they change is outside every check, assertion and translation validation proof (NP4007). Each string is "
                + "one line, fenced in the output by two marker comments.")).Append('\n');
            return sb.ToString().TrimEnd();
        }

        /// <summary>A <c>zones with …</c> selector: the zones it picks.</summary>
        public static string DescribeSelection(string selection, IReadOnlyList<ZoneSymbol> zones)
        {
            var sb = new StringBuilder();
            Header(sb, selection);
            Line(sb, "picks", zones.Count == 0 ? "no zone" : List(zones.Select(z => z.Name), "none") + " (" + Count(zones.Count, "zone") + ")");
            return sb.ToString().TrimEnd();
        }

        /// <summary>
        /// A protocol match hovered where it is written (a service's, a flow's or an assertion's list, an expectation): the
        /// match as written, then in words, with the ports of the port lists it names.
        /// </summary>
        public static string DescribeMatch(string written, ServiceMatch match)
        {
            var sb = new StringBuilder();
            Header(sb, written);
            Line(sb, "matches", InWords(match));
            if (match.HasSourcePorts) SourcePortTargets(sb);
            return sb.ToString().TrimEnd();
        }

        /// <summary>
        /// A match in words: "tcp from source ports 1024-65535 to port 22", "udp from source port 53 to every port",
        /// "tcp to ports 80, 443", "icmp echo-request (type 8)", "IP protocol 47", "every protocol".
        /// </summary>
        public static string InWords(ServiceMatch match)
        {
            if (match.Protocol is not int protocol) return "every protocol";
            var name = ServiceMatch.ProtocolName(protocol);
            switch (protocol)
            {
                case ServiceMatch.Tcp:
                case ServiceMatch.Udp:
                case ServiceMatch.Sctp:
                    return name + (match.SourcePorts != null ? " from source " + Ports(match.SourcePorts) : "")
                        + (match.Ports != null ? " to " + Ports(match.Ports) : " to every port");
                case ServiceMatch.Icmp:
                case ServiceMatch.Icmpv6:
                    if (match.IcmpType is not int type) return name + ", every type";
                    var table = protocol == ServiceMatch.Icmpv6 ? WellKnownNames.Icmpv6Types : WellKnownNames.IcmpTypes;
                    var typeName = table.FirstOrDefault(e => e.Value == type).Key;
                    return name + " " + (typeName != null ? typeName + " (type " + Number(type) + ")" : "type " + Number(type))
                        + (match.IcmpCode is int code ? " code " + Number(code) : ", every code");
                default:
                    return "IP protocol " + Number(protocol);
            }
        }

        /// <summary>The platforms whose rules cannot match a source port, where a flow with one is NP4001.</summary>
        private static void SourcePortTargets(StringBuilder sb)
        {
            var refusing = PolicyLang.Platforms.PlatformRegistry.Backends.Select(b => b.Description)
                .Where(d => !d.Can(PolicyLang.Platforms.PlatformCapabilities.SourcePorts)).Select(d => d.Name).ToList();
            if (refusing.Count > 0)
                Line(sb, "refused by", (refusing.Count == 1 ? refusing[0] : string.Join(", ", refusing.Take(refusing.Count - 1)) + " and " + refusing[^1])
                    + " targets, whose rules match destination ports only (NP4001)");
        }

        private static string Ports(IReadOnlyList<Interval> ranges) =>
            (ranges.Count == 1 && ranges[0].Start == ranges[0].End ? "port " : "ports ") + List(ranges.Select(Range), "none");

        private static string Joined(IEnumerable<string> items, string separator)
        {
            var all = items.ToList();
            var shown = string.Join(separator, all.Take(MaxListed));
            return all.Count > MaxListed ? shown + separator + "… (" + (all.Count - MaxListed).ToString(CultureInfo.InvariantCulture) + " more)" : shown;
        }

        private static string Count(int n, string what) => Count(n, what, what + "s");

        private static string Count(int n, string one, string many) => Number(n) + " " + (n == 1 ? one : many);

        /// <summary>Days from the policy's today to <paramref name="day"/>: 0 on the day itself, negative after it.</summary>
        private static int Days(System.DateTime day) => (day.Date - PolicyClock.Today).Days;

        /// <summary>A last day and the days left to it by the policy's clock: "2027-01-31 (in 57 days)", "2026-12-04 (expired yesterday)".</summary>
        private static string DaysLeft(System.DateTime day)
        {
            int days = Days(day);
            var when = days > 1 ? "in " + Number(days) + " days" : days == 1 ? "tomorrow" : days == 0 ? "today is its last day" : days == -1 ? "expired yesterday" : "expired " + Number(-days) + " days ago";
            return PolicyClock.Format(day) + " (" + when + ")";
        }

        private static int WarningWindow(PolicyCompilation compilation) => compilation.Model.Header?.ExpiryWarningDays ?? PolicyHeader.DefaultExpiryWarningDays;

        private static void Header(StringBuilder sb, string text) => sb.Append("```netpolicy\n").Append(text).Append("\n```\n");

        private static void Line(StringBuilder sb, string label, string value) =>
            sb.Append("- **").Append(label).Append("**: ").Append(Escape(value)).Append('\n');

        private static void Description(StringBuilder sb, string? description)
        {
            if (!string.IsNullOrEmpty(description)) sb.Append('\n').Append(Escape(description!)).Append('\n');
        }

        private static string List(IEnumerable<string> items, string empty)
        {
            var all = items.ToList();
            return all.Count == 0 ? empty : Joined(all, ", ");
        }

        private static string Range(Interval r) =>
            r.Start == r.End ? r.Start.ToString(CultureInfo.InvariantCulture) : r.Start.ToString(CultureInfo.InvariantCulture) + "-" + r.End.ToString(CultureInfo.InvariantCulture);

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>Keeps policy text from being read as Markdown markup.</summary>
        private static string Escape(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (c == '\r' || c == '\n') { sb.Append(' '); continue; }
                if ("\\`*_{}[]<>#|!".IndexOf(c) >= 0) sb.Append('\\');
                sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
