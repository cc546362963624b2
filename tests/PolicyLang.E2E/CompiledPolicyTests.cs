using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading.Tasks;
using PolicyLang.E2E.Lab;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.E2E
{
    /// <summary>
    /// Real packets through compiled rulesets. For every allowed flow of a policy, a real TCP/UDP/ICMP exchange
    /// between test hosts must succeed; between every pair of zones a port the policy does not allow must be
    /// refused; where a flow's class sets DSCP the receiver must see the mark. The oracle is the compiler's own
    /// verdict on each packet, so the kernel and the header-space model are checked against each other.
    /// </summary>
    [ProvesPlatform(PlatformProof.Exact, "nftables")]
    public abstract class CompiledPolicyTests
    {
        private static readonly TimeSpan Allowed = TimeSpan.FromSeconds(5);
        private static readonly TimeSpan Refused = TimeSpan.FromSeconds(1.5);
        private static readonly AddressFamily[] Families = { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 };

        protected CompiledPolicyTests(ITestOutputHelper output)
        {
            Output = output;
        }

        protected ITestOutputHelper Output { get; }

        protected static PolicyCompilation Load(string path) =>
            PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { path })).Single(c => c.Model.Header != null);

        protected void Run(PolicyCompilation compilation, string target)
        {
            var failures = Probe(compilation, target, ruleset => ruleset);
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        /// <summary>Loads the compiled ruleset (after <paramref name="mutate"/>) and returns every disagreement with the policy.</summary>
        protected List<string> Probe(PolicyCompilation compilation, string target, Func<string, string> mutate)
        {
            E2EPrerequisites.Require();
            var policy = new PolicyLab(compilation, target);
            var ruleset = mutate(policy.Ruleset);
            bool host = policy.Target.Mode?.Value == "host";
            using var lab = new NetnsLab(policy.Sites.Select(s => s.ToLabZone()), Output.WriteLine);
            lab.CheckRuleset(ruleset);
            // Loading twice proves the ruleset re-applies idempotently.
            for (int i = 0; i < 2; i++)
            {
                if (!host) lab.LoadRuleset(ruleset);
                else foreach (var site in policy.Sites.Where(s => policy.Target.Zones.Contains(s.Zone))) lab.LoadRulesetOnHost(site.Name, ruleset);
            }
            // A host-mode target filters only its own hosts: traffic between other zones is nobody's to enforce here.
            bool Enforced(PolicyLab.Site from, PolicyLab.Site to) => !host || policy.Target.Zones.Contains(from.Zone) || policy.Target.Zones.Contains(to.Zone);

            var failures = new List<string>();
            int allowedProbes = 0, refusedProbes = 0, dscpProbes = 0;
            foreach (var flow in policy.Flows)
            {
                var from = policy.SiteOf(flow.Source);
                var to = policy.SiteOf(flow.Destination);
                if (from == null || to == null || from == to || !Enforced(from, to)) continue;
                foreach (var family in Families)
                {
                    if (from.Address(family) == null || to.Address(family) == null) continue;
                    foreach (var service in flow.Services)
                    foreach (var sourcePort in SourcePortsFor(service))
                    {
                        var probe = ProbeFor(service, family);
                        if (probe == null) continue;
                        var (protocol, port, ipProtocol, icmpType) = probe.Value;
                        var from_ = sourcePort is int sp ? ":" + sp : "";
                        if (policy.Verdict(from, to, family, ipProtocol, port, icmpType, sourcePort ?? PolicyLang.Analysis.HeaderSpace.Packet.EphemeralPort) != FlowAction.Allow)
                        {
                            // Denied by the policy (a deny flow, a deny overriding this allow, a source port outside the flow's):
                            // must not get through.
                            refusedProbes++;
                            if (lab.Probe(protocol, from.Name, to.Address(family)!, Math.Max(port, 1), Refused, sourcePort))
                                failures.Add($"{flow.Describe()}: {from.Name}{from_} -> {to.Name} {family} {protocol}/{port} is denied by the policy but got through");
                            continue;
                        }
                        if (sourcePort != null)
                        {
                            allowedProbes++;
                            if (!lab.Probe(protocol, from.Name, to.Address(family)!, Math.Max(port, 1), Allowed, sourcePort))
                                failures.Add($"{flow.Describe()}: {from.Name}{from_} -> {to.Name} {family} {protocol}/{port} should be allowed but was dropped");
                            continue;
                        }
                        allowedProbes++;
                        bool ok;
                        // A host-mode target marks what its own hosts send; a gateway marks everything it forwards.
                        bool marks = !host || policy.Target.Zones.Contains(from.Zone);
                        if (flow.Class?.Dscp is { } dscp && protocol != ProbeProtocol.Icmp && marks)
                        {
                            dscpProbes++;
                            var seen = lab.ObservedDscp(from.Name, to.Address(family)!, protocol, port, dscp.Value, Allowed);
                            ok = seen.Delivered;
                            if (!seen.Seen) failures.Add($"{flow.Describe()}: {family} {protocol} {port} arrived without DSCP {dscp.Value} ({seen})");
                        }
                        else
                        {
                            ok = lab.Probe(protocol, from.Name, to.Address(family)!, Math.Max(port, 1), Allowed);
                        }
                        if (!ok) failures.Add($"{flow.Describe()}: {from.Name} -> {to.Name} {family} {protocol}/{port} should be allowed but was dropped");
                    }
                }
            }

            // Between every ordered pair of zones: a TCP port the policy does not allow is refused (probed in parallel).
            var pairs = new List<(PolicyLab.Site From, PolicyLab.Site To, int Port)>();
            var zoneSites = policy.Sites.GroupBy(s => s.Zone).Select(g => g.First()).ToList();
            int nextPort = 40000;
            foreach (var from in zoneSites)
                foreach (var to in zoneSites.Where(t => t != from && Enforced(from, t)))
                {
                    if (from.V4 == null || to.V4 == null) continue;
                    int port = nextPort++;
                    while (policy.Verdict(from, to, AddressFamily.InterNetwork, 6, port) == FlowAction.Allow) port = nextPort++;
                    pairs.Add((from, to, port));
                }
            var leaks = new ConcurrentBag<string>();
            Parallel.ForEach(pairs, new ParallelOptions { MaxDegreeOfParallelism = 6 }, p =>
            {
                if (lab.TcpConnects(p.From.Name, p.To.V4!, p.Port, Refused))
                    leaks.Add($"{p.From.Name} -> {p.To.Name} tcp/{p.Port} is not allowed by the policy but got through");
            });
            refusedProbes += pairs.Count;
            failures.AddRange(leaks);

            Output.WriteLine($"{allowedProbes} allowed probes ({dscpProbes} with DSCP checks), {refusedProbes} refused probes, {failures.Count} failures");
            if (allowedProbes == 0) failures.Add("no allowed flow could be probed");
            if (pairs.Count == 0) failures.Add("no zone pair could be probed");
            return failures;
        }

        /// <summary>
        /// The client ports to probe a service from: none chosen (the kernel's ephemeral port) for a service without source
        /// ports; for one with them, the first and the last port it names, and the ports just outside its ranges, so that a
        /// ruleset that drops the source-port match (or widens it) is caught.
        /// </summary>
        private static IEnumerable<int?> SourcePortsFor(ServiceMatch s)
        {
            if (s.SourcePorts == null) { yield return null; yield break; }
            var ports = new SortedSet<int>();
            foreach (var r in s.SourcePorts)
            {
                ports.Add((int)r.Start);
                ports.Add((int)r.End);
                if (r.Start > 1) ports.Add((int)r.Start - 1);
                if (r.End < 65535) ports.Add((int)r.End + 1);
            }
            foreach (var p in ports) yield return p;
        }

        private static (ProbeProtocol Protocol, int Port, int IpProtocol, int IcmpType)? ProbeFor(ServiceMatch s, AddressFamily family)
        {
            switch (s.Protocol)
            {
                case ServiceMatch.Tcp:
                    return (ProbeProtocol.Tcp, s.Ports != null ? (int)s.Ports[0].Start : 80, 6, 0);
                case ServiceMatch.Udp:
                    return (ProbeProtocol.Udp, s.Ports != null ? (int)s.Ports[0].Start : 53, 17, 0);
                case ServiceMatch.Icmp when family == AddressFamily.InterNetwork && (s.IcmpType == null || s.IcmpType == 8):
                    return (ProbeProtocol.Icmp, 0, 1, 8);
                case ServiceMatch.Icmpv6 when family == AddressFamily.InterNetworkV6 && (s.IcmpType == null || s.IcmpType == 128):
                    return (ProbeProtocol.Icmp, 0, 58, 128);
                case null:
                    return (ProbeProtocol.Tcp, 8080, 6, 0);
                default:
                    return null;
            }
        }

        public sealed class AiPlatformGateway : CompiledPolicyTests
        {
            public AiPlatformGateway(ITestOutputHelper output) : base(output) { }

            [SkippableFact]
            public void The_edge_gateway_of_the_ai_platform_sample_admits_exactly_its_flows()
            {
                Run(Load(Path.Combine(RepositoryPaths.Samples, "ai-platform")), "edge-gw");
            }
        }

        public sealed class NarrowEndpoints : CompiledPolicyTests
        {
            public NarrowEndpoints(ITestOutputHelper output) : base(output) { }

            /// <summary>
            /// Prefixes, prefix lists and 'except' as flow endpoints, on both sides, with a deny on a prefix overriding an
            /// allow of the zone: the lab's hosts lie inside some of them and outside others, so both verdicts are probed.
            /// </summary>
            [SkippableFact]
            public void Prefix_prefix_list_and_except_endpoints_behave_as_compiled()
            {
                var compilation = Load(Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.E2E", "Policies", "narrow.netpolicy"));
                Assert.Contains(compilation.Model.Flows, f => f.Source.IsNarrowed);
                Assert.Contains(compilation.Model.Flows, f => f.Destination.IsNarrowed);
                Run(compilation, "gateway");
            }
        }

        public sealed class SourcePorts : CompiledPolicyTests
        {
            public SourcePorts(ITestOutputHelper output) : base(output) { }

            /// <summary>
            /// Flows that name their source ports (TCP and UDP, a port to a port, a range to a port, a port to every port,
            /// a deny of part of a range): each is probed from the edges of its source ranges and from just outside them.
            /// </summary>
            [SkippableFact]
            public void Source_port_flows_admit_their_source_ports_only()
            {
                var compilation = Load(Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.E2E", "Policies", "source-ports.netpolicy"));
                Assert.Contains(compilation.Model.Flows, f => f.Services.Any(s => s.HasSourcePorts));
                Run(compilation, "gateway");
            }

            /// <summary>A ruleset that lost its source-port match opens the service from every port: the probes from outside the
            /// range catch it.</summary>
            [SkippableFact]
            public void A_ruleset_without_its_source_port_match_is_caught()
            {
                var compilation = Load(Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.E2E", "Policies", "source-ports.netpolicy"));
                var failures = Probe(compilation, "gateway", ruleset =>
                {
                    var broken = ruleset.Replace("tcp sport { 1024-65535 } ", "");
                    Assert.NotEqual(ruleset, broken);
                    return broken;
                });
                Assert.Contains(failures, f => f.Contains(":1023 -> ") && f.Contains("is denied by the policy but got through"));
            }
        }

        public sealed class LabPolicyHosts : CompiledPolicyTests
        {
            public LabPolicyHosts(ITestOutputHelper output) : base(output) { }

            /// <summary>Host mode: the ruleset runs on the storage hosts themselves (input and output hooks), no gateway filter.</summary>
            [SkippableFact]
            public void A_host_mode_target_filters_traffic_into_and_out_of_its_hosts()
            {
                Run(Load(Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.E2E", "Policies", "lab.netpolicy")), "store-hosts");
            }
        }

        public sealed class LabPolicyGateway : CompiledPolicyTests
        {
            public LabPolicyGateway(ITestOutputHelper output) : base(output) { }

            private static PolicyCompilation LabPolicy() => Load(Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.E2E", "Policies", "lab.netpolicy"));

            [SkippableFact]
            public void Udp_icmp_ranges_any_and_deny_over_allow_behave_as_compiled()
            {
                Run(LabPolicy(), "gateway");
            }

            /// <summary>
            /// The test must catch a generator bug that a syntax check cannot: dropping the port match of a rule (the
            /// Capirca nftables bug) still passes `nft -c`, but opens every TCP port between the zones.
            /// </summary>
            [SkippableFact]
            public void A_ruleset_with_a_dropped_port_match_is_caught()
            {
                var failures = Probe(LabPolicy(), "gateway", ruleset =>
                {
                    var broken = ruleset.Replace(" tcp dport 2049 accept", " meta l4proto tcp accept");
                    Assert.NotEqual(ruleset, broken);
                    return broken;
                });
                Assert.Contains(failures, f => f.Contains("is not allowed by the policy but got through"));
            }

            /// <summary>A ruleset that forgets a class's DSCP mark is caught at the receiver.</summary>
            [SkippableFact]
            public void A_ruleset_without_dscp_marking_is_caught()
            {
                var failures = Probe(LabPolicy(), "gateway", ruleset => ruleset.Replace(" ip dscp set 34", "").Replace(" ip6 dscp set 34", ""));
                Assert.Contains(failures, f => f.Contains("arrived without DSCP 34"));
            }
        }
    }
}
