using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using PolicyLang.Platforms;
using PolicyLang.Semantics;

namespace PolicyLang.Review
{
    /// <summary>One end of a query: a zone, a segment, an address or prefix, or any address.</summary>
    public sealed class QueryEndpoint(string text, AddressRangeSet addresses)
    {
        public string Text { get; } = text;
        public AddressRangeSet Addresses { get; } = addresses;
    }

    /// <summary>
    /// A piece of the asked traffic with one answer: its verdict, the flow that decides it (null: the policy's default
    /// action), the treatment that flow gives it, and where the policy's targets enforce it.
    /// </summary>
    public sealed class QueryPiece(FlowAction verdict, FlowRule? decidedBy, PacketSet packets)
    {
        public FlowAction Verdict { get; } = verdict;
        public FlowRule? DecidedBy { get; } = decidedBy;
        public PacketSet Packets { get; } = packets;
        public List<string> Enforcement { get; } = new List<string>();

        /// <summary>Targets that also enforce the piece but are not listed (beyond the query's limit).</summary>
        public int MoreTargets { get; internal set; }
    }

    /// <summary>
    /// <c>policyc query</c>: which traffic from X to Y (with service S) the policy allows or denies, and why. The asked
    /// traffic is split by the policy's own semantics (deny overrides allow, then the first allow by declaration order
    /// gives the treatment, and what no flow matches gets the default action), each piece with the flow that decides it
    /// and the targets, devices and ACLs that enforce it.
    /// </summary>
    public static class PolicyQuery
    {
        /// <summary>Resolves "any", a zone, "zone.segment", a prefix list, an address or a prefix; null with <paramref name="error"/> otherwise.</summary>
        public static QueryEndpoint? Endpoint(PolicyCompilation compilation, string text, out string error)
        {
            error = "";
            text = text.Trim();
            var model = compilation.Model;
            if (text == "any") return new QueryEndpoint(text, AddressRangeSet.All);
            int dot = text.IndexOf('.');
            if (dot > 0 && model.FindZone(text.Substring(0, dot)) is { } owner && !char.IsDigit(text[0]))
            {
                var segment = owner.Segments.FirstOrDefault(s => s.Name == text.Substring(dot + 1));
                if (segment == null)
                {
                    error = "zone '" + owner.Name + "' has no segment " + Quote(text.Substring(dot + 1)) + "; it has " + Names(owner.Segments.Select(s => s.Name));
                    return null;
                }
                return new QueryEndpoint(text, compilation.Addresses.Of(new Endpoint(owner, segment, default)));
            }
            if (model.FindZone(text) is { } zone) return new QueryEndpoint(text, compilation.Addresses.Of(new Endpoint(zone, null, default)));
            if (IpPrefix.TryParse(text, out var prefix, out bool hostBits) && text.IndexOf('/') > 0)
            {
                if (hostBits)
                {
                    error = "prefix " + Quote(text) + " has host bits set";
                    return null;
                }
                return new QueryEndpoint(text, PacketSpace.FamilyMatch(prefix));
            }
            if (IpAddress128.TryParse(text, out var address)) return new QueryEndpoint(text, AddressRangeSet.FromAddress(address));
            // A prefix list, as a flow's endpoint names one (a name that is a zone as well was taken as the zone above).
            if (model.PrefixLists.FirstOrDefault(l => l.Name == text) is { } list)
                return new QueryEndpoint(text, PacketSpace.FamilyMatch(list.Prefixes.Select(p => p.Value)));
            error = Quote(text) + " is not 'any', a zone, zone.segment, a prefix list, an address or a prefix; the zones are " + Names(model.Zones.Select(z => z.Name));
            return null;
        }

