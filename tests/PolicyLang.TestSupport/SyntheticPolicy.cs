using System;
using System.Collections.Generic;
using System.Text;

namespace PolicyLang.TestSupport
{
    /// <summary>
    /// Deterministic generator of large, realistic policies for parser tests and benchmarks.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The output is in canonical layout (<c>PolicyFormatter.Format(Parse(text)) == text</c>), parses without
    /// diagnostics, has exactly the requested number of lines (every line ends with <c>\n</c>) and uses every
    /// construct of the language except <c>import</c>: the policy header, prefix and port lists, services (TCP,
    /// UDP, SCTP, port ranges, port lists, ICMP and ICMPv6 with names, numbers and codes, <c>proto</c>,
    /// <c>any</c>, composite services), classes with ECN, zones with labels and segments (VLAN, VNI, IPv4 and
    /// IPv6 subnets, MTU, Kubernetes), zone-level subnets, external zones, allow and deny flows with every
    /// option, all four kinds of assertion, tests and targets for every platform family.
    /// </para>
    /// <para>
    /// The policy is also meant to be semantically sane for the checker: names are unique; every segment owns
    /// its own <c>10.a.b.0/24</c> and <c>fd00:a:0:b::/64</c> (consecutive /64s, which aggregate as the IPv4 /24s do); the first 1000 fabric segments get the VLAN ids
    /// 2–1001 and every later segment has no VLAN; VNIs are unique; flows reference only declared zones,
    /// segments, services and classes; there are eight classes with distinct DSCP values, queues and PCPs, two
    /// of them lossless, bandwidth shares adding up to 95%. Zone <c>i</c> (of <c>Z</c>, in a ring) may talk to
    /// zones <c>i+1</c> and <c>i+2</c> and to itself; <c>i → i+3</c> is always denied, so every assertion and
    /// every test expectation holds, and deny flows never overlap allow flows.
    /// </para>
    /// </remarks>
    public static partial class SyntheticPolicy
    {
        /// <summary>The smallest <c>targetLines</c> accepted: enough for eight zones, the smallest sane ring.</summary>
        public const int MinimumLines = 800;

        private const int MinimumZones = 8;

        /// <summary>A policy of exactly <paramref name="targetLines"/> lines; the same arguments always give the same text.</summary>
        public static string Generate(int targetLines, int seed = 42)
        {
            if (targetLines < MinimumLines)
                throw new ArgumentOutOfRangeException(nameof(targetLines), targetLines, "A synthetic policy needs at least " + MinimumLines + " lines.");
            return new Generator(seed).Run(targetLines);
        }

        /// <summary>The number of lines of <paramref name="text"/>: the count of '\n' plus one for an unterminated last line.</summary>
        public static int CountLines(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            int n = 0;
            foreach (char c in text) if (c == '\n') n++;
            return text.Length > 0 && text[text.Length - 1] != '\n' ? n + 1 : n;
        }

        private sealed partial class Generator
        {
            private readonly int _seed;
            private readonly List<Module> _modules = new List<Module>();
            private int _nextNet;
            private int _nextVlan;
            private int _nextVni;
            private int _nextPartner;

            public Generator(int seed)
            {
                _seed = seed;
            }

            public string Run(int targetLines)
            {
                // Pass 1: module shapes. A module's line count never depends on how many modules there are, so
                // modules are added while they fit; the rest is filled with one-line flows.
                int used = CountLines(Render(0));
                while (true)
                {
                    var module = Shape(_modules.Count);
                    if (used + module.Cost > targetLines) break;
                    _modules.Add(module);
                    used += module.Cost;
                }
                if (_modules.Count < MinimumZones)
                    throw new ArgumentOutOfRangeException(nameof(targetLines), targetLines, "Too few lines for " + MinimumZones + " zones.");

                // Pass 2: everything that refers to other modules (flows, assertions, tests, targets).
                string text = Render(targetLines - used);
                int lines = CountLines(text);
                if (lines != targetLines)
                    throw new InvalidOperationException("SyntheticPolicy bug: generated " + lines + " lines instead of " + targetLines + ".");
                return text;
            }

