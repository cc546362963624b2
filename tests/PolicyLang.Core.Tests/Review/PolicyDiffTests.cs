using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Review;
using PolicyLang.Semantics;
using PolicyLang.Tests.Emit;
using PolicyLang.Tests.HeaderSpace;
using Xunit;

namespace PolicyLang.Tests.Review
{
    /// <summary>
    /// policyc diff's traffic comparison: empty for a policy and itself, and for random pairs of policies exactly the set
    /// differences of the two allowed-packet sets (computed here from the flows alone, without atoms, zone pairs or
    /// query pieces), with every witness packet given the stated verdicts and deciding flows by each side's evaluation.
    /// </summary>
    public sealed class PolicyDiffTests
    {
        private static string Key(string path) => System.IO.Path.GetFileName(path);

        private static PolicyDiffResult Diff(PolicyCompilation a, PolicyCompilation b) => PolicyDiff.Compare("p", a, b, Key, Key);

        [Theory]
        [InlineData("ai-platform")]
        [InlineData("campus-lab")]
        [InlineData("inference-edge")]
        public void A_policy_compared_with_itself_has_no_change(string sample)
        {
            // Two loads: nothing may depend on the two sides sharing objects.
            var a = EmitTestHelper.Sample(sample);
            var b = EmitTestHelper.Sample(sample);
            var diffs = PolicyDiff.Compare(a, b, Key, Key);
            Assert.NotEmpty(diffs);
            foreach (var d in diffs)
            {
                Assert.True(d.IsEmpty, d.Policy + ": " + d.Traffic.Count + " traffic, " + d.Moves.Count + " moves, " + d.Results.Count + " results, "
                    + d.NewDiagnostics.Count + " new, " + d.ResolvedDiagnostics.Count + " resolved");
            }
        }

        // ------------------------------------------------------------------ random pairs

        private static readonly string[] Endpoints = { "a", "a.s1", "a.s2", "b", "c", "any", "net" };
        private static readonly string[] Services = { "tcp/22", "tcp/80-90", "tcp/85-100, udp/53", "udp/53", "icmp echo-request", "any", "tcp/443" };

        private sealed record FlowSpec(bool Allow, int From, int To, int Service, int Class, bool Log);

        private sealed record PolicySpec(bool DefaultAllow, bool MovedC, bool ClassChanged, FlowSpec[] Flows)
        {
            public string Text()
            {
                var sb = new System.Text.StringBuilder();
                sb.Append("policy p {\n  default ").Append(DefaultAllow ? "allow" : "deny").Append("\n}\n");
                sb.Append("class gold {\n  dscp ").Append(ClassChanged ? "34" : "26").Append("\n  queue 3\n}\n");
                sb.Append("class bronze {\n  dscp 8\n  queue 1\n}\n");
                sb.Append("zone a {\n  segment s1 {\n    subnet 10.0.0.0/25\n  }\n  segment s2 {\n    subnet 10.0.0.128/25\n    subnet fd00:a::/64\n  }\n}\n");
                sb.Append("zone b {\n  subnet 10.0.1.0/24\n}\n");
                sb.Append("zone c {\n  subnet ").Append(MovedC ? "10.0.3.0/24" : "10.0.2.0/24").Append("\n  subnet fd00:c::/64\n}\n");
                sb.Append("external net {\n  subnet 0.0.0.0/0\n  subnet ::/0\n}\n");
                foreach (var f in Flows)
                {
                    sb.Append(f.Allow ? "allow " : "deny ").Append(Endpoints[f.From]).Append(" -> ").Append(Endpoints[f.To]).Append(" : ").Append(Services[f.Service]);
                    if (f.Allow && f.Class > 0) sb.Append(f.Class == 1 ? " class gold" : " class bronze");
                    if (f.Log) sb.Append(" log");
                    sb.Append('\n');
                }
                return sb.ToString();
            }
        }

