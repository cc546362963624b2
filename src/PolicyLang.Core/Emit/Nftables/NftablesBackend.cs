using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;
using PolicyLang.Platforms;

namespace PolicyLang.Emit.Nftables
{
    /// <summary>
    /// Linux nftables, the reference backend: one `inet` table per target, stateful, IPv4 and IPv6. In gateway mode
    /// it filters the forward hook between zones; in host mode it filters input and output on the zones' hosts.
    /// Denies come before allows (deny overrides allow), so the rule order follows the semantics, not the file.
    /// </summary>
    public sealed class NftablesBackend : IBackend, State.IStateVerifier
    {
        public string StateFormat => "nft -j list ruleset of each device, in <target>/<device>.json";

        public IReadOnlyList<string> ExpectedStates(TargetContext context) => context.Target.Devices.Select(d => d.Value).ToList();

        public bool CombinesFiles => false;

        public string Reapply(TargetContext context) => "nft -f replaces table inet " + NftText.Identifier("policylang_", context.Target.Name) + "; other tables stay";

        /// <summary>
        /// The devices of a target share one ruleset, so an export with the same content as another device's gives the same
        /// findings: read once. While an export's bytes are read, the target's other exports of the same length are compared
        /// with them (<see cref="TargetContext.StateFiles"/>), so that the pair of a gateway is read twice in all, not three
        /// times (once to verify it, then both again to compare them).
        /// </summary>
        public IReadOnlyList<State.DriftFinding> Verify(TargetContext context, IReadOnlyList<State.StateFile> files)
        {
            var file = files.Single();
            // The target's exports compared so far (its devices come one after another), the latest few: compared in full, not
            // hashed (hashing every export of a run took 5 % of verify's time; an export of another length is not read at all, and
            // a comparison stops at the first block that differs).
            var known = context.LocalMemo("nft-verified", () => new VerifiedExports());
            IReadOnlyList<State.DriftFinding>? first = null;
            lock (known)
            {
                if (known.SameAs.TryGetValue(file, out var like)) first = known.FindingsOf(like);
                if (first == null)
                    foreach (var (other, findings) in known.Compared)
                        if (!known.Checked.Contains((other, file)) && other.SameContent(file)) { first = findings; break; }
            }
            if (first == null)
            {
                var devices = new HashSet<string>(ExpectedStates(context), StringComparer.Ordinal);
                first = NftStateVerifier.Verify(context, file, (bytes, count) =>
                {
                    foreach (var other in context.StateFiles)
                    {
                        if (ReferenceEquals(other, file) || !devices.Contains(other.Name)) continue;
                        lock (known)
                        {
                            if (known.SameAs.ContainsKey(other) || known.FindingsOf(other) != null) continue;
                        }
                        bool same;
                        try
                        {
                            same = other.SameContent(bytes, count);
                        }
                        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
                        {
                            // Not compared: the export is verified on its own, and a file it cannot read is reported there.
                            same = false;
                        }
                        lock (known)
                        {
                            known.Checked.Add((file, other));
                            if (same) known.SameAs[other] = file;
                        }
                    }
                });
                lock (known)
                {
                    if (known.Compared.Count == MaxCompared) known.Compared.RemoveAt(0);
                    known.Compared.Add((file, first));
                }
            }
            return first.Select(f => f.ForDevice(file.Name, file)).ToList();
        }

        /// <summary>What the exports of one target verified so far found, and which exports are known to hold another's content.</summary>
        private sealed class VerifiedExports
        {
            /// <summary>The latest exports verified, with their findings (at most <see cref="MaxCompared"/>).</summary>
            public readonly List<(State.StateFile File, IReadOnlyList<State.DriftFinding> Findings)> Compared = new List<(State.StateFile, IReadOnlyList<State.DriftFinding>)>();

            /// <summary>Exports found, while another was read, to hold exactly its bytes: that one's findings are theirs.</summary>
            public readonly Dictionary<State.StateFile, State.StateFile> SameAs = new Dictionary<State.StateFile, State.StateFile>();

            /// <summary>Pairs (verified export, other export) already compared byte for byte, whatever the outcome.</summary>
            public readonly HashSet<(State.StateFile, State.StateFile)> Checked = new HashSet<(State.StateFile, State.StateFile)>();

            public IReadOnlyList<State.DriftFinding>? FindingsOf(State.StateFile file)
            {
                foreach (var (f, findings) in Compared)
                    if (ReferenceEquals(f, file)) return findings;
                return null;
            }
        }

        /// <summary>How many of a target's exports a new one is compared with before it is read.</summary>
        private const int MaxCompared = 8;