        /// <summary>
        /// Resolves "any" (null: every protocol), a service the policy declares, or service text as a flow writes it
        /// ("tcp/443", "udp/53, tcp/53", "icmp echo-request"); null with <paramref name="error"/> otherwise.
        /// </summary>
        public static IReadOnlyList<ServiceMatch>? Service(PolicyCompilation compilation, string text, out string error)
        {
            error = "";
            text = text.Trim();
            if (text == "any") return null;
            if (compilation.Model.FindService(text) is { } named) return named.Matches;
            // Only the services of one flow: nothing that could end the flow and start another declaration in the probe.
            if (text.Any(c => char.IsControl(c) || c == '{' || c == '}' || c == '#'))
            {
                error = Quote(text) + " is not a service: it holds a line break, a brace or a comment";
                return null;
            }
            // Bind the text as the service of a flow in a policy of its own: the grammar and the binder say what it means.
            var probe = PolicyCompilation.Create(new[] { PolicyLang.Syntax.PolicySyntaxTree.Parse(new PolicyLang.Text.SourceText(
                "zone q1 {\n  subnet 192.0.2.0/25\n}\nzone q2 {\n  subnet 192.0.2.128/25\n}\nallow q1 -> q2 : " + text + "\n", "<service>")) });
            var errors = probe.Diagnostics.Where(d => d.IsError).ToList();
            if (errors.Count > 0 || probe.Model.Flows.Count != 1)
            {
                error = Quote(text) + " is not 'any', a service of the policy (" + Names(compilation.Model.Services.Select(s => s.Name))
                    + ") or a service such as tcp/443 or icmp echo-request" + (errors.Count > 0 ? ": " + errors[0].Message : "");
                return null;
            }
            return probe.Model.Flows[0].Services;
        }

        /// <summary>Targets listed per piece by default: a flow to 'any' in a large policy reaches hundreds of targets.</summary>
        public const int DefaultMaxTargets = 10;

        /// <summary>
        /// The asked traffic, split into pieces with one answer each, in the order a reader wants them: denies, allows,
        /// default; each piece lists where it is enforced on at most <paramref name="maxTargets"/> targets (in name order)
        /// and counts the rest.
        /// </summary>
        public static IReadOnlyList<QueryPiece> Ask(PolicyCompilation compilation, QueryEndpoint from, QueryEndpoint to, IReadOnlyList<ServiceMatch>? services,
            int maxTargets = DefaultMaxTargets)
        {
            var region = services == null ? PacketSpace.Between(from.Addresses, to.Addresses)
                : PacketSet.UnionAll(services.Select(s => s.ToPacketSet(from.Addresses, to.Addresses)));
            var pieces = Decide(compilation, from.Addresses, to.Addresses, region);
            foreach (var p in pieces) Enforce(compilation, p, maxTargets);
            return pieces;
        }

        /// <summary>
        /// A region of packets (sent from <paramref name="sources"/> to <paramref name="destinations"/>) split by the
        /// policy's semantics into pieces with one verdict and one deciding flow each: denies, then allows, each flow
        /// what earlier ones left, then the default action. The pieces are disjoint and cover the region.
        /// </summary>
        public static List<QueryPiece> Decide(PolicyCompilation compilation, AddressRangeSet sources, AddressRangeSet destinations, PacketSet region)
        {
            var flows = compilation.Flows;
            var pieces = new List<QueryPiece>();
            var touching = flows.Between(sources, destinations).Where(f => flows.Of(f).Overlaps(region)).ToList();
            // Deny overrides allow: the denies claim their part first, then the allows, each flow what earlier ones left.
            var denied = Claim(pieces, touching, FlowAction.Deny, region, flows);
            var rest = region.Except(denied);
            var allowed = Claim(pieces, touching, FlowAction.Allow, rest, flows);
            var unmatched = rest.Except(allowed);
            if (!unmatched.IsEmpty) pieces.Add(new QueryPiece(compilation.Model.DefaultAction, null, unmatched));
            return pieces;
        }

        /// <summary>Adds a piece for each flow of the action, in declaration order, with what earlier ones left; returns the union.</summary>
        private static PacketSet Claim(List<QueryPiece> pieces, List<FlowRule> touching, FlowAction action, PacketSet region, FlowSpace flows)
        {
            var claimed = PacketSet.Empty;
            foreach (var f in touching.Where(f => f.Action == action))
            {
                var piece = flows.Of(f).Intersect(region).Except(claimed);
                if (piece.IsEmpty) continue;
                pieces.Add(new QueryPiece(action, f, piece));
                claimed = claimed.Union(piece);
            }
            return claimed;
        }