        private static readonly Gen<FlowSpec> FlowGen = Gen.Select(Gen.Int[0, 3], Gen.Int[0, Endpoints.Length - 1], Gen.Int[0, Endpoints.Length - 1],
            Gen.Int[0, Services.Length - 1], Gen.Int[0, 2], Gen.Int[0, 4],
            (action, from, to, service, cls, log) => new FlowSpec(action != 0, from, to, service, cls, log == 0));

        /// <summary>An old policy and a new one: independent, or the old one edited (flows dropped, added, turned around, re-classed).</summary>
        private static readonly Gen<(PolicySpec Old, PolicySpec New)> PairGen =
            Gen.Select(Gen.Int[0, 9], Gen.Int[0, 9], Gen.Int[0, 9], FlowGen.Array[0, 7], FlowGen.Array[0, 7], FlowGen.Array[0, 3], Gen.Int[0, 3],
                (d1, m1, edit, flows, others, extra, cut) =>
                {
                    var old = new PolicySpec(d1 == 0, m1 == 0, false, flows);
                    if (edit < 3) return (old, new PolicySpec(m1 == 1, m1 == 2, edit == 1, others));
                    var edited = flows.Where((f, i) => i % 4 != cut).Concat(extra)
                        .Select((f, i) => i == 0 && edit == 4 ? f with { Allow = !f.Allow } : i == 1 && edit == 5 ? f with { Class = (f.Class + 1) % 3 } : f).ToArray();
                    return (old, new PolicySpec(old.DefaultAllow ^ (edit == 6), old.MovedC ^ (edit == 7), edit == 8, edited));
                });

        /// <summary>The packets a policy allows, from its flows alone: deny overrides allow, the default action for the rest.</summary>
        private static PacketSet Allowed(PolicyCompilation c)
        {
            var flows = c.Model.Flows;
            var denied = PacketSet.UnionAll(flows.Where(f => f.Action == FlowAction.Deny).Select(f => c.Flows.Of(f)));
            var allowed = c.Model.DefaultAction == FlowAction.Allow
                ? PacketSpace.Between(AddressRangeSet.All, AddressRangeSet.All)
                : PacketSet.UnionAll(flows.Where(f => f.Action == FlowAction.Allow).Select(f => c.Flows.Of(f)));
            return allowed.Except(denied);
        }

        [Fact]
        public void Newly_allowed_and_denied_traffic_are_the_set_differences_of_the_allowed_packets_and_every_witness_gets_the_stated_verdicts()
        {
            int changes = 0, treatments = 0;
            foreach (var (oldSpec, newSpec) in SmallUniverse.Samples(PairGen, 160, seed: 20261204))
            {
                var o = EmitTestHelper.Compile(oldSpec.Text(), "old.netpolicy");
                var n = EmitTestHelper.Compile(newSpec.Text(), "new.netpolicy");
                Assert.False(o.HasErrors, string.Join("\n", o.Diagnostics.Where(d => d.IsError)) + "\n" + oldSpec.Text());
                Assert.False(n.HasErrors, string.Join("\n", n.Diagnostics.Where(d => d.IsError)) + "\n" + newSpec.Text());
                var d = Diff(o, n);
                string Case() => "old:\n" + oldSpec.Text() + "new:\n" + newSpec.Text();

                var before = Allowed(o);
                var after = Allowed(n);
                var widened = PacketSet.UnionAll(d.Traffic.Where(t => t.Kind == TrafficChangeKind.NewlyAllowed).Select(t => t.Packets));
                var narrowed = PacketSet.UnionAll(d.Traffic.Where(t => t.Kind == TrafficChangeKind.NewlyDenied).Select(t => t.Packets));
                Assert.True(widened.SetEquals(after.Except(before)), "newly allowed differs from NEW \\ OLD\n" + Case());
                Assert.True(narrowed.SetEquals(before.Except(after)), "newly denied differs from OLD \\ NEW\n" + Case());
                Assert.Equal(!widened.IsEmpty, d.Widens);

                foreach (var t in d.Traffic)
                {
                    var w = t.Witness;
                    Assert.True(t.Packets.Contains(w));
                    var (oldVerdict, oldFlow) = o.Flows.Evaluate(w);
                    var (newVerdict, newFlow) = n.Flows.Evaluate(w);
                    Assert.True(oldVerdict == t.OldVerdict && ReferenceEquals(oldFlow, t.OldFlow), "old side of " + w + "\n" + Case());
                    Assert.True(newVerdict == t.NewVerdict && ReferenceEquals(newFlow, t.NewFlow), "new side of " + w + "\n" + Case());
                    if (t.Kind == TrafficChangeKind.Treatment)
                    {
                        Assert.NotEqual(t.OldTreatment, t.NewTreatment);
                        treatments++;
                    }
                    // The zone pair names the zones of the witness (the new policy's where it has one).
                    Assert.Equal(ZoneName(n, o, w.Src), t.SourceZone);
                    Assert.Equal(ZoneName(n, o, w.Dst), t.DestinationZone);
                    changes++;
                }
                // Changed pieces never overlap one another.
                for (int i = 0; i < d.Traffic.Count; i++)
                    for (int j = i + 1; j < d.Traffic.Count; j++)
                        Assert.False(d.Traffic[i].Packets.Overlaps(d.Traffic[j].Packets), "overlapping changes\n" + Case());

                // Swapping the sides swaps allowed and denied.
                var back = Diff(n, o);
                Assert.True(PacketSet.UnionAll(back.Traffic.Where(t => t.Kind == TrafficChangeKind.NewlyDenied).Select(t => t.Packets)).SetEquals(widened), Case());
            }
            Assert.True(changes > 200, "only " + changes + " changes were checked");
            Assert.True(treatments > 10, "only " + treatments + " treatment changes were checked");
        }

