using System.Collections.Generic;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit;
using PolicyLang.Emit.Gcp;
using PolicyLang.Semantics;

namespace PolicyLang.TestSupport.Cloud
{
    /// <summary>Compares rules read back from an artifact with the policy's intent; null when they agree exactly.</summary>
    public static class CloudChecks
    {
        public static string? NsgMismatch(TargetContext context, IReadOnlyList<NsgRuleText> rules)
        {
            var semantics = new NsgSemantics(CloudIntent.InternalSpace(context.Model, context.Addresses));
            foreach (var inbound in new[] { true, false })
            {
                var region = CloudIntent.Region(context, inbound);
                var intent = CloudIntent.Allowed(context, inbound).Intersect(region);
                var actual = semantics.Allowed(rules, inbound ? "Inbound" : "Outbound", region);
                if (!intent.SetEquals(actual)) return context.Target.Name + (inbound ? " inbound: " : " outbound: ") + CloudIntent.Difference(intent, actual);
            }
            return null;
        }

        public static string? GcpMismatch(TargetContext context, IReadOnlyList<GcpRuleText> rules)
        {
            var semantics = new GcpSemantics(GcpInstances(context));
            foreach (var inbound in new[] { true, false })
            {
                var region = CloudIntent.Region(context, inbound);
                var intent = CloudIntent.Allowed(context, inbound).Intersect(region);
                var actual = semantics.Allowed(rules, inbound ? "INGRESS" : "EGRESS", region);
                if (!intent.SetEquals(actual)) return context.Target.Name + (inbound ? " ingress: " : " egress: ") + CloudIntent.Difference(intent, actual);
            }
            return null;
        }

        /// <summary>Tag and service-account names, as the GCP backend documents them, to the addresses of their instances.</summary>
        public static System.Func<string, AddressRangeSet> GcpInstances(TargetContext context)
        {
            var map = new Dictionary<string, AddressRangeSet>();
            void Add(string key, AddressRangeSet set) => map[key] = map.TryGetValue(key, out var s) ? s.Union(set) : set;
            var projects = context.Target.Devices.Select(d => System.Text.RegularExpressions.Regex.Match(d.Value, "^projects/([^/]+)/"))
                .Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().ToList();
            foreach (var zone in context.Model.Zones)
            {
                foreach (var seg in zone.Segments.Cast<SegmentSymbol?>().Append(null))
                {
                    var set = seg == null ? context.Addresses.Of(zone) : context.Addresses.Of(seg);
                    Add(GcpNames.Tag(zone, seg), set);
                    foreach (var project in projects) Add(GcpNames.ServiceAccountId(zone, seg) + "@" + project + ".iam.gserviceaccount.com", set);
                }
            }
            return name => map.TryGetValue(name, out var s) ? s : throw new KeyNotFoundException("no instances carry '" + name + "'");
        }
    }
}
