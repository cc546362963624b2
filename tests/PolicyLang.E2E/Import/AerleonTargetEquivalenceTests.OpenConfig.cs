using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.E2E.Import
{
    /// <summary>
    /// SONiC and OpenConfig: Debian's Capirca 2.0.6 has no <c>sonic</c> generator, Aerleon's has (a subclass of its
    /// <c>openconfig</c> one). Aerleon's aclgen renders Capirca's sample_sonic.pol and every Aerleon sample with a
    /// <c>sonic</c> or <c>openconfig</c> header; <see cref="OpenConfigAclReader"/> reads its OpenConfig ACL JSON, and the
    /// first packets each ACL set lets through are compared, per family, with what the import allows, as for every other
    /// target. aclgen is run through aerleon_oacl_terms.py, which records the term of each entry (the JSON names none)
    /// and changes nothing aclgen writes.
    /// </summary>
    public sealed partial class AerleonTargetEquivalenceTests
    {
        private static readonly string[] OpenConfigPlatforms = { "sonic", "openconfig" };

        /// <summary>Aerleon's aclgen run through the recorder of terms, on the samples of <paramref name="data"/>.</summary>
        private static CapircaTargetEquivalenceTests.Aclgen RequireAerleonRecordingTerms(string data, string[] samples)
        {
            var aclgen = RequireAerleon();
            var prefix = aclgen.Prefix;
            Assert.True(prefix.Length > 2 && prefix[^2] == "-m" && prefix[^1] == "aerleon.aclgen", "aclgen's command line: " + string.Join(" ", prefix));
            var recorder = Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.E2E", "Import", "aerleon_oacl_terms.py");
            return aclgen with { Data = data, Samples = samples, Prefix = prefix.Take(prefix.Length - 2).Append(recorder).ToArray() };
        }

        /// <summary>Aerleon's SONiC ACLs of Capirca's samples where they and the import differ: "sample set family term" and why.</summary>
        private static readonly Dictionary<string, string> SonicOfCapircaKnown = new Dictionary<string, string>(StringComparer.Ordinal);

        [SkippableFact]
        public void Imports_of_Capircas_samples_allow_what_Aerleons_SONiC_and_OpenConfig_ACLs_allow()
        {
            var capirca = Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Import", "capirca");
            var aclgen = RequireAerleonRecordingTerms(capirca, new[] { "*.pol" });
            _compare.Run(aclgen, OpenConfigPlatforms, SonicOfCapircaKnown, OpenConfigFilters);
        }

        /// <summary>Aerleon's SONiC and OpenConfig ACLs of its own samples where they and the import differ.</summary>
        private static readonly Dictionary<string, string> OpenConfigKnown = new Dictionary<string, string>(StringComparer.Ordinal);

        [SkippableFact]
        public void Imports_of_Aerleons_samples_allow_what_aclgens_SONiC_and_OpenConfig_ACLs_allow()
        {
            var aclgen = RequireAerleonRecordingTerms(Data, new[] { "*.pol", "*.yaml" });
            _compare.Run(aclgen, OpenConfigPlatforms, OpenConfigKnown, OpenConfigFilters);
        }

        /// <summary>The ACL sets of aclgen's .oacl output, per family, each entry put down to its term.</summary>
        private static List<CapircaTargetEquivalenceTests.Filter> OpenConfigFilters(string sample, string outDir, CapircaTargetEquivalenceTests.Policy policy)
        {
            var files = Directory.GetFiles(outDir, "*.oacl");
            if (files.Length == 0) return new List<CapircaTargetEquivalenceTests.Filter>();
            Assert.True(files.Length == 1, sample + ": more than one .oacl file");
            var calls = OpenConfigAclReader.ReadTermCalls(File.ReadAllText(Path.Combine(outDir, "oacl-terms.json")));
            var filters = new List<CapircaTargetEquivalenceTests.Filter>();
            foreach (var set in OpenConfigAclReader.Read(File.ReadAllText(files[0]), calls))
            {
                var platform = OpenConfigPlatforms.Where(p => policy.Headers.Any(h => h.Targets.Any(t => t.Count > 1 && t[0] == p && t[1] == set.Name))).ToList();
                Assert.True(platform.Count == 1, $"{sample}: ACL set {set.Name} named by {platform.Count} sonic/openconfig headers");
                var header = CapircaTargetEquivalenceTests.HeaderOf(policy, platform[0], set.Name, sample);
                var terms = policy.Headers[header].Terms.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var (family, entries) in set.Entries)
                {
                    Assert.True(entries.All(x => terms.Contains(x.Term)), $"{sample}: ACL set {set.Name} holds entries of terms of another header");
                    var compared = entries.Where(x => !policy.Skipped.Contains(x.Term)).ToList();
                    filters.Add(new CapircaTargetEquivalenceTests.Filter(set.Name, header, family, CapircaTargetEquivalenceTests.Regions(compared, family)));
                }
            }
            return filters;
        }
    }
}