            private Random ModuleRandom(int index, int pass) => new Random(unchecked(_seed * 486187739 + index * 7919 + pass * 104729));

            // ------------------------------------------------------------------ pass 1: shapes

            private Module Shape(int index)
            {
                var rng = ModuleRandom(index, 1);
                var m = new Module(index, KindOf(index));
                var roles = m.Kind == ZoneKind.Fabric ? FabricRoles : m.Kind == ZoneKind.Kubernetes ? KubernetesRoles : CloudRoles;
                m.Role = roles[rng.Next(roles.Length)];
                m.Name = m.Role + "-" + index;
                m.Port = 10000 + (index * 16) % 50000;

                // Zone.
                switch (m.Kind)
                {
                    case ZoneKind.Fabric:
                        foreach (var name in Pick(rng, FabricSegments, 1 + rng.Next(4)))
                        {
                            var s = new Segment(name, NextNet())
                            {
                                Vni = 10000 + _nextVni++,
                                Mtu = 9000, // one MTU per fabric zone: its RDMA self-flow is lossless (NP2008)
                                Description = rng.Next(10) < 7 ? SegmentDescription(name, index) : null,
                            };
                            if (_nextVlan < 1000) s.Vlan = 2 + _nextVlan++;
                            m.Segments.Add(s);
                        }
                        break;
                    case ZoneKind.Kubernetes:
                        foreach (var name in Pick(rng, KubernetesSegments, 1 + rng.Next(3)))
                        {
                            m.Segments.Add(new Segment(name, NextNet())
                            {
                                Namespace = m.Name + "-" + name,
                                Selector = rng.Next(10) < 7 ? "app=" + name : null,
                                Mtu = 9000, // lossless classes may cross zones, so every segment shares one MTU
                                Description = rng.Next(10) < 5 ? SegmentDescription(name, index) : null,
                            });
                        }
                        break;
                    default:
                        m.ZoneNet = NextNet();
                        break;
                }
                var labels = rng.Next(10) < 8 ? Pick(rng, LabelKeys, 1 + rng.Next(3)) : new List<string>();
                foreach (var key in labels) m.Labels.Add((key, LabelValue(key, m, rng)));
                RenderZone(m);

                // Services.
                m.ApiIsRange = rng.Next(4) == 0;
                m.HasStream = rng.Next(10) < 4;
                m.HasProbe = rng.Next(10) < 3;
                m.ProbeVariant = rng.Next(3);
                m.HasApp = rng.Next(10) < 3;
                RenderServices(m);

                // External partner zone, one per eight modules.
                if (index % 8 == 4)
                {
                    m.Partner = _nextPartner++;
                    RenderPartner(m);
                }

                // Flows, assertions, tests and targets: only their line counts are decided here.
                m.SelfFlow = m.Kind == ZoneKind.Fabric && rng.Next(2) == 0;
                m.DenyFlow = rng.Next(10) < 6;
                m.InternetFlow = m.Kind != ZoneKind.Fabric || rng.Next(10) < 2;
                m.DenyAnyTelnet = rng.Next(10) < 2;
                m.IsolatedAssert = rng.Next(10) < 6;
                m.MtuAssert = m.Segments.Count > 0 && rng.Next(10) < 6;
                m.HasTest = index == 0 || rng.Next(10) < 6;
                m.ExpectIcmpDeny = rng.Next(2) == 0;
                m.ExpectInternetDeny = rng.Next(2) == 0;
                m.Target = (index % 8) switch
                {
                    0 => TargetKind.Fabric,
                    3 => TargetKind.Kubernetes,
                    4 => TargetKind.Edge,
                    5 => TargetKind.Cloud,
                    _ => TargetKind.None,
                };
                m.TargetDescription = rng.Next(10) < 7;
                return m;
            }

            private static ZoneKind KindOf(int index) => (index % 8) switch
            {
                3 => ZoneKind.Kubernetes,
                6 => ZoneKind.Kubernetes,
                5 => ZoneKind.Cloud,
                _ => ZoneKind.Fabric,
            };

            private int NextNet()
            {
                if (_nextNet >= 254 * 256) throw new InvalidOperationException("SyntheticPolicy: out of 10.x.y.0/24 subnets.");
                return _nextNet++;
            }

