using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Semantics;

namespace PolicyLang.Analysis.Rules
{
    /// <summary>Flows that match nothing or never take effect, allow/deny overlaps, MTU mismatches on lossless flows.</summary>
    internal static class FlowRules
    {
        public static void Check(CheckContext c)
        {
            var ineffective = new HashSet<FlowRule>();
            // Last to first: of two flows that cover each other, the later one is reported and the earlier one kept.
            for (int i = c.Model.Flows.Count - 1; i >= 0; i--)
            {
                c.CancellationToken.ThrowIfCancellationRequested();
                var flow = c.Model.Flows[i];
                if (c.Flows.DuplicateOf(flow) is { } first)
                {
                    c.ReportWith(DiagnosticCatalog.DuplicateFlow, flow.Location, new[] { (first.Location, "the same flow, written first") }, FlowCitation.Of(first),
                        RepeatDifferences(first, flow));
                    ineffective.Add(flow);
                    continue;
                }
                if (c.Flows.IsEmpty(flow))
                {
                    c.Report(DiagnosticCatalog.FlowMatchesNothing, flow.Location, WhyEmpty(c, flow));
                    ineffective.Add(flow);
                    continue;
                }
                if (CheckEffect(c, flow, ineffective)) ineffective.Add(flow);
                else if (flow.Action == FlowAction.Allow) CheckDenyOverlap(c, flow);
                if (flow.Class is { Lossless: true }) CheckMtu(c, flow);
            }
        }

        /// <summary>" (they differ only in name, count)" where a repeat labels or counts its packets otherwise than the first; else empty.</summary>
        private static string RepeatDifferences(FlowRule first, FlowRule repeat)
        {
            var differ = new List<string>();
            if (first.Name?.Value != repeat.Name?.Value) differ.Add("name");
            if (first.Count != repeat.Count) differ.Add("count");
            if (first.Expires?.Value != repeat.Expires?.Value) differ.Add("expiry");
            if (first.LogPrefix != repeat.LogPrefix) differ.Add("log prefix");
            if (first.LogLevel != repeat.LogLevel) differ.Add("log level");
            var text = differ.Count == 0 ? "" : " (they differ only in " + string.Join(", ", differ) + ")";
            // Its packets are the first flow's: on a switch they count under the first flow's entries, on nftables not at all.
            if (repeat.Count && !first.Count) text += "; its count counts nothing of its own: put count on the first flow";
            return text;
        }

        private static string WhyEmpty(CheckContext c, FlowRule flow) => WhyEmpty(c, flow.Source, flow.Destination);

        /// <summary>
        /// Why no packet goes between two endpoints on some services (a side without addresses, no address family in
        /// common, services of a family the sides lack): what NP3005 and NP3006 say.
        /// </summary>
        internal static string WhyEmpty(CheckContext c, Endpoint source, Endpoint destination)
        {
            foreach (var e in new[] { source, destination })
                if (!e.IsAny && c.Addresses.Of(e).IsEmpty)
                    return (e.Segment != null ? "segment '" + e.Segment.QualifiedName + "'" : "zone '" + e.Zone!.Name + "'") + " has no addresses";
            var src = c.Addresses.Of(source);
            var dst = c.Addresses.Of(destination);
            bool v4 = src.Overlaps(AddressRangeSet.AllIPv4) && dst.Overlaps(AddressRangeSet.AllIPv4);
            bool v6 = !src.IsSubsetOf(AddressRangeSet.AllIPv4) && !dst.IsSubsetOf(AddressRangeSet.AllIPv4);
            if (!v4 && !v6) return "source and destination have no address family in common";
            return "its services apply only to an address family the endpoints do not share (icmp is IPv4, icmpv6 is IPv6)";
        }

