using System;
using System.Collections.Generic;
using Xunit;
using Xunit.Sdk;

namespace PolicyLang.E2E.Import
{
    /// <summary>
    /// Aerleon's EOS traffic-policies (<c>arista_tp</c>) of its own samples (sample_arista_tp.pol, its YAML twin
    /// sample_arista_tp_yaml.yaml, sample_multitarget.pol), read and compared as Capirca's are
    /// (<see cref="CapircaTargetEquivalenceTests.AristaTpFilters"/>).
    /// </summary>
    public sealed partial class AerleonTargetEquivalenceTests
    {
        /// <summary>Aerleon's traffic-policies where they and the import differ (keys as CapircaTargetEquivalenceTests.DifferenceKey writes them) and why.</summary>
        private static readonly Dictionary<string, string> AristaTpKnown = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // As in Capirca's output: term wonky-prots writes 'protocol 2,8,27' in the IPv6 match too.
            ["sample_arista_tp MIXED-TRAFFIC-POLICY IPv6 wonky-prots: the import denies :: -> :: proto 2 [2 cube(s) #f2668afa386f]"] = CapircaTargetEquivalenceTests.IgmpOverIPv6,
            ["sample_arista_tp_yaml MIXED-TRAFFIC-POLICY IPv6 wonky-prots: the import denies :: -> :: proto 2 [2 cube(s) #f2668afa386f]"] = CapircaTargetEquivalenceTests.IgmpOverIPv6,
        };

        [SkippableFact]
        public void Imports_of_Aerleons_samples_allow_what_aclgens_EOS_traffic_policies_allow()
        {
            var aclgen = RequireAerleon();
            _compare.Run(aclgen, new[] { "arista_tp" }, AristaTpKnown, (sample, outDir, policy) =>
                CapircaTargetEquivalenceTests.AristaTpFilters(sample, outDir, policy, null));
        }

        [SkippableFact]
        public void An_Aerleon_traffic_policy_without_one_of_its_IPv6_matches_is_caught()
        {
            var aclgen = RequireAerleon();
            var mutated = new CapircaTargetEquivalenceTests(_output);
            int dropped = 0;
            var e = Assert.ThrowsAny<XunitException>(() => mutated.Run(aclgen, new[] { "arista_tp" }, AristaTpKnown, (sample, outDir, policy) =>
            {
                // ipv6-INET6_INET6 lets fec0::/10 -> fec0::/10 through; without it aclgen's ipv6-default-all drops it.
                var drop = sample == "sample_arista_tp_yaml" ? "ipv6-INET6_INET6" : null;
                if (drop != null) dropped++;
                return CapircaTargetEquivalenceTests.AristaTpFilters(sample, outDir, policy, drop);
            }));
            Assert.Equal(1, dropped);
            Assert.Contains("sample_arista_tp_yaml MIXED-TRAFFIC-POLICY IPv6 default-discard: the import allows fec0::", e.Message);
            Assert.Contains("not a known difference", e.Message);
        }
    }
}
