using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.State;
using PolicyLang.Semantics;
using PolicyLang.Text;

namespace PolicyLang.Emit.Nftables
{
    /// <summary>
    /// Compares <c>nft -j list ruleset</c> of a gateway or host with the policy. The scope is what the target's ruleset
    /// decides: in gateway mode every forwarded packet from or to the target's zones (hooks prerouting, forward,
    /// postrouting); in host mode the packets into the zones' hosts (prerouting, input) and out of them (output,
    /// postrouting), without loopback traffic and IPv6 neighbour discovery, which the host ruleset always lets through.
    /// Every table's base chains count. Marking is compared too: the DSCP each allowed packet leaves with.
    /// </summary>
    internal static class NftStateVerifier
    {
        private static readonly PacketSet s_neighbourDiscovery = NftMatch.Icmp(v4: false).Intersect(
            NftMatch.IcmpTypes(IntervalSet.FromRange(133, 136, IntervalSet.IcmpMax)));

        /// <param name="bytes">Handed the export's bytes while they are read (<see cref="StateFile.WithChars{T}"/>).</param>
        public static IReadOnlyList<DriftFinding> Verify(TargetContext context, StateFile file, Action<byte[], int>? bytes = null)
        {
            NftState state;
            try
            {
                // Gateways of many sites run the same rules: each is read once per run (per text and sets), whichever export has it first.
                var memo = context.Addresses.Memo("nft-rule-memo", () => new NftRuleMemo());
                state = file.WithChars(text => NftState.Read(text, memo), bytes);
            }
            catch (StateReadException e)
            {
                return new[] { DriftSets.Unreadable(file, e.Offset, e.Message) };
            }
            var findings = new List<DriftFinding>();
            var covered = context.Addresses.Memo("nft-covered:" + context.Target.Name, () =>
                AddressRangeSet.FromRanges(context.Target.Zones.SelectMany(z => context.Addresses.Of(z).Ranges)));
            bool host = context.Target.Mode?.Value == "host";
            var parts = host
                ? new[]
                {
                    ("input", new[] { "prerouting", "input" }, PacketSpace.Between(AddressRangeSet.All, covered)),
                    ("output", new[] { "output", "postrouting" }, PacketSpace.Between(covered, AddressRangeSet.All)),
                }
                : new[] { ("forward", new[] { "prerouting", "forward", "postrouting" }, PacketSpace.Between(covered, AddressRangeSet.All).Union(PacketSpace.Between(AddressRangeSet.All, covered))) };
            foreach (var (name, hooks, region) in parts)
            {
                var scope = region;
                if (host) scope = scope.Except(s_neighbourDiscovery).Except(PacketSpace.Between(NftMatch.Loopback, AddressRangeSet.All)).Except(PacketSpace.Between(AddressRangeSet.All, NftMatch.Loopback));
                var intent = Intent(context, host ? name : null).Intersect(scope);
                var most = NftEvaluator.Most(state, hooks, scope);
                // Without a rule read both ways, the surely allowed packets are the ones that may be allowed: one run.
                var least = most.Divergent ? NftEvaluator.Least(state, hooks, scope) : most;
                var where = "hook " + name;
                if (!NftEvaluator.BaseChains(state, hooks).Any())
                    where += " (no base chain filters it: everything passes)";
                findings.AddRange(DriftSets.CompareDifferences(file.Name, where, most.AcceptedExcept(intent), least.NotAccepted(intent),
                    p => Blame(context, file, most.Decisions, p, accept: true, hooks),
                    p => Blame(context, file, least.Decisions, p, accept: false, hooks), DriftSets.InternalAddresses(context), DriftSets.AllowingFlow(context)));
                if (!host || name == "output") findings.AddRange(Marking(context, file, where, intent, most));
            }
            return findings;
        }

