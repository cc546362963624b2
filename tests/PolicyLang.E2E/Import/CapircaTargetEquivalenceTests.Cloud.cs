using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using k8s;
using k8s.Models;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.E2E.Cloud;
using PolicyLang.Emit.Fabric;
using PolicyLang.Import.Capirca;
using PolicyLang.TestSupport.Cloud;
using Xunit;

namespace PolicyLang.E2E.Import
{
    /// <summary>
    /// The same comparison for aclgen's cloud and Kubernetes targets, read with the independent semantics the E2E tests
    /// prove policyc's own output with: Kubernetes NetworkPolicies (<c>k8s</c>) with <see cref="NetworkPolicySemantics"/>
    /// after a strict read into KubernetesClient's models, GCE firewall rules (<c>gce</c>) with <see cref="GcpSemantics"/>.
    /// <para>
    /// Where the workloads are: Capirca's k8s and gce headers name no workload (every NetworkPolicy selects every pod,
    /// <c>podSelector: {}</c>; every rule without a tag applies to every instance), and the import writes each header as a
    /// filter from and to any address. So every address stands for a pod or instance: one pod of namespace
    /// <c>default</c> (where aclgen's namespace-less objects would be applied) holds every address, and every instance
    /// of the network has every address. Each header is compared on its own, like every other filter: an ingress header's
    /// objects alone (the pod's egress unisolated, GCP's egress its implied allow) and an egress header's alone. Terms with
    /// tags (<c>source-tag</c>, <c>destination-tag</c>) are not imported, so their rules are left out and no tag needs
    /// instances. GCP rules are taken in GCP's order (priority, deny before allow, then the implied rule), named after
    /// their term as aclgen names them (network, term, <c>-e</c> for egress, <c>-v6</c> for a mixed header's IPv6 rule).
    /// </para>
    /// <para>
    /// Not compared here: SONiC. Debian's Capirca 2.0.6 has no <c>sonic</c> generator (it came to Capirca later); aclgen
    /// renders sample_sonic.pol to nothing ("no files changed"). Aerleon's aclgen renders it instead: see
    /// AerleonTargetEquivalenceTests.OpenConfig.cs.
    /// </para>
    /// </summary>
    public sealed partial class CapircaTargetEquivalenceTests
    {
        // ---------------------------------------------------------------- Kubernetes

        /// <summary>Where aclgen's NetworkPolicies and the import differ: keys as <see cref="CapircaTargetEquivalenceTests.DifferenceKey"/> writes them, and why.</summary>
        private static readonly Dictionary<string, string> K8sKnown = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // None: aclgen's k8s generator takes no address family and writes every block a term names, IPv6 too, and the import
            // reads a k8s header as both families (it read it as IPv4 only before, and lost tcp/25 to PUBLIC_IPV6_SERVERS).
        };

