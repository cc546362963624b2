using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.E2E.Lab;
using PolicyLang.Emit.AristaEos;
using PolicyLang.Emit.CiscoIosXe;
using PolicyLang.Emit.CiscoNxos;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.Nftables;
using PolicyLang.Import;
using PolicyLang.Import.Capirca;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.E2E.Import
{
    /// <summary>
    /// The comparison of aclgen's output with the import, on every target aclgen and policyc share (Junos in
    /// <see cref="CapircaEquivalenceTests"/>): for every sample policy whose header names the target, Debian's Capirca 2.0.6
    /// <c>aclgen</c> writes the filter, policyc's reader for that platform reads it (EOS ACLs and traffic-policies with
    /// <see cref="EosAclReader"/>, NX-OS ACLs with <see cref="NxosAclReader"/>, nftables loaded into a scratch network
    /// namespace and read back from <c>nft -j list ruleset</c> with <see cref="NftState"/>), and the first packets it lets
    /// through are compared, per address family, with what <c>policyc import capirca</c>'s policy allows. Terms the import
    /// leaves out are left out of aclgen's filter too. Every difference is put down to the aclgen term that decides the
    /// packet (first match; "(default)" where none matches), told apart by its direction and its exact packets
    /// (<see cref="DifferenceKey"/>), and must be one of the target's <c>Known</c> differences, each with its reason; a known
    /// difference that is no longer seen fails too, so that a change in either tool is noticed.
    /// </summary>
    public sealed partial class CapircaTargetEquivalenceTests
    {
        private readonly ITestOutputHelper _output;
        private readonly List<string> _failures = new List<string>();
        private readonly Dictionary<string, string> _seen = new Dictionary<string, string>(StringComparer.Ordinal);

        public CapircaTargetEquivalenceTests(ITestOutputHelper output) => _output = output;

        private static string Data => Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Import", "capirca");

        /// <summary>A first-match region of aclgen's filter: the packets one term decides, and whether it lets them through.</summary>
        internal sealed record Region(string Term, bool Permit, PacketSet Packets);

        /// <summary>One filter of one family as aclgen wrote it, cut into the regions its terms decide.</summary>
        internal sealed record Filter(string Name, int Header, AclFamily Family, List<Region> Regions);

        // ---------------------------------------------------------------- Arista EOS

        /// <summary>aclgen's EOS output where it is itself wrong. None: every compared term is equal.</summary>
        private static readonly Dictionary<string, string> EosKnown = new Dictionary<string, string>(StringComparer.Ordinal);

        [SkippableFact]
        public void Imports_of_Capircas_samples_allow_what_aclgens_EOS_ACLs_allow()
        {
            var aclgen = RequireAclgen();
            Run(aclgen, new[] { "arista" }, EosKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.eacl").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => AclFilters(sample, File.ReadAllText(f), new EosAclReader(), policy, "arista")).ToList());
        }

        // ---------------------------------------------------------------- Cisco NX-OS

        /// <summary>aclgen's NX-OS output where it is itself wrong. None: every compared term is equal.</summary>
        private static readonly Dictionary<string, string> NxosKnown = new Dictionary<string, string>(StringComparer.Ordinal);

        [SkippableFact]
        public void Imports_of_Capircas_samples_allow_what_aclgens_NX_OS_ACLs_allow()
        {
            var aclgen = RequireAclgen();
            Run(aclgen, new[] { "cisconx" }, NxosKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.nxacl").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => AclFilters(sample, File.ReadAllText(f), new NxosAclReader(), policy, "cisconx")).ToList());
        }

        // ---------------------------------------------------------------- Cisco IOS (policyc's cisco-iosxe reader)

        /// <summary>aclgen's IOS output where it and the import differ.</summary>
        private static readonly Dictionary<string, string> IosKnown = new Dictionary<string, string>(StringComparer.Ordinal);

        [SkippableFact]
        public void Imports_of_Capircas_samples_allow_what_aclgens_IOS_ACLs_allow()
        {
            var aclgen = RequireAclgen();
            Run(aclgen, new[] { "cisco" }, IosKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.acl").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => AclFilters(sample, File.ReadAllText(f), new IosXeAclReader(), policy, "cisco")).ToList());
        }

        // ---------------------------------------------------------------- nftables

        /// <summary>aclgen's nftables output where it is itself wrong: keys as <see cref="CapircaTargetEquivalenceTests.DifferenceKey"/> writes them, and why.</summary>
        private static readonly Dictionary<string, string> NftKnown = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // aclgen refuses the whole policy for one term ("unsupported keywords (reject) for target nftables"); the import
            // writes it as a deny. Compared without that term.
            ["sample_nftables refuses test-icmp-type-ip4-reject (reject for nftables)"] = "aclgen's nftables generator takes no reject",
            // nft refuses these rulesets as aclgen writes them.
            ["sample_nftables-dev nft refuses: two comments in one chain"] = "aclgen writes a chain comment per comment line; nft takes one",
            ["sample_nftables nft refuses: two comments in one chain"] = "aclgen writes a chain comment per comment line; nft takes one",
            ["sample_nftables nft refuses: 'ct state newaccept'"] = "a term without matches is written 'ct state newaccept'",
            // An inet6 filter's terms whose addresses are all IPv4: other generators leave them out (no address of the
            // family); nftables writes them without any address match, so they let every IPv6 host through.
            ["sample_nftables-dev root0 (header 1) IPv6 accept-webserver-traffic: the import denies :: -> :: tcp/80 [1 cube(s) #05cfee38e930]"] = "destination WEB_SERVERS (IPv4 only) dropped: tcp/80,443 to every IPv6 address accepted",
            ["sample_nftables-dev root0 (header 1) IPv6 test-tcp-established: the import denies :: -> :: tcp/0 [2 cube(s) #7b8efa39537f]"] = "destinations all IPv4 dropped: every IPv6 tcp/udp packet accepted",
            // A mixed filter's IPv6 rule is 'meta l4proto { udp, tcp, icmpv6 }' without 'meta nfproto ipv6': it also
            // accepts IPv4 packets of protocol 58, which the term does not name for IPv4.
            ["sample_nftables-mixed-icmp root0 (header 1) IPv4 multi-all-families: the import denies 0.0.0.0 -> 0.0.0.0 icmpv6 type 0 code 0 [1 cube(s) #d3e87febed5b]"] = "IPv6 rule without nfproto: IPv4 protocol 58 accepted",
            ["sample_nftables-mixed-multiple-headers-combo root0 (header 1) IPv4 multi-all-families: the import denies 0.0.0.0 -> 0.0.0.0 icmpv6 type 0 code 0 [1 cube(s) #d3e87febed5b]"] = "IPv6 rule without nfproto: IPv4 protocol 58 accepted",
            ["sample_nftables-mixed-multiple-headers-combo root2 (header 3) IPv4 multi-all-families: the import denies 0.0.0.0 -> 0.0.0.0 icmpv6 type 0 code 0 [1 cube(s) #d3e87febed5b]"] = "IPv6 rule without nfproto: IPv4 protocol 58 accepted",
        };

        [SkippableFact]
        public void Imports_of_Capircas_samples_allow_what_aclgens_nftables_rulesets_allow()
        {
            var aclgen = RequireAclgen();
            E2EPrerequisites.Require();
            Run(aclgen, new[] { "nftables" }, NftKnown, (sample, outDir, policy) =>
            {
                var filters = new List<Filter>();
                foreach (var file in Directory.GetFiles(outDir, "*.nft").OrderBy(f => f, StringComparer.Ordinal))
                    filters.AddRange(NftFilters(sample, File.ReadAllText(file), policy));
                return filters;
            });
        }

        // ---------------------------------------------------------------- the comparison

        /// <summary>A sample policy as aclgen and the import see it (after any term aclgen refuses is taken out of both).</summary>
        internal sealed record Policy(string Path, List<CapircaFilter> Headers, List<string> Files, HashSet<string> Skipped, ImportResult Import);

        /// <summary>An <c>aclgen</c> to run on a tool's own samples: the folder of its samples (policies/ and def/), the
        /// sample files (Capirca's <c>.pol</c>; Aerleon's YAML too), and the command line before aclgen's own flags.</summary>
        internal sealed record Aclgen(string Data, string[] Samples, string File, string[] Prefix);

        internal Aclgen RequireAclgen()
        {
            var aclgen = ToolPaths.Find("aclgen");
            if (aclgen == null)
            {
                if (E2EPrerequisites.IsCi) Assert.Fail("'aclgen' (Debian python3-capirca) is not on PATH [CI=true, so this is a failure, not a skip]");
                Skip.If(true, "'aclgen' (Debian python3-capirca) is not on PATH");
            }
            return new Aclgen(Data, new[] { "*.pol" }, aclgen!, Array.Empty<string>());
        }

        internal void Run(Aclgen aclgen, string[] platforms, Dictionary<string, string> known, Func<string, string, Policy, List<Filter>> readFilters)
        {
            var work = Path.Combine(Path.GetTempPath(), "policyc-aclgen-targets-" + Guid.NewGuid().ToString("N"));
            try
            {
                Copy(aclgen.Data, work);
                var policies = Path.Combine(work, "policies");
                var defs = Path.Combine(work, "def");
                var failures = _failures;
                var seen = _seen;
                int samples = 0, filters = 0, terms = 0;
                foreach (var pol in aclgen.Samples.SelectMany(s => Directory.GetFiles(Path.Combine(policies, "pol"), s)).OrderBy(p => p, StringComparer.Ordinal))
                {
                    var sample = Path.GetFileNameWithoutExtension(pol);
                    bool yaml = AerleonYaml.IsYaml(pol);
                    // A header names its platform as 'target:: PLATFORM' (.pol) or as a key under 'targets:' (Aerleon's YAML).
                    if (!platforms.Any(t => Regex.IsMatch(File.ReadAllText(pol), (yaml ? @"^\s+" + Regex.Escape(t) + ":" : @"target::\s+" + Regex.Escape(t)) + @"(\s|$)", RegexOptions.Multiline))) continue;
                    var outDir = Path.Combine(work, "out", sample);
                    var refused = new List<string>();
                    while (true)
                    {
                        if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
                        Directory.CreateDirectory(outDir);
                        var run = HostCommand.Run(aclgen.File, aclgen.Prefix.Concat(new[] { "--base_directory=" + policies, "--definitions_directory=" + defs, "--output_directory=" + outDir, "--policy_file=" + pol }).ToList(),
                            TimeSpan.FromSeconds(120));
                        // aclgen refuses a whole policy for one term a generator cannot write ("T contains unsupported keywords (reject)
                        // for target nftables"): that term is taken out of the policy, for aclgen and the import alike.
                        var m = Regex.Match(run.Stderr, @"\n\s*(\S+) contains unsupported keywords \(([^)]*)\) for target (\S+)");
                        if (run.Succeeded || !m.Success || refused.Count > 5) break;
                        refused.Add(m.Groups[1].Value + " (" + m.Groups[2].Value + " for " + m.Groups[3].Value + ")");
                        var text = File.ReadAllText(pol);
                        var without = yaml ? text : WithoutBlock(text, "term " + m.Groups[1].Value + " {");
                        Assert.True(without != text, sample + ": aclgen refuses term " + m.Groups[1].Value + ", which the test cannot find in the policy");
                        File.WriteAllText(pol, without);
                    }
                    foreach (var r in refused)
                    {
                        var key = sample + " refuses " + r;
                        seen[key] = key;
                        if (known.TryGetValue(key, out var why)) _output.WriteLine($"{sample}: aclgen refuses term {r}; compared without it — known: {why}");
                        else failures.Add($"{sample}: aclgen refuses term {r}, not a known refusal");
                    }

                    var import = CapircaImporter.Import(pol, defs, policies);
                    Assert.True(import.Errors.Count == 0, sample + ": " + string.Join("; ", import.Errors));
                    var errors = new List<ImportMessage>();
                    var headers = yaml ? AerleonYaml.ReadPolicy(pol, policies, errors) : CapircaPolicyReader.Read(pol, policies, errors);
                    Assert.True(errors.Count == 0, sample + ": " + string.Join("; ", errors));
                    // Terms the import left out (keywords PolicyLang has no words for yet, replies of established connections) are
                    // taken out of aclgen's filter too: the comparison is of the terms both sides carry, in their first-match order.
                    var skipped = import.Warnings.Where(w => w.Text.Contains(": not imported:") || w.Text.Contains("matches replies of established connections only"))
                        .Select(w => w.Text.Substring(6, w.Text.IndexOf("':", StringComparison.Ordinal) - 6)).ToHashSet(StringComparer.Ordinal);
                    var policy = new Policy(pol, headers, FileNames(pol, headers), skipped, import);
                    var read = readFilters(sample, outDir, policy);
                    if (read.Count == 0) { _output.WriteLine(sample + ": aclgen wrote no filter for " + string.Join("/", platforms)); continue; }
                    samples++;
                    foreach (var filter in read)
                    {
                        filters++;
                        var compared = filter.Regions.Select(r => r.Term.Split(" (")[0]).Where(t => t != "(default)").Distinct().ToList();
                        terms += compared.Count;
                        var file = policy.Files[filter.Header];
                        Assert.True(import.Files.ContainsKey(file), sample + ": no import of header " + (filter.Header + 1) + " (" + file + ") among " + string.Join(", ", import.Files.Keys));
                        var compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(import.Files[file], file) });
                        var compileErrors = compilation.Diagnostics.Where(d => d.IsError).ToList();
                        Assert.True(compileErrors.Count == 0, file + ": " + string.Join("\n", compileErrors));
                        var space = AclSemantics.FamilySpace(filter.Family);
                        var any = new Endpoint(null, null, default);
                        var ours = compilation.Flows.AllowedBetween(any, any, null, space);
                        var theirs = PacketSet.UnionAll(filter.Regions.Where(r => r.Permit).Select(r => r.Packets)).Intersect(space);
                        var diff = theirs.Except(ours).Union(ours.Except(theirs));
                        var where = $"{sample} {filter.Name} {filter.Family}";
                        if (diff.IsEmpty)
                        {
                            _output.WriteLine($"{where}: equal ({compared.Count} terms: {string.Join(", ", compared)})");
                            continue;
                        }
                        // Each difference belongs to the term of aclgen's filter that decides the packet, and is told apart by its
                        // direction and by the exact packets (a fingerprint of their canonical cubes): a second difference in a term
                        // whose difference is known changes the key and fails.
                        foreach (var group in filter.Regions.GroupBy(r => r.Term))
                        {
                            var decided = PacketSet.UnionAll(group.Select(r => r.Packets));
                            foreach (var (part, verdict) in new[] { (decided.Intersect(theirs.Except(ours)), "denies"), (decided.Intersect(ours.Except(theirs)), "allows") })
                            {
                                if (part.IsEmpty || !part.TryGetWitness(out var p)) continue;
                                var key = DifferenceKey($"{where} {group.Key}", verdict, p, part);
                                var said = $"{key}; aclgen's term {group.Key} {(verdict == "denies" ? "lets it through" : "drops it")}";
                                seen[key] = said;
                                if (known.TryGetValue(key, out var why)) _output.WriteLine(said + " — known: " + why);
                                else failures.Add(said + " (not a known difference of aclgen's output; the import warned: "
                                    + string.Join(" | ", import.Warnings.Where(w => w.Text.Contains("the import ")).Select(w => w.ToString())) + ")");
                            }
                        }
                    }
                }
                foreach (var k in known.Keys.Where(k => !seen.ContainsKey(k))) failures.Add(k + ": a known difference (" + known[k] + ") that is no longer seen");
                _output.WriteLine($"{string.Join("/", platforms)}: {samples} sample(s), {filters} filter(s) of one family, {terms} term(s) compared; {seen.Count(s => known.ContainsKey(s.Key))} known difference(s)");
                Assert.True(failures.Count == 0, string.Join("\n", failures));
                Assert.True(filters > 0, "aclgen wrote no " + string.Join("/", platforms) + " filter for any sample");
            }
            finally
            {
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }
        }

        /// <summary>
        /// The key of a known difference: where (sample, filter, family, aclgen's deciding term), which way (the import
        /// "denies" what aclgen lets through, or "allows" what it drops), a witness packet, and the number and a fingerprint
        /// of the canonical cubes of all such packets, so the key names exactly these packets and no more.
        /// </summary>
        internal static string DifferenceKey(string where, string verdict, Packet witness, PacketSet packets)
        {
            var cubes = string.Join("|", packets.Cubes.Select(c => c.ToString()));
            var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(cubes))).Substring(0, 12).ToLowerInvariant();
            return $"{where}: the import {verdict} {witness} [{packets.CubeCount.ToString(CultureInfo.InvariantCulture)} cube(s) #{hash}]";
        }

        /// <summary>The import's file name of each header, as <see cref="CapircaImporter.Import"/> names them.</summary>
        private static List<string> FileNames(string pol, List<CapircaFilter> headers)
        {
            var stem = CapircaImporter.Identifier(Path.GetFileNameWithoutExtension(pol), "policy");
            var used = new HashSet<string>(StringComparer.Ordinal);
            var names = new List<string>();
            for (int n = 0; n < headers.Count; n++)
            {
                var h = headers[n];
                var filterName = h.Targets.Count > 0 && h.Targets[0].Count > 1 ? h.Targets[0][1] : stem + "-" + (n + 1).ToString(CultureInfo.InvariantCulture);
                var name = CapircaImporter.Identifier(filterName, "filter");
                var file = name;
                for (int k = 2; !used.Add(file); k++) file = name + "-" + k.ToString(CultureInfo.InvariantCulture);
                names.Add(file + ".netpolicy");
            }
            return names;
        }

        /// <summary>The header whose <c>target:: PLATFORM NAME</c> names this filter.</summary>
        internal static int HeaderOf(Policy policy, string platform, string name, string sample)
        {
            bool Names(List<string> t, string n) => t.Count > 1 && t[0] == platform && t[1] == n;
            // Capirca's IOS generator writes a 'mixed' filter NAME as two ACLs: NAME (IPv4) and ipv6-NAME.
            if (platform == "cisco" && name.StartsWith("ipv6-", StringComparison.Ordinal) && !policy.Headers.Any(h => h.Targets.Any(t => Names(t, name)))
                && policy.Headers.Any(h => h.Targets.Any(t => Names(t, name.Substring(5)) && t.Contains("mixed"))))
                name = name.Substring(5);
            var found = policy.Headers.Select((h, i) => (h, i)).Where(x => x.h.Targets.Any(t => Names(t, name))).Select(x => x.i).ToList();
            Assert.True(found.Count == 1, $"{sample}: {found.Count} headers with 'target:: {platform} {name}'");
            return found[0];
        }

        /// <summary>The families a header's target line covers (Capirca's inet, inet6, mixed; <paramref name="default"/> without one).</summary>
        private static AclFamily[] Families(List<string> target, string @default)
        {
            var word = target.Skip(1).FirstOrDefault(w => w is "inet" or "inet6" or "mixed") ?? @default;
            return word switch { "inet" => new[] { AclFamily.IPv4 }, "inet6" => new[] { AclFamily.IPv6 }, _ => new[] { AclFamily.IPv4, AclFamily.IPv6 } };
        }

        /// <summary>First-match regions of a list of (term, entry): established entries left out (their terms are not
        /// imported), and aclgen's filters are stateless, so every other entry matches first packets as written (see
        /// <c>CapircaEquivalenceTests.FirstPackets</c>; <see cref="AclSemantics.Forward"/> would read a UDP entry of source
        /// ports only as a return entry).</summary>
        internal static List<Region> Regions(IEnumerable<(string Term, AclEntry Entry)> entries, AclFamily family)
        {
            var space = AclSemantics.FamilySpace(family);
            var regions = new List<Region>();
            var seen = PacketSet.Empty;
            foreach (var (term, e) in entries.Where(x => !x.Entry.Established))
            {
                var match = AclSemantics.Match(e, family).Intersect(space);
                regions.Add(new Region(term, e.Action == AclAction.Permit, match.Except(seen)));
                seen = seen.Union(match);
            }
            regions.Add(new Region("(default)", false, space.Except(seen)));
            return regions;
        }

        // ---------------------------------------------------------------- ACL text (EOS, NX-OS)

        /// <summary>
        /// The ACLs of aclgen's Cisco-style output. aclgen writes each term as a block after blank lines, led by
        /// <c>remark TERM</c>; the header's remarks follow the <c>ip access-list</c> line directly.
        /// </summary>
        internal static IEnumerable<Filter> AclFilters(string sample, string text, CliAclReader reader, Policy policy, string platform)
        {
            var term = TermsByLine(text);
            var parsed = reader.Read(text);
            foreach (var acl in parsed.Acls.Values)
            {
                Assert.True(acl.EntryLines.Count == acl.Entries.Count, "the reader gives no lines");
                var entries = acl.Entries.Select((e, i) => (Term: term.TryGetValue(acl.EntryLines[i], out var t) ? t : "?", Entry: e))
                    .Where(x => !policy.Skipped.Contains(x.Term)).ToList();
                Assert.DoesNotContain(entries, x => x.Term == "?");
                yield return new Filter(acl.Name, HeaderOf(policy, platform, acl.Name, sample), acl.Family, Regions(entries, acl.Family));
            }
        }

        private static Dictionary<int, string> TermsByLine(string text)
        {
            var terms = new Dictionary<int, string>();
            var lines = text.Split('\n');
            string? term = null;
            bool blank = false;
            for (int n = 0; n < lines.Length; n++)
            {
                var line = lines[n].Trim();
                if (line.Length == 0) { blank = true; continue; }
                if (!lines[n].StartsWith(' ')) term = null;
                else if (blank && line.StartsWith("remark ", StringComparison.Ordinal)) term = line.Substring(7).Trim();
                blank = false;
                if (term != null) terms[n + 1] = term;
            }
            return terms;
        }

        // ---------------------------------------------------------------- nftables

        /// <summary>
        /// aclgen's nftables ruleset, loaded with <c>nft -f</c> into a scratch network namespace and read back from <c>nft -j
        /// list ruleset</c>. aclgen writes one base chain per header (<c>root0</c>, <c>root1</c>, … in header order) that
        /// accepts established connections and jumps to one regular chain per term, named after the term. Each base chain is
        /// a filter of its own: it is evaluated alone (other base chains on the same hook left out), for first packets.
        /// </summary>
        internal IEnumerable<Filter> NftFilters(string sample, string text, Policy policy)
        {
            // Terms the import left out are taken out where aclgen calls them.
            foreach (var name in policy.Skipped)
            {
                text = Regex.Replace(text, @"^\s*jump " + Regex.Escape(name) + @"\s*\n", "", RegexOptions.Multiline);
                for (var without = WithoutBlock(text, "chain " + name + " {"); without != text; without = WithoutBlock(text, "chain " + name + " {")) text = without;
            }
            var json = LoadAndExport(text, out var refusal);
            while (json == null)
            {
                // nft refuses some of aclgen's rulesets outright. Each refusal is repaired as little as it takes, and must be known.
                var repair = NftRepairs.FirstOrDefault(r => refusal.Contains(r.Error, StringComparison.Ordinal) && Regex.IsMatch(text, r.Pattern, RegexOptions.Multiline));
                Assert.True(repair != default, sample + ": nft -f refused aclgen's ruleset: " + refusal + "\n" + text);
                var key = sample + " nft refuses: " + repair.Name;
                _seen[key] = key;
                if (NftKnown.TryGetValue(key, out var why)) _output.WriteLine(key + " — known: " + why);
                else _failures.Add(key + ": not a known refusal: " + refusal);
                text = Regex.Replace(text, repair.Pattern, repair.Replacement, RegexOptions.Multiline);
                json = LoadAndExport(text, out refusal);
            }
            var state = NftState.Read(json!);
            var headers = policy.Headers.Select((h, i) => (h, i)).Where(x => x.h.Targets.Any(t => t.Count > 0 && t[0] == "nftables")).Select(x => x.i).ToList();
            var roots = state.Chains.Where(c => c.Hook != null).ToList();
            Assert.True(roots.Count == headers.Count, $"{sample}: {roots.Count} base chains for {headers.Count} nftables headers");
            for (int k = 0; k < headers.Count; k++)
            {
                // aclgen names a header's base chain after the header's place in the policy.
                var root = roots.Single(c => c.Name == "root" + headers[k].ToString(CultureInfo.InvariantCulture));
                var target = policy.Headers[headers[k]].Targets.First(t => t[0] == "nftables");
                Assert.True(target.Count > 2 && string.Equals(root.Hook, target[2], StringComparison.OrdinalIgnoreCase), $"{sample}: chain {root.Name} hooks {root.Hook}, header {headers[k] + 1} says {string.Join(" ", target)}");
                var alone = new NftState();
                alone.Chains.AddRange(state.Chains.Where(c => c.Hook == null || c == root));
                foreach (var family in Families(target, "mixed"))
                {
                    var space = AclSemantics.FamilySpace(family);
                    var most = NftEvaluator.Most(alone, new[] { root.Hook! }, space);
                    var least = NftEvaluator.Least(alone, new[] { root.Hook! }, space);
                    Assert.True(most.UncertainRules.Count == 0 && most.Accepted.Equals(least.Accepted),
                        $"{sample} {root.Name}: rules the reader cannot read exactly: {string.Join("; ", most.UncertainRules)}");
                    var regions = most.Decisions
                        .Select(d => new Region(d.Rule == null ? "(default)" : d.Rule.Chain.Name == root.Name ? "(" + root.Name + ")" : d.Rule.Chain.Name, d.Accept, d.Packets.Intersect(space)))
                        .ToList();
                    var decided = PacketSet.UnionAll(regions.Select(r => r.Packets));
                    var rest = space.Except(decided);
                    if (!rest.IsEmpty) regions.Add(new Region("(default)", root.Policy == "accept", rest));
                    yield return new Filter(root.Name + " (header " + (headers[k] + 1).ToString(CultureInfo.InvariantCulture) + ")", headers[k], family, regions);
                }
            }
        }

        /// <summary>Loads a ruleset into a fresh network namespace and returns <c>nft -j list ruleset</c>, or null (and why) when nft refuses it.</summary>
        private static string? LoadAndExport(string text, out string refusal)
        {
            var ns = "pl-" + Guid.NewGuid().ToString("N").Substring(0, 6) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-chk";
            var file = Path.Combine(Path.GetTempPath(), ns + ".nft");
            var timeout = TimeSpan.FromSeconds(30);
            var add = HostCommand.Run(ToolPaths.Ip, new[] { "netns", "add", ns }, timeout);
            Assert.True(add.Succeeded, "ip netns add: " + add.Describe());
            try
            {
                File.WriteAllText(file, text);
                var load = HostCommand.Run(ToolPaths.Ip, new[] { "netns", "exec", ns, ToolPaths.Nft, "-f", file }, timeout);
                refusal = load.Succeeded ? "" : load.Describe();
                if (!load.Succeeded) return null;
                var export = HostCommand.Run(ToolPaths.Ip, new[] { "netns", "exec", ns, ToolPaths.Nft, "-j", "list", "ruleset" }, timeout);
                Assert.True(export.Succeeded, "nft -j list ruleset: " + export.Describe());
                return export.Stdout;
            }
            finally
            {
                File.Delete(file);
                HostCommand.Run(ToolPaths.Ip, new[] { "netns", "delete", ns }, timeout);
            }
        }

        /// <summary>Repairs of aclgen's nftables output that nft refuses: nft's error, the text, and what it becomes.</summary>
        private static readonly (string Name, string Error, string Pattern, string Replacement)[] NftRepairs =
        {
            // nft takes one comment per chain; aclgen writes one per line of a comment. Comments decide nothing: dropped.
            ("two comments in one chain", "You can only specify this once", @"^\s*comment "".*""[ \t]*\n", ""),
            // A term of an action only: aclgen leaves out the space before the verdict.
            ("'ct state newaccept'", "Could not parse conntrack state", @"ct state new(accept|drop)\b", "ct state new $1"),
        };

        // ---------------------------------------------------------------- files

        /// <summary>The text without the block that starts with <paramref name="marker"/> (braces balanced).</summary>
        internal static string WithoutBlock(string text, string marker)
        {
            int at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) return text;
            int depth = 0, i = at + marker.Length - 1;
            for (; i < text.Length; i++)
            {
                if (text[i] == '{') depth++;
                else if (text[i] == '}' && --depth == 0) break;
            }
            return text.Substring(0, at) + text.Substring(Math.Min(text.Length, i + 1));
        }

        private static void Copy(string from, string to)
        {
            foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, file.Replace(from, to, StringComparison.Ordinal), overwrite: true);
        }
    }
}