        /// <summary>
        /// The policy's allowed packets from or to the covered zones (host mode: only into them for input, only out of them
        /// for output): the union of each zone's, since zones' addresses are disjoint and a packet from or to a zone is
        /// decided by the flows of that zone and of 'any' alone. Each zone's is worked out once for the policy: the internet
        /// zone, which every border gateway covers, is the large part of every gateway's intent.
        /// </summary>
        private static PacketSet Intent(TargetContext context, string? hostPart) =>
            PacketSet.UnionAll(context.Target.Zones.Select(z => context.Addresses.Memo("nft-intent:" + (hostPart ?? "forward") + ":" + z.Name, () =>
            {
                var covered = context.Addresses.Of(z);
                var flows = context.Flows;
                var outgoing = hostPart == "input" ? PacketSet.Empty : flows.AllowedFromTo(() => covered, () => AddressRangeSet.All, (s, d) => s == null || s == z);
                var incoming = hostPart == "output" ? PacketSet.Empty : flows.AllowedFromTo(() => AddressRangeSet.All, () => covered, (s, d) => d == null || d == z);
                return outgoing.Union(incoming);
            })));

        private static StateDecision Blame(TargetContext context, StateFile file, List<NftEvaluator.Decision> decisions, Packet p, bool accept, string[] hooks)
        {
            // Prefer a rule over a chain's policy, and the last base chain's word (where the packet was finally decided).
            NftEvaluator.Decision? found = null;
            foreach (var d in decisions)
            {
                if (d.Accept != accept || !d.Packets.Contains(p)) continue;
                if (found == null || (found.Rule == null && d.Rule != null) || (accept && d.Rule != null)) found = d;
                if (!accept) break; // the first drop is final
            }
            if (found == null)
                return new StateDecision(accept ? "no base chain on hook " + string.Join("/", hooks) + " filters it" : "no rule (unexpected)", new TextSpan(0, 0), PacketSet.All);
            // Re-applying replaces policyc's table; a rule or policy of another table stays.
            return new StateDecision(found.ToString() + (found.Rule?.Uncertain is string why ? "; read as " + (accept ? "matching" : "dropping") + " because of " + why : ""),
                Span(file, found.Offset), found.Packets, Foreign: found.Chain.Table != NftText.Identifier("policylang_", context.Target.Name));
        }

        private static TextSpan Span(StateFile file, int offset) => DriftSets.JsonObjectSpan(file, offset);

        /// <summary>DSCP of allowed packets: the running state's last setting against the build's (the last allowed flow with a class).</summary>
        private static IEnumerable<DriftFinding> Marking(TargetContext context, StateFile file, string where, PacketSet intent, NftEvaluator running)
        {
            var expected = Fold(NftablesBackend.Markings(context).Select(m => (m.Packets, m.Dscp)), intent);
            var actual = Fold(running.Marks.Select(m => (m.Packets, m.Dscp)), intent);
            var values = expected.Keys.Union(actual.Keys).OrderBy(v => v).ToList();
            int reported = 0;
            foreach (var e in values)
                foreach (var a in values)
                {
                    if (e == a || reported >= DriftSets.MaxPerScope) continue;
                    var region = (expected.TryGetValue(e, out var x) ? x : PacketSet.Empty).Intersect(actual.TryGetValue(a, out var y) ? y : PacketSet.Empty);
                    if (!DriftSets.TryWitness(region, DriftSets.InternalAddresses(context), out var w)) continue;
                    var rule = running.Marks.LastOrDefault(m => m.Packets.Contains(w)).Rule;
                    reported++;
                    yield return new DriftFinding(DriftKind.Treatment, file.Name, where,
                        w + " leaves with " + Dscp(a) + ", the build marks it " + Dscp(e),
                        rule != null ? rule.ToString() : "no rule sets its DSCP", rule != null ? Span(file, rule.Offset) : new TextSpan(0, 0), w, region);
                }
        }

        private static string Dscp(int v) => v < 0 ? "its DSCP unchanged" : "DSCP " + v.ToString(CultureInfo.InvariantCulture);

        /// <summary>Which DSCP each packet of <paramref name="within"/> ends with (-1: unchanged), when later settings override earlier ones.</summary>
        private static Dictionary<int, PacketSet> Fold(IEnumerable<(PacketSet Packets, int Dscp)> settings, PacketSet within)
        {
            var result = new Dictionary<int, PacketSet> { [-1] = within };
            foreach (var (packets, dscp) in settings)
            {
                var p = packets.Intersect(within);
                if (p.IsEmpty) continue;
                foreach (var k in result.Keys.ToList()) result[k] = result[k].Except(p);
                result[dscp] = (result.TryGetValue(dscp, out var s) ? s : PacketSet.Empty).Union(p);
            }
            return result.Where(kv => !kv.Value.IsEmpty).ToDictionary(kv => kv.Key, kv => kv.Value);
        }
    }
}