        /// <summary>
        /// An allow without options does nothing when other allows and the denies already cover all of it; an allow with
        /// options does nothing when denies cover it; a deny does nothing when other denies cover it.
        /// </summary>
        private static bool CheckEffect(CheckContext c, FlowRule flow, HashSet<FlowRule> ineffective)
        {
            bool plainAllow = flow.Action == FlowAction.Allow && flow.Class == null && flow.Rate == null && !flow.Log;
            // Most often one wider flow between the same zones covers it: try the few widest before gathering every
            // neighbour (with thousands of mutually overlapping flows, that gathering is what grows quadratically).
            var own = c.Flows.Of(flow);
            int tries = 0;
            foreach (var wide in c.Flows.WidestFirst(flow))
            {
                if (wide == flow || ineffective.Contains(wide) || !(wide.Action == FlowAction.Deny || plainAllow)) continue;
                if (++tries > 3) break;
                if (!own.IsSubsetOf(c.Flows.Of(wide))) continue;
                c.ReportWith(DiagnosticCatalog.FlowNeverTakesEffect, flow.Location, new[] { (wide.Location, "the " + Verb(wide) + " that decides these packets first") },
                    Verb(flow), FlowCitation.ByAction(wide), CountsNothing(flow));
                return true;
            }
            var candidates = c.Flows.Neighbours(flow)
                .Where(o => !ineffective.Contains(o) && (o.Action == FlowAction.Deny || plainAllow))
                .ToList();
            if (candidates.Count == 0) return false;
            var set = c.Flows.Of(flow);
            // Widest services first, later flows before earlier ones: a flow is most often covered by one wider flow, and
            // the union grows in doubling batches with a subset test after each, so a covered flow costs about as many
            // set operations as the flows that cover it, not as many as it has neighbours.
            var keyed = candidates.Select(o => (Flow: o, Span: FlowSpace.ServiceSpan(o))).ToList();
            keyed.Sort((a, b) =>
            {
                int w = b.Span.CompareTo(a.Span);
                return w != 0 ? w : b.Flow.Index.CompareTo(a.Flow.Index);
            });
            candidates = keyed.Select(k => k.Flow).ToList();
            var covering = new List<FlowRule>();
            var union = PacketSet.Empty;
            int next = 0, batch = 1;
            bool covered = false;
            while (next < candidates.Count && !covered)
            {
                var taken = new List<PacketSet>();
                for (int end = System.Math.Min(candidates.Count, next + batch); next < end; next++)
                {
                    var o = c.Flows.Of(candidates[next]);
                    if (!o.Overlaps(set)) continue;
                    covering.Add(candidates[next]);
                    taken.Add(o);
                }
                batch *= 2;
                if (taken.Count == 0) continue;
                taken.Add(union);
                union = PacketSet.UnionAll(taken);
                covered = set.IsSubsetOf(union);
            }
            if (!covered) return false;
            covering.Sort((a, b) => a.Index.CompareTo(b.Index));
            var names = covering.Take(4).Select(FlowCitation.ByAction).ToList();
            if (covering.Count > 4) names.Add((covering.Count - 4) + " more");
            c.ReportWith(DiagnosticCatalog.FlowNeverTakesEffect, flow.Location,
                covering.Select(o => (o.Location, "the " + Verb(o) + " that decides part of these packets first")), Verb(flow), string.Join(", ", names),
                CountsNothing(flow));
            return true;
        }

        /// <summary>What NP3001 adds for a flow with <c>count</c>: the earlier flows take its packets, so its own counter sees none.</summary>
        private static string CountsNothing(FlowRule flow) =>
            flow.Count ? "; its count counts nothing where each flow has rules of its own (nftables): put count on the flow that decides these packets" : "";

        private static string Verb(FlowRule flow) => flow.Action == FlowAction.Allow ? "allow" : "deny";

        private static void CheckDenyOverlap(CheckContext c, FlowRule flow)
        {
            foreach (var deny in c.Flows.Neighbours(flow).Where(o => o.Action == FlowAction.Deny))
            {
                var set = c.Flows.Of(flow);
                var overlap = set.Intersect(c.Flows.Of(deny));
                if (overlap.IsEmpty || set.IsSubsetOf(c.Flows.Of(deny))) continue;
                AssertionRules.Witness(overlap, out var packet);
                c.ReportWith(DiagnosticCatalog.AllowDenyOverlap, flow.Location, new[] { (deny.Location, "the deny it overlaps") }, FlowCitation.ByAction(deny), packet.ToString());
                return;
            }
        }

        /// <summary>
        /// The segments an endpoint takes in: its segment, its zone's segments, or for 'any' every segment of every zone
        /// (the RoCE traffic of 'any -> storage' may come from a 1500-byte segment as much as from a jumbo one).
        /// </summary>
        private static IEnumerable<SegmentSymbol> SegmentsOf(CheckContext c, Endpoint e) =>
            e.Segment != null ? new[] { e.Segment }
            : e.Zone != null ? e.Zone.Segments
            : c.Model.Zones.SelectMany(z => z.Segments).Where(s => !c.Addresses.Of(s).IsEmpty);

        private static int Mtu(SegmentSymbol s) => s.Mtu?.Value ?? AssertionRules.DefaultMtu;

        private static string MtuText(SegmentSymbol s) => s.Mtu != null ? Mtu(s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "1500 (not set)";

        private static void CheckMtu(CheckContext c, FlowRule flow)
        {
            var segments = SegmentsOf(c, flow.Source).Concat(SegmentsOf(c, flow.Destination)).Distinct().ToList();
            var first = segments.FirstOrDefault();
            if (first == null) return;
            var other = segments.FirstOrDefault(s => Mtu(s) != Mtu(first));
            if (other == null) return;
            c.Report(DiagnosticCatalog.MtuMismatch, flow.Location, flow.Class!.Name, first.QualifiedName, MtuText(first), other.QualifiedName, MtuText(other));
        }
    }
}