        /// <summary>
        /// Where the targets enforce a piece: every target whose zones the deciding flow touches (for the default action,
        /// the zones of the piece's addresses), and on a switch the devices and ACLs whose segments send the piece.
        /// </summary>
        private static void Enforce(PolicyCompilation compilation, QueryPiece piece, int maxTargets)
        {
            // A target enforces a piece when it covers a zone the piece's traffic comes from or goes to (and, for a flow,
            // one of the flow's own zones): a flow to 'any' is enforced where its traffic goes, not on every target.
            var zones = Zones(compilation, piece.Packets);
            var covered = compilation.Model.Targets.OrderBy(t => t.Name, StringComparer.Ordinal)
                .Where(target => zones.Any(z => target.Zones.Contains(z))
                    && (piece.DecidedBy == null || Covers(target, piece.DecidedBy.Source) || Covers(target, piece.DecidedBy.Destination)))
                .ToList();
            var listed = covered.Take(Math.Max(0, maxTargets)).ToList();
            piece.MoreTargets = covered.Count - listed.Count;
            // Targets are independent (validation, device models and plans are cached per policy and thread-safe, as in a
            // build): they are answered in parallel and listed in name order.
            var answers = new List<string>[listed.Count];
            System.Threading.Tasks.Parallel.For(0, listed.Count, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => answers[i] = Enforcement(compilation, piece, listed[i]).ToList());
            piece.Enforcement.AddRange(answers.SelectMany(a => a));
        }

        private static IEnumerable<string> Enforcement(PolicyCompilation compilation, QueryPiece piece, TargetSymbol target)
        {
            var head = "target " + target.Name + " (" + target.Platform.Value + ")";
            var backend = PlatformRegistry.Find(target.Platform.Value);
            if (backend is IEnforcementMap map && piece.DecidedBy != null && !compilation.TargetDiagnostics(target).Any(d => d.IsError))
            {
                // Cloud firewalls and Kubernetes: the generated objects that carry the deciding flow.
                var objects = map.Enforcing(new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>()), piece.DecidedBy);
                if (objects.Count == 0) yield return head;
                foreach (var o in objects) yield return head + ": " + o;
                yield break;
            }
            if (backend?.Description.Kind != PlatformKind.Switch || compilation.TargetDiagnostics(target).Any(d => d.IsError))
            {
                yield return head;
                yield break;
            }
            bool any = false;
            foreach (var (traffic, text) in AclBindings(compilation, target))
            {
                if (!piece.Packets.Overlaps(traffic)) continue;
                yield return head + ": " + text;
                any = true;
            }
            if (!any) yield return head + " covers these zones, but its switches filter what their own segments send, and none of them sends this traffic";
        }

