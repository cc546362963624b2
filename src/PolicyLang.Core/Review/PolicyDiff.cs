using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Semantics;
using PolicyLang.Text;

namespace PolicyLang.Review
{
    public enum TrafficChangeKind
    {
        /// <summary>Denied by the old policy, allowed by the new one.</summary>
        NewlyAllowed,

        /// <summary>Allowed by the old policy, denied by the new one.</summary>
        NewlyDenied,

        /// <summary>Allowed by both, with another class (DSCP, queue), rate or log.</summary>
        Treatment,
    }

    /// <summary>
    /// A piece of traffic between two zones whose answer changed: the packets, one witness packet, and on each side the
    /// verdict and the flow that decides it (null: the default action), with the treatment an allow gives.
    /// </summary>
    public sealed class TrafficChange(TrafficChangeKind kind, string sourceZone, string destinationZone, PacketSet packets,
        FlowAction oldVerdict, FlowRule? oldFlow, FlowAction newVerdict, FlowRule? newFlow)
    {
        public TrafficChangeKind Kind { get; } = kind;

        /// <summary>The zone of the sources (its name in the new policy where it has one), or <see cref="PolicyDiff.NoZone"/>.</summary>
        public string SourceZone { get; } = sourceZone;
        public string DestinationZone { get; } = destinationZone;
        public PacketSet Packets { get; } = packets;
        public FlowAction OldVerdict { get; } = oldVerdict;
        public FlowRule? OldFlow { get; } = oldFlow;
        public FlowAction NewVerdict { get; } = newVerdict;
        public FlowRule? NewFlow { get; } = newFlow;
        public string OldTreatment => PolicyDiff.Treatment(OldVerdict, OldFlow);
        public string NewTreatment => PolicyDiff.Treatment(NewVerdict, NewFlow);

        /// <summary>One packet of the piece (the smallest in header order).</summary>
        public Packet Witness => Packets.TryGetWitness(out var p) ? p : throw new InvalidOperationException("a change is never empty");
    }

    /// <summary>Addresses whose zone changed: null on a side where no zone owns them.</summary>
    public sealed class AddressMove(AddressRangeSet addresses, string? oldZone, string? newZone)
    {
        public AddressRangeSet Addresses { get; } = addresses;
        public string? OldZone { get; } = oldZone;
        public string? NewZone { get; } = newZone;
    }

    /// <summary>An assertion or a test expectation whose result differs (null result: absent on that side).</summary>
    public sealed class ResultChange(string kind, string text, string? oldResult, string? newResult, SourceLocation? oldLocation, SourceLocation? newLocation)
    {
        /// <summary>"assertion" or "test".</summary>
        public string Kind { get; } = kind;

        /// <summary>The assertion's text, or "test NAME: expectation".</summary>
        public string Text { get; } = text;
        public string? OldResult { get; } = oldResult;
        public string? NewResult { get; } = newResult;
        public SourceLocation? OldLocation { get; } = oldLocation;
        public SourceLocation? NewLocation { get; } = newLocation;
    }

    /// <summary>A diagnostic found on one side only, with the file as the diff names it and its fingerprint.</summary>
    public sealed class DiagnosticChange(Diagnostic diagnostic, string file, string fingerprint, SourceText? text)
    {
        public Diagnostic Diagnostic { get; } = diagnostic;
        public string File { get; } = file;
        public string Fingerprint { get; } = fingerprint;

        /// <summary>1-based line and column of the diagnostic's start, 0 when it has no place in a file.</summary>
        public (int Line, int Column) Position => text == null || Diagnostic.Span.Start > text.Length ? (0, 0)
            : (text.GetLinePosition(Diagnostic.Span.Start).Line + 1, text.GetLinePosition(Diagnostic.Span.Start).Column);
    }

    /// <summary>What a change does to one policy (matched by name between the two sides).</summary>
    public sealed class PolicyDiffResult(string policy, bool added, bool removed)
    {
        public string Policy { get; } = policy;