            private static List<string> Pick(Random rng, string[] from, int count)
            {
                var copy = (string[])from.Clone();
                for (int i = copy.Length - 1; i > 0; i--)
                {
                    int j = rng.Next(i + 1);
                    (copy[i], copy[j]) = (copy[j], copy[i]);
                }
                var result = new List<string>(count);
                for (int i = 0; i < count && i < copy.Length; i++) result.Add(copy[i]);
                return result;
            }

            private void RenderZone(Module m)
            {
                var z = m.ZoneLines;
                z.Add("zone " + m.Name + " {");
                z.Add("  description \"" + ZoneDescription(m) + "\"");
                if (m.Labels.Count > 0)
                {
                    z.Add("  labels {");
                    foreach (var (key, value) in m.Labels) z.Add("    " + key + " = \"" + value + "\"");
                    z.Add("  }");
                }
                foreach (var s in m.Segments)
                {
                    z.Add("  segment " + s.Name + " {");
                    if (s.Namespace != null)
                        z.Add("    kubernetes namespace \"" + s.Namespace + "\"" + (s.Selector != null ? " selector \"" + s.Selector + "\"" : ""));
                    if (s.Vlan is int vlan) z.Add("    vlan " + vlan);
                    if (s.Vni is int vni) z.Add("    vni " + vni);
                    z.Add("    subnet " + V4Net(s.Net) + ", " + V6Net(s.Net));
                    z.Add("    mtu " + s.Mtu);
                    if (s.Description != null) z.Add("    description \"" + s.Description + "\"");
                    z.Add("  }");
                }
                if (m.ZoneNet >= 0) z.Add("  subnet " + V4Net(m.ZoneNet) + ", " + V6Net(m.ZoneNet));
                z.Add("}");
            }

            private static void RenderServices(Module m)
            {
                var s = m.ServiceLines;
                int p = m.Port;
                s.Add("ports " + m.Name + "-ports = " + (p + 4) + ", " + (p + 5) + ", " + (p + 8) + "-" + (p + 15));
                s.Add("service " + m.Name + "-api = tcp/" + p + (m.ApiIsRange ? "-" + (p + 3) : ""));
                s.Add("service " + m.Name + "-rpc = tcp/" + m.Name + "-ports");
                if (m.HasStream) s.Add("service " + m.Name + "-stream = udp/" + (p + 1) + ", sctp/" + (p + 2));
                if (m.HasProbe)
                {
                    s.Add("service " + m.Name + "-probe = " + (m.ProbeVariant switch
                    {
                        0 => "icmp echo-request, icmpv6 echo-request",
                        1 => "icmp 8, icmpv6 128, icmp time-exceeded code 0",
                        _ => "icmp destination-unreachable code 4, icmpv6 packet-too-big, icmpv6 1 code 4",
                    }));
                }
                if (m.HasApp) s.Add("service " + m.Name + "-app = " + m.Name + "-api, " + m.Name + "-rpc");
            }

            private static void RenderPartner(Module m)
            {
                int p = m.Partner;
                string v4 = "100." + (64 + p / 256) + "." + (p % 256);
                var e = m.ExternalLines;
                e.Add("prefixes partner-" + p + "-feeds = " + v4 + ".0/25, " + v4 + ".200, 2001:db8:" + (p + 1).ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "::/48");
                e.Add("external partner-" + p + " {");
                e.Add("  description \"Data partner " + p + ": SFTP drop boxes and Diameter peers\"");
                e.Add("  labels {");
                e.Add("    contract = \"DPA-" + (2024000 + p) + "\"");
                e.Add("  }");
                e.Add("  subnet partner-" + p + "-feeds");
                e.Add("}");
            }

            // ------------------------------------------------------------------ addresses

            private static string Hex(int v) => v.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            private static string V4Net(int net) => "10." + (1 + net / 256) + "." + (net % 256) + ".0/24";
            // Like the IPv4 plan (10.a.b.0/24): consecutive /64s of one /56 per a, so a site's segments aggregate.
            private static string V6Net(int net) => "fd00:" + Hex(1 + net / 256) + ":0:" + Hex(net % 256) + "::/64";
            private static string V4Host(int net, int host) => "10." + (1 + net / 256) + "." + (net % 256) + "." + host;
            private static string V6Host(int net, int host) => "fd00:" + Hex(1 + net / 256) + ":0:" + Hex(net % 256) + "::" + Hex(host);

