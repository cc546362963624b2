using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.Emit.Junos;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.E2E.Import
{
    /// <summary>
    /// Capirca's own sample policies (tests/PolicyLang.Core.Tests/Import/capirca, copied from google/capirca with its
    /// licence) through Debian's Capirca 2.0.6 <c>aclgen</c> and through <c>policyc import capirca</c>: for every Junos filter
    /// aclgen writes, the first packets the filter (read back by policyc's Junos reader, first match, source ports included)
    /// lets through are compared with the imported policy's allowed packets, per address family, as
    /// <see cref="CapircaTargetEquivalenceTests"/> compares the other targets. Terms the import left out (with a warning) are
    /// taken out of aclgen's filter too; every other difference must be one of <see cref="JunosKnown"/>, told apart by
    /// term, direction and exact packets, or the test fails (a warning of the import explains nothing by itself).
    /// </summary>
    public sealed class CapircaEquivalenceTests
    {
        private readonly CapircaTargetEquivalenceTests _compare;

        public CapircaEquivalenceTests(ITestOutputHelper output) => _compare = new CapircaTargetEquivalenceTests(output);

        /// <summary>aclgen's Junos filters where they and the import differ: keys as <see cref="CapircaTargetEquivalenceTests.DifferenceKey"/> writes them, and why. None.</summary>
        private static readonly Dictionary<string, string> JunosKnown = new Dictionary<string, string>(StringComparer.Ordinal);

        [SkippableFact]
        public void Imports_of_Capiras_samples_allow_what_aclgens_Junos_filters_allow()
        {
            var aclgen = _compare.RequireAclgen();
            _compare.Run(aclgen, new[] { "juniper" }, JunosKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.jcl").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => JunosFilters(sample, File.ReadAllText(f), policy)).ToList());
        }

        /// <summary>The filters of aclgen's Junos output, each entry put down to its term (the reader names it).</summary>
        internal static IEnumerable<CapircaTargetEquivalenceTests.Filter> JunosFilters(string sample, string text, CapircaTargetEquivalenceTests.Policy policy)
        {
            // Terms the import left out are taken out of the text before it is read: some name what aclgen's output does not
            // define (source-prefix: a prefix-list configured on the router), which the reader refuses.
            foreach (var name in policy.Skipped) text = CapircaTargetEquivalenceTests.WithoutBlock(text, "term " + name + " {");
            var parsed = new JunosAclReader().Read(text);
            foreach (var acl in parsed.Acls.Values)
            {
                Assert.True(acl.EntryNames.Count == acl.Entries.Count && acl.EntryNames.All(n => n.StartsWith("term ", StringComparison.Ordinal)), sample + ": the reader names no terms");
                var entries = acl.Entries.Select((e, i) => (Term: acl.EntryNames[i].Substring(5), Entry: e)).Where(x => !policy.Skipped.Contains(x.Term)).ToList();
                yield return new CapircaTargetEquivalenceTests.Filter(acl.Name, CapircaTargetEquivalenceTests.HeaderOf(policy, "juniper", acl.Name, sample), acl.Family,
                    CapircaTargetEquivalenceTests.Regions(entries, acl.Family));
            }
        }
    }
}
