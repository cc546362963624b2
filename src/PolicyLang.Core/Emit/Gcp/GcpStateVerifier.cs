using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.CloudFirewall;
using PolicyLang.Emit.State;
using PolicyLang.Semantics;
using PolicyLang.Text;

namespace PolicyLang.Emit.Gcp
{
    /// <summary>
    /// Compares <c>gcloud compute firewall-rules list --format=json</c> with a gcp-firewall target: every rule of the
    /// target's networks counts, policyc's or added in the console. Per direction, lower priority first, at equal
    /// priority deny before allow; implied rules deny ingress and allow egress. Instances are known by the tags and
    /// service accounts the backend documents; a rule aimed at other tags or accounts is read both ways (it may or may
    /// not reach the zones' instances). Disabled rules do not count.
    /// </summary>
    internal static class GcpStateVerifier
    {
        public const string Format = "gcloud compute firewall-rules list --format=json, in <target>/<name>.json";

        private sealed record Rule(string Name, int Priority, bool Ingress, bool Allow, PacketSet Most, PacketSet Least, StateFile File, int Offset);

        public static IReadOnlyList<DriftFinding> Verify(TargetContext context, IReadOnlyList<StateFile> files)
        {
            var networks = context.Target.Devices.Select(d => d.Value.Substring(d.Value.LastIndexOf('/') + 1)).ToList();
            var instances = Instances(context);
            var rules = new List<Rule>();
            var findings = new List<DriftFinding>();
            foreach (var file in files)
            {
                try
                {
                    var root = StateJson.Parse(file.Text);
                    if (!root.IsArray || root.Items.Any(i => !i.IsObject || i.String("name") == null || i["direction"] == null))
                        throw new StateReadException(root.Offset, "expected gcloud compute firewall-rules list --format=json: a list of firewall rules");
                    foreach (var r in root.Items)
                    {
                        var network = r.String("network") ?? "";
                        if (networks.Count > 0 && !networks.Contains(network.Substring(network.LastIndexOf('/') + 1))) continue;
                        if (r["disabled"]?.Kind == JsonKind.True) continue;
                        rules.Add(Read(r, file, instances));
                    }
                }
                catch (StateReadException e)
                {
                    findings.Add(DriftSets.Unreadable(file, e.Offset, e.Message));
                }
            }
            if (findings.Count > 0) return findings;
            var device = context.Target.Devices.Select(d => d.Value).FirstOrDefault() ?? context.Target.Name;
            var built = new HashSet<string>(GcpFirewallBackend.BuildModel(context, report: false).Rules.Select(r => r.Name), StringComparer.Ordinal);
            foreach (bool ingress in new[] { true, false })
            {
                var region = CloudState.Region(context, ingress);
                var ordered = rules.Where(r => r.Ingress == ingress).OrderBy(r => r.Priority).ThenBy(r => r.Allow ? 1 : 0).ToList();
                PacketSet Evaluate(bool most, List<(Rule, PacketSet)> decisions)
                {
                    var remaining = region;
                    var allowed = PacketSet.Empty;
                    foreach (var r in ordered)
                    {
                        // Most: allows reach as far as they may, denies only as far as they surely do; Least the opposite.
                        var match = (r.Allow == most ? r.Most : r.Least).Intersect(remaining);
                        if (match.IsEmpty) continue;
                        if (r.Allow) allowed = allowed.Union(match);
                        decisions.Add((r, match));
                        remaining = remaining.Except(match);
                    }
                    if (!ingress) { allowed = allowed.Union(remaining); decisions.Add((new Rule("implied allow egress", 65535, false, true, region, region, files[0], -1), remaining)); }
                    else decisions.Add((new Rule("implied deny ingress", 65535, true, false, region, region, files[0], -1), remaining));
                    return allowed;
                }
                var mostDecisions = new List<(Rule, PacketSet)>();
                var leastDecisions = new List<(Rule, PacketSet)>();
                var mostAllowed = Evaluate(true, mostDecisions);
                var leastAllowed = Evaluate(false, leastDecisions);
                StateDecision Blame(List<(Rule Rule, PacketSet Packets)> decisions, Packet p, bool allow)
                {
                    var d = decisions.FirstOrDefault(x => x.Rule.Allow == allow && x.Packets.Contains(p));
                    if (d.Rule == null) return new StateDecision("no rule", new TextSpan(0, 0), PacketSet.All);
                    // A rule the build does not hold (made in the console) stays when the build is applied again.
                    return new StateDecision((d.Rule.Offset < 0 ? "the " : "firewall rule ") + d.Rule.Name + (d.Rule.Offset < 0 ? "" : " (priority " + d.Rule.Priority + ", " + (d.Rule.Allow ? "allow" : "deny") + ")"),
                        d.Rule.Offset >= 0 ? DriftSets.JsonObjectSpan(d.Rule.File, d.Rule.Offset) : new TextSpan(0, 0), d.Packets, Foreign: d.Rule.Offset >= 0 && !built.Contains(d.Rule.Name));
                }
                foreach (var f in DriftSets.Compare(device, ingress ? "ingress" : "egress", CloudState.Intent(context, ingress), mostAllowed, leastAllowed,
                    p => Blame(mostDecisions, p, true), p => Blame(leastDecisions, p, false), DriftSets.InternalAddresses(context), DriftSets.AllowingFlow(context)))
                {
                    var rule = (f.Kind == DriftKind.Exposure ? mostDecisions : leastDecisions).FirstOrDefault(x => f.Witness is Packet w && x.Item2.Contains(w)).Item1;
                    findings.Add(f.WithFile(rule?.File ?? files[0], f.Span));
                }
            }
            return findings;
        }