        /// <summary>The policy exists only on the new side (compared with nothing: no zone, no flow, default deny).</summary>
        public bool Added { get; } = added;
        public bool Removed { get; } = removed;
        public string? OldDefault { get; internal set; }
        public string? NewDefault { get; internal set; }
        public List<TrafficChange> Traffic { get; } = new List<TrafficChange>();
        public List<AddressMove> Moves { get; } = new List<AddressMove>();
        public List<ResultChange> Results { get; } = new List<ResultChange>();
        public List<DiagnosticChange> NewDiagnostics { get; } = new List<DiagnosticChange>();
        public List<DiagnosticChange> ResolvedDiagnostics { get; } = new List<DiagnosticChange>();

        /// <summary>The errors of the new side: its flows were compared as far as they could be bound.</summary>
        public int NewErrors { get; internal set; }
        public int OldErrors { get; internal set; }

        public bool Widens => Traffic.Any(t => t.Kind == TrafficChangeKind.NewlyAllowed);
        public bool Narrows => Traffic.Any(t => t.Kind == TrafficChangeKind.NewlyDenied);

        public bool IsEmpty => !Added && !Removed && OldDefault == NewDefault && Traffic.Count == 0 && Moves.Count == 0
            && Results.Count == 0 && NewDiagnostics.Count == 0 && ResolvedDiagnostics.Count == 0;
    }

    /// <summary>
    /// <c>policyc diff</c>: what a change does to the network, computed on the header-space IR, not on text. For every
    /// ordered pair of zones, the traffic the new policy allows that the old one denied and the reverse, and the traffic
    /// allowed by both whose treatment (class, rate, log) changed, each with a witness packet and the flows that decide it
    /// on each side; addresses that changed zone; assertions and tests whose result changed; diagnostics that appeared or
    /// went away (keyed by <see cref="DiagnosticFingerprint"/>).
    /// Only the part of the header space the change can touch is compared: addresses are cut into atoms by their zone on
    /// each side, and a pair of atoms is compared only when an atom changed zone or the flows that can decide its packets
    /// (the groups of its zone pair and of 'any' on either side) differ, so two large policies that differ in one flow
    /// compare in the time of that flow's zone pair.
    /// </summary>
    public static class PolicyDiff
    {
        /// <summary>How reports name addresses no zone owns.</summary>
        public const string NoZone = "(no zone)";

        /// <summary>Compares the policies of two sides, matched by name; <paramref name="oldFileKey"/> and <paramref name="newFileKey"/>
        /// name files the same way on both sides (e.g. relative to the folder compared) for the diagnostics' fingerprints.</summary>
        public static IReadOnlyList<PolicyDiffResult> Compare(IReadOnlyList<PolicyCompilation> oldPolicies, IReadOnlyList<PolicyCompilation> newPolicies,
            Func<string, string> oldFileKey, Func<string, string> newFileKey, CancellationToken cancellationToken = default)
        {
            var oldByName = oldPolicies.GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var newByName = newPolicies.GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var results = new List<PolicyDiffResult>();
            foreach (var name in oldByName.Keys.Union(newByName.Keys).OrderBy(n => n, StringComparer.Ordinal))
            {
                oldByName.TryGetValue(name, out var o);
                newByName.TryGetValue(name, out var n);
                results.Add(Compare(name, o, n, oldFileKey, newFileKey, cancellationToken));
            }
            return results;
        }

        /// <summary>Compares one policy; a missing side is an empty policy (no zone, no flow, default deny).</summary>
        public static PolicyDiffResult Compare(string name, PolicyCompilation? oldPolicy, PolicyCompilation? newPolicy,
            Func<string, string> oldFileKey, Func<string, string> newFileKey, CancellationToken cancellationToken = default)
        {
            var result = new PolicyDiffResult(name, added: oldPolicy == null, removed: newPolicy == null);
            var o = oldPolicy ?? Empty();
            var n = newPolicy ?? Empty();
            if (oldPolicy != null && newPolicy != null)
            {
                result.OldDefault = Action(o.Model.DefaultAction);
                result.NewDefault = Action(n.Model.DefaultAction);
            }
            result.OldErrors = o.Diagnostics.Count(d => d.IsError);
            result.NewErrors = n.Diagnostics.Count(d => d.IsError);
            new TrafficDiff(o, n, result, cancellationToken).Run();
            CompareResults(o, n, result);
            CompareDiagnostics(o, n, oldFileKey, newFileKey, result);
            return result;
        }

