using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PolicyLang.Emit.AristaEos;
using PolicyLang.Emit.Fabric;
using Xunit;
using Xunit.Sdk;

namespace PolicyLang.E2E.Import
{
    /// <summary>
    /// aclgen's EOS traffic-policies (<c>arista_tp</c>), read by <see cref="EosAclReader"/> (field-sets with <c>except</c>,
    /// protocol lists and ranges, ICMP type lists, <c>no traffic-policy</c>): each policy is a filter per family of its
    /// header, its matches in first-match order and EOS's own default match last (it forwards what no match takes). aclgen
    /// names the IPv6 match of term T of a mixed header <c>ipv6-T</c>, and a term named <c>default-…</c>
    /// <c>ipv4-default-all</c> / <c>ipv6-default-all</c>; each entry is put down to its match by its line. The matches of the
    /// terms the import leaves out are cut out of the text before it is read: some name field-sets aclgen does not define
    /// (<c>source-prefix::</c>, a field-set configured on the switch), and the two <c>packet-length::</c> terms match
    /// <c>ip length</c>, which the reader refuses by default (the header space has no length).
    /// </summary>
    public sealed partial class CapircaTargetEquivalenceTests
    {
        /// <summary>aclgen's traffic-policies where they and the import differ (keys as <see cref="DifferenceKey"/> writes them) and why.</summary>
        private static readonly Dictionary<string, string> AristaTpKnown = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Term wonky-prots (protocol:: igmp egp rdp) in a mixed header: arista_tp writes 'protocol 2,8,27' in the IPv6 match
            // too, where aclgen's other generators leave IGMP out of IPv6 filters (IGMP is IPv4's); the import follows them.
            ["sample_arista_tp MIXED-TRAFFIC-POLICY IPv6 wonky-prots: the import denies :: -> :: proto 2 [2 cube(s) #f2668afa386f]"] = IgmpOverIPv6,
        };

        /// <summary>Why IPv6 next header 2 differs in aclgen's traffic-policies.</summary>
        internal const string IgmpOverIPv6 = "arista_tp writes IGMP (protocol 2) in the IPv6 match too; aclgen's other generators and the import leave IGMP out of IPv6";

        [SkippableFact]
        public void Imports_of_Capircas_samples_allow_what_aclgens_EOS_traffic_policies_allow()
        {
            var aclgen = RequireAclgen();
            Run(aclgen, new[] { "arista_tp" }, AristaTpKnown, (sample, outDir, policy) => AristaTpFilters(sample, outDir, policy, null));
        }

        [SkippableFact]
        public void A_traffic_policy_without_one_of_its_matches_is_caught()
        {
            var aclgen = RequireAclgen();
            var mutated = new CapircaTargetEquivalenceTests(_output);
            int dropped = 0;
            var e = Assert.ThrowsAny<XunitException>(() => mutated.Run(aclgen, new[] { "arista_tp" }, AristaTpKnown, (sample, outDir, policy) =>
            {
                // accept-ssh-requests lets tcp/22 from RFC 1918 through; without it a later match or the default drop decides.
                var drop = sample == "sample_arista_tp" ? "accept-ssh-requests" : null;
                if (drop != null) dropped++;
                return AristaTpFilters(sample, outDir, policy, drop);
            }));
            Assert.Equal(1, dropped);
            Assert.Contains("sample_arista_tp MIXED-TRAFFIC-POLICY IPv4", e.Message);
            Assert.Contains("not a known difference", e.Message);
        }

