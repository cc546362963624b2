using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.E2E.Lab;
using PolicyLang.Emit.AristaEos;
using PolicyLang.Emit.CiscoIosXe;
using PolicyLang.Emit.CiscoNxos;
using PolicyLang.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.E2E.Import
{
    /// <summary>
    /// The comparison of <see cref="CapircaTargetEquivalenceTests"/> on Aerleon's own sample policies
    /// (tests/PolicyLang.Core.Tests/Import/aerleon, its YAML policies and its .pol ones): Aerleon's <c>aclgen</c> (the copy
    /// vendored in aerleon-tool/, see its README) writes each target's filters, policyc's reader for the platform reads them,
    /// and the first packets each lets through are compared, per address family, with what <c>policyc import aerleon</c>'s
    /// policy allows. Every difference is put down to the aclgen term that decides the packet and must be one of the
    /// target's <c>Known</c> differences, each with its reason; a known difference no longer seen fails too.
    /// </summary>
    public sealed partial class AerleonTargetEquivalenceTests
    {
        private readonly ITestOutputHelper _output;
        private readonly CapircaTargetEquivalenceTests _compare;

        public AerleonTargetEquivalenceTests(ITestOutputHelper output)
        {
            _output = output;
            _compare = new CapircaTargetEquivalenceTests(output);
        }

        private static string Data => Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Import", "aerleon");

        private static string Vendored => Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.E2E", "Import", "aerleon-tool");

        /// <summary>Aerleon's aclgen: the vendored source run by python3 on Debian's python3-yaml, python3-absl and python3-typing-extensions.</summary>
        private static CapircaTargetEquivalenceTests.Aclgen RequireAerleon()
        {
            var env = ToolPaths.Find("env");
            // Debian's python3, where Debian's packages are (a python3 earlier on PATH, pyenv's, has none of them).
            var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : null;
            string? missing = env == null || python == null ? "Debian's /usr/bin/python3" : null;
            if (missing == null)
            {
                var check = HostCommand.Run(env!, new[] { "PYTHONPATH=" + Vendored, python!, "-B", "-c", "import yaml, absl, typing_extensions, aerleon.aclgen" }, TimeSpan.FromSeconds(60));
                if (!check.Succeeded) missing = "python3 with Debian's python3-yaml, python3-absl and python3-typing-extensions (" + check.Describe() + ")";
            }
            if (missing != null)
            {
                if (E2EPrerequisites.IsCi) Assert.Fail($"Aerleon's aclgen needs {missing} [CI=true, so this is a failure, not a skip]");
                Skip.If(true, $"Aerleon's aclgen needs {missing}");
            }
            return new CapircaTargetEquivalenceTests.Aclgen(Data, new[] { "*.pol", "*.yaml" }, env!,
                new[] { "PYTHONPATH=" + Vendored, python!, "-B", "-m", "aerleon.aclgen" });
        }

        // ---------------------------------------------------------------- Junos

        /// <summary>Aerleon's Junos output where it and the import differ: keys as <see cref="CapircaTargetEquivalenceTests.DifferenceKey"/> writes them, and why.</summary>
        private static readonly Dictionary<string, string> JunosKnown = new Dictionary<string, string>(StringComparer.Ordinal);

        [SkippableFact]
        public void Imports_of_Aerleons_samples_allow_what_aclgens_Junos_filters_allow()
        {
            var aclgen = RequireAerleon();
            _compare.Run(aclgen, new[] { "juniper" }, JunosKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.jcl").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => CapircaEquivalenceTests.JunosFilters(sample, File.ReadAllText(f), policy)).ToList());
        }

        // ---------------------------------------------------------------- Arista EOS

        /// <summary>Aerleon's EOS output where it and the import differ.</summary>
        private static readonly Dictionary<string, string> EosKnown = new Dictionary<string, string>(StringComparer.Ordinal);

        [SkippableFact]
        public void Imports_of_Aerleons_samples_allow_what_aclgens_EOS_ACLs_allow()
        {
            var aclgen = RequireAerleon();
            _compare.Run(aclgen, new[] { "arista" }, EosKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.eacl").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => CapircaTargetEquivalenceTests.AclFilters(sample, File.ReadAllText(f), new EosAclReader(), policy, "arista")).ToList());
        }

        // ---------------------------------------------------------------- Cisco NX-OS

        /// <summary>Aerleon's NX-OS output where it and the import differ.</summary>
        private static readonly Dictionary<string, string> NxosKnown = new Dictionary<string, string>(StringComparer.Ordinal);

        [SkippableFact]
        public void Imports_of_Aerleons_samples_allow_what_aclgens_NX_OS_ACLs_allow()
        {
            var aclgen = RequireAerleon();
            _compare.Run(aclgen, new[] { "cisconx" }, NxosKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.nxacl").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => CapircaTargetEquivalenceTests.AclFilters(sample, File.ReadAllText(f), new NxosAclReader(), policy, "cisconx")).ToList());
        }

        // ---------------------------------------------------------------- Cisco IOS (policyc's cisco-iosxe reader)

        /// <summary>Aerleon's IOS output where it and the import differ.</summary>
        private static readonly Dictionary<string, string> IosKnown = new Dictionary<string, string>(StringComparer.Ordinal);

        [SkippableFact]
        public void Imports_of_Aerleons_samples_allow_what_aclgens_IOS_ACLs_allow()
        {
            var aclgen = RequireAerleon();
            _compare.Run(aclgen, new[] { "cisco" }, IosKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.acl").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => CapircaTargetEquivalenceTests.AclFilters(sample, File.ReadAllText(f), new IosXeAclReader(), policy, "cisco")).ToList());
        }

        // ---------------------------------------------------------------- nftables

        /// <summary>Aerleon's nftables output where it and the import differ.</summary>
        private static readonly Dictionary<string, string> NftKnown = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // The same faults as Capirca's nftables output (CapircaTargetEquivalenceTests.NftKnown); Aerleon writes a term
            // without matches as 'ct state new accept' and takes reject, so those two refusals of Capirca's are gone.
            // nft refuses these rulesets as aclgen writes them.
            ["sample_nftables-dev nft refuses: two comments in one chain"] = "aclgen writes a chain comment per comment line; nft takes one",
            ["sample_nftables nft refuses: two comments in one chain"] = "aclgen writes a chain comment per comment line; nft takes one",
            // An inet6 filter's terms whose addresses are all IPv4: other generators leave them out (no address of the
            // family); nftables writes them without any address match ('tcp dport { 80, 443 } ct state new accept' in
            // table ip6), so they let every IPv6 host through.
            ["sample_nftables-dev root0 (header 1) IPv6 accept-webserver-traffic: the import denies :: -> :: tcp/80 [1 cube(s) #05cfee38e930]"] = "destination WEB_SERVERS (IPv4 only) dropped: tcp/80,443 to every IPv6 address accepted",
            ["sample_nftables-dev root0 (header 1) IPv6 test-tcp-established: the import denies :: -> :: tcp/0 [2 cube(s) #7b8efa39537f]"] = "destinations all IPv4 dropped: every IPv6 tcp/udp packet accepted",
            // A mixed filter's IPv6 rule is 'meta l4proto { udp, tcp, icmpv6 }' without 'meta nfproto ipv6': it also
            // accepts IPv4 packets of protocol 58, which the term does not name for IPv4.
            ["sample_nftables-mixed-icmp root0 (header 1) IPv4 multi-all-families: the import denies 0.0.0.0 -> 0.0.0.0 icmpv6 type 0 code 0 [1 cube(s) #d3e87febed5b]"] = "IPv6 rule without nfproto: IPv4 protocol 58 accepted",
            ["sample_nftables-mixed-multiple-headers-combo root0 (header 1) IPv4 multi-all-families: the import denies 0.0.0.0 -> 0.0.0.0 icmpv6 type 0 code 0 [1 cube(s) #d3e87febed5b]"] = "IPv6 rule without nfproto: IPv4 protocol 58 accepted",
            ["sample_nftables-mixed-multiple-headers-combo root2 (header 3) IPv4 multi-all-families: the import denies 0.0.0.0 -> 0.0.0.0 icmpv6 type 0 code 0 [1 cube(s) #d3e87febed5b]"] = "IPv6 rule without nfproto: IPv4 protocol 58 accepted",
        };

        [SkippableFact]
        public void Imports_of_Aerleons_samples_allow_what_aclgens_nftables_rulesets_allow()
        {
            var aclgen = RequireAerleon();
            E2EPrerequisites.Require();
            _compare.Run(aclgen, new[] { "nftables" }, NftKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.nft").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => _compare.NftFilters(sample, File.ReadAllText(f), policy)).ToList());
        }

        // ---------------------------------------------------------------- Kubernetes

        /// <summary>Aerleon's NetworkPolicies where they and the import differ.</summary>
        private static readonly Dictionary<string, string> K8sKnown = new Dictionary<string, string>(StringComparer.Ordinal);

        [SkippableFact]
        public void Imports_of_Aerleons_samples_allow_what_aclgens_Kubernetes_NetworkPolicies_allow()
        {
            var aclgen = RequireAerleon();
            _compare.Run(aclgen, new[] { "k8s" }, K8sKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.yml").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => CapircaTargetEquivalenceTests.K8sFilters(sample, File.ReadAllText(f), policy)).ToList());
        }

        // ---------------------------------------------------------------- GCE

        /// <summary>Aerleon's GCE firewall rules where they and the import differ.</summary>
        private static readonly Dictionary<string, string> GceKnown = new Dictionary<string, string>(StringComparer.Ordinal);

        [SkippableFact]
        public void Imports_of_Aerleons_samples_allow_what_aclgens_GCE_firewall_rules_allow()
        {
            var aclgen = RequireAerleon();
            _compare.Run(aclgen, new[] { "gce" }, GceKnown, (sample, outDir, policy) =>
                Directory.GetFiles(outDir, "*.gce").OrderBy(f => f, StringComparer.Ordinal)
                    .SelectMany(f => CapircaTargetEquivalenceTests.GceFilters(sample, File.ReadAllText(f), policy)).ToList());
        }
    }
}