        private static string ZoneName(PolicyCompilation n, PolicyCompilation o, IpAddress128 address) =>
            n.Addresses.ZoneOf(address)?.Name ?? o.Addresses.ZoneOf(address)?.Name ?? PolicyDiff.NoZone;

        // ------------------------------------------------------------------ specific changes

        private const string Base = "policy p {\n  default deny\n}\nclass gold {\n  dscp 26\n  queue 3\n}\n"
            + "zone a {\n  segment s1 {\n    subnet 10.0.0.0/25\n  }\n}\nzone b {\n  subnet 10.0.1.0/24\n}\n"
            + "allow a -> b : tcp/80 class gold\nassert never a -> b : tcp/22\n";

        [Fact]
        public void A_class_whose_dscp_changes_changes_the_treatment_of_its_traffic_and_nothing_else()
        {
            var d = Diff(EmitTestHelper.Compile(Base), EmitTestHelper.Compile(Base.Replace("dscp 26", "dscp 34")));
            var t = Assert.Single(d.Traffic);
            Assert.Equal(TrafficChangeKind.Treatment, t.Kind);
            Assert.Equal(("a", "b"), (t.SourceZone, t.DestinationZone));
            Assert.Equal("class gold (dscp 26, queue 3)", t.OldTreatment);
            Assert.Equal("class gold (dscp 34, queue 3)", t.NewTreatment);
            Assert.Empty(d.Results);
            Assert.Empty(d.Moves);
        }

        [Fact]
        public void A_flow_that_gains_a_counter_or_a_log_tag_changes_the_treatment_of_its_traffic()
        {
            var counted = Diff(EmitTestHelper.Compile(Base), EmitTestHelper.Compile(Base.Replace("tcp/80 class gold", "tcp/80 class gold count")));
            var t = Assert.Single(counted.Traffic);
            Assert.Equal(TrafficChangeKind.Treatment, t.Kind);
            Assert.Equal("class gold (dscp 26, queue 3), count", t.NewTreatment);

            var logged = Base.Replace("tcp/80 class gold", "tcp/80 class gold log");
            var tagged = Diff(EmitTestHelper.Compile(logged), EmitTestHelper.Compile(logged.Replace(" log", " log prefix \"WEB\" level notice")));
            t = Assert.Single(tagged.Traffic);
            Assert.Equal(("class gold (dscp 26, queue 3), log", "class gold (dscp 26, queue 3), log prefix \"WEB\" level notice"), (t.OldTreatment, t.NewTreatment));
        }