        [SkippableFact]
        public void Imports_of_Capircas_samples_allow_what_aclgens_Kubernetes_NetworkPolicies_allow()
        {
            var aclgen = RequireAclgen();
            Run(aclgen, new[] { "k8s" }, K8sKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.yml").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => K8sFilters(sample, File.ReadAllText(f), policy)).ToList());
        }

        /// <summary>Whether a header's target line says EGRESS (Capirca's k8s and gce headers default to INGRESS).</summary>
        private static bool Egress(List<string> target) => target.Skip(1).Contains("EGRESS");

        internal static IEnumerable<Filter> K8sFilters(string sample, string yaml, Policy policy)
        {
            var objects = KubernetesYaml.LoadAllFromString(yaml, null, strict: true);
            var list = Assert.IsType<V1NetworkPolicyList>(Assert.Single(objects));
            Assert.Equal("networking.k8s.io/v1", list.ApiVersion);
            foreach (var np in list.Items)
            {
                Assert.Null(np.Metadata.NamespaceProperty);
                np.Metadata.NamespaceProperty = "default";
            }
            var pods = new[] { new WorldPod("every-address", "default", new Dictionary<string, string>(), AddressRangeSet.All) };
            var byName = list.Items.ToDictionary(np => np.Metadata.Name, StringComparer.Ordinal);
            var used = new HashSet<string>(StringComparer.Ordinal);
            var headers = policy.Headers.Select((h, i) => (h, i)).Where(x => x.h.Targets.Any(t => t.Count > 0 && t[0] == "k8s")).ToList();
            foreach (var (header, index) in headers)
            {
                var target = header.Targets.First(t => t[0] == "k8s");
                bool egress = Egress(target);
                // aclgen names each object after its term, '-e' added in an egress header.
                var mine = new List<(string Term, V1NetworkPolicy Object)>();
                foreach (var term in header.Terms)
                {
                    if (!byName.TryGetValue(term.Name + (egress ? "-e" : ""), out var np)) continue;
                    Assert.True(used.Add(np.Metadata.Name), $"{sample}: object {np.Metadata.Name} claimed by two headers");
                    Assert.Equal(new[] { egress ? "Egress" : "Ingress" }, np.Spec.PolicyTypes);
                    if (!policy.Skipped.Contains(term.Name)) mine.Add((term.Name, np));
                }
                var all = new NetworkPolicySemantics(pods, mine.Select(m => m.Object).ToList(), Array.Empty<AdminNetworkPolicy>()).AllowedTraffic();
                // aclgen's k8s generator takes no address family: it writes the IPv4 and IPv6 blocks a term names.
                foreach (var family in Families(target, "mixed"))
                {
                    var space = AclSemantics.FamilySpace(family);
                    var regions = new List<Region>();
                    var seen = PacketSet.Empty;
                    // NetworkPolicies only allow, and their union decides: each packet is put down to the first object that allows it.
                    foreach (var (term, np) in mine)
                    {
                        var allows = new NetworkPolicySemantics(pods, new[] { np }, Array.Empty<AdminNetworkPolicy>()).AllowedTraffic().Intersect(space);
                        regions.Add(new Region(term, true, allows.Except(seen)));
                        seen = seen.Union(allows);
                    }
                    Assert.True(seen.Equals(all.Intersect(space)), $"{sample} header {index + 1} {family}: the objects together allow other packets than each alone");
                    regions.Add(new Region("(default)", false, space.Except(seen)));
                    var name = (egress ? "egress" : "ingress") + " (header " + (index + 1).ToString(CultureInfo.InvariantCulture) + ")";
                    yield return new Filter(name, index, family, regions);
                }
            }
            var stray = list.Items.Select(np => np.Metadata.Name).Where(n => !used.Contains(n)).ToList();
            Assert.True(stray.Count == 0, $"{sample}: objects of no term: {string.Join(", ", stray)}");
        }

        // ---------------------------------------------------------------- GCE

        /// <summary>Where aclgen's GCE firewall rules and the import differ: keys as <see cref="DifferenceKey"/> writes them (the term is aclgen's deciding rule), and why.</summary>
        private static readonly Dictionary<string, string> GceKnown = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // None. Term test-igmp ("Allow IGMP from IPv6 server. This should not be rendered.") in an IPv6 filter: aclgen leaves
            // IGMP out of IPv6 rules by design (IGMP is IPv4 only), and so does the import (it wrote 'proto 2' for IPv6 before).
        };