        /// <summary>
        /// A switch target's inbound ACLs: the traffic each filters (what its segments send) and "device D, ACL A / B
        /// inbound on I, J"; computed once per target and policy, since a query asks it for every piece.
        /// </summary>
        private static List<(PacketSet Traffic, string Text)> AclBindings(PolicyCompilation compilation, TargetSymbol target) =>
            compilation.Addresses.Memo("query-acl-bindings:" + target.Name, () =>
            {
                var segments = compilation.Model.Segments.GroupBy(s => s.QualifiedName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
                var bindings = new List<(PacketSet, string)>();
                foreach (var (device, acls) in FabricTarget.Devices(context).Select(m => (m.Device, m.Device.Interfaces)))
                {
                    foreach (var group in acls.Where(i => i.AclGroup != null).GroupBy(i => i.AclGroup!))
                    {
                        var sources = PacketSpace.FamilyMatch(group.Key.Segments
                            .Where(segments.ContainsKey).SelectMany(name => segments[name].Prefixes.Select(p => p.Value)));
                        var names = new[] { group.Key.V4?.Name, group.Key.V6?.Name }.Where(n => n != null);
                        bindings.Add((PacketSpace.Between(sources, AddressRangeSet.All),
                            "device " + device.Name + ", ACL " + string.Join(" / ", names) + " inbound on " + string.Join(", ", group.Select(i => i.Name))));
                    }
                }
                return bindings;
            });

        private static bool Covers(TargetSymbol target, Endpoint e) => e.IsAny || target.Zones.Contains(e.Zone!);

        /// <summary>The zones whose addresses a piece's sources or destinations touch.</summary>
        private static List<ZoneSymbol> Zones(PolicyCompilation compilation, PacketSet packets)
        {
            var cubes = packets.Cubes.ToList();
            var sources = AddressRangeSet.FromRanges(cubes.SelectMany(c => c.Src.Ranges));
            var destinations = AddressRangeSet.FromRanges(cubes.SelectMany(c => c.Dst.Ranges));
            var touched = compilation.Addresses.ZonesOverlapping(sources.Union(destinations));
            return compilation.Model.Zones.Where(touched.Contains).ToList();
        }

        /// <summary>A piece as a few readable lines: source and destination prefixes, protocol, ports or ICMP type.</summary>
        /// <param name="maxPrefixes">Prefixes listed per address set before "and N more prefixes" (a catch-all zone such as
        /// the internet is the whole space minus every internal prefix).</param>
        public static IReadOnlyList<string> Describe(PacketSet packets, int max, out int more, int maxPrefixes = int.MaxValue)
        {
            var lines = new List<string>();
            more = 0;
            foreach (var cube in packets.Cubes)
            {
                if (lines.Count == max) { more++; continue; }
                var text = Addresses(cube.Src, maxPrefixes) + " -> " + Addresses(cube.Dst, maxPrefixes) + " " + Protocols(cube.Protocols);
                if (!cube.SrcPorts.IsFull) text += " from port " + cube.SrcPorts;
                if (!cube.DstPorts.IsFull) text += " port " + cube.DstPorts;
                if (!cube.IcmpTypes.IsFull) text += " icmp-type " + cube.IcmpTypes + (cube.IcmpCodes.IsFull ? "" : " code " + cube.IcmpCodes);
                lines.Add(text);
            }
            return lines;
        }

        /// <summary>An address set as its prefixes, at most <paramref name="max"/> of them and how many more.</summary>
        public static string Addresses(AddressRangeSet set, int max)
        {
            if (set.IsEmpty || set.IsFull || max == int.MaxValue) return set.ToString();
            var prefixes = set.ToPrefixes();
            if (prefixes.Count <= max) return set.ToString();
            return string.Join(",", prefixes.Take(max).Select(p => p.ToString())) + " and " + (prefixes.Count - max).ToString(CultureInfo.InvariantCulture) + " more prefixes";
        }

        private static string Protocols(IntervalSet protocols)
        {
            if (protocols.IsFull) return "any protocol";
            var names = protocols.Ranges.Select(r => r.Start == r.End ? ServiceName((int)r.Start) : r.Start + "-" + r.End);
            return string.Join(",", names);
        }

        private static string ServiceName(int protocol) => protocol switch
        {
            ServiceMatch.Tcp => "tcp",
            ServiceMatch.Udp => "udp",
            ServiceMatch.Icmp => "icmp",
            ServiceMatch.Icmpv6 => "icmpv6",
            ServiceMatch.Sctp => "sctp",
            _ => "protocol " + protocol.ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>
        /// A flow as the policy writes it (its first line), so the reader recognizes it: visible text only (control
        /// characters escaped, so a report cannot drive a terminal) and cut to a readable length.
        /// </summary>
        public static string Written(FlowRule f)
        {
            var text = f.Location.Text.ToString(f.Location.Span);
            int nl = text.IndexOf('\n');
            return PolicyLang.Diagnostics.DiagnosticText.Escape(PolicyLang.Diagnostics.DiagnosticText.Cap((nl < 0 ? text : text.Substring(0, nl)).Trim()));
        }

        /// <summary>User input in a message: one line of visible text, cut to a readable length.</summary>
        private static string Quote(string text) => "'" + PolicyLang.Diagnostics.DiagnosticText.Escape(PolicyLang.Diagnostics.DiagnosticText.Cap(text)) + "'";

        private static string Names(IEnumerable<string> names)
        {
            var list = names.OrderBy(n => n, StringComparer.Ordinal).ToList();
            return list.Count == 0 ? "none" : string.Join(", ", list);
        }
    }
}