        /// <summary>The allowed flows with a DSCP, in the order the classify chain sets it (the last setting wins).</summary>
        private static IEnumerable<FlowRule> ClassifiedFlows(TargetContext context)
        {
            bool host = context.Target.Mode?.Value == "host";
            return context.RelevantFlows.Where(f => f.Action == FlowAction.Allow && f.Class?.Dscp != null
                && (!host || f.Source.IsAny || context.Target.Zones.Contains(f.Source.Zone!)));
        }

        /// <summary>What the classify chain marks, in order: each classified flow's packets and its DSCP.</summary>
        internal static IEnumerable<(PacketSet Packets, int Dscp)> Markings(TargetContext context) =>
            ClassifiedFlows(context).Select(f => (context.Flows.Of(f), (int)f.Class!.Dscp!.Value.Value));

        public PlatformDescription Description => NftablesPlatform.Description;

        public void Validate(TargetContext context)
        {
        }

        public IReadOnlyList<Artifact> Emit(TargetContext context)
        {
            var ruleset = BuildRuleset(context);
            var text = TemplateRenderer.Render("Nftables/ruleset.scriban", ruleset);
            return new[] { new Artifact(context.Target.Name, Description.Name, context.Target.Name + "/ruleset.nft", text, ruleset.Chains.Sum(c => c.Rules.Count)) };
        }

        private enum Family { V4, V6 }

        public static NftRuleset BuildRuleset(TargetContext context)
        {
            var target = context.Target;
            bool host = target.Mode?.Value == "host";
            var r = new NftRuleset { Table = NftText.Identifier("policylang_", target.Name) };
            r.Header.Add("Generated by policyc from policy '" + NftText.Comment(context.Compilation.Name) + "', target '" + target.Name + "' (nftables, "
                + (host ? "host" : "gateway") + " mode). Do not edit: changes are overwritten.");
            r.Header.Add("Apply with: nft -f ruleset.nft");

            var sets = new SetNamer(r, context.Addresses);
            var flows = context.RelevantFlows;
            var limits = new Dictionary<FlowRule, string>();
            foreach (var f in flows.Where(f => f.Rate != null && f.Action == FlowAction.Allow))
            {
                var name = "rate_" + NftText.Identifier("", f.Label);
                limits[f] = name;
                r.Limits.Add(new NftLimit { Name = name, Rate = RateText(f.Rate!.Value.Value), Comment = "rate " + f.Rate.Value.Value + " of " + Describe(f) });
            }

            var policy = context.Model.DefaultAction == FlowAction.Allow ? "accept" : "drop";
            var hooks = host
                ? new[] { ("input", (System.Func<FlowRule, bool>)(f => f.Destination.IsAny || target.Zones.Contains(f.Destination.Zone!))),
                          ("output", (System.Func<FlowRule, bool>)(f => f.Source.IsAny || target.Zones.Contains(f.Source.Zone!))) }
                : new[] { ("forward", (System.Func<FlowRule, bool>)(f => true)) };

            var classify = new NftChain { Name = "classify", Hook = host ? "output" : "forward", Priority = "mangle", Policy = "accept" };
            foreach (var f in ClassifiedFlows(context))
            {
                var dscp = f.Class!.Dscp!.Value.Value.ToString(CultureInfo.InvariantCulture);
                bool first = true;
                foreach (var (family, match) in Matches(f, sets))
                {
                    classify.Rules.Add(new NftRule(match + (family == Family.V4 ? " ip dscp set " : " ip6 dscp set ") + dscp,
                        first ? "class " + f.Class.Name + " (dscp " + dscp + ") for " + Describe(f) : ""));
                    first = false;
                }
            }
            if (classify.Rules.Count > 0) r.Chains.Add(classify);

            foreach (var (hook, carries) in hooks)
            {
                var chain = new NftChain { Name = hook, Hook = hook, Priority = "filter", Policy = policy };
                chain.Rules.Add(new NftRule("ct state invalid drop"));
                if (host)
                {
                    chain.Rules.Add(new NftRule(hook == "input" ? "iifname \"lo\" accept" : "oifname \"lo\" accept", "loopback"));
                    chain.Rules.Add(new NftRule("icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } accept", "IPv6 neighbour discovery"));
                }
                foreach (var f in flows.Where(f => carries(f) && limits.ContainsKey(f)))
                {
                    var limit = " limit name \"" + limits[f] + "\" drop";
                    var stateful = f.Rate!.Value.Value.Unit == RateUnit.ConnectionsPerSecond ? " ct state new" : "";
                    bool first = true;
                    foreach (var (_, match) in Matches(f, sets))
                    {
                        chain.Rules.Add(new NftRule(match + stateful + limit, first ? "rate limit of " + Describe(f) : ""));
                        first = false;
                    }
                }
                bool countAll = context.Target.Option("counters")?.IsOn == true;
                // A quarantine cuts connections already open too: its drops come before the accept of established traffic.
                foreach (var f in flows.Where(f => f.Quarantine != null && carries(f))) AddRules(f, FlowAction.Deny);
                chain.Rules.Add(new NftRule("ct state established,related accept", "return traffic of allowed connections"));
                foreach (var action in new[] { FlowAction.Deny, FlowAction.Allow })
                {
                    foreach (var f in flows.Where(f => f.Action == action && f.Quarantine == null && carries(f))) AddRules(f, action);
                }
                r.Chains.Add(chain);

                void AddRules(FlowRule f, FlowAction action)
                {
                        var verdict = action == FlowAction.Deny ? "drop" : "accept";
                        var counter = countAll || f.Count ? " counter" : "";
                        var log = f.Log ? " log prefix \"" + NftText.LogPrefix((f.LogPrefix != null ? f.LogPrefix + " " : "") + "policyc " + f.Label + " "
                            + (action == FlowAction.Deny ? "deny " : "allow ") + f.Source + "->" + f.Destination + ": ") + "\"" + LogLevel(f.LogLevel) : "";
                        bool first = true;
                        foreach (var (_, match) in Matches(f, sets))
                        {
                            chain.Rules.Add(new NftRule(match + log + counter + " " + verdict, first ? Describe(f) : ""));
                            first = false;
                        }
                }
            }
            return r;
        }