        [Fact]
        public void An_assertion_that_starts_failing_and_the_diagnostic_it_brings_are_reported()
        {
            var d = Diff(EmitTestHelper.Compile(Base), EmitTestHelper.Compile(Base.Replace("tcp/80 class", "tcp/22, tcp/80 class")));
            Assert.True(d.Widens);
            var r = Assert.Single(d.Results);
            Assert.Equal(("assertion", "assert never a -> b : tcp/22", "holds", "fails"), (r.Kind, r.Text, r.OldResult, r.NewResult));
            var n = Assert.Single(d.NewDiagnostics);
            Assert.Equal("NP3003", n.Diagnostic.Id);
            Assert.Empty(d.ResolvedDiagnostics);
            Assert.Equal(1, d.NewErrors);
        }

        [Fact]
        public void A_prefix_list_endpoint_whose_prefixes_change_changes_its_traffic()
        {
            // The flow's text stays "allow admins -> b : tcp/22"; only the list behind the name grows.
            var before = Base + "prefixes admins = 10.0.0.10/32\nallow admins -> b : tcp/22\n";
            var after = before.Replace("prefixes admins = 10.0.0.10/32", "prefixes admins = 10.0.0.10/32, 10.0.0.20/32");
            var d = Diff(EmitTestHelper.Compile(before.Replace("assert never a -> b : tcp/22\n", "")), EmitTestHelper.Compile(after.Replace("assert never a -> b : tcp/22\n", "")));
            var t = Assert.Single(d.Traffic);
            Assert.Equal(TrafficChangeKind.NewlyAllowed, t.Kind);
            Assert.Equal("10.0.0.20 -> 10.0.1.0 tcp/22", t.Witness.ToString());
        }

        [Fact]
        public void A_prefix_moved_to_another_zone_is_an_address_move_and_its_traffic_changes()
        {
            var moved = Base.Replace("subnet 10.0.0.0/25", "subnet 10.0.0.0/26").Replace("subnet 10.0.1.0/24", "subnet 10.0.1.0/24\n  subnet 10.0.0.64/26");
            var d = Diff(EmitTestHelper.Compile(Base), EmitTestHelper.Compile(moved));
            Assert.True(d.Moves.Count == 1, string.Join("; ", d.Moves.Select(x => x.Addresses + " " + x.OldZone + " " + x.NewZone)));
            var m = d.Moves[0];
            Assert.Equal(("10.0.0.64/26", "a", "b"), (m.Addresses.ToString(), m.OldZone, m.NewZone));
            // What the moved addresses sent as part of a they now send as part of b (no flow b -> b: denied), and what a
            // sent them is now a -> b traffic (allowed on tcp/80).
            Assert.Equal(2, d.Traffic.Count);
            var lost = d.Traffic.Single(t => t.Kind == TrafficChangeKind.NewlyDenied);
            Assert.Equal(("b", "b", "10.0.0.64 -> 10.0.1.0 tcp/80"), (lost.SourceZone, lost.DestinationZone, lost.Witness.ToString()));
            var gained = d.Traffic.Single(t => t.Kind == TrafficChangeKind.NewlyAllowed);
            Assert.Equal(("a", "b", "10.0.0.0 -> 10.0.0.64 tcp/80"), (gained.SourceZone, gained.DestinationZone, gained.Witness.ToString()));
        }

        [Fact]
        public void Only_the_zone_pairs_whose_flows_changed_are_compared_and_an_unrelated_edit_is_no_change()
        {
            var reordered = Base + "# a comment\n";
            Assert.True(Diff(EmitTestHelper.Compile(Base), EmitTestHelper.Compile(reordered)).IsEmpty);
            // A repeated flow changes the group's text but no packet.
            var repeated = Base + "allow a -> b : tcp/80 class gold\n";
            var d = Diff(EmitTestHelper.Compile(Base), EmitTestHelper.Compile(repeated));
            Assert.Empty(d.Traffic);
            Assert.Contains(d.NewDiagnostics, x => x.Diagnostic.Id == "NP3009");
        }