            // ------------------------------------------------------------------ model

            private enum ZoneKind { Fabric, Kubernetes, Cloud }

            private enum TargetKind { None, Fabric, Kubernetes, Edge, Cloud }

            private sealed class Segment
            {
                public Segment(string name, int net)
                {
                    Name = name;
                    Net = net;
                }

                public string Name { get; }
                public int Net { get; }
                public int? Vlan { get; set; }
                public int? Vni { get; set; }
                public int Mtu { get; set; }
                public string? Namespace { get; set; }
                public string? Selector { get; set; }
                public string? Description { get; set; }
            }

            private sealed class Module
            {
                public Module(int index, ZoneKind kind)
                {
                    Index = index;
                    Kind = kind;
                }

                public int Index { get; }
                public ZoneKind Kind { get; }
                public string Role { get; set; } = "";
                public string Name { get; set; } = "";
                public List<Segment> Segments { get; } = new List<Segment>();
                public int ZoneNet { get; set; } = -1;
                public List<(string Key, string Value)> Labels { get; } = new List<(string, string)>();
                public int Port { get; set; }
                public bool ApiIsRange { get; set; }
                public bool HasStream { get; set; }
                public bool HasProbe { get; set; }
                public int ProbeVariant { get; set; }
                public bool HasApp { get; set; }
                public int Partner { get; set; } = -1;
                public bool SelfFlow { get; set; }
                public bool DenyFlow { get; set; }
                public bool InternetFlow { get; set; }
                public bool DenyAnyTelnet { get; set; }
                public bool IsolatedAssert { get; set; }
                public bool MtuAssert { get; set; }
                public bool HasTest { get; set; }
                public bool ExpectIcmpDeny { get; set; }
                public bool ExpectInternetDeny { get; set; }
                public TargetKind Target { get; set; }
                public bool TargetDescription { get; set; }

                public List<string> ZoneLines { get; } = new List<string>();
                public List<string> ServiceLines { get; } = new List<string>();
                public List<string> ExternalLines { get; } = new List<string>();

                /// <summary>The API service: one TCP port or a range starting there.</summary>
                public string Api => Name + "-api";

                public int FlowCount => 2 + (SelfFlow ? 1 : 0) + (DenyFlow ? 1 : 0) + (InternetFlow ? 1 : 0) + (DenyAnyTelnet ? 1 : 0) + (Partner >= 0 ? 1 : 0);
                public int AssertCount => 2 + (IsolatedAssert ? 1 : 0) + (MtuAssert ? 1 : 0) + (DenyAnyTelnet ? 1 : 0);
                public int ExpectCount => 3 + (ExpectIcmpDeny ? 1 : 0) + (ExpectInternetDeny ? 1 : 0) + (InternetFlow ? 1 : 0);
                public int TargetBlockLines => Target == TargetKind.None ? 0 : 4 + (TargetDescription ? 1 : 0) + (Target == TargetKind.Edge ? 1 : 0)
                    + (Target == TargetKind.Fabric ? 9 + System.Linq.Enumerable.Count(FabricOptions(Index / 8)) : 0) // two device blocks of five lines instead of one devices line
                    + (Target == TargetKind.Cloud && CloudPlatforms[(Index / 8) % CloudPlatforms.Length] == "aws" ? 1 : 0); // option flow-logs

                /// <summary>Lines this module adds to the file, blank separators included.</summary>
                public int Cost =>
                    1 + ServiceLines.Count
                    + (ExternalLines.Count > 0 ? 1 + ExternalLines.Count : 0)
                    + 1 + ZoneLines.Count
                    + 2 + FlowCount
                    + AssertCount
                    + (HasTest ? 1 + 2 + ExpectCount : 0)
                    + (Target != TargetKind.None ? 1 + TargetBlockLines : 0);
            }
        }
    }
}