        private static PolicyCompilation Empty() => PolicyCompilation.Create(Array.Empty<PolicyLang.Syntax.PolicySyntaxTree>());

        internal static string Action(FlowAction a) => a == FlowAction.Allow ? "allow" : "deny";

        /// <summary>
        /// How an allow treats its packets: "class NAME (dscp D, queue Q, …)", rate, log (with its tag and level) and count,
        /// comma-separated; "" when it does nothing to them beyond passing them (and for a deny).
        /// </summary>
        public static string Treatment(FlowAction verdict, FlowRule? flow)
        {
            if (verdict != FlowAction.Allow || flow == null) return "";
            var parts = new List<string>();
            if (flow.Class is { } c) parts.Add("class " + c.Name + " (" + ClassText(c) + ")");
            if (flow.Rate is { } r) parts.Add("rate " + r.Value);
            if (flow.Log)
                parts.Add("log" + (flow.LogPrefix != null ? " prefix \"" + flow.LogPrefix + "\"" : "") + (flow.LogLevel != null ? " level " + flow.LogLevel : ""));
            if (flow.Count) parts.Add("count");
            return string.Join(", ", parts);
        }

        private static string ClassText(TrafficClassSymbol c)
        {
            var parts = new List<string>();
            if (c.Dscp is { } d) parts.Add("dscp " + d.Value.ToString(CultureInfo.InvariantCulture));
            parts.Add("queue " + c.EffectiveQueue.ToString(CultureInfo.InvariantCulture));
            if (c.Pcp is { } p) parts.Add("pcp " + p.Value.ToString(CultureInfo.InvariantCulture));
            if (c.Lossless) parts.Add("lossless");
            if (c.Strict) parts.Add("strict");
            if (c.Bandwidth is { } b) parts.Add("bandwidth " + b.Value.ToString(CultureInfo.InvariantCulture) + "%");
            if (c.Ecn is { } e)
                parts.Add("ecn " + (e.MinBytes?.Value.ToString(CultureInfo.InvariantCulture) ?? "-") + "-" + (e.MaxBytes?.Value.ToString(CultureInfo.InvariantCulture) ?? "-")
                    + " " + (e.Probability?.Value.ToString(CultureInfo.InvariantCulture) ?? "-") + "%");
            return string.Join(", ", parts);
        }

        private sealed class Atom(int id, string? oldZone, string? newZone, AddressRangeSet addresses)
        {
            public int Id { get; } = id;
            public string? OldZone { get; } = oldZone;
            public string? NewZone { get; } = newZone;
            public AddressRangeSet Addresses { get; } = addresses;
            public bool Moved => !string.Equals(OldZone, NewZone, StringComparison.Ordinal);
            public string Label => NewZone ?? OldZone ?? NoZone;
        }

        /// <summary>The traffic part of a diff: atoms, the pairs a change can touch, and the pieces that changed there.</summary>
        private sealed class TrafficDiff(PolicyCompilation oldPolicy, PolicyCompilation newPolicy, PolicyDiffResult result, CancellationToken cancellationToken)
        {
            private List<Atom> _atoms = new List<Atom>();

