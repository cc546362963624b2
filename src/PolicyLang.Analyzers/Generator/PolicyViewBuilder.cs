using PolicyLang.Semantics;

namespace PolicyLang.Analyzers.Generator
{
    /// <summary>Binds the project's policies with Core and keeps what the C# view shows, as plain values.</summary>
    internal static class PolicyViewBuilder
    {
        public static PolicySetView Build(EquatableArray<PolicyFile> files, CancellationToken cancellationToken)
        {
            if (files.Count == 0) return new PolicySetView(EquatableArray<PolicyView>.Empty);
            var inputs = files.Select(f => new KeyValuePair<string, string>(f.Path, f.Text)).ToList();
            var (_, compilations) = PolicyInputs.Load(inputs, cancellationToken);
            var views = new List<PolicyView>();
            foreach (var c in compilations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (c.Trees.Count == 0) continue;
                views.Add(View(c));
            }
            return new PolicySetView(EquatableArray.From(views));
        }

        private static PolicyView View(PolicyCompilation compilation)
        {
            var model = compilation.Model;
            return new PolicyView(
                compilation.Name,
                EquatableArray.From(model.Zones.Select(Zone)),
                EquatableArray.From(model.Services.Select(Service)),
                EquatableArray.From(model.Classes.Select(Class)));
        }

        private static ZoneView Zone(ZoneSymbol z) => new ZoneView(
            z.Name,
            z.IsExternal,
            z.Description,
            EquatableArray.From(z.Subnets.Select(s => s.Value.ToString())),
            EquatableArray.From(z.Segments.Select(s => new SegmentView(
                s.Name,
                s.QualifiedName,
                s.Vlan?.Value,
                s.Vni?.Value,
                s.Mtu?.Value,
                EquatableArray.From(s.Prefixes.Select(p => p.Value.ToString())),
                s.Description))));

        private static ServiceView Service(ServiceSymbol s) => new ServiceView(
            s.Name,
            EquatableArray.From(s.Matches.Select(m => new MatchView(
                m.Protocol,
                m.Protocol is int p ? ServiceMatch.ProtocolName(p) : "any",
                EquatableArray.From((m.Ports ?? Array.Empty<Analysis.HeaderSpace.Interval>()).Select(r => new PortRangeView((int)r.Start, (int)r.End))),
                m.IcmpType,
                m.IcmpCode,
                m.ToString(),
                EquatableArray.From((m.SourcePorts ?? Array.Empty<Analysis.HeaderSpace.Interval>()).Select(r => new PortRangeView((int)r.Start, (int)r.End)))))));

        private static ClassView Class(TrafficClassSymbol c) => new ClassView(
            c.Name,
            c.Dscp?.Value,
            c.EffectiveQueue,
            c.Pcp?.Value,
            c.Lossless,
            c.Bandwidth?.Value,
            c.Description);
    }
}
