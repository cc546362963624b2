using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.LanguageServer.Features
{
    /// <summary>Markdown describing what a name resolves to, from the bound model.</summary>
    public static class HoverText
    {
        private const int MaxListed = 16;

        public static string Describe(Symbol symbol)
        {
            var sb = new StringBuilder();
            switch (symbol)
            {
                case ZoneSymbol zone:
                    Header(sb, (zone.IsExternal ? "external " : "zone ") + zone.Name);
                    Line(sb, "prefixes", List(zone.AllPrefixes.Select(p => p.ToString()), "none"));
                    if (zone.Segments.Count > 0) Line(sb, "segments", List(zone.Segments.Select(s => s.Name), "none"));
                    Description(sb, zone.Description);
                    break;
                case SegmentSymbol segment:
                    Header(sb, "segment " + segment.QualifiedName);
                    if (segment.Vlan is { } vlan) Line(sb, "VLAN", Number(vlan.Value));
                    if (segment.Vni is { } vni) Line(sb, "VNI", Number(vni.Value));
                    Line(sb, "prefixes", List(segment.Prefixes.Select(p => p.Value.ToString()), "none"));
                    Line(sb, "MTU", segment.Mtu is { } mtu ? Number(mtu.Value) : "1500 (default)");
                    if (segment.KubernetesNamespace != null)
                        Line(sb, "kubernetes", "namespace \"" + segment.KubernetesNamespace + "\"" + (segment.KubernetesSelector != null ? " selector \"" + segment.KubernetesSelector + "\"" : ""));
                    Description(sb, segment.Description);
                    break;
                case ServiceSymbol service:
                    Header(sb, "service " + service.Name);
                    Line(sb, "matches", List(service.Matches.Select(m => m.ToString()), "nothing"));
                    break;
                case TrafficClassSymbol cls:
                    Header(sb, "class " + cls.Name);
                    Line(sb, "DSCP", cls.Dscp is { } dscp ? Number(dscp.Value) : "not set");
                    Line(sb, "queue", Number(cls.EffectiveQueue) + (cls.Queue == null ? " (not set)" : ""));
                    if (cls.Pcp is { } pcp) Line(sb, "PCP", Number(pcp.Value));
                    if (cls.Lossless) Line(sb, "lossless", "yes (PFC)");
                    if (cls.Strict) Line(sb, "scheduling", "strict priority");
                    if (cls.Bandwidth is { } bw) Line(sb, "bandwidth", Number(bw.Value) + "%");
                    if (cls.Ecn is { } ecn)
                    {
                        var parts = new List<string>();
                        if (ecn.MinBytes is { } min) parts.Add("min " + min.Value.ToString(CultureInfo.InvariantCulture) + " B");
                        if (ecn.MaxBytes is { } max) parts.Add("max " + max.Value.ToString(CultureInfo.InvariantCulture) + " B");
                        if (ecn.Probability is { } prob) parts.Add("probability " + Number(prob.Value) + "%");
                        Line(sb, "ECN", parts.Count > 0 ? string.Join(", ", parts) : "on");
                    }
                    Description(sb, cls.Description);
                    break;
                case PrefixListSymbol prefixes:
                    Header(sb, "prefixes " + prefixes.Name);
                    Line(sb, "prefixes", List(prefixes.Prefixes.Select(p => p.Value.ToString()), "none"));
                    break;
                case PortListSymbol ports:
                    Header(sb, "ports " + ports.Name);
                    Line(sb, "ports", List(ports.Ranges.Select(r => Range(r.Value)), "none"));
                    break;
                case TargetSymbol target:
                    Header(sb, "target " + target.Name + " " + target.Platform.Value);
                    if (PolicyLang.Platforms.PlatformRegistry.Describe(target.Platform.Value) is { } platform) Line(sb, "platform", platform.DisplayName);
                    Line(sb, "zones", List(target.Zones.Select(z => z.Name), "none"));
                    Line(sb, "devices", List(target.Devices.Select(d => d.Value), "none"));
                    if (target.Mode is { } mode) Line(sb, "mode", mode.Value);
                    foreach (var option in target.Options) Line(sb, "option " + option.Name.Value, option.Value.Value);
                    Description(sb, target.Description);
                    break;
                case PolicyHeader header:
                    Header(sb, "policy " + header.Name);
                    if (header.Version != null) Line(sb, "version", header.Version);
                    if (header.Owner != null) Line(sb, "owner", header.Owner);
                    Line(sb, "default", header.DefaultAction == FlowAction.Allow ? "allow" : "deny");
                    Description(sb, header.Description);
                    break;
                default:
                    Header(sb, symbol.ToString());
                    break;
            }
            return sb.ToString().TrimEnd();
        }

        private static void Header(StringBuilder sb, string text) => sb.Append("```netpolicy\n").Append(text).Append("\n```\n");

        private static void Line(StringBuilder sb, string label, string value) =>
            sb.Append("- **").Append(label).Append("**: ").Append(Escape(value)).Append('\n');

        private static void Description(StringBuilder sb, string? description)
        {
            if (!string.IsNullOrEmpty(description)) sb.Append('\n').Append(Escape(description!)).Append('\n');
        }

        private static string List(IEnumerable<string> items, string empty)
        {
            var all = items.ToList();
            if (all.Count == 0) return empty;
            var shown = string.Join(", ", all.Take(MaxListed));
            return all.Count > MaxListed ? shown + ", … (" + (all.Count - MaxListed).ToString(CultureInfo.InvariantCulture) + " more)" : shown;
        }

        private static string Range(Interval r) =>
            r.Start == r.End ? r.Start.ToString(CultureInfo.InvariantCulture) : r.Start.ToString(CultureInfo.InvariantCulture) + "-" + r.End.ToString(CultureInfo.InvariantCulture);

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>Keeps policy text from being read as Markdown markup.</summary>
        private static string Escape(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (c == '\r' || c == '\n') { sb.Append(' '); continue; }
                if ("\\`*_{}[]<>#|!".IndexOf(c) >= 0) sb.Append('\\');
                sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