            public void Run()
            {
                _atoms = Atoms();
                // A policy added or removed as a whole moves every address; that says nothing a reader needs.
                if (!result.Added && !result.Removed)
                    foreach (var a in _atoms.Where(a => a.Moved)) result.Moves.Add(new AddressMove(a.Addresses, a.OldZone, a.NewZone));
                var changes = new Dictionary<(string, string, TrafficChangeKind, FlowRule?, FlowRule?, FlowAction, FlowAction), PacketSet>();
                foreach (var (source, destinations) in DirtyPairs())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var src = _atoms[source].Addresses;
                    var dst = destinations == null ? AddressRangeSet.All : AddressRangeSet.FromRanges(destinations.SelectMany(d => _atoms[d].Addresses.Ranges));
                    var region = PacketSpace.Between(src, dst);
                    if (region.IsEmpty) continue;
                    var before = PolicyQuery.Decide(oldPolicy, src, dst, region);
                    var after = PolicyQuery.Decide(newPolicy, src, dst, region);
                    foreach (var p in before)
                    {
                        foreach (var q in after)
                        {
                            TrafficChangeKind kind;
                            if (p.Verdict != q.Verdict) kind = q.Verdict == FlowAction.Allow ? TrafficChangeKind.NewlyAllowed : TrafficChangeKind.NewlyDenied;
                            else if (p.Verdict == FlowAction.Allow && Treatment(p.Verdict, p.DecidedBy) != Treatment(q.Verdict, q.DecidedBy)) kind = TrafficChangeKind.Treatment;
                            else continue;
                            if (!p.Packets.Overlaps(q.Packets)) continue;
                            var both = p.Packets.Intersect(q.Packets);
                            foreach (var (atom, part) in SplitByDestination(both, destinations))
                            {
                                var key = (_atoms[source].Label, _atoms[atom].Label, kind, p.DecidedBy, q.DecidedBy, p.Verdict, q.Verdict);
                                changes[key] = changes.TryGetValue(key, out var sofar) ? sofar.Union(part) : part;
                            }
                        }
                    }
                }
                result.Traffic.AddRange(changes
                    .Select(c => new TrafficChange(c.Key.Item3, c.Key.Item1, c.Key.Item2, c.Value, c.Key.Item6, c.Key.Item4, c.Key.Item7, c.Key.Item5))
                    .OrderBy(c => c.SourceZone, StringComparer.Ordinal).ThenBy(c => c.DestinationZone, StringComparer.Ordinal)
                    .ThenBy(c => c.Kind).ThenBy(c => c.NewFlow?.Index ?? int.MaxValue).ThenBy(c => c.OldFlow?.Index ?? int.MaxValue)
                    .ThenBy(c => c.Witness.ToString(), StringComparer.Ordinal));
            }

            /// <summary>
            /// The address space cut at every boundary of a zone on either side; each atom is the addresses with one
            /// (old zone, new zone) pair, including the addresses no zone owns on either side.
            /// </summary>
            private List<Atom> Atoms()
            {
                var points = new SortedSet<IpAddress128> { IpAddress128.Zero };
                foreach (var side in new[] { oldPolicy, newPolicy })
                    foreach (var zone in side.Model.Zones)
                        foreach (var r in side.Addresses.Of(zone).Ranges)
                        {
                            points.Add(r.First);
                            if (r.Last != IpAddress128.MaxValue) points.Add(r.Last.Increment());
                        }
                var list = points.ToList();
                var ranges = new Dictionary<(string?, string?), List<AddressRange>>();
                var order = new List<(string?, string?)>();
                for (int i = 0; i < list.Count; i++)
                {
                    var first = list[i];
                    var last = i + 1 < list.Count ? list[i + 1].Decrement() : IpAddress128.MaxValue;
                    var key = (oldPolicy.Addresses.ZoneOf(first)?.Name, newPolicy.Addresses.ZoneOf(first)?.Name);
                    if (!ranges.TryGetValue(key, out var rs)) { ranges[key] = rs = new List<AddressRange>(); order.Add(key); }
                    rs.Add(new AddressRange(first, last));
                }
                return order.Select((k, i) => new Atom(i, k.Item1, k.Item2, AddressRangeSet.FromRanges(ranges[k]))).ToList();
            }

            /// <summary>
            /// For each source atom, the destination atoms whose traffic from it may have changed (null: all of them). A
            /// pair is unchanged when neither atom moved and the flows of its zone pair, of (zone, any), (any, zone) and
            /// (any, any) are the same on both sides, with the same segment addresses and class definitions.
            /// </summary>
            private IEnumerable<(int Source, HashSet<int>? Destinations)> DirtyPairs()
            {
                var dirty = new SortedDictionary<int, HashSet<int>?>();
                void MarkAll(int s) => dirty[s] = null;
                void Mark(int s, int d)
                {
                    if (!dirty.TryGetValue(s, out var set)) dirty[s] = new HashSet<int> { d };
                    else set?.Add(d);
                }
                var byZone = _atoms.Where(a => !a.Moved && a.OldZone != null).GroupBy(a => a.OldZone!, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(a => a.Id).ToList(), StringComparer.Ordinal);
                List<int> Of(string zone) => byZone.TryGetValue(zone, out var l) ? l : new List<int>();
                if (oldPolicy.Model.DefaultAction != newPolicy.Model.DefaultAction)
                {
                    foreach (var a in _atoms) MarkAll(a.Id);
                }
                else
                {
                    var before = Signatures(oldPolicy);
                    var after = Signatures(newPolicy);
                    foreach (var key in before.Keys.Union(after.Keys))
                    {
                        before.TryGetValue(key, out var x);
                        after.TryGetValue(key, out var y);
                        if (string.Equals(x, y, StringComparison.Ordinal)) continue;
                        var sources = key.Item1 == null ? _atoms.Select(a => a.Id).ToList() : Of(key.Item1);
                        foreach (var s in sources)
                        {
                            if (key.Item2 == null) MarkAll(s);
                            else foreach (var d in Of(key.Item2)) Mark(s, d);
                        }
                    }
                    foreach (var m in _atoms.Where(a => a.Moved))
                    {
                        MarkAll(m.Id);
                        foreach (var a in _atoms) Mark(a.Id, m.Id);
                    }
                }
                return dirty.Select(p => (p.Key, p.Value));
            }

