using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace PolicyLang.TestSupport
{
    public static partial class SyntheticPolicy
    {
        private sealed partial class Generator
        {
            private readonly struct Endpoint
            {
                public Endpoint(Module module, Segment? segment)
                {
                    Module = module;
                    Segment = segment;
                }

                public Module Module { get; }
                public Segment? Segment { get; }
                public string Zone => Module.Name;
                public override string ToString() => Segment == null ? Module.Name : Module.Name + "." + Segment.Name;

                /// <summary>The subnet a host of this endpoint is taken from.</summary>
                public int Net => Segment?.Net ?? (Module.Segments.Count > 0 ? Module.Segments[0].Net : Module.ZoneNet);
            }

            /// <summary>What pass 2 decided for one module, needed again by assertions and tests.</summary>
            private sealed class Plan
            {
                public Endpoint ReachSource;
                public Endpoint ReachDestination;
                public Endpoint DenySource;
                public Endpoint DenyDestination;
                public Endpoint InternetDestination;
            }

            /// <summary>The whole file. With no modules it is the fixed part, which gives its line count.</summary>
            private string Render(int padding)
            {
                int z = _modules.Count;
                var rngs = new Random[z];
                for (int i = 0; i < z; i++) rngs[i] = ModuleRandom(i, 2);
                var plans = new Plan[z];
                var neighbors = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);

                void Connect(string a, string b)
                {
                    if (a == b) return;
                    foreach (var (x, y) in new[] { (a, b), (b, a) })
                    {
                        if (!neighbors.TryGetValue(x, out var set)) neighbors[x] = set = new SortedSet<string>(StringComparer.Ordinal);
                        set.Add(y);
                    }
                }

                // Flows.
                var flows = new List<string> { "# Flows. The default is deny: zone i talks to zones i+1 and i+2 of the ring, i -> i+3 is denied." };
                for (int i = 0; i < z; i++)
                {
                    var m = _modules[i];
                    var rng = rngs[i];
                    var a = _modules[(i + 1) % z];
                    var b = _modules[(i + 2) % z];
                    var d = _modules[(i + 3) % z];
                    var plan = plans[i] = new Plan();
                    flows.Add("");
                    flows.Add("# " + m.Name);

                    plan.ReachSource = Pick(m, rng);
                    plan.ReachDestination = Pick(a, rng);
                    flows.Add("allow " + plan.ReachSource + " -> " + plan.ReachDestination + " : " + a.Api
                        + (a.HasProbe ? ", " + a.Name + "-probe" : "") + Options(rng, m.Role + " calls the " + a.Role + " API", OnFabric(m, a)));
                    Connect(m.Name, a.Name);

                    var second = Pick(b, rng);
                    flows.Add("allow " + Pick(m, rng) + " -> " + second + " : " + b.Name + (b.HasApp ? "-app" : "-rpc")
                        + (b.HasStream ? ", " + b.Name + "-stream" : "") + Options(rng, "RPC and streaming into " + b.Name, OnFabric(m, b)));
                    Connect(m.Name, b.Name);

                    if (m.SelfFlow)
                    {
                        flows.Add("allow " + m.Name + " -> " + m.Name + " : " + (i % 3) switch
                        {
                            0 => "roce class rdma description \"GPU-to-GPU RDMA over RoCEv2\"",
                            1 => "nccl description \"NCCL bootstrap and rendezvous\"",
                            _ => "esp class control log",
                        });
                    }

                    plan.DenySource = Pick(m, rng);
                    plan.DenyDestination = Pick(d, rng);
                    if (m.DenyFlow)
                    {
                        flows.Add("deny " + plan.DenySource + " -> " + plan.DenyDestination + " : " + (rng.Next(2) == 0 ? "any" : "everything") + " log"
                            + (rng.Next(2) == 0 ? " description \"" + m.Name + " never reaches " + d.Name + "\"" : ""));
                    }

                    plan.InternetDestination = Pick(m, rng);
                    if (m.InternetFlow)
                    {
                        flows.Add("allow internet -> " + plan.InternetDestination + " : https rate " + Rate(rng, OnFabric(m, m)) + " log"
                            + (rng.Next(2) == 0 ? " description \"public endpoint of " + m.Name + "\"" : ""));
                        Connect("internet", m.Name);
                    }

                    if (m.DenyAnyTelnet) flows.Add("deny any -> " + m.Name + " : telnet log description \"telnet is never allowed\"");

                    if (m.Partner >= 0)
                    {
                        flows.Add("allow " + Pick(m, rng) + " -> partner-" + m.Partner + " : ssh, diameter class bulk description \"pull partner feeds\"");
                        Connect(m.Name, "partner-" + m.Partner);
                    }
                }

                // Padding: more services on pairs that already talk, so no assertion or test changes meaning.
                for (int p = 0; p < padding; p++)
                {
                    int k = p % z, offset = 1 + (p / z) % 2, round = p / (2 * z);
                    if (round >= PaddingServices.Length) throw new InvalidOperationException("SyntheticPolicy bug: too much padding.");
                    flows.Add("allow " + _modules[k].Name + " -> " + _modules[(k + offset) % z].Name + " : " + PaddingServices[round]);
                }

                // Assertions.
                var asserts = new List<string> { "// Properties the checker proves against the flows." };
                for (int i = 0; i < z; i++)
                {
                    var m = _modules[i];
                    var rng = rngs[i];
                    var plan = plans[i];
                    asserts.Add("assert reachable " + plan.ReachSource + " -> " + plan.ReachDestination + " : " + plan.ReachDestination.Module.Api);
                    asserts.Add(rng.Next(3) switch
                    {
                        0 => "assert never " + m.Name + " -> " + plan.DenyDestination.Zone,
                        1 => "assert never " + plan.DenySource + " -> " + plan.DenyDestination + " : ssh, https",
                        _ => "assert never " + m.Name + " -> " + plan.DenyDestination + " : any",
                    });
                    if (m.IsolatedAssert) asserts.Add("assert isolated " + m.Name + " except " + string.Join(", ", neighbors[m.Name]));
                    if (m.MtuAssert) asserts.Add("assert mtu " + m.Name + " " + MtuComparison(m, rng));
                    if (m.DenyAnyTelnet) asserts.Add("assert never any -> " + m.Name + " : telnet");
                }

                // Tests.
                var tests = new List<string> { "# Packet-level tests." };
                for (int i = 0; i < z; i++)
                {
                    var m = _modules[i];
                    var rng = rngs[i];
                    var plan = plans[i];
                    if (!m.HasTest) continue;
                    int port = plan.ReachDestination.Module.Port;
                    tests.Add("");
                    tests.Add("test \"" + m.Name + " reachability\" {");
                    tests.Add("  expect allow " + V4Host(plan.ReachSource.Net, Host(rng)) + " -> " + V4Host(plan.ReachDestination.Net, Host(rng)) + " tcp/" + port);
                    tests.Add("  expect allow " + V6Host(plan.ReachSource.Net, Host(rng)) + " -> " + V6Host(plan.ReachDestination.Net, Host(rng)) + " tcp/" + port);
                    tests.Add(rng.Next(2) == 0
                        ? "  expect deny " + V4Host(plan.DenySource.Net, Host(rng)) + " -> " + V4Host(plan.DenyDestination.Net, Host(rng)) + " tcp/22"
                        : "  expect deny " + V6Host(plan.DenySource.Net, Host(rng)) + " -> " + V6Host(plan.DenyDestination.Net, Host(rng)) + " udp/53");
                    if (m.ExpectIcmpDeny)
                    {
                        tests.Add(rng.Next(2) == 0
                            ? "  expect deny " + V4Host(plan.DenySource.Net, Host(rng)) + " -> " + V4Host(plan.DenyDestination.Net, Host(rng)) + " icmp echo-request"
                            : "  expect deny " + V6Host(plan.DenySource.Net, Host(rng)) + " -> " + V6Host(plan.DenyDestination.Net, Host(rng)) + " icmpv6 128");
                    }
                    if (m.ExpectInternetDeny)
                        tests.Add("  expect deny 203.0.113." + Host(rng) + " -> " + V4Host(plan.InternetDestination.Net, Host(rng)) + " tcp/22");
                    if (m.InternetFlow)
                        tests.Add("  expect allow 203.0.113." + Host(rng) + " -> " + V4Host(plan.InternetDestination.Net, Host(rng)) + " tcp/443");
                    tests.Add("}");
                }

                // Targets.
                var targets = new List<string> { "# Where the intent is enforced." };
                for (int i = 0; i < z; i++)
                {
                    var m = _modules[i];
                    var rng = rngs[i];
                    if (m.Target == TargetKind.None) continue;
                    int g = i / 8;
                    var group = _modules.Skip(8 * g).Take(8).ToList();
                    targets.Add("");
                    switch (m.Target)
                    {
                        case TargetKind.Fabric:
                            targets.Add("target fabric-" + g + " " + FabricPlatforms[g % FabricPlatforms.Length] + " {");
                            var fabricZones = string.Join(", ", group.Where(x => x.Kind == ZoneKind.Fabric).Select(x => x.Name));
                            targets.Add("  zones " + fabricZones);
                            var platform = FabricPlatforms[g % FabricPlatforms.Length];
                            targets.AddRange(FabricOptions(g));
                            for (int leaf = 1; leaf <= 2; leaf++)
                            {
                                // Each leaf: a VTEP, one host-facing port that carries every fabric zone of the pod, one uplink.
                                int n = 2 * g + leaf;
                                var (port, uplink, loopback) = FabricPorts(platform);
                                targets.Add("  device \"leaf" + leaf + ".pod" + g + ".dc1.example.net\" {");
                                targets.Add("    vtep 10." + (128 + n / 65536) + "." + (n / 256 % 256) + "." + (n % 256) + (loopback.Length > 0 ? " source \"" + loopback + "\"" : ""));
                                targets.Add("    interface \"" + port + "\" carries " + fabricZones);
                                targets.Add("    interface \"" + uplink + "\" uplink");
                                targets.Add("  }");
                            }
                            if (m.TargetDescription) targets.Add("  description \"Leaf-spine pod " + g + ": ACLs, VXLAN VNIs and lossless QoS\"");
                            break;
                        case TargetKind.Kubernetes:
                            targets.Add("target k8s-" + g + " kubernetes {");
                            targets.Add("  devices \"k8s-cluster-" + g + "\"");
                            targets.Add("  zones " + string.Join(", ", group.Where(x => x.Kind == ZoneKind.Kubernetes).Select(x => x.Name)));
                            if (m.TargetDescription) targets.Add("  description \"NetworkPolicies for cluster " + g + "\"");
                            break;
                        case TargetKind.Edge:
                            targets.Add("target edge-" + g + " nftables {");
                            targets.Add("  devices \"gw1.site" + g + ".example.net\", \"gw2.site" + g + ".example.net\"");
                            targets.Add("  zones internet, partner-" + m.Partner);
                            targets.Add("  mode gateway");
                            if (m.TargetDescription) targets.Add("  description \"Linux border gateways of site " + g + "\"");
                            break;
                        default:
                            targets.Add("target cloud-" + g + " " + CloudPlatforms[g % CloudPlatforms.Length] + " {");
                            targets.Add("  devices \"vpc-" + rng.Next(0x10000000, int.MaxValue).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + "\"");
                            targets.Add("  zones " + m.Name);
                            // Flows with 'log' need the VPC flow log on AWS (NP4211 without it).
                            if (CloudPlatforms[g % CloudPlatforms.Length] == "aws") targets.Add("  option flow-logs \"arn:aws:s3:::synthetic-flow-logs\"");
                            if (m.TargetDescription) targets.Add("  description \"Security rules for the " + m.Name + " network\"");
                            break;
                    }
                    targets.Add("}");
                }

                // Services, external zones and zones were rendered in pass 1.
                var services = new List<string> { "# Services shared by all zones, then the services of each zone." };
                services.AddRange(GlobalServices);
                var externals = new List<string> { "# External zones: everything else, and the data partners." };
                externals.AddRange(Internet);
                var zones = new List<string> { "# Zones and segments: every segment owns its own /24 and /64." };
                foreach (var m in _modules)
                {
                    services.Add("");
                    services.AddRange(m.ServiceLines);
                    if (m.ExternalLines.Count > 0)
                    {
                        externals.Add("");
                        externals.AddRange(m.ExternalLines);
                    }
                    zones.Add("");
                    zones.AddRange(m.ZoneLines);
                }

                int segments = _modules.Sum(x => x.Segments.Count);
                var preamble = new List<string>
                {
                    "# Synthetic policy generated by PolicyLang.TestSupport.SyntheticPolicy (seed " + _seed + ").",
                    "# " + z + " zones, " + segments + " segments, " + _nextPartner + " partners. Do not edit by hand.",
                    "policy synthetic-" + Hex(_seed) + " {",
                    "  version \"1.0." + z + "\"",
                    "  owner \"netops@example.com\"",
                    "  description \"Synthetic policy for parser tests and benchmarks\"",
                    "  default deny",
                    "}",
                };

                var sb = new StringBuilder();
                bool first = true;
                foreach (var section in new[] { preamble, Classes.ToList(), services, externals, zones, flows, asserts, tests, targets })
                {
                    if (!first) sb.Append('\n');
                    first = false;
                    foreach (var line in section) sb.Append(line).Append('\n');
                }
                return sb.ToString();
            }

            private static Endpoint Pick(Module m, Random rng) =>
                m.Segments.Count > 0 && rng.Next(2) == 0 ? new Endpoint(m, m.Segments[rng.Next(m.Segments.Count)]) : new Endpoint(m, null);

            private static int Host(Random rng) => 10 + rng.Next(200);

            /// <summary>Switches police bit rates only: a flow that a fabric target carries gets one of those.</summary>
            private static bool OnFabric(Module a, Module b) => a.Kind == ZoneKind.Fabric || b.Kind == ZoneKind.Fabric;

            /// <summary>A rate; on the fabric the same draw picks among the bit rates, so the rest of the text does not move.</summary>
            private static string Rate(Random rng, bool fabric)
            {
                int i = rng.Next(Rates.Length);
                return fabric ? BitRates[i % BitRates.Length] : Rates[i];
            }

            private static string Options(Random rng, string description, bool fabric)
            {
                var sb = new StringBuilder();
                if (rng.Next(2) == 0) sb.Append(" class ").Append(ClassNames[rng.Next(ClassNames.Length)]);
                if (rng.Next(4) == 0) sb.Append(" rate ").Append(Rate(rng, fabric));
                if (rng.Next(5) == 0) sb.Append(" log");
                if (rng.Next(2) == 0) sb.Append(" description \"").Append(description).Append('"');
                return sb.ToString();
            }

            private static string MtuComparison(Module m, Random rng)
            {
                int min = m.Segments.Min(s => s.Mtu), max = m.Segments.Max(s => s.Mtu);
                return rng.Next(5) switch
                {
                    0 => ">= " + min,
                    1 => "<= " + max,
                    2 => "> " + (min - 1),
                    3 => "< " + (max + 1),
                    _ => min == max ? "== " + min : ">= 1280",
                };
            }
        }
    }
}
