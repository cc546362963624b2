using PolicyLang.Diagnostics;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Platforms;
using PolicyLang.Semantics;

namespace PolicyLang.Emit
{
    /// <summary>Checks every flow a target carries against the backend's declared capabilities.</summary>
    public static class TargetValidator
    {
        /// <summary>Validates one target of a compilation with its platform's backend; the diagnostics, sorted.</summary>
        public static IReadOnlyList<Diagnostic> Validate(PolicyCompilation compilation, TargetSymbol target)
        {
            var diagnostics = new List<Diagnostic>();
            var backend = PlatformRegistry.Find(target.Platform.Value);
            if (backend == null)
            {
                // The binder reports an unknown platform (NP1010); this is a platform it knows that this build has no backend for.
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.NoBackend, target.Platform.Location.Path, target.Platform.Location.Span,
                    target.Name, target.Platform.Value, string.Join(", ", PlatformRegistry.Names)));
                return diagnostics;
            }
            Validate(backend, new TargetContext(compilation, target, diagnostics));
            diagnostics.Sort();
            // One intent can fail the same way twice (a quarantine's two flows share its address): say it once.
            var unique = new List<Diagnostic>(diagnostics.Count);
            foreach (var d in diagnostics)
            {
                var last = unique.Count > 0 ? unique[unique.Count - 1] : null;
                if (last != null && last.Id == d.Id && last.Path == d.Path && last.Span.Equals(d.Span) && last.Message == d.Message) continue;
                unique.Add(d);
            }
            return unique;
        }

        public static void Validate(IBackend backend, TargetContext context)
        {
            var platform = backend.Description;
            foreach (var flow in context.RelevantFlows)
            {
                if (flow.Action == FlowAction.Deny && !platform.Can(PlatformCapabilities.Deny))
                    context.CannotExpress(flow.Location, "a deny flow: the platform only allows");
                if (flow.Class != null && !platform.Can(PlatformCapabilities.ClassMarking) && !EnforcedElsewhere(context, flow, PlatformCapabilities.ClassMarking))
                    context.CannotExpress(flow.Location, "class '" + flow.Class.Name + "': the platform cannot mark or queue traffic");
                // A quarantine logs where the platform can: an emergency cut-off must not fail for want of a log.
                if (flow.Log && flow.Quarantine == null && !platform.Can(PlatformCapabilities.Logging) && !EnforcedElsewhere(context, flow, PlatformCapabilities.Logging))
                    context.CannotExpress(flow.Location, "log: the platform cannot log matches");
                // A narrow deny that takes away nothing this target admits is enforced by its default deny as it is.
                for (int side = 0; side < 2; side++)
                    if ((side == 0 ? flow.Source : flow.Destination) is var e && e.IsNarrowed && !platform.Can(PlatformCapabilities.NarrowEndpoints) && !(backend is INarrowEndpoints some && some.Expresses(context, e))
                        && (flow.Action == FlowAction.Allow || context.DenyTakesAwayHere(flow)))
                        context.CannotExpress(e.Location, "the endpoint '" + e + "', narrower than a zone or segment: its rules are placed by zone and segment");
                if (flow.Log && flow.Quarantine == null && (flow.LogPrefix != null || flow.LogLevel != null) && platform.Can(PlatformCapabilities.Logging) && !platform.Can(PlatformCapabilities.LogOptions))
                    context.Report(DiagnosticCatalog.LogOptionNotCarried, flow.Location, context.Target.Name, context.Target.Platform.Value,
                        flow.LogPrefix != null && flow.LogLevel != null ? "prefix and level" : flow.LogPrefix != null ? "prefix" : "level");
                if (flow.Count && !platform.Can(PlatformCapabilities.Counters) && !EnforcedElsewhere(context, flow, PlatformCapabilities.Counters))
                    context.CannotExpress(flow.Location, "count: the platform keeps no counter per rule");
                if (flow.Rate is { } rate)
                {
                    var needed = rate.Value.Unit switch
                    {
                        RateUnit.ConnectionsPerSecond => PlatformCapabilities.ConnectionRateLimit,
                        RateUnit.PacketsPerSecond => PlatformCapabilities.PacketRateLimit,
                        _ => PlatformCapabilities.BitRateLimit,
                    };
                    if (!platform.Can(needed) && !EnforcedElsewhere(context, flow, needed)) context.CannotExpress(rate.Location, "rate " + rate.Value + ": the platform has no such rate limit");
                }
                if (!platform.Can(PlatformCapabilities.IPv6) && context.Flows.HasFamily(flow, v6: true))
                    context.CannotExpress(flow.Location, "IPv6 traffic");
                // By index (as above, side by side): this runs for every flow of every target, and an enumerator or an
                // array per flow adds up.
                for (int i = 0; i < flow.Services.Count; i++)
                {
                    var s = flow.Services[i];
                    if ((s.Protocol == ServiceMatch.Icmp || s.Protocol == ServiceMatch.Icmpv6) && !platform.Can(PlatformCapabilities.Icmp))
                        context.CannotExpress(s.Location, "ICMP matches");
                    if (s.IsAny && !platform.Can(PlatformCapabilities.AnyProtocol))
                        context.CannotExpress(s.Location, "'any' protocol");
                    // Like a narrow endpoint: a deny that takes away nothing this target admits is enforced as it is.
                    if (s.HasSourcePorts && !platform.Can(PlatformCapabilities.SourcePorts)
                        && (flow.Action == FlowAction.Allow || context.DenyTakesAwayHere(flow)))
                        context.CannotExpress(s.Location, "the source ports of '" + s + "': the platform's rules match destination ports only");
                }
            }
            foreach (var v in context.Target.Verbatim)
            {
                if (platform.Verbatim == null)
                    context.CannotExpress(v.Location, "verbatim text: its output is a structured document (a template, JSON or Kubernetes objects) that a pasted line would break");
                else
                    context.Report(DiagnosticCatalog.VerbatimNotVerified, v.Location, context.Target.Name, platform.Name, v.Lines.Count);
            }
            backend.Validate(context);
        }

        /// <summary>
        /// Class marking, rate limits, logging and counting treat admitted traffic; they do not decide admission. A target that
        /// cannot express one still admits the flow correctly when another target of the policy carries the same flow
        /// and can (a cloud firewall in front of hosts whose nftables rules mark and rate-limit, for example).
        /// </summary>
        private static bool EnforcedElsewhere(TargetContext context, FlowRule flow, PlatformCapabilities needed)
        {
            // The caller's own platform cannot (it asks only then), so the capable targets are all others. Which zones they
            // carry is worked out once per policy and capability: a policy with a thousand targets asked this for every
            // marked, logged or counted flow of every target, each time over every target.
            var capable = Capable(context, needed);
            if (capable.Count == 0) return false;
            // Should the caller's platform be among them after all (its registered description can), only another target counts.
            if (PlatformRegistry.Describe(context.Target.Platform.Value)?.Can(needed) == true) return EnforcedElsewhereByScan(context, flow, needed);
            if (flow.Source.IsAny || flow.Destination.IsAny) return true;
            return capable.Zones.Contains(flow.Source.Zone!) || capable.Zones.Contains(flow.Destination.Zone!);
        }

        /// <summary>The targets that can express <paramref name="needed"/>, and their zones: once per policy and capability. A known value
        /// is looked up without making the computation's closure (<see cref="EnforcedElsewhere"/> asks for every marked, logged or
        /// counted flow of every target).</summary>
        private static CapableTargets Capable(TargetContext context, PlatformCapabilities needed)
        {
            var key = CapableKeys.GetOrAdd(needed, n => "enforced-elsewhere:" + ((int)n).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return context.Addresses.Known<CapableTargets>(key) ?? MakeCapable(context, needed, key);
        }

        private static CapableTargets MakeCapable(TargetContext context, PlatformCapabilities needed, string key) =>
            context.Addresses.Memo(key, () =>
            {
                var zones = new HashSet<ZoneSymbol>();
                var targets = context.Model.Targets;
                int count = 0;
                for (int i = 0; i < targets.Count; i++)
                {
                    var platform = PlatformRegistry.Describe(targets[i].Platform.Value);
                    if (platform == null || !platform.Can(needed)) continue;
                    count++;
                    zones.UnionWith(targets[i].Zones);
                }
                return new CapableTargets(count, zones);
            });

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<PlatformCapabilities, string> CapableKeys =
            new System.Collections.Concurrent.ConcurrentDictionary<PlatformCapabilities, string>();

        private sealed class CapableTargets(int count, HashSet<ZoneSymbol> zones)
        {
            public int Count { get; } = count;
            public HashSet<ZoneSymbol> Zones { get; } = zones;
        }

        private static bool EnforcedElsewhereByScan(TargetContext context, FlowRule flow, PlatformCapabilities needed)
        {
            var targets = context.Model.Targets;
            for (int i = 0; i < targets.Count; i++)
            {
                var other = targets[i];
                if (ReferenceEquals(other, context.Target)) continue;
                var platform = PlatformRegistry.Describe(other.Platform.Value);
                if (platform == null || !platform.Can(needed)) continue;
                bool Covers(Endpoint e) => e.IsAny || other.Zones.Contains(e.Zone!);
                if (Covers(flow.Source) || Covers(flow.Destination)) return true;
            }
            return false;
        }
    }
}