            /// <summary>Per (source zone, destination zone) group (null: any), the flows in declaration order with what they resolve to.</summary>
            private static Dictionary<(string?, string?), string> Signatures(PolicyCompilation policy)
            {
                var groups = new Dictionary<(string?, string?), StringBuilder>();
                foreach (var f in policy.Model.Flows)
                {
                    var key = (f.Source.Zone?.Name, f.Destination.Zone?.Name);
                    if (!groups.TryGetValue(key, out var sb)) groups[key] = sb = new StringBuilder();
                    sb.Append(FlowSpace.Identity(f)).Append('|');
                    // A narrow endpoint's name (a prefix list) can stay while its addresses change: the addresses are the signature.
                    if (f.Source.Restriction != null) sb.Append(f.Source.Restriction);
                    else if (f.Source.Segment != null) sb.Append(policy.Addresses.Of(f.Source.Segment));
                    sb.Append('|');
                    if (f.Destination.Restriction != null) sb.Append(f.Destination.Restriction);
                    else if (f.Destination.Segment != null) sb.Append(policy.Addresses.Of(f.Destination.Segment));
                    sb.Append('|').Append(Treatment(f.Action, f)).Append('\n');
                }
                return groups.ToDictionary(g => g.Key, g => g.Value.ToString());
            }

            /// <summary>A changed piece cut by the destination atoms it reaches (only those of the compared region).</summary>
            private IEnumerable<(int Atom, PacketSet Part)> SplitByDestination(PacketSet packets, HashSet<int>? candidates)
            {
                if (candidates != null && candidates.Count == 1)
                {
                    yield return (candidates.First(), packets);
                    yield break;
                }
                var reached = AddressRangeSet.FromRanges(packets.Cubes.SelectMany(c => c.Dst.Ranges));
                var atoms = (candidates == null ? _atoms : candidates.OrderBy(i => i).Select(i => _atoms[i])).Where(a => a.Addresses.Overlaps(reached)).ToList();
                if (atoms.Count == 1)
                {
                    yield return (atoms[0].Id, packets);
                    yield break;
                }
                foreach (var a in atoms)
                {
                    var part = packets.Intersect(PacketSpace.Between(AddressRangeSet.All, a.Addresses));
                    if (!part.IsEmpty) yield return (a.Id, part);
                }
            }
        }

        /// <summary>Assertions (holds, fails, vacuous) and test expectations (passes, fails) whose result differs.</summary>
        private static void CompareResults(PolicyCompilation o, PolicyCompilation n, PolicyDiffResult result)
        {
            var before = Results(o);
            var after = Results(n);
            foreach (var key in before.Keys.Union(after.Keys).OrderBy(k => k.Kind, StringComparer.Ordinal).ThenBy(k => k.Text, StringComparer.Ordinal))
            {
                before.TryGetValue(key, out var x);
                after.TryGetValue(key, out var y);
                if (x.Result == y.Result) continue;
                result.Results.Add(new ResultChange(key.Kind, key.Text, x.Result, y.Result, x.Result == null ? null : x.Location, y.Result == null ? null : y.Location));
            }
        }

        /// <summary>Every assertion's result (holds, fails, vacuous) and every test expectation's (passes, fails), in declaration order.</summary>
        /// <summary>"assertion", or "baseline NAME" for an assertion of a baseline (results are grouped by it).</summary>
        public static string KindOf(Assertion a) => a.Baseline != null ? "baseline " + a.Baseline.Name : "assertion";

