using System;
using System.Collections.Generic;

namespace PolicyLang.TestSupport
{
    public static partial class SyntheticPolicy
    {
        private sealed partial class Generator
        {
            private static readonly string[] FabricRoles =
            {
                "training", "storage", "hpc", "analytics", "ingestion", "database", "registry", "backup", "pii", "etl", "lab", "ops",
            };

            private static readonly string[] KubernetesRoles = { "inference", "serving", "notebooks", "pipelines", "feature-store", "gateway" };

            private static readonly string[] CloudRoles = { "inference-cloud", "cloud-vpc", "edge-cloud", "dr-site" };

            private static readonly string[] FabricSegments =
            {
                "gpu-pod1", "gpu-pod2", "head", "filers", "objects", "compute", "mgmt", "login", "bastion", "db", "cache", "storage-net",
            };

            private static readonly string[] KubernetesSegments = { "serving", "gateway", "workers", "jobs", "api" };

            private static readonly string[] LabelKeys = { "team", "tier", "cost-center", "env", "data-class" };

            private static readonly string[] Teams = { "ml-platform", "storage", "serving", "data-eng", "research", "sre", "security" };

            private static readonly string[] ClassNames =
            {
                "rdma", "storage-rdma", "storage-io", "interactive", "control", "telemetry", "bulk", "best-effort",
            };

            private static readonly string[] Rates = { "10000/s", "500/s", "5000pps", "50kpps", "100Mbps", "1Gbps", "500Kbps" };

            private static readonly string[] FabricPlatforms = { "arista-eos", "cisco-nxos", "juniper-junos", "sonic", "cumulus-nvue" };

            /// <summary>
            /// The options of pod <paramref name="group"/>'s target. Every pod sets 'option acl-budget': zones that talk to
            /// the internet need ACLs far above a switch's default budget (the all-but-internal space takes hundreds of
            /// prefixes, the partners' feeds cut holes in it). SONiC pods trust the hosts' DSCP, as RoCE fabrics do (SONiC
            /// cannot re-mark, so classes on flows need it).
            /// </summary>
            private static IEnumerable<string> FabricOptions(int group)
            {
                var platform = FabricPlatforms[group % FabricPlatforms.Length];
                // SONiC numbers a table's rules by PRIORITY up to 9999; NVUE numbers an ACL's rules up to 65535 in steps of 10.
                yield return "  option acl-budget " + (platform == "sonic" ? "9999" : platform == "cumulus-nvue" ? "3276" : "1000000");
                if (platform == "sonic") yield return "  option dscp-trust on";
            }

            private static readonly string[] BitRates = { "100Mbps", "1Gbps", "500Kbps" };

            /// <summary>A host-facing port, an uplink and the VTEP source loopback ("" where the platform takes none), as each platform names them.</summary>
            private static (string Port, string Uplink, string Loopback) FabricPorts(string platform) => platform switch
            {
                "arista-eos" => ("Ethernet1", "Ethernet49/1", "Loopback1"),
                "cisco-nxos" => ("Ethernet1/1", "Ethernet1/49", "loopback1"),
                "juniper-junos" => ("xe-0/0/1", "et-0/0/48", "lo0.0"),
                "sonic" => ("Ethernet0", "Ethernet120", ""),
                _ => ("swp1", "swp51", ""),
            };

            private static readonly string[] CloudPlatforms = { "aws", "azure-nsg", "gcp-firewall" };

            /// <summary>Services the padding flows add, in order; never used by the module flows between zones.</summary>
            private static readonly string[] PaddingServices = { "ssh", "https", "dns", "ping", "pmtud", "metrics", "syslog", "ntp" };

            private static readonly string[] GlobalServices =
            {
                "service ssh = tcp/22",
                "service https = tcp/443",
                "service dns = udp/53, tcp/53",
                "service ntp = udp/123",
                "service syslog = udp/514",
                "service telnet = tcp/23",
                "ports metrics-ports = 9100, 9400",
                "service metrics = tcp/metrics-ports",
                "service ping = icmp echo-request, icmpv6 echo-request",
                "service pmtud = icmp destination-unreachable code 4, icmpv6 packet-too-big",
                "service icmp-all = icmp, icmpv6",
                "service roce = udp/4791",
                "ports nccl-ports = 29500-29510",
                "service nccl = tcp/nccl-ports",
                "service esp = proto 50",
                "service diameter = sctp/3868",
                "service everything = any",
                "service dev-access = ssh, https",
                "service basics = dns, ntp, icmp-all",
            };