        /// <summary>" level warn" and so on: nft's name for a syslog severity; "" for the default (warn).</summary>
        private static string LogLevel(string? level) => level switch
        {
            null => "",
            "emergency" => " level emerg",
            "critical" => " level crit",
            "error" => " level err",
            "warning" => " level warn",
            _ => " level " + level,
        };

        private static string Describe(FlowRule f) =>
            NftText.Comment("flow " + (f.Name != null ? "'" + f.Name.Value + "'" : f.Index.ToString(CultureInfo.InvariantCulture)) + " at " + f.Location.Display + ": " + f.Describe());

        private static string RateText(Rate rate) => rate.Unit switch
        {
            RateUnit.BitsPerSecond => System.Math.Max(1UL, rate.Value / 8).ToString(CultureInfo.InvariantCulture) + " bytes/second",
            _ => rate.Value.ToString(CultureInfo.InvariantCulture) + "/second",
        };

        /// <summary>One match expression per address family and service the flow applies to.</summary>
        private static IEnumerable<(Family, string)> Matches(FlowRule flow, SetNamer sets)
        {
            foreach (var family in new[] { Family.V4, Family.V6 })
            {
                var src = sets.For(flow.Source, family == Family.V4);
                var dst = sets.For(flow.Destination, family == Family.V4);
                if (src == null || dst == null) continue;
                var prefix = family == Family.V4 ? "ip" : "ip6";
                var addresses = new List<string>();
                if (src.Length > 0) addresses.Add(prefix + " saddr @" + src);
                if (dst.Length > 0) addresses.Add(prefix + " daddr @" + dst);
                foreach (var s in flow.Services)
                {
                    if (family == Family.V4 ? !s.AppliesToIPv4 : !s.AppliesToIPv6) continue;
                    var service = ServiceExpression(s);
                    var parts = new List<string>(addresses);
                    // An address match already pins the family; without one, say it explicitly.
                    if (parts.Count == 0) parts.Add("meta nfproto " + (family == Family.V4 ? "ipv4" : "ipv6"));
                    if (service.Length > 0) parts.Add(service);
                    yield return (family, string.Join(" ", parts));
                }
            }
        }

        /// <summary>"22", or an anonymous set: "{ 80, 443 }", "{ 1024-65535 }".</summary>
        private static string PortSet(IReadOnlyList<Interval> ports)
        {
            var ranges = IntervalSet.FromRanges(ports, IntervalSet.PortMax).Ranges
                .Select(r => r.Start == r.End ? r.Start.ToString(CultureInfo.InvariantCulture) : r.Start.ToString(CultureInfo.InvariantCulture) + "-" + r.End.ToString(CultureInfo.InvariantCulture))
                .ToList();
            return ranges.Count == 1 && !ranges[0].Contains("-") ? ranges[0] : "{ " + string.Join(", ", ranges) + " }";
        }