        /// <summary>The traffic-policies of aclgen's .atp files, a filter per policy and family of its header; <paramref name="drop"/>
        /// names a match to cut out as well (the mutation check).</summary>
        internal static List<Filter> AristaTpFilters(string sample, string outDir, Policy policy, string? drop)
        {
            var filters = new List<Filter>();
            foreach (var file in Directory.GetFiles(outDir, "*.atp").OrderBy(f => f, StringComparer.Ordinal))
            {
                var text = File.ReadAllText(file);
                var cut = policy.Skipped.SelectMany(t => new[] { t, "ipv6-" + t }).ToList();
                if (drop != null)
                {
                    Assert.Matches(@"\n\s+match " + Regex.Escape(drop) + " ", text);
                    cut.Add(drop);
                }
                foreach (var name in cut) text = WithoutMatch(text, name);
                var parsed = new EosAclReader().Read(text);
                var matchOf = MatchesByLine(text);
                var headers = policy.Headers.Select((h, i) => (h, i)).Where(x => x.h.Targets.Any(t => t.Count > 1 && t[0] == "arista_tp")).ToList();
                var policies = parsed.Acls.Values.Select(a => a.Name.Substring(0, a.Name.LastIndexOf('/'))).Distinct(StringComparer.Ordinal).ToList();
                Assert.True(policies.Count == headers.Count, $"{sample}: {policies.Count} traffic-policies for {headers.Count} arista_tp headers");
                foreach (var name in policies)
                {
                    int header = HeaderOf(policy, "arista_tp", name, sample);
                    var target = policy.Headers[header].Targets.First(t => t.Count > 1 && t[0] == "arista_tp" && t[1] == name);
                    var families = Families(target, "mixed");
                    bool mixed = families.Length == 2;
                    var terms = policy.Headers[header].Terms.Select(t => t.Name).ToList();
                    foreach (var family in families)
                    {
                        var acl = parsed.Acls[EosAclReader.PolicyList(name, family)];
                        Assert.True(acl.EntryLines.Count == acl.Entries.Count, "the reader gives no lines");
                        var entries = acl.Entries.Select((e, i) => (Term: TermOf(matchOf, acl.EntryLines[i], family, mixed, terms, sample), Entry: e))
                            .Where(x => !policy.Skipped.Contains(x.Term)).ToList();
                        filters.Add(new Filter(name, header, family, Regions(entries, family)));
                    }
                }
            }
            return filters;
        }

        /// <summary>The term of the match an entry comes from: "(default)" for EOS's own default match (the policy's line).</summary>
        private static string TermOf(Dictionary<int, string> matchOf, int line, AclFamily family, bool mixed, List<string> terms, string sample)
        {
            if (!matchOf.TryGetValue(line, out var match)) return "(default)";
            var prefix = family == AclFamily.IPv4 ? "ipv4-" : "ipv6-";
            string term;
            if (match == prefix + "default-all")
            {
                var defaults = terms.Where(t => t.StartsWith("default-", StringComparison.OrdinalIgnoreCase)).ToList();
                Assert.True(defaults.Count == 1, $"{sample}: match {match} and {defaults.Count} default- terms");
                term = defaults[0];
            }
            else term = mixed && family == AclFamily.IPv6 ? (match.StartsWith(prefix, StringComparison.Ordinal) ? match.Substring(prefix.Length) : "?" + match) : match;
            Assert.True(terms.Contains(term), $"{sample}: match {match} of no term");
            return term;
        }

        /// <summary>The match each line of an .atp file belongs to (the lines of field-sets and policy headers belong to none).</summary>
        private static Dictionary<int, string> MatchesByLine(string text)
        {
            var byLine = new Dictionary<int, string>();
            var lines = text.Split('\n');
            string? match = null;
            for (int n = 0; n < lines.Length; n++)
            {
                var words = lines[n].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0) continue;
                if (words[0] == "match" && words.Length == 3) match = words[1];
                else if (words[0] is "traffic-policies" or "traffic-policy" or "field-set" or "no" or "counter") match = null;
                if (match != null) byLine[n + 1] = match;
            }
            return byLine;
        }

        /// <summary>The text without the block of <c>match NAME ipv4|ipv6</c>: its line, the lines indented deeper, and its closing '!'.</summary>
        internal static string WithoutMatch(string text, string name)
        {
            var lines = text.Split('\n').ToList();
            int at = lines.FindIndex(l => Regex.IsMatch(l, @"^\s+match " + Regex.Escape(name) + @" ipv[46]\s*$"));
            if (at < 0) return text;
            int indent = lines[at].Length - lines[at].TrimStart().Length;
            int end = at + 1;
            while (end < lines.Count && (lines[end].Trim().Length == 0 || lines[end].Length - lines[end].TrimStart().Length > indent)) end++;
            if (end < lines.Count && lines[end].Trim() == "!" && lines[end].Length - lines[end].TrimStart().Length == indent) end++;
            lines.RemoveRange(at, end - at);
            return WithoutMatch(string.Join("\n", lines), name);
        }
    }
}