            private static readonly string[] Internet =
            {
                "external internet {",
                "  description \"Everything not owned by an internal zone\"",
                "  subnet 0.0.0.0/0, ::/0",
                "}",
            };

            private static readonly string[] Classes =
            {
                "# Traffic classes: DSCP values, queues and PCPs are unique. rdma and storage-rdma are the",
                "# only lossless classes (PFC priorities 3 and 4); bandwidth shares add up to 95%.",
                "class rdma {",
                "  dscp 26",
                "  queue 3",
                "  pcp 3",
                "  lossless",
                "  bandwidth 40%",
                "  ecn {",
                "    min 150KB",
                "    max 1500KB",
                "    probability 20%",
                "  }",
                "  description \"RoCEv2 GPU-to-GPU traffic with PFC and DCQCN marking\"",
                "}",
                "",
                "class storage-rdma {",
                "  dscp cs3",
                "  queue 4",
                "  pcp 4",
                "  lossless",
                "  bandwidth 20%",
                "  ecn {",
                "    min 100KB",
                "    max 1MB",
                "    probability 10%",
                "  }",
                "  description \"NVMe over RoCE to the storage fabric\"",
                "}",
                "",
                "class storage-io {",
                "  dscp af21",
                "  queue 2",
                "  pcp 2",
                "  bandwidth 15%",
                "  description \"Dataset reads and checkpoint writes\"",
                "}",
                "",
                "class interactive {",
                "  dscp af41",
                "  queue 5",
                "  pcp 5",
                "  bandwidth 10%",
                "}",
                "",
                "class control {",
                "  dscp cs6",
                "  queue 7",
                "  pcp 7",
                "  strict",
                "  description \"Routing protocols and fabric control\"",
                "}",
                "",
                "class telemetry {",
                "  dscp 16",
                "  queue 6",
                "  pcp 6",
                "  bandwidth 5%",
                "}",
                "",
                "class bulk {",
                "  dscp cs1",
                "  queue 1",
                "  pcp 1",
                "  bandwidth 5%",
                "  description \"Scavenger: exports and partner feeds\"",
                "}",
                "",
                "class best-effort {",
                "  dscp be",
                "  queue 0",
                "  pcp 0",
                "}",
            };

            private static string ZoneDescription(Module m) => m.Role switch
            {
                "training" => "GPU training cluster " + m.Index + " on the RoCEv2 fabric",
                "storage" => "Dataset and checkpoint storage " + m.Index,
                "pii" => "PII vault " + m.Index + "; every access is logged",
                _ => m.Kind switch
                {
                    ZoneKind.Kubernetes => "Kubernetes workloads for " + m.Role + " (" + m.Index + ")",
                    ZoneKind.Cloud => "Cloud network " + m.Index + " reached over a private interconnect",
                    _ => "The " + m.Role + " systems of module " + m.Index,
                },
            };

            private static string SegmentDescription(string segment, int index) => segment switch
            {
                "gpu-pod1" => "GPU servers in pod 1 (RDMA NICs)",
                "gpu-pod2" => "GPU servers in pod 2 (RDMA NICs)",
                "mgmt" => "Out-of-band management of module " + index,
                "serving" => "Model-server pods",
                "gateway" => "Gateway pods in front of the model servers",
                _ => "The " + segment + " hosts of module " + index,
            };

            private static string LabelValue(string key, Module m, Random rng) => key switch
            {
                "team" => Teams[rng.Next(Teams.Length)],
                "tier" => m.Role,
                "cost-center" => "CC-" + (4000 + rng.Next(1000)),
                "env" => rng.Next(4) == 0 ? "staging" : "production",
                _ => m.Role == "pii" ? "pii" : "internal",
            };
        }
    }
}
