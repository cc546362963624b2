using PolicyLang.Diagnostics;
using PolicyLang.Platforms;
using PolicyLang.Semantics;

namespace PolicyLang.Analysis.Rules
{
    /// <summary>DSCP uniqueness, bandwidth shares, ECN thresholds.</summary>
    internal static class ClassRules
    {
        public static void Check(CheckContext c)
        {
            var dscps = new Dictionary<int, TrafficClassSymbol>();
            foreach (var cls in c.Model.Classes)
            {
                if (cls.Dscp is { } dscp)
                {
                    if (dscps.TryGetValue(dscp.Value, out var first))
                        c.Report(DiagnosticCatalog.DuplicateDscp, dscp.Location, dscp.Value, first.Name, first.Dscp!.Value.Location.Display);
                    else dscps[dscp.Value] = cls;
                }
                if (cls.Ecn is { MinBytes: { } min, MaxBytes: { } max } && min.Value > max.Value)
                    c.Report(DiagnosticCatalog.EcnThresholds, min.Location, min.Location.Text.ToString(min.Location.Span), max.Location.Text.ToString(max.Location.Span));
            }
            // The flows with a lossless class, once: a policy with a thousand targets would otherwise read every flow per target.
            List<FlowRule>? losslessFlows = null;
            foreach (var target in c.Model.Targets)
            {
                int limit = PlatformRegistry.Describe(target.Platform.Value)?.LosslessLimit ?? 0;
                if (limit == 0) continue;
                losslessFlows ??= c.Model.Flows.Where(f => f.Class is { Lossless: true }).ToList();
                var zones = new HashSet<ZoneSymbol>(target.Zones);
                var lossless = losslessFlows
                    .Where(f => f.Source.IsAny || zones.Contains(f.Source.Zone!) || f.Destination.IsAny || zones.Contains(f.Destination.Zone!))
                    .Select(f => f.Class!).Distinct().ToList();
                if (lossless.Count > limit)
                    c.Report(DiagnosticCatalog.TooManyLosslessClasses, target.Platform.Location, lossless.Count, target.Name, target.Platform.Value, limit);
            }
            var shares = c.Model.Classes.Where(x => x.Bandwidth != null).ToList();
            int total = shares.Sum(x => x.Bandwidth!.Value.Value);
            if (total > 100)
            {
                var last = shares[shares.Count - 1];
                c.Report(DiagnosticCatalog.BandwidthOverCommitted, last.Bandwidth!.Value.Location, total,
                    string.Join(", ", shares.Select(x => x.Name + " " + x.Bandwidth!.Value.Value + "%")));
            }
        }
    }
}