        private static string ServiceExpression(ServiceMatch s)
        {
            if (s.Protocol == null) return "";
            int p = s.Protocol.Value;
            if (s.HasPorts)
            {
                var name = ServiceMatch.ProtocolName(p);
                if (s.Ports == null && s.SourcePorts == null) return "meta l4proto " + name;
                var parts = new List<string>();
                if (s.SourcePorts != null) parts.Add(name + " sport " + PortSet(s.SourcePorts));
                if (s.Ports != null) parts.Add(name + " dport " + PortSet(s.Ports));
                return string.Join(" ", parts);
            }
            if (p == ServiceMatch.Icmp || p == ServiceMatch.Icmpv6)
            {
                var name = p == ServiceMatch.Icmp ? "icmp" : "icmpv6";
                if (s.IcmpType == null) return "meta l4proto " + name;
                var text = name + " type " + s.IcmpType.Value.ToString(CultureInfo.InvariantCulture);
                if (s.IcmpCode != null) text += " " + name + " code " + s.IcmpCode.Value.ToString(CultureInfo.InvariantCulture);
                return text;
            }
            return "meta l4proto " + p.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>Names and emits one interval set per endpoint and family, on first use, in a stable order.</summary>
        private sealed class SetNamer
        {
            private readonly NftRuleset _ruleset;
            private readonly Semantics.AddressOwnership _addresses;
            private readonly Dictionary<(string, bool), string?> _names = new Dictionary<(string, bool), string?>();

            public SetNamer(NftRuleset ruleset, Semantics.AddressOwnership addresses)
            {
                _ruleset = ruleset;
                _addresses = addresses;
            }

            /// <summary>
            /// Interval-set elements: a range that is one prefix is written as the prefix, any other as first-last, which
            /// nft stores as one interval. A catch-all zone (the internet minus every internal subnet) stays compact.
            /// </summary>
            private static string Elements(AddressRangeSet owned, bool v4)
            {
                var family = owned.Intersect(v4 ? Analysis.PacketSpace.IPv4 : Analysis.PacketSpace.IPv6);
                var parts = new List<string>(family.Ranges.Count);
                foreach (var range in family.Ranges)
                {
                    var cover = AddressRangeSet.FromRange(range.First, range.Last).ToPrefixes();
                    parts.Add(cover.Count == 1 ? cover[0].ToString() : range.First + "-" + range.Last);
                }
                // One element a line: nft's scanner rejects very long lines, and a diff of a set stays readable.
                return string.Join(",\n", parts);
            }

            /// <summary>What a set holds: "zone gpu", "segment gpu.pod1", "external zone internet"; a narrow endpoint (a prefix, a
            /// prefix list, 'except') as written, with the zone or segment it lies in ("ops-hosts in zone ops").</summary>
            private static string SetComment(Endpoint endpoint)
            {
                if (endpoint.IsAny) return endpoint.ToString();
                var owner = endpoint.Segment != null ? "segment " + endpoint.Segment.QualifiedName : (endpoint.Zone!.IsExternal ? "external zone " : "zone ") + endpoint.Zone.Name;
                return endpoint.IsNarrowed ? endpoint + " in " + owner : owner;
            }

            /// <summary>"" for 'any', null when the endpoint has no address of the family, else the set's name.</summary>
            public string? For(Endpoint endpoint, bool v4)
            {
                if (endpoint.IsAny && !endpoint.IsNarrowed) return "";
                var key = (endpoint.ToString(), v4);
                if (_names.TryGetValue(key, out var existing)) return existing;
                var elements = _addresses.Memo("nftables-elements:" + endpoint + (v4 ? ":4" : ":6"), () => Elements(_addresses.Of(endpoint), v4));
                string? name = null;
                if (elements.Length > 0)
                {
                    // The number makes the name unique; the rest only reads well, so a long endpoint (a list after 'except') is cut.
                    var readable = NftText.Identifier("", endpoint.ToString());
                    if (readable.Length > 48) readable = readable.Substring(0, 48);
                    name = "z" + (_ruleset.Sets.Count + 1).ToString(CultureInfo.InvariantCulture) + "_" + readable + (v4 ? "_v4" : "_v6");
                    _ruleset.Sets.Add(new NftSet
                    {
                        Name = name,
                        Type = v4 ? "ipv4_addr" : "ipv6_addr",
                        Comment = SetComment(endpoint) + (v4 ? " (IPv4)" : " (IPv6)"),
                        Elements = elements,
                    });
                }
                _names[key] = name;
                return name;
            }
        }
    }
}
