using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using PolicyLang.E2E.Lab;
using PolicyLang.Emit.State;
using PolicyLang.Operations;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.E2E
{
    /// <summary>
    /// <c>policyc verify</c> against a running nftables gateway in network namespaces: the built ruleset exported with
    /// <c>nft -j list ruleset</c> matches the policy; a rule added by hand and a foreign table are found, each with a
    /// witness packet that the kernel really lets through (or really drops); re-applying the build removes the hand edit
    /// but not the foreign table, and verify says exactly that.
    /// </summary>
    public sealed class VerifyE2ETests
    {
        private static readonly TimeSpan Allowed = TimeSpan.FromSeconds(5);
        private static readonly TimeSpan Refused = TimeSpan.FromSeconds(1.5);
        private readonly ITestOutputHelper _output;

        public VerifyE2ETests(ITestOutputHelper output) => _output = output;

        private static PolicyCompilation Load(string path) =>
            PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { path })).Single(c => c.Model.Header != null);

        private static VerificationResult Verify(PolicyCompilation compilation, string target, string export) =>
            StateVerification.Verify(compilation, new[] { new TargetState(target, "state/" + target + "/", new[] { new StateFile("state/" + target + "/gw.json", "gw", export) }) });

        [SkippableFact]
        public void A_hand_edit_and_a_foreign_table_are_found_with_packets_the_kernel_agrees_with()
        {
            E2EPrerequisites.Require();
            var compilation = Load(Path.Combine(RepositoryPaths.Root, "tests/PolicyLang.E2E/Policies/lab.netpolicy"));
            var policy = new PolicyLab(compilation, "gateway");
            using var lab = new NetnsLab(policy.Sites.Select(s => s.ToLabZone()), _output.WriteLine);
            lab.LoadRuleset(policy.Ruleset);

            var clean = Verify(compilation, "gateway", lab.ExportRuleset());
            Assert.True(clean.Devices.Single().IsClean, string.Join("\n", clean.Diagnostics));

            // A port the policy denies from lab to gpu, refused by the kernel before the edit.
            var from = policy.Sites.First(s => s.Zone.Name == "lab" && s.V4 != null);
            var to = policy.Sites.First(s => s.Zone.Name == "gpu" && s.V4 != null);
            int port = 40123;
            Assert.Equal(FlowAction.Deny, policy.Verdict(from, to, AddressFamily.InterNetwork, 6, port));
            Assert.False(lab.TcpConnects(from.Name, to.V4!, port, Refused));

            var table = policy.Ruleset.Split('\n').First(l => l.StartsWith("table inet ", StringComparison.Ordinal)).Split(' ')[2];
            lab.NftOnGateway("add", "rule", "inet", table, "forward", "tcp", "dport", port.ToString(), "accept");
            Assert.True(lab.TcpConnects(from.Name, to.V4!, port, Allowed), "the hand-added rule should open the port");

            // A foreign table that drops NFS, which the policy allows from gpu to store.
            var gpu = to;
            var store = policy.Sites.First(s => s.Zone.Name == "store" && s.V4 != null);
            Assert.Equal(FlowAction.Allow, policy.Verdict(gpu, store, AddressFamily.InterNetwork, 6, 2049));
            lab.NftOnGateway("add", "table", "ip", "rogue");
            lab.NftOnGateway("add", "chain", "ip", "rogue", "fw", "{ type filter hook forward priority 10; policy accept; }");
            lab.NftOnGateway("add", "rule", "ip", "rogue", "fw", "tcp", "dport", "2049", "drop");
            Assert.False(lab.TcpConnects(gpu.Name, store.V4!, 2049, Refused), "the foreign table should drop NFS");

            var drifted = Verify(compilation, "gateway", lab.ExportRuleset());
            foreach (var d in drifted.Diagnostics) _output.WriteLine(d.ToString());
            var findings = drifted.Devices.Single().Findings;
            var exposure = Assert.Single(findings, f => f.Kind == DriftKind.Exposure);
            Assert.Contains("tcp dport " + port + " accept", exposure.Responsible);
            Assert.Equal(port, exposure.Witness!.Value.DstPort);
            Assert.Equal(6, exposure.Witness!.Value.Protocol);
            // The kernel agrees with the witness: it passes, though the policy denies it.
            var w = exposure.Witness!.Value;
            Assert.Equal(FlowAction.Deny, compilation.Flows.Evaluate(w).Verdict);
            var wFrom = policy.Sites.FirstOrDefault(s => s.V4 == w.Src.ToString());
            var wTo = policy.Sites.FirstOrDefault(s => s.V4 == w.Dst.ToString());
            if (wFrom != null && wTo != null) Assert.True(lab.TcpConnects(wFrom.Name, wTo.V4!, port, Allowed));
            var outage = Assert.Single(findings, f => f.Kind == DriftKind.Outage && f.Witness!.Value.DstPort == 2049);
            Assert.Contains("ip rogue fw", outage.Responsible);
            Assert.DoesNotContain(findings, f => f.Kind == DriftKind.Outage && f.Witness!.Value.DstPort != 2049);

            // Re-applying the build replaces its own table: the hand edit is gone, the foreign table stays.
            lab.LoadRuleset(policy.Ruleset);
            Assert.False(lab.TcpConnects(from.Name, to.V4!, port, Refused));
            var reapplied = Verify(compilation, "gateway", lab.ExportRuleset()).Devices.Single().Findings;
            Assert.DoesNotContain(reapplied, f => f.Kind == DriftKind.Exposure);
            Assert.Contains(reapplied, f => f.Kind == DriftKind.Outage && f.Responsible.Contains("ip rogue fw"));

            lab.NftOnGateway("delete", "table", "ip", "rogue");
            Assert.True(lab.TcpConnects(gpu.Name, store.V4!, 2049, Allowed));
            var after = Verify(compilation, "gateway", lab.ExportRuleset());
            Assert.True(after.Devices.Single().IsClean, string.Join("\n", after.Diagnostics));
        }

        /// <summary>
        /// A verbatim block reaches the kernel as written: nft loads it with the build, it drops what it says, and verify
        /// reports that outage against the block's own table, with NP6008 saying the target carries unverified text.
        /// </summary>
        /// <summary>
        /// Source ports in running state: the built ruleset of a policy whose flows name source ports verifies clean; a hand
        /// edit that opens ssh from every port is an exposure whose witness comes from a port the flow leaves out, and the kernel
        /// lets that witness through; a hand edit that narrows the source range is an outage from the ports it cuts off.
        /// </summary>
        [SkippableFact]
        public void Source_port_matches_are_read_from_running_state_and_their_drift_found_with_packets_the_kernel_agrees_with()
        {
            E2EPrerequisites.Require();
            var compilation = Load(Path.Combine(RepositoryPaths.Root, "tests/PolicyLang.E2E/Policies/source-ports.netpolicy"));
            var policy = new PolicyLab(compilation, "gateway");
            using var lab = new NetnsLab(policy.Sites.Select(s => s.ToLabZone()), _output.WriteLine);
            lab.LoadRuleset(policy.Ruleset);
            var clean = Verify(compilation, "gateway", lab.ExportRuleset());
            Assert.True(clean.Devices.Single().IsClean, string.Join("\n", clean.Diagnostics));

            var from = policy.Sites.First(s => s.Zone.Name == "lab" && s.V4 != null);
            var to = policy.Sites.First(s => s.Zone.Name == "store" && s.V4 != null);
            Assert.False(lab.Probe(ProbeProtocol.Tcp, from.Name, to.V4!, 22, Refused, sourcePort: 1000));
            var table = policy.Ruleset.Split('\n').First(l => l.StartsWith("table inet ", StringComparison.Ordinal)).Split(' ')[2];
            lab.NftOnGateway("insert", "rule", "inet", table, "forward", "ip", "saddr", from.V4!, "ip", "daddr", to.V4!, "tcp", "dport", "22", "accept");
            Assert.True(lab.Probe(ProbeProtocol.Tcp, from.Name, to.V4!, 22, Allowed, sourcePort: 1000), "the hand-added rule should open ssh from port 1000");

            var drifted = Verify(compilation, "gateway", lab.ExportRuleset());
            foreach (var d in drifted.Diagnostics) _output.WriteLine(d.ToString());
            var exposure = Assert.Single(drifted.Devices.Single().Findings, f => f.Kind == DriftKind.Exposure && f.Witness!.Value.DstPort == 22);
            var w = exposure.Witness!.Value;
            Assert.Contains("tcp dport 22 accept", exposure.Responsible);
            Assert.True(w.SrcPort < 1024, "the witness comes from a port the flow leaves out: " + w);
            Assert.Equal(FlowAction.Deny, compilation.Flows.Evaluate(w).Verdict);
            Assert.Equal((from.V4, to.V4), (w.Src.ToString(), w.Dst.ToString()));
            // Port 0 cannot be bound: the kernel is asked from the next port of the same region.
            Assert.True(lab.Probe(ProbeProtocol.Tcp, from.Name, to.V4!, 22, Allowed, sourcePort: Math.Max(1, (int)w.SrcPort)), "the kernel should pass the witness " + w);

            // Narrowed by hand: only ports 2000-65535 may reach ssh; 1024-1999 is an outage.
            lab.LoadRuleset(policy.Ruleset);
            lab.NftOnGateway("insert", "rule", "inet", table, "forward", "tcp", "sport", "1024-1999", "tcp", "dport", "22", "drop");
            Assert.False(lab.Probe(ProbeProtocol.Tcp, from.Name, to.V4!, 22, Refused, sourcePort: 1500));
            var narrowed = Verify(compilation, "gateway", lab.ExportRuleset()).Devices.Single().Findings;
            var outage = Assert.Single(narrowed, f => f.Kind == DriftKind.Outage && f.Witness!.Value.DstPort == 22 && f.Witness.Value.Protocol == 6);
            Assert.InRange(outage.Witness!.Value.SrcPort, 1024, 1999);
            Assert.DoesNotContain(narrowed, f => f.Kind == DriftKind.Exposure);
        }

        [SkippableFact]
        public void Verbatim_text_is_loaded_as_written_and_verify_reports_what_it_changes()
        {
            E2EPrerequisites.Require();
            var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests/PolicyLang.E2E/Policies/lab.netpolicy")).Replace(
                "target gateway nftables {\n  zones gpu, store, lab, internet\n  mode gateway\n",
                "target gateway nftables {\n  zones gpu, store, lab, internet\n  mode gateway\n  verbatim nftables {\n    \"table ip site_extra {\"\n"
                + "    \"\\tchain fw {\"\n    \"\\t\\ttype filter hook forward priority 10; policy accept;\"\n    \"\\t\\ttcp dport 2049 drop\"\n    \"\\t}\"\n    \"}\"\n  }\n");
            Assert.Contains("verbatim nftables", text);
            var dir = Directory.CreateTempSubdirectory("policyc-verbatim-");
            try
            {
                var path = Path.Combine(dir.FullName, "lab.netpolicy");
                File.WriteAllText(path, text);
                var compilation = Load(path);
                var policy = new PolicyLab(compilation, "gateway");
                Assert.Contains("# policyc verbatim begin: 6 line(s) of verbatim block 1 of target gateway in lab.netpolicy,", policy.Ruleset);
                using var lab = new NetnsLab(policy.Sites.Select(s => s.ToLabZone()), _output.WriteLine);
                lab.LoadRuleset(policy.Ruleset);

                var gpu = policy.Sites.First(s => s.Zone.Name == "gpu" && s.V4 != null);
                var store = policy.Sites.First(s => s.Zone.Name == "store" && s.V4 != null);
                Assert.Equal(FlowAction.Allow, policy.Verdict(gpu, store, AddressFamily.InterNetwork, 6, 2049));
                Assert.False(lab.TcpConnects(gpu.Name, store.V4!, 2049, Refused), "the verbatim table should drop NFS");

                var result = Verify(compilation, "gateway", lab.ExportRuleset());
                var note = Assert.Single(result.Diagnostics, d => d.Id == "NP6008");
                Assert.Contains("carries 6 line(s) of verbatim text", note.Message);
                var findings = result.Devices.Single().Findings;
                Assert.DoesNotContain(findings, f => f.Kind == DriftKind.Exposure);
                var outage = Assert.Single(findings, f => f.Kind == DriftKind.Outage);
                Assert.Contains("ip site_extra fw", outage.Responsible);
                Assert.Equal(2049, outage.Witness!.Value.DstPort);
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        }

        [SkippableFact]
        public void The_sample_gateway_and_a_host_mode_target_verify_clean_after_loading()
        {
            E2EPrerequisites.Require();
            foreach (var (path, target) in new[] { ("samples/ai-platform", "edge-gw"), ("tests/PolicyLang.E2E/Policies/lab.netpolicy", "gateway") })
            {
                var compilation = Load(Path.Combine(RepositoryPaths.Root, path));
                var policy = new PolicyLab(compilation, target);
                using var lab = new NetnsLab(policy.Sites.Select(s => s.ToLabZone()), _output.WriteLine);
                lab.LoadRuleset(policy.Ruleset);
                var result = StateVerification.Verify(compilation, new[]
                {
                    new TargetState(target, "state/", policy.Target.Devices.Select(d => new StateFile(d.Value + ".json", d.Value, lab.ExportRuleset())).DefaultIfEmpty(new StateFile("gw.json", "gw", lab.ExportRuleset())).ToList()),
                });
                Assert.True(result.Diagnostics.Count == 0, path + ": " + string.Join("\n", result.Diagnostics));
            }
            // Host mode: the store hosts' ruleset on a store host, read on its input and output hooks.
            var lab2 = Load(Path.Combine(RepositoryPaths.Root, "tests/PolicyLang.E2E/Policies/lab.netpolicy"));
            var hosts = new PolicyLab(lab2, "store-hosts");
            using (var netns = new NetnsLab(hosts.Sites.Select(s => s.ToLabZone()), _output.WriteLine))
            {
                var store = hosts.Sites.First(s => s.Zone.Name == "store");
                netns.LoadRulesetOnHost(store.Name, hosts.Ruleset);
                var export = netns.ExportRulesetOnHost(store.Name);
                var result = StateVerification.Verify(lab2, new[] { new TargetState("store-hosts", "state/", new[] { new StateFile("h.json", "h", export) }) });
                Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
            }
        }
    }
}