        /// <summary>An assertion as written, or as checked for one zone a selector picked.</summary>
        public static string TextOf(Assertion a) => a.Selection != null || a.Baseline?.ImportedAt != null
            ? "assert " + Analysis.Rules.AssertionResult.Describe(a)
            : Words(a.Location.Text.ToString(a.Location.Span));

        public static IReadOnlyList<(string Kind, string Text, string Result, SourceLocation Location)> ResultsOf(PolicyCompilation c) =>
            Results(c).Select(kv => (kv.Key.Kind, kv.Key.Text, kv.Value.Result ?? "", kv.Value.Location)).ToList();

        private static Dictionary<(string Kind, string Text), (string? Result, SourceLocation Location)> Results(PolicyCompilation c)
        {
            var map = new Dictionary<(string, string), (string?, SourceLocation)>();
            void Add(string kind, string text, string status, SourceLocation at)
            {
                var key = (kind, text);
                for (int i = 2; map.ContainsKey(key); i++) key = (kind, text + " #" + i.ToString(CultureInfo.InvariantCulture));
                map[key] = (status, at);
            }
            var diagnostics = c.PolicyDiagnostics;
            bool evaluated = !diagnostics.Any(d => d.IsError && d.Id != DiagnosticCatalog.AssertionFailed.Id && d.Id != DiagnosticCatalog.TestFailed.Id
                && d.Id != DiagnosticCatalog.AssertionVacuous.Id && d.Id != DiagnosticCatalog.FlowExpired.Id);
            var verdicts = evaluated ? PolicyChecker.EvaluateAssertions(c.Model, c.Addresses, c.Flows) : null;
            for (int i = 0; i < c.Model.Assertions.Count; i++)
            {
                var a = c.Model.Assertions[i];
                string status = verdicts == null ? "not evaluated (the policy has errors)" : verdicts[i].Result;
                Add(KindOf(a), TextOf(a), status, a.ReportAt);
            }
            if (evaluated)
            {
                foreach (var t in c.RunTests())
                    Add("test", "test " + t.Test.Name + ": " + Words(DiagnosticFingerprint.LineText(t.Expectation.Location.Text, t.Expectation.Location.Span)),
                        t.Suspended ? "suspended by a quarantine" : t.Passed ? "passes" : "fails", t.Expectation.Location);
            }
            else
            {
                foreach (var t in c.Model.Tests)
                    foreach (var e in t.Expectations)
                        Add("test", "test " + t.Name + ": " + Words(DiagnosticFingerprint.LineText(e.Location.Text, e.Location.Span)), "not evaluated (the policy has errors)", e.Location);
            }
            return map;
        }

        /// <summary>Text with its runs of white space (and comments' line breaks) made single spaces.</summary>
        private static string Words(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

        private static void CompareDiagnostics(PolicyCompilation o, PolicyCompilation n, Func<string, string> oldFileKey, Func<string, string> newFileKey, PolicyDiffResult result)
        {
            List<DiagnosticChange> Keyed(PolicyCompilation c, Func<string, string> fileKey)
            {
                var texts = c.Trees.GroupBy(t => t.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal);
                SourceText? TextOf(string path) => texts.TryGetValue(path, out var t) ? t : null;
                var fingerprints = new DiagnosticFingerprint(p => p.Length == 0 ? "" : fileKey(p), TextOf);
                return c.Diagnostics.Select(d => new DiagnosticChange(d, d.Path.Length == 0 ? "" : fileKey(d.Path), fingerprints.Of(d), TextOf(d.Path))).ToList();
            }
            var before = Keyed(o, oldFileKey);
            var after = Keyed(n, newFileKey);
            var beforeKeys = new HashSet<string>(before.Select(d => d.Fingerprint), StringComparer.Ordinal);
            var afterKeys = new HashSet<string>(after.Select(d => d.Fingerprint), StringComparer.Ordinal);
            result.NewDiagnostics.AddRange(after.Where(d => !beforeKeys.Contains(d.Fingerprint)));
            result.ResolvedDiagnostics.AddRange(before.Where(d => !afterKeys.Contains(d.Fingerprint)));
        }
    }
}
