using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Parsing;
using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    internal sealed partial class Binder
    {
        /// <summary>The value of a plain number token, or null (reported) when it is outside [min, max].</summary>
        private int? Ranged(BindingContext c, SyntaxToken token, long min, long max, DiagnosticDescriptor descriptor, Func<string, object[]> args)
        {
            var value = NumberSyntax.ValueOf(token.Text);
            if (value == null || value.Value < (ulong)min || value.Value > (ulong)max)
            {
                Report(descriptor, c.Location(token), args(NumberSyntax.DigitsOf(token.Text)));
                return null;
            }
            return (int)value.Value;
        }

        private Located<int>? RangedLocated(BindingContext c, SyntaxToken token, long min, long max, DiagnosticDescriptor descriptor, Func<string, object[]> args)
        {
            var v = Ranged(c, token, min, max, descriptor, args);
            return v == null ? (Located<int>?)null : new Located<int>(v.Value, c.Location(token));
        }

        /// <summary>A size in bytes: KB, MB and GB are powers of 1024, as switch buffer thresholds are.</summary>
        private Located<ulong>? Size(BindingContext c, SyntaxToken token, string what)
        {
            var value = NumberSyntax.ValueOf(token.Text);
            ulong multiplier = NumberSyntax.UnitOf(token.Text) switch { "KB" => 1024UL, "MB" => 1024UL * 1024, "GB" => 1024UL * 1024 * 1024, _ => 1UL };
            const ulong max = 4UL * 1024 * 1024 * 1024;
            if (value == null || value.Value == 0 || value.Value > max / multiplier)
            {
                Report(DiagnosticCatalog.SizeOutOfRange, c.Location(token), what, token.Text);
                return null;
            }
            return new Located<ulong>(value.Value * multiplier, c.Location(token));
        }

        private Located<int>? Percent(BindingContext c, SyntaxToken token, string what) =>
            RangedLocated(c, token, 1, 100, DiagnosticCatalog.PercentOutOfRange, found => new object[] { what, "1-100%", found + "%" });

        /// <summary>Settings of a block by keyword; a keyword that takes one value and appears twice is reported.</summary>
        private Dictionary<string, SettingSyntax> SingleSettings(BindingContext c, IEnumerable<SyntaxNode> items, string owner, params string[] repeatable)
        {
            var result = new Dictionary<string, SettingSyntax>(StringComparer.Ordinal);
            foreach (var s in items.OfType<SettingSyntax>())
            {
                var k = s.Keyword.Text;
                if (Array.IndexOf(repeatable, k) >= 0) continue;
                if (result.ContainsKey(k)) Report(DiagnosticCatalog.DuplicateSetting, c.Location(s.Keyword), k, owner);
                else result[k] = s;
            }
            return result;
        }

        private void BindPolicyHeader(BindingContext c, PolicyHeader header)
        {
            var d = (BlockDeclarationSyntax)c.Declaration;
            var settings = SingleSettings(c, d.Body.Items, "policy '" + header.Name + "'");
            if (settings.TryGetValue("version", out var v)) header.Version = StringSyntax.Unquote(((SyntaxToken)v.Argument(0)!).Text);
            if (settings.TryGetValue("owner", out var o)) header.Owner = StringSyntax.Unquote(((SyntaxToken)o.Argument(0)!).Text);
            if (settings.TryGetValue("description", out var s)) header.Description = StringSyntax.Unquote(((SyntaxToken)s.Argument(0)!).Text);
            if (settings.TryGetValue("default", out var a)) header.DefaultAction = ((SyntaxToken)a.Argument(0)!).Text == "allow" ? FlowAction.Allow : FlowAction.Deny;
            if (settings.TryGetValue("expiry-warning", out var w)
                && Ranged(c, (SyntaxToken)w.Argument(0)!, 0, 3650, DiagnosticCatalog.ExpiryWarningOutOfRange, f => new object[] { ((SyntaxToken)w.Argument(0)!).Text }) is { } days)
                header.ExpiryWarningDays = days;
        }

        private Located<IpPrefix>? ReadPrefix(BindingContext c, SyntaxToken token)
        {
            if (!IpPrefix.TryParse(token.Text, out var prefix, out var hostBits)) return null;
            if (hostBits) Report(DiagnosticCatalog.PrefixHostBits, c.Location(token), token.Text, prefix.ToString());
            return new Located<IpPrefix>(prefix, c.Location(token));
        }

        /// <summary>Prefixes and prefix-list names, expanded.</summary>
        private List<Located<IpPrefix>> ReadPrefixes(BindingContext c, SeparatedListSyntax list, List<Symbol>? path = null)
        {
            path ??= new List<Symbol>();
            var result = new List<Located<IpPrefix>>();
            foreach (var item in list.Items.OfType<SyntaxToken>())
            {
                if (item.Kind == SyntaxKind.AddressToken)
                {
                    var p = ReadPrefix(c, item);
                    if (p != null) result.Add(p.Value);
                }
                else
                {
                    var named = Resolve<PrefixListSymbol>(SymbolKind.PrefixList, item, c);
                    // Each prefix is located at this reference, so diagnostics about it point where it is used.
                    if (named != null) result.AddRange(ResolvePrefixList(named, path).Select(p => new Located<IpPrefix>(p.Value, c.Location(item))));
                }
            }
            return result;
        }

        private readonly Dictionary<Symbol, bool> _resolved = new Dictionary<Symbol, bool>();

        /// <summary>
        /// Marks a symbol as being resolved; false when it already is, which means a cycle (reported once, at the
        /// symbol that closes it).
        /// </summary>
        private bool Enter(Symbol symbol, List<Symbol> path, out bool done)
        {
            done = false;
            if (_resolved.TryGetValue(symbol, out var finished))
            {
                done = finished;
                if (!finished && _cycleReported.Add(symbol))
                {
                    var names = path.SkipWhile(s => s != symbol).Select(s => s.Name).Concat(new[] { symbol.Name });
                    Report(DiagnosticCatalog.ReferenceCycle, symbol.Location, Symbol.Describe(symbol.Kind), symbol.Name, string.Join(" -> ", names));
                }
                return false;
            }
            _resolved[symbol] = false;
            path.Add(symbol);
            return true;
        }

        private void Leave(Symbol symbol, List<Symbol> path)
        {
            path.RemoveAt(path.Count - 1);
            _resolved[symbol] = true;
        }

        private readonly HashSet<Symbol> _cycleReported = new HashSet<Symbol>();

        private IReadOnlyList<Located<IpPrefix>> ResolvePrefixList(PrefixListSymbol symbol, List<Symbol> path)
        {
            if (!Enter(symbol, path, out var done)) return done ? symbol.Prefixes : Array.Empty<Located<IpPrefix>>();
            var c = _contexts[symbol];
            symbol.Prefixes = c.Declaration is ListDeclarationSyntax list ? ReadPrefixes(c, list.Items, path) : new List<Located<IpPrefix>>();
            Leave(symbol, path);
            return symbol.Prefixes;
        }

        private IReadOnlyList<Located<Interval>> ResolvePortList(PortListSymbol symbol, List<Symbol> path)
        {
            if (!Enter(symbol, path, out var done)) return done ? symbol.Ranges : Array.Empty<Located<Interval>>();
            var c = _contexts[symbol];
            var ranges = new List<Located<Interval>>();
            if (c.Declaration is ListDeclarationSyntax list)
                foreach (var item in list.Items.Items) ranges.AddRange(ReadPortRef(c, item, path));
            symbol.Ranges = ranges;
            Leave(symbol, path);
            return symbol.Ranges;
        }

        private IEnumerable<Located<Interval>> ReadPortRef(BindingContext c, SyntaxElement item, List<Symbol>? path = null)
        {
            if (item is SyntaxToken name)
            {
                var list = Resolve<PortListSymbol>(SymbolKind.PortList, name, c);
                return list != null ? ResolvePortList(list, path ?? new List<Symbol>()) : Array.Empty<Located<Interval>>();
            }
            var node = (SyntaxNode)item;
            var lo = (SyntaxToken)node.Children[0];
            var hi = node.Children.Count > 2 ? (SyntaxToken)node.Children[2] : lo;
            var start = Ranged(c, lo, 0, 65535, DiagnosticCatalog.PortOutOfRange, f => new object[] { f });
            var end = ReferenceEquals(hi, lo) ? start : Ranged(c, hi, 0, 65535, DiagnosticCatalog.PortOutOfRange, f => new object[] { f });
            if (start == null || end == null) return Array.Empty<Located<Interval>>();
            if (start > end)
            {
                Report(DiagnosticCatalog.PortRangeReversed, c.Location(node), start.Value, end.Value);
                return Array.Empty<Located<Interval>>();
            }
            return new[] { new Located<Interval>(new Interval((ulong)start.Value, (ulong)end.Value), c.Location(node)) };
        }

        private IReadOnlyList<ServiceMatch> ResolveService(ServiceSymbol symbol, List<Symbol> path)
        {
            if (!Enter(symbol, path, out var done)) return done ? symbol.Matches : Array.Empty<ServiceMatch>();
            var c = _contexts[symbol];
            symbol.Matches = c.Declaration is ListDeclarationSyntax list ? ReadServices(c, list.Items, path) : new List<ServiceMatch>();
            Leave(symbol, path);
            return symbol.Matches;
        }

        private List<ServiceMatch> ReadServices(BindingContext c, SeparatedListSyntax list, List<Symbol>? path = null)
        {
            var result = new List<ServiceMatch>();
            foreach (var item in list.Items)
            {
                if (item is SyntaxToken name)
                {
                    var service = Resolve<ServiceSymbol>(SymbolKind.Service, name, c);
                    if (service != null) result.AddRange(ResolveService(service, path ?? new List<Symbol>()));
                }
                else
                {
                    var m = ReadProtocolMatch(c, (SyntaxNode)item);
                    if (m != null) result.Add(m);
                }
            }
            return result;
        }

        private ServiceMatch? ReadProtocolMatch(BindingContext c, SyntaxNode node)
        {
            var keyword = (SyntaxToken)node.Children[0];
            var location = c.Location(node);
            switch (keyword.Text)
            {
                case "any":
                    return new ServiceMatch(null, null, null, null, location);
                case "proto":
                    var number = Ranged(c, (SyntaxToken)node.Children[1], 0, 255, DiagnosticCatalog.ProtocolOutOfRange, f => new object[] { f });
                    return number == null ? null : new ServiceMatch(number, null, null, null, location);
                case "tcp":
                case "udp":
                case "sctp":
                    int protocol = keyword.Text == "tcp" ? ServiceMatch.Tcp : keyword.Text == "udp" ? ServiceMatch.Udp : ServiceMatch.Sctp;
                    if (node.Children.Count < 3) return new ServiceMatch(protocol, null, null, null, location);
                    var ranges = ReadPortRef(c, node.Children[2]).Select(r => r.Value).ToList();
                    if (ranges.Count == 0) return null;
                    if (node.Children.Count < 5) return new ServiceMatch(protocol, ranges, null, null, location);
                    // tcp/SOURCE -> DESTINATION: the first ports are the source's.
                    if (node.Children[4] is SyntaxToken { Text: "any" })
                        return new ServiceMatch(protocol, null, null, null, location, sourcePorts: ranges);
                    var destination = ReadPortRef(c, node.Children[4]).Select(r => r.Value).ToList();
                    return destination.Count == 0 ? null : new ServiceMatch(protocol, destination, null, null, location, sourcePorts: ranges);
                default:
                    bool v6 = keyword.Text == "icmpv6";
                    int icmp = v6 ? ServiceMatch.Icmpv6 : ServiceMatch.Icmp;
                    if (node.Children.Count < 2) return new ServiceMatch(icmp, null, null, null, location);
                    var typeToken = (SyntaxToken)node.Children[1];
                    int? type;
                    if (typeToken.Kind == SyntaxKind.NumberToken)
                    {
                        type = Ranged(c, typeToken, 0, 255, DiagnosticCatalog.IcmpOutOfRange, f => new object[] { "type", f });
                    }
                    else
                    {
                        var table = v6 ? WellKnownNames.Icmpv6Types : WellKnownNames.IcmpTypes;
                        if (table.TryGetValue(typeToken.Text, out var t)) type = t;
                        else
                        {
                            Report(DiagnosticCatalog.IcmpTypeFamily, c.Location(typeToken), typeToken.Text, v6 ? "ICMPv6" : "ICMP (IPv4)",
                                v6 ? "; it exists only in ICMP for IPv4" : "; it exists only in ICMPv6");
                            type = null;
                        }
                    }
                    if (type == null) return null;
                    int? code = null;
                    if (node.Children.Count >= 4)
                    {
                        code = Ranged(c, (SyntaxToken)node.Children[3], 0, 255, DiagnosticCatalog.IcmpOutOfRange, f => new object[] { "code", f });
                        if (code == null) return null;
                    }
                    return new ServiceMatch(icmp, null, type, code, location);
            }
        }

        private void BindClass(TrafficClassSymbol symbol)
        {
            var c = _contexts[symbol];
            var body = ((BlockDeclarationSyntax)c.Declaration).Body;
            var owner = "class '" + symbol.Name + "'";
            var settings = SingleSettings(c, body.Items, owner);
            if (settings.TryGetValue("dscp", out var dscp))
            {
                var token = (SyntaxToken)dscp.Argument(0)!;
                if (token.Kind == SyntaxKind.NumberToken)
                    symbol.Dscp = RangedLocated(c, token, 0, 63, DiagnosticCatalog.DscpOutOfRange, f => new object[] { f });
                else
                    symbol.Dscp = new Located<int>(WellKnownNames.DscpValue(token.Text)!.Value, c.Location(token));
            }
            else
            {
                Report(DiagnosticCatalog.MissingSetting, symbol.Location, "class", symbol.Name, "dscp");
            }
            if (settings.TryGetValue("queue", out var q))
                symbol.Queue = RangedLocated(c, (SyntaxToken)q.Argument(0)!, 0, 7, DiagnosticCatalog.QueueOutOfRange, f => new object[] { "queue", f });
            if (settings.TryGetValue("pcp", out var pcp))
                symbol.Pcp = RangedLocated(c, (SyntaxToken)pcp.Argument(0)!, 0, 7, DiagnosticCatalog.QueueOutOfRange, f => new object[] { "802.1p priority (pcp)", f });
            symbol.Lossless = settings.ContainsKey("lossless");
            symbol.Strict = settings.ContainsKey("strict");
            if (settings.TryGetValue("bandwidth", out var bw)) symbol.Bandwidth = Percent(c, (SyntaxToken)bw.Argument(0)!, "bandwidth");
            if (settings.TryGetValue("description", out var desc)) symbol.Description = StringSyntax.Unquote(((SyntaxToken)desc.Argument(0)!).Text);
            if (settings.TryGetValue("ecn", out var ecn))
            {
                var block = (BlockSyntax)ecn.Argument(0)!;
                var e = SingleSettings(c, block.Items, "the ecn block of " + owner);
                symbol.Ecn = new EcnProfile(
                    e.TryGetValue("min", out var min) ? Size(c, (SyntaxToken)min.Argument(0)!, "ECN minimum threshold") : null,
                    e.TryGetValue("max", out var max) ? Size(c, (SyntaxToken)max.Argument(0)!, "ECN maximum threshold") : null,
                    e.TryGetValue("probability", out var p) ? Percent(c, (SyntaxToken)p.Argument(0)!, "ECN marking probability") : null,
                    c.Location(ecn));
            }
        }

        private void BindZone(ZoneSymbol zone)
        {
            var c = _contexts[zone];
            var body = ((BlockDeclarationSyntax)c.Declaration).Body;
            var owner = "zone '" + zone.Name + "'";
            var settings = SingleSettings(c, body.Items, owner, "segment", "subnet");
            if (settings.TryGetValue("description", out var desc)) zone.Description = StringSyntax.Unquote(((SyntaxToken)desc.Argument(0)!).Text);
            if (settings.TryGetValue("labels", out var labels))
            {
                var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var label in ((BlockSyntax)labels.Argument(0)!).Items)
                {
                    var key = (SyntaxToken)label.Children[0];
                    if (map.ContainsKey(key.Text)) Report(DiagnosticCatalog.DuplicateSetting, c.Location(key), key.Text, "the labels of " + owner);
                    else map[key.Text] = StringSyntax.Unquote(((SyntaxToken)label.Children[2]).Text);
                }
                zone.Labels = map;
            }
            var subnets = new List<Located<IpPrefix>>();
            var segments = new List<SegmentSymbol>();
            foreach (var s in body.Items.OfType<SettingSyntax>())
            {
                if (s.Keyword.Text == "subnet") subnets.AddRange(ReadPrefixes(c, (SeparatedListSyntax)s.Argument(0)!));
                if (s.Keyword.Text != "segment") continue;
                var nameToken = (SyntaxToken)s.Argument(0)!;
                if (segments.Any(x => x.Name == nameToken.Text))
                {
                    var first = segments.First(x => x.Name == nameToken.Text);
                    Report(DiagnosticCatalog.DuplicateDeclaration, c.Location(nameToken), "segment", zone.Name + "." + nameToken.Text, first.Location.Display);
                    continue;
                }
                var segment = new SegmentSymbol(zone, nameToken.Text, c.Location(nameToken), c.Declaration);
                BindSegment(c, segment, (BlockSyntax)s.Argument(1)!);
                segments.Add(segment);
            }
            zone.Subnets = subnets;
            zone.Segments = segments;
            zone.DeclaresSubnets = body.DescendantNodes().OfType<SettingSyntax>().Any(x => x.Keyword.Text == "subnet");
        }

        private void BindSegment(BindingContext c, SegmentSymbol segment, BlockSyntax body)
        {
            var settings = SingleSettings(c, body.Items, "segment '" + segment.QualifiedName + "'", "subnet");
            if (settings.TryGetValue("vlan", out var vlan))
                segment.Vlan = RangedLocated(c, (SyntaxToken)vlan.Argument(0)!, 1, 4094, DiagnosticCatalog.VlanOutOfRange, f => new object[] { f });
            if (settings.TryGetValue("vni", out var vni))
                segment.Vni = RangedLocated(c, (SyntaxToken)vni.Argument(0)!, 1, 16777215, DiagnosticCatalog.VniOutOfRange, f => new object[] { f });
            if (settings.TryGetValue("mtu", out var mtu))
                segment.Mtu = RangedLocated(c, (SyntaxToken)mtu.Argument(0)!, 68, 9216, DiagnosticCatalog.MtuOutOfRange, f => new object[] { f });
            if (settings.TryGetValue("description", out var desc)) segment.Description = StringSyntax.Unquote(((SyntaxToken)desc.Argument(0)!).Text);
            if (settings.TryGetValue("kubernetes", out var k8s))
            {
                segment.KubernetesNamespace = StringSyntax.Unquote(((SyntaxToken)k8s.Argument(1)!).Text);
                if (k8s.Argument(3) is SyntaxToken selector) segment.KubernetesSelector = StringSyntax.Unquote(selector.Text);
            }
            segment.Prefixes = body.Items.OfType<SettingSyntax>().Where(s => s.Keyword.Text == "subnet")
                .SelectMany(s => ReadPrefixes(c, (SeparatedListSyntax)s.Argument(0)!)).ToList();
        }
    }
}