        /// <summary>Tag and service-account names, as the backend documents them, to the addresses of their instances.</summary>
        private static Dictionary<string, AddressRangeSet> Instances(TargetContext context)
        {
            var map = new Dictionary<string, AddressRangeSet>(StringComparer.Ordinal);
            void Add(string key, AddressRangeSet set) => map[key] = map.TryGetValue(key, out var s) ? s.Union(set) : set;
            var projects = context.Target.Devices.Select(d => System.Text.RegularExpressions.Regex.Match(d.Value, "^projects/([^/]+)/"))
                .Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().ToList();
            foreach (var zone in context.Model.Zones)
                foreach (var seg in zone.Segments.Cast<SegmentSymbol?>().Append(null))
                {
                    var set = seg == null ? context.Addresses.Of(zone) : context.Addresses.Of(seg);
                    Add(GcpNames.Tag(zone, seg), set);
                    foreach (var project in projects) Add(GcpNames.ServiceAccountId(zone, seg) + "@" + project + ".iam.gserviceaccount.com", set);
                }
            return map;
        }

        private static Rule Read(JsonNode r, StateFile file, Dictionary<string, AddressRangeSet> instances)
        {
            var name = r.String("name")!;
            int priority = r.Integer("priority") is long p && p >= 0 && p <= 65535 ? (int)p : r["priority"] == null ? 1000 : throw new StateReadException(r.Offset, name + ": expected a priority from 0 to 65535");
            var direction = r.String("direction");
            if (direction != "INGRESS" && direction != "EGRESS") throw new StateReadException(r.Offset, name + ": unexpected direction '" + direction + "'");
            bool ingress = direction == "INGRESS";
            var allowed = r["allowed"];
            var denied = r["denied"];
            if ((allowed == null) == (denied == null)) throw new StateReadException(r.Offset, name + ": expected allowed or denied");
            AddressRangeSet Ranges(string key) => CloudState.Strings(r[key]).Select(t => CloudState.Prefix(t, r.Offset)).Aggregate(AddressRangeSet.Empty, (a, b) => a.Union(b));
            var targets = CloudState.Strings(r["targetTags"]).Concat(CloudState.Strings(r["targetServiceAccounts"])).ToList();
            AddressRangeSet targetMost = AddressRangeSet.All, targetLeast = AddressRangeSet.All;
            if (targets.Count > 0)
            {
                targetMost = targetLeast = AddressRangeSet.Empty;
                foreach (var t in targets)
                {
                    if (instances.TryGetValue(t, out var set)) { targetMost = targetMost.Union(set); targetLeast = targetLeast.Union(set); }
                    else targetMost = AddressRangeSet.All; // instances of a tag or account the policy does not name: unknown
                }
            }
            var sources = r["sourceRanges"] != null ? Ranges("sourceRanges") : ingress ? AddressRangeSet.Empty : AddressRangeSet.All;
            var sourceTags = CloudState.Strings(r["sourceTags"]).Concat(CloudState.Strings(r["sourceServiceAccounts"])).ToList();
            AddressRangeSet sourcesMost = sources, sourcesLeast = sources;
            foreach (var t in sourceTags)
            {
                if (instances.TryGetValue(t, out var set)) { sourcesMost = sourcesMost.Union(set); sourcesLeast = sourcesLeast.Union(set); }
                else sourcesMost = AddressRangeSet.All;
            }
            var destinations = r["destinationRanges"] != null ? Ranges("destinationRanges") : AddressRangeSet.All;
            PacketSet Match(AddressRangeSet src, AddressRangeSet dst)
            {
                var set = PacketSet.Empty;
                foreach (var m in (allowed ?? denied)!.Items)
                {
                    var protocol = m.String("IPProtocol") ?? throw new StateReadException(m.Offset, name + ": a match without IPProtocol");
                    int? number = protocol switch
                    {
                        "all" => null, "tcp" => 6, "udp" => 17, "sctp" => 132, "icmp" => 1, "esp" => 50, "ah" => 51, "ipip" => 4,
                        _ => int.TryParse(protocol, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 255 ? n : throw new StateReadException(m.Offset, name + ": unexpected protocol '" + protocol + "'"),
                    };
                    var ports = m["ports"] != null ? CloudState.Ports(CloudState.Strings(m["ports"]), m.Offset) : null;
                    set = set.Union(CloudState.Match(src, dst, number, number == 1 ? (int?)58 : number, ports));
                }
                return set;
            }
            // Ingress rules apply to their targets as destinations, egress rules to their targets as sources (and both to their ranges).
            var most = ingress ? Match(sourcesMost, destinations.Intersect(targetMost)) : Match(sourcesMost.Intersect(targetMost), destinations);
            var least = ingress ? Match(sourcesLeast, destinations.Intersect(targetLeast)) : Match(sourcesLeast.Intersect(targetLeast), destinations);
            return new Rule(name, priority, ingress, allowed != null, most, least, file, r.Offset);
        }
    }
}