        [Fact]
        public void A_default_action_flip_allows_everything_no_flow_decided()
        {
            var d = Diff(EmitTestHelper.Compile(Base), EmitTestHelper.Compile(Base.Replace("default deny", "default allow")));
            Assert.Equal(("deny", "allow"), (d.OldDefault, d.NewDefault));
            Assert.All(d.Traffic, t => Assert.Equal(TrafficChangeKind.NewlyAllowed, t.Kind));
            Assert.Contains(d.Traffic, t => t.SourceZone == PolicyDiff.NoZone && t.DestinationZone == PolicyDiff.NoZone);
        }

        // ------------------------------------------------------------------ unified diffs

        [Fact]
        public void Unified_diffs_turn_the_old_text_into_the_new_one()
        {
            var lineGen = Gen.Int[0, 5].Select(i => "line " + i);
            var gen = Gen.Select(lineGen.Array[0, 40], lineGen.Array[0, 40]);
            foreach (var (a, b) in SmallUniverse.Samples(gen, 300, seed: 7))
            {
                var before = string.Concat(a.Select(l => l + "\n"));
                var after = string.Concat(b.Select(l => l + "\n"));
                var diff = UnifiedDiff.Create(before, after, "a/x", "b/x", context: 2);
                Assert.Equal(before == after, diff.Length == 0);
                Assert.Equal(after, Apply(before, diff));
                var (added, removed) = UnifiedDiff.Count(before, after);
                Assert.Equal(diff.Split('\n').Count(l => l.StartsWith("+", StringComparison.Ordinal) && !l.StartsWith("+++", StringComparison.Ordinal)), added);
                Assert.Equal(diff.Split('\n').Count(l => l.StartsWith("-", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal)), removed);
                // Minimal: never more edits than the lines outside a longest common subsequence.
                int lcs = Lcs(a, b);
                Assert.Equal(a.Length - lcs, removed);
                Assert.Equal(b.Length - lcs, added);
            }
        }

        private static int Lcs(string[] a, string[] b)
        {
            var t = new int[a.Length + 1, b.Length + 1];
            for (int i = 1; i <= a.Length; i++)
                for (int j = 1; j <= b.Length; j++)
                    t[i, j] = a[i - 1] == b[j - 1] ? t[i - 1, j - 1] + 1 : Math.Max(t[i - 1, j], t[i, j - 1]);
            return t[a.Length, b.Length];
        }

        /// <summary>Applies a unified diff the way patch does, checking every context and removed line.</summary>
        private static string Apply(string before, string diff)
        {
            if (diff.Length == 0) return before;
            var old = before.Length == 0 ? new List<string>() : before.TrimEnd('\n').Split('\n').ToList();
            var result = new List<string>();
            int pos = 0;
            var lines = diff.TrimEnd('\n').Split('\n').Skip(2).ToList();
            foreach (var line in lines)
            {
                if (line.StartsWith("@@", StringComparison.Ordinal))
                {
                    var range = line.Split(' ')[1].Substring(1).Split(',');
                    int start = int.Parse(range[0]);
                    int count = range.Length > 1 ? int.Parse(range[1]) : 1;
                    int target = count == 0 ? start : start - 1;
                    while (pos < target) result.Add(old[pos++]);
                    continue;
                }
                var text = line.Substring(1);
                if (line[0] == ' ') { Assert.Equal(old[pos], text); result.Add(old[pos++]); }
                else if (line[0] == '-') { Assert.Equal(old[pos], text); pos++; }
                else result.Add(text);
            }
            while (pos < old.Count) result.Add(old[pos++]);
            return string.Concat(result.Select(l => l + "\n"));
        }
    }
}
