using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Sockets;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.E2E.Lab;
using PolicyLang.Emit;
using PolicyLang.Semantics;

namespace PolicyLang.E2E
{
    /// <summary>
    /// Turns a compiled policy into test hosts: one namespace per segment (or per zone without segments), with an
    /// address of each family the site has, all behind the gateway that loads the target's compiled ruleset.
    /// The compiler's own verdict (<see cref="Analysis.FlowSpace.Evaluate"/>) is the oracle the kernel must agree with.
    /// </summary>
    internal sealed class PolicyLab
    {
        private static readonly string[] PreferredV4 = { "198.51.100.20", "203.0.113.20", "192.0.2.20", "8.8.8.8" };
        private static readonly string[] PreferredV6 = { "2001:db8:feed::20", "2001:db8::20", "2606:4700::1111" };

        public PolicyLab(PolicyCompilation compilation, string targetName)
        {
            Compilation = compilation;
            Target = compilation.Model.FindTarget(targetName) ?? throw new ArgumentException("no target " + targetName);
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { targetName });
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
            Ruleset = result.Artifacts.Single().Content;
            var context = new TargetContext(compilation, Target, new List<Diagnostics.Diagnostic>());
            Flows = context.RelevantFlows;
            foreach (var flow in Flows)
                foreach (var e in new[] { flow.Source, flow.Destination })
                    if (!e.IsAny) AddSites(e.Zone!);
        }

        public PolicyCompilation Compilation { get; }
        public TargetSymbol Target { get; }
        public string Ruleset { get; }
        public IReadOnlyList<FlowRule> Flows { get; }
        public List<Site> Sites { get; } = new List<Site>();

        public sealed class Site
        {
            public Site(string name, ZoneSymbol zone, SegmentSymbol? segment, string? v4, string? v6, int v4Length, int v6Length)
            {
                Name = name;
                Zone = zone;
                Segment = segment;
                V4 = v4;
                V6 = v6;
                V4Length = v4Length;
                V6Length = v6Length;
            }

            public string Name { get; }
            public ZoneSymbol Zone { get; }
            public SegmentSymbol? Segment { get; }
            public string? V4 { get; }
            public string? V6 { get; }
            public int V4Length { get; }
            public int V6Length { get; }

            public string? Address(AddressFamily family) => family == AddressFamily.InterNetwork ? V4 : V6;

            public LabZone ToLabZone()
            {
                var addresses = new List<string>();
                if (V4 != null) addresses.Add(V4 + "/" + V4Length.ToString(CultureInfo.InvariantCulture));
                if (V6 != null) addresses.Add(V6 + "/" + V6Length.ToString(CultureInfo.InvariantCulture));
                return new LabZone(Name, addresses);
            }
        }

        private void AddSites(ZoneSymbol zone)
        {
            if (Sites.Any(s => s.Zone == zone)) return;
            if (zone.Segments.Count > 0)
            {
                foreach (var segment in zone.Segments) AddSite(segment.QualifiedName, zone, segment, segment.Prefixes.Select(p => p.Value).ToList());
                return;
            }
            if (!zone.IsExternal)
            {
                AddSite(zone.Name, zone, null, zone.Subnets.Select(p => p.Value).ToList());
                return;
            }
            var owned = Compilation.Addresses.Of(zone);
            var v4 = PreferredV4.FirstOrDefault(a => owned.Contains(IpAddress128.Parse(a)));
            var v6 = PreferredV6.FirstOrDefault(a => owned.Contains(IpAddress128.Parse(a)));
            Sites.Add(new Site(zone.Name, zone, null, v4, v6, 24, 64));
        }

        private void AddSite(string name, ZoneSymbol zone, SegmentSymbol? segment, List<IpPrefix> prefixes)
        {
            var v4 = prefixes.FirstOrDefault(p => p.IsIPv4);
            var v6 = prefixes.FirstOrDefault(p => !p.IsIPv4 && p.FamilyLength <= 124);
            Sites.Add(new Site(name, zone, segment,
                v4.FamilyLength > 0 ? Host(v4) : null, v6.FamilyLength > 0 ? Host(v6) : null,
                v4.FamilyLength, v6.FamilyLength));
        }

        /// <summary>The fifth address of a prefix: the lab gives the gateway the first one.</summary>
        private static string Host(IpPrefix prefix)
        {
            var first = prefix.First;
            return new IpAddress128(first.High, first.Low + 5).ToString();
        }

        /// <summary>A site of an endpoint: the segment's, else the zone's first, else (for 'any') null.</summary>
        public Site? SiteOf(Endpoint endpoint) =>
            endpoint.IsAny ? null : Sites.FirstOrDefault(s => endpoint.Segment != null ? s.Segment == endpoint.Segment : s.Zone == endpoint.Zone);

        /// <summary>What the compiler says about one packet between two sites.</summary>
        /// <param name="sourcePort">The client's port; a probe that does not choose one is judged from an ephemeral port.</param>
        public FlowAction Verdict(Site from, Site to, AddressFamily family, int protocol, int port, int icmpType = 0, int sourcePort = Packet.EphemeralPort)
        {
            var packet = new Packet(IpAddress128.Parse(from.Address(family)!), IpAddress128.Parse(to.Address(family)!),
                (byte)protocol, (ushort)port, (byte)icmpType, 0, (ushort)sourcePort);
            return Compilation.Flows.Evaluate(packet).Verdict;
        }
    }
}
