using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Cli;
using PolicyLang.E2E.Lab;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.E2E
{
    /// <summary>
    /// <c>policyc quarantine</c> with real packets: the policy in <c>Policies/isolation.netpolicy</c> is quarantined and
    /// released through the command line, built, and loaded into the lab's gateway. Every host pair and service the
    /// policy allows is probed before, during and after: the quarantined host loses every flow in both directions (to
    /// and from its own segment, the other zones and the internet), every other host keeps all of its flows, and the
    /// release gives the host everything back. The compiler's verdict on each packet is the oracle the kernel must match.
    /// </summary>
    public sealed class QuarantineE2ETests
    {
        private static readonly TimeSpan Allowed = TimeSpan.FromSeconds(5);
        private static readonly TimeSpan Refused = TimeSpan.FromSeconds(1.5);

        /// <summary>One namespace per host; gpu-a and gpu-b share the segment gpu.nodes, each in its own subnet of it.</summary>
        private static readonly LabHost[] Hosts =
        {
            new LabHost("gpu-a", "10.10.1.5", 24, "fd00:10::1:5", 112),
            new LabHost("gpu-b", "10.10.2.5", 24, "fd00:10::2:5", 112),
            new LabHost("nas", "10.20.0.5", 16, "fd00:20::5", 64),
            new LabHost("ops", "10.90.0.5", 16, "fd00:90::5", 64),
            new LabHost("internet", "198.51.100.20", 24, "2001:db8:feed::20", 64),
        };

        private static readonly LabHost Quarantined = Hosts[0];

        private readonly ITestOutputHelper output;

        public QuarantineE2ETests(ITestOutputHelper output)
        {
            this.output = output;
        }

        private sealed record LabHost(string Name, string V4, int V4Length, string V6, int V6Length)
        {
            public string Address(AddressFamily family) => family == AddressFamily.InterNetwork ? V4 : V6;

            public LabZone Zone => new LabZone(Name, V4 + "/" + V4Length, V6 + "/" + V6Length);
        }

        /// <summary>One probe: a host pair, a family and a service of the policy.</summary>
        private sealed record ProbeCase(LabHost From, LabHost To, AddressFamily Family, ProbeProtocol Protocol, int Port, byte IpProtocol, byte IcmpType)
        {
            public bool Touches(LabHost host) => From == host || To == host;

            public Packet Packet => new Packet(IpAddress128.Parse(From.Address(Family)), IpAddress128.Parse(To.Address(Family)), IpProtocol, (ushort)Port, IcmpType, 0);

            public override string ToString() =>
                $"{From.Name} -> {To.Name} {(Family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} {Protocol.ToString().ToLowerInvariant()}{(Protocol == ProbeProtocol.Icmp ? "" : "/" + Port)}";
        }

        [SkippableFact]
        public void A_quarantined_host_loses_every_flow_both_ways_and_gets_them_back_on_release()
        {
            E2EPrerequisites.Require();
            using var folder = new PolicyFolder();
            var entry = folder.Path + "/policy.netpolicy";
            var original = File.ReadAllBytes(entry);
            var policy = Compile(folder.Path);
            var cases = AllowedCases(policy);
            output.WriteLine($"{cases.Count} allowed probes between {Hosts.Length} hosts, {cases.Count(c => c.Touches(Quarantined))} of them from or to {Quarantined.Name}");
            Assert.Contains(cases, c => c.From == Quarantined && c.To.Name == "internet");
            Assert.Contains(cases, c => c.To == Quarantined && c.From.Name == "internet");
            Assert.Contains(cases, c => c.To == Quarantined && c.From.Name == "gpu-b");
            Assert.Contains(cases, c => c.To == Quarantined && c.Protocol == ProbeProtocol.Icmp);

            using var lab = new NetnsLab(Hosts.Select(h => h.Zone), output.WriteLine);
            var rulesetBefore = Build(folder.Path);
            lab.LoadRuleset(rulesetBefore);
            var failures = new List<string>();
            int agreed = Phase(lab, "before", policy, cases, failures);

            var expires = PolicyClock.Format(PolicyClock.Today.AddDays(14));
            foreach (var address in new[] { Quarantined.V4, Quarantined.V6 })
            {
                var run = Cli("quarantine", folder.Path, "--address", address, "--reason", "INC-4711: unknown miner on " + Quarantined.Name, "--expires", expires);
                Assert.True(run.Exit == 0, run.Out + run.Error);
                Assert.Contains("quarantined " + address + " (zone gpu)\n", run.Out);
                Assert.Contains("enforced by 1 target:\n  target gateway (nftables): holds zone gpu, every packet from or to " + address + " it sees\n", run.Out);
            }
            var quarantined = Compile(folder.Path);
            Assert.Equal(2, quarantined.Model.Quarantines.Count);
            var rulesetQuarantined = Build(folder.Path);
            Assert.Contains("log prefix \"QUARANTINE policyc quarantine-10-10-1-5-out", rulesetQuarantined);
            lab.LoadRuleset(rulesetQuarantined);
            // The oracle says it too: every probe from or to the host is denied now, every other one still allowed.
            foreach (var c in cases)
                Assert.True((quarantined.Flows.Evaluate(c.Packet).Verdict == FlowAction.Allow) == !c.Touches(Quarantined), "compiler: " + c);
            agreed += Phase(lab, "quarantined", quarantined, cases, failures);

            foreach (var address in new[] { Quarantined.V4, Quarantined.V6 })
            {
                var run = Cli("quarantine", folder.Path, "--release", address);
                Assert.True(run.Exit == 0, run.Out + run.Error);
            }
            Assert.Equal(original, File.ReadAllBytes(entry));
            Assert.False(File.Exists(folder.Path + "/quarantine.netpolicy"));
            var rulesetReleased = Build(folder.Path);
            Assert.Equal(rulesetBefore, rulesetReleased);
            lab.LoadRuleset(rulesetReleased);
            agreed += Phase(lab, "released", Compile(folder.Path), cases, failures);

            output.WriteLine($"{agreed} probes agreed with the compiler, {failures.Count} failures");
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        /// <summary>
        /// A connection open before the rollout is cut by the rollout itself: the quarantine's drops come before the rule that
        /// accepts the packets of connections conntrack knows, so no conntrack flush is needed (and the flush changes nothing).
        /// </summary>
        [SkippableFact]
        public void An_open_connection_is_cut_by_the_rollout_alone()
        {
            E2EPrerequisites.Require();
            using var folder = new PolicyFolder();
            var nas = Hosts[2];
            using var lab = new NetnsLab(new[] { Quarantined.Zone, nas.Zone }, output.WriteLine);
            lab.LoadRuleset(Build(folder.Path));

            var listen = new[] { "-T30", $"TCP4-LISTEN:2049,bind={nas.V4},reuseaddr,fork", "EXEC:cat" };
            using var listener = SocatListener.Start(ToolPaths.Ip, lab.NamespaceOf(nas.Name), listen, TimeSpan.FromSeconds(10), output.WriteLine);
            using var session = new LineSession(lab.NamespaceOf(Quarantined.Name), new[] { "-T30", "-", $"TCP4:{nas.V4}:2049" }, output.WriteLine);
            Assert.True(session.Echoes("before", Allowed), "the connection did not open before the quarantine");

            var run = Cli("quarantine", folder.Path, "--address", Quarantined.V4, "--reason", "INC-4711");
            Assert.True(run.Exit == 0, run.Out + run.Error);
            lab.LoadRuleset(Build(folder.Path));
            using (var fresh = new LineSession(lab.NamespaceOf(Quarantined.Name), new[] { "-T5", "-", $"TCP4:{nas.V4}:2049,connect-timeout=2" }, output.WriteLine))
                Assert.False(fresh.Echoes("a new connection", Refused), "a new connection got through the quarantine");
            Assert.False(session.Echoes("after the rollout", TimeSpan.FromSeconds(4)),
                "the connection opened before the quarantine still carries data after the rollout: the quarantine's drops must come before 'ct state established accept'");
        }

        /// <summary>Runs each probe once, sequentially; the kernel must give what the compiler says.</summary>
        private int Phase(NetnsLab lab, string phase, PolicyCompilation oracle, IReadOnlyList<ProbeCase> cases, List<string> failures)
        {
            int agreed = 0, allowed = 0;
            foreach (var c in cases)
            {
                bool expected = oracle.Flows.Evaluate(c.Packet).Verdict == FlowAction.Allow;
                bool passed = lab.Probe(c.Protocol, c.From.Name, c.To.Address(c.Family), Math.Max(c.Port, 1), expected ? Allowed : Refused);
                if (passed == expected) agreed++;
                else failures.Add($"{phase}: {c} {(expected ? "should be allowed but was dropped" : "is denied but got through")}");
                if (passed) allowed++;
            }
            agreed += UnallowedPorts(lab, phase, oracle, failures);
            output.WriteLine($"{phase}: {allowed} of {cases.Count} policy probes got through; {agreed} probes agreed with the compiler");
            return agreed;
        }

        /// <summary>Between every ordered pair of hosts, a TCP port no flow allows is refused (in parallel, one port per pair).</summary>
        private static int UnallowedPorts(NetnsLab lab, string phase, PolicyCompilation oracle, List<string> failures)
        {
            var pairs = new List<(LabHost From, LabHost To, int Port)>();
            int next = 40000;
            foreach (var from in Hosts)
            {
                foreach (var to in Hosts.Where(t => t != from))
                {
                    int port = next++;
                    while (oracle.Flows.Evaluate(new ProbeCase(from, to, AddressFamily.InterNetwork, ProbeProtocol.Tcp, port, 6, 0).Packet).Verdict == FlowAction.Allow) port = next++;
                    pairs.Add((from, to, port));
                }
            }
            var leaks = new ConcurrentBag<string>();
            Parallel.ForEach(pairs, new ParallelOptions { MaxDegreeOfParallelism = 6 }, p =>
            {
                if (lab.TcpConnects(p.From.Name, p.To.V4, p.Port, Refused)) leaks.Add($"{phase}: {p.From.Name} -> {p.To.Name} tcp/{p.Port} is allowed by no flow but got through");
            });
            lock (failures) failures.AddRange(leaks);
            return pairs.Count - leaks.Count;
        }

        /// <summary>Every host pair, family and service of the policy's flows that the policy allows.</summary>
        private static List<ProbeCase> AllowedCases(PolicyCompilation policy)
        {
            var services = policy.Model.Flows.SelectMany(f => f.Services).ToList();
            var cases = new List<ProbeCase>();
            foreach (var from in Hosts)
                foreach (var to in Hosts.Where(t => t != from))
                    foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
                        foreach (var s in services)
                        {
                            var probe = ProbeFor(s, family);
                            if (probe == null) continue;
                            var c = new ProbeCase(from, to, family, probe.Value.Protocol, probe.Value.Port, probe.Value.IpProtocol, probe.Value.IcmpType);
                            if (!cases.Contains(c) && policy.Flows.Evaluate(c.Packet).Verdict == FlowAction.Allow) cases.Add(c);
                        }
            return cases;
        }

        private static (ProbeProtocol Protocol, int Port, byte IpProtocol, byte IcmpType)? ProbeFor(ServiceMatch s, AddressFamily family)
        {
            bool v4 = family == AddressFamily.InterNetwork;
            return s.Protocol switch
            {
                ServiceMatch.Tcp when s.Ports != null => (ProbeProtocol.Tcp, (int)s.Ports[0].Start, 6, 0),
                ServiceMatch.Udp when s.Ports != null => (ProbeProtocol.Udp, (int)s.Ports[0].Start, 17, 0),
                ServiceMatch.Icmp when v4 => (ProbeProtocol.Icmp, 0, 1, 8),
                ServiceMatch.Icmpv6 when !v4 => (ProbeProtocol.Icmp, 0, 58, 128),
                _ => null,
            };
        }

        private static PolicyCompilation Compile(string folder) =>
            PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { folder })).Single(c => c.Model.Header != null);

        /// <summary>The gateway's ruleset as <c>policyc build</c> writes it.</summary>
        private string Build(string folder)
        {
            var outputDir = folder + ".out";
            var run = Cli("build", folder, "--target", "gateway", "-o", outputDir);
            Assert.True(run.Exit == 0, run.Out + run.Error);
            return File.ReadAllText(Path.Combine(outputDir, "gateway", "ruleset.nft"));
        }

        private (int Exit, string Out, string Error) Cli(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = CliApp.Run(args, stdout, stderr);
            output.WriteLine("policyc " + string.Join(" ", args) + " -> " + exit + "\n" + stdout + stderr);
            return (exit, stdout.ToString(), stderr.ToString());
        }

        /// <summary>The policy copied to a fresh folder (the command writes beside it), removed afterwards with its build.</summary>
        private sealed class PolicyFolder : IDisposable
        {
            public PolicyFolder()
            {
                Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "policylang-quarantine-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(Path);
                File.Copy(System.IO.Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.E2E", "Policies", "isolation.netpolicy"), Path + "/policy.netpolicy");
            }

            public string Path { get; }

            public void Dispose()
            {
                foreach (var dir in new[] { Path, Path + ".out" })
                {
                    try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
                    catch (IOException) { }
                }
            }
        }

        /// <summary>A socat client that stays connected: each line written must come back from the echo listener.</summary>
        private sealed class LineSession : IDisposable
        {
            private readonly Process process;
            private readonly BlockingCollection<string> lines = new();
            private readonly Action<string> log;

            public LineSession(string @namespace, IReadOnlyList<string> socatArguments, Action<string> log)
            {
                this.log = log;
                var arguments = new List<string> { "netns", "exec", @namespace, ToolPaths.Socat };
                arguments.AddRange(socatArguments);
                log("session: " + HostCommand.Format(ToolPaths.Ip, arguments));
                process = new Process { StartInfo = HostCommand.StartInfo(ToolPaths.Ip, arguments) };
                process.OutputDataReceived += (_, e) => { if (e.Data != null) lines.Add(e.Data.Trim()); };
                process.ErrorDataReceived += (_, e) => { if (e.Data != null) log("  session: " + e.Data); };
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
            }

            /// <summary>Sends a fresh line and waits for it to come back.</summary>
            public bool Echoes(string what, TimeSpan timeout)
            {
                var line = "pl-session-" + Guid.NewGuid().ToString("N");
                try
                {
                    process.StandardInput.Write(line + "\n");
                    process.StandardInput.Flush();
                }
                catch (IOException)
                {
                    log($"  session {what}: socat has exited");
                    return false;
                }
                // The time left is taken once per wait and never negative: TryTake throws for a negative timeout (other than
                // -1 ms, which waits forever), and a thread preempted between a deadline check and a second clock reading
                // would get one.
                var clock = Stopwatch.StartNew();
                for (var left = timeout; left > TimeSpan.Zero; left = timeout - clock.Elapsed)
                {
                    if (lines.TryTake(out var got, left) && got == line)
                    {
                        log($"  session {what}: echoed");
                        return true;
                    }
                }
                log($"  session {what}: no echo within {timeout.TotalSeconds:0.#} s");
                return false;
            }

            public void Dispose()
            {
                HostCommand.Kill(process);
                process.Dispose();
                lines.Dispose();
            }
        }
    }
}
