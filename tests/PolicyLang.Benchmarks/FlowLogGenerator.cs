using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Benchmarks
{
    /// <summary>
    /// Writes an AWS VPC flow log (default version 2 format, with its header) for measuring <c>policyc audit</c> end to end:
    /// seven in ten records follow a flow of the policy (addresses of its endpoints, a port of its services), the rest go
    /// between random zones on the flows' ports or any port, one in a hundred from an address no zone owns; ACCEPT and
    /// REJECT; a thousand records a second. Deterministic (seed 42).
    /// </summary>
    public static class FlowLogGenerator
    {
        public static void Write(string policyPath, long records, string output)
        {
            var compilation = PolicyLang.Semantics.PolicyCompilation.Create(new[] { PolicyLang.Syntax.PolicySyntaxTree.Parse(File.ReadAllText(policyPath), policyPath) });
            var zones = compilation.Model.Zones.Where(z => !z.IsExternal)
                .Select(z => compilation.Addresses.Of(z).Ranges.Where(r => r.First.IsIPv4Mapped).ToArray()).Where(r => r.Length > 0).ToArray();
            var ports = compilation.Model.Flows.SelectMany(f => f.Services).Where(s => s.Ports != null).SelectMany(s => s.Ports!).Select(p => (int)p.Start).Distinct().OrderBy(p => p).ToArray();
            if (ports.Length == 0) ports = new[] { 443 };
            var flows = compilation.Model.Flows
                .Where(f => !f.Source.IsAny && !f.Destination.IsAny)
                .Select(f => (Src: compilation.Addresses.Of(f.Source).Ranges.Where(r => r.First.IsIPv4Mapped).ToArray(),
                    Dst: compilation.Addresses.Of(f.Destination).Ranges.Where(r => r.First.IsIPv4Mapped).ToArray(),
                    Ports: f.Services.Where(s => s.Protocol == 6 && s.Ports != null).SelectMany(s => s.Ports!).Select(p => (int)p.Start).ToArray()))
                .Where(f => f.Src.Length > 0 && f.Dst.Length > 0 && f.Ports.Length > 0).ToArray();
            var random = new Random(42);
            string Address(AddressRange[] ranges)
            {
                var r = ranges[random.Next(ranges.Length)];
                ulong span = r.Last.Low - r.First.Low;
                ulong offset = span == 0 ? 0 : (ulong)(random.NextDouble() * span);
                return IpAddress128.FromIPv4((uint)(r.First.IPv4Value + offset)).ToString();
            }
            const long start = 1796342400; // 2026-12-04T00:00:00Z
            using var writer = new StreamWriter(output, false, new UTF8Encoding(false), 1 << 20);
            writer.Write("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n");
            var sb = new StringBuilder(160);
            for (long i = 0; i < records; i++)
            {
                sb.Clear();
                string src, dst;
                int port;
                if (flows.Length > 0 && random.Next(10) < 7)
                {
                    var f = flows[random.Next(flows.Length)];
                    src = Address(f.Src);
                    dst = Address(f.Dst);
                    port = f.Ports[random.Next(f.Ports.Length)];
                }
                else
                {
                    bool foreign = random.Next(100) == 0;
                    src = foreign ? "198.51.100." + random.Next(1, 255).ToString(CultureInfo.InvariantCulture) : Address(zones[random.Next(zones.Length)]);
                    dst = Address(zones[random.Next(zones.Length)]);
                    port = random.Next(10) < 8 ? ports[random.Next(ports.Length)] : random.Next(1, 65536);
                }
                long t = start + i / 1000;
                sb.Append("2 123456789012 eni-0a1b2c3d ").Append(src).Append(' ').Append(dst).Append(' ')
                  .Append(random.Next(32768, 61000).ToString(CultureInfo.InvariantCulture)).Append(' ').Append(port.ToString(CultureInfo.InvariantCulture))
                  .Append(" 6 ").Append(random.Next(1, 50).ToString(CultureInfo.InvariantCulture)).Append(' ')
                  .Append(random.Next(60, 90000).ToString(CultureInfo.InvariantCulture)).Append(' ').Append(t.ToString(CultureInfo.InvariantCulture)).Append(' ')
                  .Append((t + 60).ToString(CultureInfo.InvariantCulture)).Append(random.Next(4) == 0 ? " REJECT OK\n" : " ACCEPT OK\n");
                writer.Write(sb.ToString());
            }
        }
    }
}