        [SkippableFact]
        public void Imports_of_Capircas_samples_allow_what_aclgens_GCE_firewall_rules_allow()
        {
            var aclgen = RequireAclgen();
            Run(aclgen, new[] { "gce" }, GceKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.gce").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => GceFilters(sample, File.ReadAllText(f), policy)).ToList());
        }

        /// <summary>A firewall rule as aclgen writes it (the body of a firewalls.insert request).</summary>
        private sealed record GceRule(GcpRuleText Text, IReadOnlyList<string> SourceTags);

        private static IReadOnlyList<string> Strings(JsonElement rule, string key) =>
            rule.TryGetProperty(key, out var v) ? v.EnumerateArray().Select(e => e.GetString()!).ToList() : Array.Empty<string>();

        private static GceRule ReadGceRule(JsonElement r)
        {
            var known = new HashSet<string>(StringComparer.Ordinal)
            {
                "name", "description", "network", "priority", "direction", "allowed", "denied", "sourceRanges", "destinationRanges",
                "targetTags", "sourceTags", "targetServiceAccounts", "sourceServiceAccounts", "disabled", "logConfig",
            };
            var unknown = r.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n)).ToList();
            Assert.True(unknown.Count == 0, "a firewall rule field this test does not read: " + string.Join(", ", unknown));
            var name = r.GetProperty("name").GetString()!;
            bool allow = r.TryGetProperty("allowed", out var allowed);
            bool deny = r.TryGetProperty("denied", out var denied);
            Assert.True(allow != deny, name + ": expected allowed or denied");
            // aclgen writes a protocol it has no name for as a JSON number (IGMP: 2); the API takes it as the number's text.
            var matches = (allow ? allowed : denied).EnumerateArray().Select(m => new GcpMatchText(
                m.GetProperty("IPProtocol") is var p && p.ValueKind == JsonValueKind.Number ? p.GetInt32().ToString(CultureInfo.InvariantCulture) : p.GetString()!,
                Strings(m, "ports"))).ToList();
            Assert.Empty(Strings(r, "sourceServiceAccounts"));
            return new GceRule(new GcpRuleText(name, r.TryGetProperty("network", out var net) ? net.GetString()! : "",
                r.TryGetProperty("priority", out var prio) ? prio.GetInt32() : 1000,
                r.TryGetProperty("direction", out var dir) ? dir.GetString()! : "INGRESS", allow,
                Strings(r, "sourceRanges"), Strings(r, "destinationRanges"), Strings(r, "targetTags"), Strings(r, "targetServiceAccounts"), matches,
                r.TryGetProperty("disabled", out var dis) && dis.GetBoolean()), Strings(r, "sourceTags"));
        }

        internal static IEnumerable<Filter> GceFilters(string sample, string json, Policy policy)
        {
            using var doc = JsonDocument.Parse(json);
            Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
            var rules = doc.RootElement.EnumerateArray().Select(ReadGceRule).ToList();
            var used = new HashSet<string>(StringComparer.Ordinal);
            // Every address may be an instance; no compared rule carries a tag, so none needs instances of its own.
            var semantics = new GcpSemantics(tag => throw new InvalidOperationException("a compared rule aims at tag or account '" + tag + "'"));
            var headers = policy.Headers.Select((h, i) => (h, i)).Where(x => x.h.Targets.Any(t => t.Count > 0 && t[0] == "gce")).ToList();
            foreach (var (header, index) in headers)
            {
                var target = header.Targets.First(t => t[0] == "gce");
                bool egress = Egress(target);
                var direction = egress ? "EGRESS" : "INGRESS";
                var network = target.Skip(1).FirstOrDefault(w => w is not ("INGRESS" or "EGRESS" or "inet" or "inet6" or "mixed"));
                bool mixed = target.Contains("mixed");
                var prefix = network == null ? "" : network.Substring(network.LastIndexOf('/') + 1) + "-";
                var terms = header.Terms.ToDictionary(t => prefix + t.Name + (egress ? "-e" : ""), t => t.Name, StringComparer.Ordinal);
                var mine = new List<(string Term, GcpRuleText Rule)>();
                foreach (var rule in rules.Where(r => r.Text.Direction == direction))
                {
                    // A mixed header's IPv6 rule is its term's name and '-v6'.
                    var ranges = rule.Text.SourceRanges.Concat(rule.Text.DestinationRanges).ToList();
                    var name = rule.Text.Name;
                    if (mixed && ranges.Count > 0 && ranges.All(c => c.Contains(':')) && name.EndsWith("-v6", StringComparison.Ordinal)) name = name.Substring(0, name.Length - 3);
                    if (!terms.TryGetValue(name, out var term) && !terms.TryGetValue(rule.Text.Name, out term)) continue;
                    Assert.True(used.Add(rule.Text.Name), $"{sample}: rule {rule.Text.Name} claimed by two headers");
                    Assert.True(network == null || rule.Text.Network == network, $"{sample}: rule {rule.Text.Name} of network {rule.Text.Network}, header says {network}");
                    if (policy.Skipped.Contains(term)) continue;
                    Assert.True(rule.SourceTags.Count == 0 && rule.Text.TargetTags.Count == 0 && rule.Text.TargetServiceAccounts.Count == 0,
                        $"{sample}: rule {rule.Text.Name} of imported term {term} aims at tags");
                    mine.Add((term, rule.Text));
                }
                foreach (var family in Families(target, "inet"))
                {
                    var space = AclSemantics.FamilySpace(family);
                    var regions = new List<Region>();
                    var remaining = space;
                    // GCP's order: lower priority first, at equal priority deny before allow.
                    foreach (var (term, rule) in mine.Where(m => !m.Rule.Disabled).OrderBy(m => m.Rule.Priority).ThenBy(m => m.Rule.Allow ? 1 : 0))
                    {
                        var match = semantics.Match(rule).Intersect(remaining);
                        regions.Add(new Region(term, rule.Allow, match));
                        remaining = remaining.Except(match);
                    }
                    // The implied rules: ingress denied, egress allowed.
                    regions.Add(new Region("(default)", egress, remaining));
                    // aclgen writes no IGMP in IPv6 rules ("IGMP protocol will not be rendered"): IPv6 next header 2 is told apart
                    // wherever it falls, so that a known difference there hides no other difference of the same rule.
                    if (family == AclFamily.IPv6)
                    {
                        var igmp = RuleSets.Match(AddressRangeSet.All, AddressRangeSet.All, new[] { 2 }, new[] { 2 }, null);
                        regions = regions.SelectMany(r => new[] { r with { Packets = r.Packets.Except(igmp) }, r with { Term = r.Term + " (IPv6 proto 2)", Packets = r.Packets.Intersect(igmp) } })
                            .Where(r => !r.Packets.IsEmpty).ToList();
                    }
                    var allowed = PacketSet.UnionAll(regions.Where(r => r.Permit).Select(r => r.Packets));
                    Assert.True(allowed.Equals(semantics.Allowed(mine.Select(m => m.Rule), direction, space)), $"{sample} header {index + 1} {family}: GCP order read two ways");
                    var label = network + " " + direction + " (header " + (index + 1).ToString(CultureInfo.InvariantCulture) + ")";
                    yield return new Filter(label, index, family, regions);
                }
            }
            var stray = rules.Select(r => r.Text.Name).Where(n => !used.Contains(n)).ToList();
            Assert.True(stray.Count == 0, $"{sample}: rules of no term: {string.Join(", ", stray)}");
        }
    }
}
