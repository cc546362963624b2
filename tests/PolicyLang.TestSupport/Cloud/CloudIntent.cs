using System.Collections.Generic;
using System.Linq;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Semantics;

namespace PolicyLang.TestSupport.Cloud
{
    /// <summary>What a target must admit, straight from the policy's semantics (deny overrides allow, then the default).</summary>
    public static class CloudIntent
    {
        public static TargetContext Context(PolicyCompilation compilation, string target) =>
            new TargetContext(compilation, compilation.Model.Targets.Single(t => t.Name == target), new List<Diagnostic>());

        public static AddressRangeSet TargetAddresses(TargetContext context)
        {
            var set = AddressRangeSet.Empty;
            foreach (var z in context.Target.Zones) set = set.Union(context.Addresses.Of(z));
            return set;
        }

        public static AddressRangeSet InternalSpace(PolicyModel model, AddressOwnership addresses)
        {
            var set = AddressRangeSet.Empty;
            foreach (var z in model.Zones.Where(z => !z.IsExternal)) set = set.Union(addresses.Of(z));
            return set;
        }

        /// <summary>Allowed packets into the target's zones (inbound) or out of them (outbound).</summary>
        public static PacketSet Allowed(TargetContext context, bool inbound)
        {
            var t = TargetAddresses(context);
            var zones = context.Target.Zones;
            return inbound
                ? context.Flows.AllowedFromTo(() => AddressRangeSet.All, () => t, (s, d) => d == null || zones.Contains(d))
                : context.Flows.AllowedFromTo(() => t, () => AddressRangeSet.All, (s, d) => s == null || zones.Contains(s));
        }

        public static PacketSet Region(TargetContext context, bool inbound)
        {
            var t = TargetAddresses(context);
            return inbound ? PacketSpace.Between(AddressRangeSet.All, t) : PacketSpace.Between(t, AddressRangeSet.All);
        }

        /// <summary>Every allowed packet of the policy (used for Kubernetes, where the region is the pods' traffic).</summary>
        public static PacketSet AllowedEverywhere(TargetContext context) =>
            context.Flows.AllowedFromTo(() => AddressRangeSet.All, () => AddressRangeSet.All, (s, d) => true);

        /// <summary>A readable difference for assertion messages: a witness packet of each side's surplus.</summary>
        public static string Difference(PacketSet expected, PacketSet actual)
        {
            var parts = new List<string>();
            if (expected.Except(actual).TryGetWitness(out var missing)) parts.Add("intent allows but the artifact does not: " + missing);
            if (actual.Except(expected).TryGetWitness(out var extra)) parts.Add("the artifact allows but the intent does not: " + extra);
            return string.Join("; ", parts);
        }
    }
}
