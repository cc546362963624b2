using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Platforms;
using PolicyLang.Parsing;
using PolicyLang.Syntax;

namespace PolicyLang.Semantics
{
    internal sealed partial class Binder
    {
        private Endpoint? ReadEndpoint(BindingContext c, SyntaxNode node)
        {
            var location = c.Location(node);
            // 'except' and its list, when present, are the last two children (a zone may itself be called "except").
            int baseCount = node.Children.Count;
            SeparatedListSyntax? except = null;
            if (baseCount >= 3 && node.Children[baseCount - 2] is SyntaxToken { Text: "except" } && node.Children[baseCount - 1] is SeparatedListSyntax list)
            {
                except = list;
                baseCount -= 2;
            }
            var first = (SyntaxToken)node.Children[0];
            if (first.Kind == SyntaxKind.AddressToken || (baseCount == 1 && first.Text != "any" && !_tables[SymbolKind.Zone].ContainsKey(first.Text)
                && _tables[SymbolKind.PrefixList].ContainsKey(first.Text)))
                return ReadAddressEndpoint(c, node, first, except);
            if (first.Text == "any" && baseCount == 1)
            {
                if (except == null) return new Endpoint(null, null, location);
                // 'any except …': every address but those; no zone carries it alone, so every target carries it, as 'any'.
                var (left, leftText) = ReadExcept(c, except, AddressRangeSet.All, "any");
                if (left == null) return null;
                var rest = AddressRangeSet.All.Except(left);
                if (rest.IsEmpty)
                {
                    Report(DiagnosticCatalog.EndpointEmpty, location, "'any except " + leftText + "'", "any");
                    return null;
                }
                return new Endpoint(null, null, location) { Restriction = rest, Text = "any except " + leftText };
            }
            if (baseCount == 1 && _tables[SymbolKind.Zone].TryGetValue(first.Text, out var z) && _tables[SymbolKind.PrefixList].TryGetValue(first.Text, out var pl))
            {
                Report(DiagnosticCatalog.ZoneOrPrefixList, c.Location(first), first.Text, z.Location.Display, pl.Location.Display);
                return null;
            }
            var zone = Resolve<ZoneSymbol>(SymbolKind.Zone, first, c, _tables[SymbolKind.PrefixList].Count > 0 ? "zone or prefix list" : null);
            if (zone == null) return null;
            SegmentSymbol? segment = null;
            if (baseCount >= 3)
            {
                var segmentToken = (SyntaxToken)node.Children[2];
                if (_broken.Contains(zone)) return null;
                segment = zone.FindSegment(segmentToken.Text);
                if (segment == null)
                {
                    var suggestion = Suggest(segmentToken.Text, zone.Segments.Select(s => s.Name));
                    Report(DiagnosticCatalog.UnknownName, c.Location(segmentToken), "segment", zone.Name + "." + segmentToken.Text,
                        suggestion != null ? "; did you mean '" + suggestion + "'?" : "");
                    return null;
                }
                AddReference(segment, c.Location(segmentToken));
            }
            var plain = new Endpoint(zone, segment, location);
            if (except == null) return plain;
            var (excluded, excludedText) = ReadExcept(c, except, Ownership.Of(plain), plain.ToString());
            if (excluded == null) return null;
            var remaining = Ownership.Of(plain).Except(excluded);
            if (remaining.IsEmpty)
            {
                Report(DiagnosticCatalog.EndpointEmpty, location, "'" + plain + " except " + excludedText + "'", plain.ToString());
                return null;
            }
            // The zone carries the flow; the segment is only part of the text: a narrowed endpoint is its addresses.
            return new Endpoint(zone, null, location) { Restriction = remaining, Text = plain + " except " + excludedText };
        }

        private AddressOwnership? _ownership;

        /// <summary>Which zone owns which addresses, from the zones bound so far (they are bound before flows).</summary>
        private AddressOwnership Ownership => _ownership ??= new AddressOwnership(new PolicyModel { Zones = Table<ZoneSymbol>(SymbolKind.Zone).ToList() });

        /// <summary>A prefix or prefix list as an endpoint: it must lie inside one zone, which then carries the flow.</summary>
        private Endpoint? ReadAddressEndpoint(BindingContext c, SyntaxElement node, SyntaxToken first, SeparatedListSyntax? except)
        {
            var location = c.Location(node);
            AddressRangeSet addresses;
            if (first.Kind == SyntaxKind.AddressToken)
            {
                var prefix = ReadPrefix(c, first);
                if (prefix == null) return null;
                addresses = Analysis.PacketSpace.FamilyMatch(prefix.Value.Value);
            }
            else
            {
                var list = Resolve<PrefixListSymbol>(SymbolKind.PrefixList, first, c);
                if (list == null) return null;
                addresses = Analysis.PacketSpace.FamilyMatch(list.Prefixes.Select(p => p.Value));
                if (addresses.IsEmpty) return null; // an empty or broken list is reported where it is declared
            }
            var text = first.Text;
            if (except != null)
            {
                var (excluded, excludedText) = ReadExcept(c, except, addresses, text);
                if (excluded == null) return null;
                var rest = addresses.Except(excluded);
                if (rest.IsEmpty)
                {
                    Report(DiagnosticCatalog.EndpointEmpty, location, "'" + text + " except " + excludedText + "'", text);
                    return null;
                }
                addresses = rest;
                text += " except " + excludedText;
            }
            var owners = Ownership.ZonesOverlapping(addresses).OrderBy(z => z.Name, System.StringComparer.Ordinal).ToList();
            if (owners.Count > 1)
            {
                var parts = owners.Select(o => "zone '" + o.Name + "' (" + Shown(addresses.Intersect(Ownership.Of(o))) + ")");
                Report(DiagnosticCatalog.EndpointStraddlesZones, location, "'" + text + "'", string.Join(", ", parts));
                return null;
            }
            var unowned = owners.Count == 0 ? addresses : addresses.Except(Ownership.Of(owners[0]));
            if (!unowned.IsEmpty)
            {
                Report(DiagnosticCatalog.EndpointInNoZone, location, "'" + text + "'", Shown(unowned));
                return null;
            }
            return new Endpoint(owners[0], null, location) { Restriction = addresses, Text = text };
        }

        /// <summary>The union of the prefixes after 'except', and their canonical text; null (reported) when a name is unknown.</summary>
        private (AddressRangeSet? Set, string Text) ReadExcept(BindingContext c, SeparatedListSyntax list, AddressRangeSet from, string fromText)
        {
            var set = AddressRangeSet.Empty;
            var texts = new List<string>();
            bool ok = true;
            foreach (var item in list.Items.OfType<SyntaxToken>())
            {
                AddressRangeSet part;
                if (item.Kind == SyntaxKind.AddressToken)
                {
                    var prefix = ReadPrefix(c, item);
                    if (prefix == null) { ok = false; continue; }
                    part = Analysis.PacketSpace.FamilyMatch(prefix.Value.Value);
                }
                else if (_tables[SymbolKind.Zone].TryGetValue(item.Text, out var z) && _tables[SymbolKind.PrefixList].TryGetValue(item.Text, out var pl))
                {
                    Report(DiagnosticCatalog.ZoneOrPrefixList, c.Location(item), item.Text, z.Location.Display, pl.Location.Display);
                    ok = false;
                    continue;
                }
                else if (_tables[SymbolKind.Zone].ContainsKey(item.Text))
                {
                    // A zone's addresses: 'except lab', or 'except ipv6' to keep one address family of a list that has both.
                    var zone = Resolve<ZoneSymbol>(SymbolKind.Zone, item, c);
                    if (zone == null) { ok = false; continue; }
                    part = Ownership.Of(zone);
                }
                else
                {
                    var named = Resolve<PrefixListSymbol>(SymbolKind.PrefixList, item, c, "prefix list or zone");
                    if (named == null) { ok = false; continue; }
                    part = Analysis.PacketSpace.FamilyMatch(named.Prefixes.Select(p => p.Value));
                }
                if (!part.Overlaps(from)) Report(DiagnosticCatalog.ExceptRemovesNothing, c.Location(item), item.Text, "'" + fromText + "'");
                set = set.Union(part);
                texts.Add(item.Text);
            }
            return (ok ? set : null, string.Join(", ", texts));
        }

        /// <summary>At most three prefixes of a set, for a message.</summary>
        private static string Shown(AddressRangeSet set)
        {
            var prefixes = set.ToPrefixes();
            return string.Join(", ", prefixes.Take(3).Select(p => p.ToString())) + (prefixes.Count > 3 ? " and " + (prefixes.Count - 3).ToString(System.Globalization.CultureInfo.InvariantCulture) + " more" : "");
        }

        private FlowRule? BindFlow(BindingContext c, FlowDeclarationSyntax f, int index)
        {
            var source = ReadEndpoint(c, f.Source);
            var destination = ReadEndpoint(c, f.Destination);
            var services = ReadServices(c, f.Services);
            var options = f.Options.Children.OfType<SettingSyntax>().ToList();
            var settings = SingleSettings(c, options, "this flow");
            if (source == null || destination == null) return null;
            if (services.Count == 0) return null;

            ReportDuplicateServices(c, f.Services, "flow");
            if (!f.IsAllow)
            {
                if (settings.TryGetValue("class", out var denyClass)) Report(DiagnosticCatalog.DenyOptionIgnored, c.Location(denyClass), "class", "marked or queued");
                if (settings.TryGetValue("rate", out var denyRate)) Report(DiagnosticCatalog.DenyOptionIgnored, c.Location(denyRate), "rate", "rate-limited");
            }
            var rule = new FlowRule(index, f.IsAllow ? FlowAction.Allow : FlowAction.Deny, source, destination, services, f, c.Location(f));
            if (settings.TryGetValue("class", out var cls))
                rule.Class = Resolve<TrafficClassSymbol>(SymbolKind.Class, (SyntaxToken)cls.Argument(0)!, c);
            rule.Log = settings.ContainsKey("log");
            if (settings.TryGetValue("log", out var log)) ReadLogOptions(c, log, rule);
            rule.Count = settings.ContainsKey("count");
            if (settings.TryGetValue("description", out var desc)) rule.Description = StringSyntax.Unquote(((SyntaxToken)desc.Argument(0)!).Text);
            if (settings.TryGetValue("rate", out var rate)) rule.Rate = ReadRate(c, (SyntaxNode)rate.Argument(0)!);
            if (settings.TryGetValue("expires", out var expires) && ReadDate(c, (SyntaxNode)expires.Argument(0)!) is { } day)
                rule.Expires = new Located<DateTime>(day, c.Location(expires.Argument(0)!));
            if (settings.TryGetValue("name", out var nameSetting))
            {
                var token = (SyntaxToken)nameSetting.Argument(0)!;
                var location = c.Location(token);
                // Unique regardless of case and of '-' against '_': names become Kubernetes and GCP rule names (lower case,
                // no '_') and nftables identifiers (no '-').
                if (token.Text.Length > 63)
                    Report(DiagnosticCatalog.FlowNameTooLong, location, token.Text, token.Text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                // In any case: GCP and Kubernetes names are lower case, so F1 would meet the f1 of a flow without a name.
                else if (token.Text.Length > 1 && (token.Text[0] == 'f' || token.Text[0] == 'F') && token.Text.Skip(1).All(char.IsDigit))
                    Report(DiagnosticCatalog.ReservedName, location, token.Text, "flow", "f and a number is the name generated rules give a flow without a name");
                else if (token.Text.Length > 1 && (token.Text[0] == 't' || token.Text[0] == 'T') && token.Text.Skip(1).All(char.IsDigit))
                    Report(DiagnosticCatalog.ReservedName, location, token.Text, "flow", "t and a number is the name of a generated Junos term that carries no named flow");
                else if (FlowNameKey(token.Text).StartsWith("quarantine-", System.StringComparison.Ordinal))
                    Report(DiagnosticCatalog.ReservedName, location, token.Text, "flow", "names starting with quarantine- belong to the flows a quarantine binds to");
                else if (_flowNames.TryGetValue(FlowNameKey(token.Text), out var first))
                    Report(DiagnosticCatalog.DuplicateDeclaration, location, "flow", token.Text, first.Name!.Value.Location.Display
                        + (first.Name.Value.Value == token.Text ? "" : " as '" + first.Name.Value.Value + "' (flow names are compared regardless of case and of '-' against '_')"));
                else
                {
                    rule.Name = new Located<string>(token.Text, location);
                    _flowNames[FlowNameKey(token.Text)] = rule;
                }
            }
            return rule;
        }

        /// <summary>The syslog severities a log level may name, most severe first.</summary>
        internal static readonly string[] LogLevels = { "emergency", "alert", "critical", "error", "warning", "notice", "info", "debug" };

        /// <summary><c>log prefix "TEXT" level NAME</c>: a prefix of 1 to 32 letters, digits, spaces and - _ . : / (not only spaces); a syslog severity.</summary>
        private void ReadLogOptions(BindingContext c, SettingSyntax log, FlowRule rule)
        {
            var args = log.Arguments.ToList();
            for (int i = 0; i + 1 < args.Count; i += 2)
            {
                var key = (SyntaxToken)args[i];
                var value = (SyntaxToken)args[i + 1];
                if (key.Text == "prefix")
                {
                    var text = StringSyntax.Unquote(value.Text);
                    if (text.Trim().Length == 0 || text.Length > 32 || !text.All(ch => SyntaxFacts.IsIdentifierPart(ch) || ch == ' ' || ch == '-' || ch == '.' || ch == ':' || ch == '/'))
                        Report(DiagnosticCatalog.BadLogOption, c.Location(value), "prefix", value.Text,
                            "1 to 32 letters, digits, spaces and - _ . : /, not only spaces (log messages and device configurations take no other characters)");
                    else rule.LogPrefix = text;
                }
                else if (key.Text == "level")
                {
                    if (System.Array.IndexOf(LogLevels, value.Text) < 0)
                        Report(DiagnosticCatalog.BadLogOption, c.Location(value), "level", value.Text, "one of " + string.Join(", ", LogLevels));
                    else rule.LogLevel = value.Text;
                }
            }
        }

        private readonly Dictionary<string, FlowRule> _flowNames = new Dictionary<string, FlowRule>(System.StringComparer.Ordinal);

        private static string FlowNameKey(string name) => name.ToLowerInvariant().Replace('_', '-');

        /// <summary>YYYY-MM-DD written as one word (three numbers joined by '-', nothing between them); null, reported, otherwise.</summary>
        private DateTime? ReadDate(BindingContext c, SyntaxNode node)
        {
            var tokens = node.Tokens().ToList();
            var text = string.Concat(tokens.Select(t => t.Text));
            bool joined = true;
            for (int i = 0; i < tokens.Count; i++)
            {
                if (i > 0 && tokens[i].LeadingTrivia.Count > 0) joined = false;
                if (i < tokens.Count - 1 && tokens[i].TrailingTrivia.Count > 0) joined = false;
            }
            if (!joined || !PolicyClock.TryParseDay(text, out var day))
            {
                var at = c.Location(node);
                Report(DiagnosticCatalog.InvalidDate, at, at.Text.ToString(at.Span));
                return null;
            }
            return day;
        }

        /// <summary>A service name or protocol match given twice in one list (compared as written, without trivia).</summary>
        private void ReportDuplicateServices(BindingContext c, SeparatedListSyntax list, string owner)
        {
            var seen = new Dictionary<string, SyntaxElement>(System.StringComparer.Ordinal);
            foreach (var item in list.Items)
            {
                var key = item is SyntaxToken t ? t.Text : string.Join(" ", ((SyntaxNode)item).Tokens().Select(x => x.Text));
                if (key.Length == 0) continue;
                if (seen.TryGetValue(key, out var first))
                {
                    var firstAt = c.Location(first);
                    var column = firstAt.Text.GetLinePosition(firstAt.Span.Start).Column;
                    Report(DiagnosticCatalog.DuplicateService, c.Location(item), "'" + key + "'", owner, column);
                }
                else seen[key] = item;
            }
        }

        private Located<Rate>? ReadRate(BindingContext c, SyntaxNode node)
        {
            var token = (SyntaxToken)node.Children[0];
            var value = NumberSyntax.ValueOf(token.Text);
            var unit = NumberSyntax.UnitOf(token.Text);
            ulong multiplier = unit switch { "kpps" => 1000UL, "Kbps" => 1000UL, "Mbps" => 1000000UL, "Gbps" => 1000000000UL, _ => 1UL };
            var kind = node.Children.Count > 1 ? RateUnit.ConnectionsPerSecond
                : unit.EndsWith("pps", System.StringComparison.Ordinal) ? RateUnit.PacketsPerSecond : RateUnit.BitsPerSecond;
            const ulong max = 1000000000000UL;
            if (value == null || value.Value == 0 || value.Value > max / multiplier)
            {
                Report(DiagnosticCatalog.RateOutOfRange, c.Location(node), kind == RateUnit.BitsPerSecond ? "1Tbps" : kind == RateUnit.PacketsPerSecond ? "1000000000000pps" : "1000000000000/s", node.ToString());
                return null;
            }
            return new Located<Rate>(new Rate(value.Value * multiplier, kind), c.Location(node));
        }

        private IEnumerable<Assertion> BindAssertion(BindingContext c, AssertDeclarationSyntax a, BaselineSymbol? baseline)
        {
            var node = a.Assertion;
            var location = c.Location(a);
            var reportAt = baseline?.ImportedAt ?? location;
            var result = new List<Assertion>();
            switch (node.Kind)
            {
                case SyntaxKind.IsolatedAssertion:
                case SyntaxKind.MtuAssertion:
                {
                    var zones = ReadAssertionZones(c, node.Children[1], baseline, reportAt, out var selection);
                    if (node.Kind == SyntaxKind.IsolatedAssertion)
                    {
                        var except = new List<ZoneSymbol>();
                        if (node.Children.Count > 3)
                        {
                            foreach (var item in ((SeparatedListSyntax)node.Children[3]).Items)
                            {
                                if (item is SyntaxToken { Kind: SyntaxKind.CommaToken }) continue;
                                var picked = ReadAssertionZones(c, item, baseline, reportAt, out _);
                                if (picked != null) except.AddRange(picked.Where(z => !except.Contains(z)));
                            }
                        }
                        if (zones == null) return result;
                        foreach (var zone in zones)
                            result.Add(new Assertion(AssertionKind.Isolated, location) { Zone = zone, Except = except, Baseline = baseline, Selection = selection });
                        return result;
                    }
                    var value = Ranged(c, (SyntaxToken)node.Children[3], 68, 9216, DiagnosticCatalog.MtuOutOfRange, f => new object[] { f });
                    if (zones == null || value == null) return result;
                    foreach (var zone in zones)
                        result.Add(new Assertion(AssertionKind.Mtu, location)
                        {
                            Zone = zone, Comparison = ((SyntaxToken)node.Children[2]).Text, MtuValue = value.Value, Baseline = baseline, Selection = selection,
                        });
                    return result;
                }
                default:
                {
                    var kind = node.Kind switch
                    {
                        SyntaxKind.NeverAssertion => AssertionKind.Never,
                        SyntaxKind.ReachableAssertion => AssertionKind.Reachable,
                        SyntaxKind.LoggedAssertion => AssertionKind.Logged,
                        SyntaxKind.OnlyAssertion => AssertionKind.Only,
                        SyntaxKind.ExplicitAssertion => AssertionKind.Explicit,
                        SyntaxKind.ClassifiedAssertion => AssertionKind.Classified,
                        _ => AssertionKind.Unclassified,
                    };
                    var sources = ReadAssertionSide(c, node.Children[1], baseline, reportAt, out var sourceSelection);
                    var destinations = ReadAssertionSide(c, node.Children[3], baseline, reportAt, out var destinationSelection);
                    List<ServiceMatch>? services = null;
                    SeparatedListSyntax? on = null;
                    for (int i = 4; i + 1 < node.Children.Count; i += 2)
                    {
                        if (node.Children[i] is SyntaxToken { Kind: SyntaxKind.ColonToken }) services = ReadServices(c, (SeparatedListSyntax)node.Children[i + 1]);
                        else on = (SeparatedListSyntax)node.Children[i + 1];
                    }
                    if (kind == AssertionKind.Only && services == null && on == null)
                    {
                        Report(DiagnosticCatalog.AssertionSaysNothing, location, "'assert only'",
                            "': SERVICES', 'on SEGMENTS' or both; for 'nothing is allowed' write 'assert never'");
                        return result;
                    }
                    if (sources == null || destinations == null) return result;
                    if (services != null && services.Count == 0) return result;
                    var selection = sourceSelection != null && destinationSelection != null ? sourceSelection + " -> " + destinationSelection
                        : sourceSelection ?? destinationSelection;
                    foreach (var destination in destinations)
                    {
                        List<SegmentSymbol>? segments = null;
                        if (on != null)
                        {
                            segments = ReadLandingSegments(c, on, destination);
                            if (segments == null) continue;
                        }
                        foreach (var source in sources)
                            result.Add(new Assertion(kind, location)
                            {
                                Source = source, Destination = destination, Services = services, Segments = segments, Baseline = baseline, Selection = selection,
                            });
                    }
                    return result;
                }
            }
        }

        /// <summary>The segments after 'on', of the destination zone; null (reported) when one is unknown or the destination is not a zone.</summary>
        private List<SegmentSymbol>? ReadLandingSegments(BindingContext c, SeparatedListSyntax on, Endpoint destination)
        {
            if (destination.IsAny || destination.Segment != null || destination.IsNarrowed)
            {
                Report(DiagnosticCatalog.EndpointNotAllowed, destination.Location, "'" + destination + "' before 'on'",
                    "in this place: 'on' lists segments of the destination zone, so the destination is a zone");
                return null;
            }
            var zone = destination.Zone!;
            var segments = new List<SegmentSymbol>();
            bool ok = true;
            foreach (var name in on.Items.OfType<SyntaxToken>())
            {
                var segment = zone.FindSegment(name.Text);
                if (segment == null)
                {
                    var suggestion = Suggest(name.Text, zone.Segments.Select(x => x.Name));
                    Report(DiagnosticCatalog.UnknownName, c.Location(name), "segment", zone.Name + "." + name.Text,
                        suggestion != null ? "; did you mean '" + suggestion + "'?" : "");
                    ok = false;
                    continue;
                }
                AddReference(segment, c.Location(name));
                if (!segments.Contains(segment)) segments.Add(segment);
            }
            return ok ? segments : null;
        }

        /// <summary>One side of an assertion: an endpoint, or one zone endpoint per zone a selector picks; null when unbound.</summary>
        private List<Endpoint>? ReadAssertionSide(BindingContext c, SyntaxElement element, BaselineSymbol? baseline, SourceLocation reportAt, out string? selection)
        {
            selection = null;
            var node = (SyntaxNode)element;
            if (node.Kind != SyntaxKind.ZoneSelector)
                return ReadEndpoint(c, node) is { } endpoint ? new List<Endpoint> { endpoint } : null;
            var zones = ReadAssertionZones(c, element, baseline, reportAt, out selection);
            return zones?.Select(z => new Endpoint(z, null, c.Location(node))).ToList();
        }

        /// <summary>A zone name, or the zones a <c>zones with …</c> selector picks (sorted by name); null when unbound.</summary>
        private List<ZoneSymbol>? ReadAssertionZones(BindingContext c, SyntaxElement element, BaselineSymbol? baseline, SourceLocation reportAt, out string? selection)
        {
            selection = null;
            if (element is SyntaxToken name)
                return Resolve<ZoneSymbol>(SymbolKind.Zone, name, c) is { } zone ? new List<ZoneSymbol> { zone } : null;
            var labels = new List<(string Key, string Value)>();
            foreach (var label in ((SeparatedListSyntax)((SyntaxNode)element).Children[2]).Items.OfType<SyntaxNode>())
                labels.Add((((SyntaxToken)label.Children[0]).Text, StringSyntax.Unquote(((SyntaxToken)label.Children[2]).Text)));
            selection = "zones with " + string.Join(", ", labels.Select(l => l.Key + " = " + StringSyntax.Quote(l.Value)));
            var picked = Table<ZoneSymbol>(SymbolKind.Zone)
                .Where(z => labels.All(l => z.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
                .OrderBy(z => z.Name, System.StringComparer.Ordinal).ToList();
            // Recorded at the selector's span: the language server shows what a selector picks from these (and leaves them out
            // of find-references and rename, which work on names as written).
            foreach (var z in picked) AddReference(z, c.Location(element));
            if (picked.Count == 0)
            {
                Report(DiagnosticCatalog.SelectorPicksNothing, reportAt, selection);
                if (baseline != null && !baseline._unapplied.Contains(selection)) baseline._unapplied.Add(selection);
            }
            return picked;
        }

        /// <summary>
        /// <c>quarantine ADDRESS { reason "…" expires DATE }</c>: two logged deny flows, from the address to anywhere and from
        /// anywhere to it. The address must lie in one zone, like any narrow endpoint.
        /// </summary>
        private Quarantine? BindQuarantine(BindingContext c, QuarantineDeclarationSyntax q, int index)
        {
            var location = c.Location(q);
            var settings = q.Body != null ? SingleSettings(c, q.Body.Items, "quarantine " + q.Address.Text) : new Dictionary<string, SettingSyntax>();
            var quarantine = new Quarantine(q.Address.Text, location);
            if (settings.TryGetValue("reason", out var reason)) quarantine.Reason = StringSyntax.Unquote(((SyntaxToken)reason.Argument(0)!).Text);
            if (settings.TryGetValue("expires", out var expires) && ReadDate(c, (SyntaxNode)expires.Argument(0)!) is { } day)
                quarantine.Expires = new Located<DateTime>(day, c.Location(expires.Argument(0)!));
            var inside = ReadAddressEndpoint(c, q.Address, q.Address, null);
            if (inside == null) return null;
            var key = string.Join(",", inside.Restriction!.ToPrefixes().Select(x => x.ToString()));
            if (_quarantines.TryGetValue(key, out var earlier))
            {
                Report(DiagnosticCatalog.DuplicateDeclaration, c.Location(q.Address), "quarantine", q.Address.Text, earlier.Location.Display);
                return null;
            }
            foreach (var other in _quarantines.Values)
            {
                var shared = other.Outbound.Source.Restriction!.Intersect(inside.Restriction!);
                if (!shared.IsEmpty)
                    Report(DiagnosticCatalog.QuarantinesOverlap, c.Location(q.Address), q.Address.Text, other.Address, other.Location.Display, Shown(shared));
            }
            _quarantines[key] = quarantine;
            var any = new List<ServiceMatch> { new ServiceMatch(null, null, null, null, c.Location(q.Address)) };
            // Named after the canonical address (::ffff:10.0.0.7 is 10.0.0.7; a host prefix drops its length).
            var canonical = inside.Restriction!.ToPrefixes();
            var nameText = canonical.Count == 1 ? canonical[0].ToString() : inside.ToString();
            if (canonical.Count == 1 && (nameText.EndsWith("/32", System.StringComparison.Ordinal) && canonical[0].IsIPv4 || nameText.EndsWith("/128", System.StringComparison.Ordinal)))
                nameText = nameText.Substring(0, nameText.LastIndexOf('/'));
            var name = Quarantine.NameFor(nameText);
            FlowRule Make(Endpoint source, Endpoint destination, int i, string direction)
            {
                var flow = new FlowRule(i, FlowAction.Deny, source, destination, any, null, location)
                {
                    Log = true,
                    LogPrefix = "QUARANTINE",
                    Description = "quarantine " + inside + (quarantine.Reason != null ? ": " + quarantine.Reason : ""),
                    Expires = quarantine.Expires,
                    Quarantine = quarantine,
                };
                var flowName = name + "-" + direction;
                if (flowName.Length <= 63 && !_flowNames.ContainsKey(FlowNameKey(flowName)))
                {
                    flow.Name = new Located<string>(flowName, c.Location(q.Address));
                    _flowNames[FlowNameKey(flowName)] = flow;
                }
                return flow;
            }
            quarantine.Outbound = Make(inside, new Endpoint(null, null, c.Location(q.Address)), index, "out");
            quarantine.Inbound = Make(new Endpoint(null, null, c.Location(q.Address)), inside, index + 1, "in");
            return quarantine;
        }

        private readonly Dictionary<string, Quarantine> _quarantines = new Dictionary<string, Quarantine>(System.StringComparer.Ordinal);

        private PolicyTest BindTest(BindingContext c, TestDeclarationSyntax t)
        {
            var expectations = new List<TestExpectation>();
            foreach (var e in t.Body.Items.OfType<SettingSyntax>())
            {
                var action = ((SyntaxToken)e.Argument(0)!).Text == "allow" ? FlowAction.Allow : FlowAction.Deny;
                var src = IpAddress128.Parse(((SyntaxToken)e.Argument(1)!).Text);
                var dst = IpAddress128.Parse(((SyntaxToken)e.Argument(3)!).Text);
                if (src.IsIPv4Mapped != dst.IsIPv4Mapped)
                {
                    Report(DiagnosticCatalog.MixedAddressFamilies, c.Location(e), ((SyntaxToken)e.Argument(1)!).Text, ((SyntaxToken)e.Argument(3)!).Text);
                    continue;
                }
                var service = ReadProtocolMatch(c, (SyntaxNode)e.Argument(4)!);
                if (service != null) expectations.Add(new TestExpectation(action, src, dst, service, c.Location(e)));
            }
            return new PolicyTest(StringSyntax.Unquote(t.Title.Text), c.Location(t.Title), expectations);
        }

        private void BindTarget(TargetSymbol target)
        {
            var c = _contexts[target];
            var d = (TargetDeclarationSyntax)c.Declaration;
            var owner = "target '" + target.Name + "'";
            var platform = PlatformRegistry.Describe(target.Platform.Value);
            if (platform == null)
            {
                var suggestion = Suggest(target.Platform.Value, PlatformRegistry.Names);
                Report(DiagnosticCatalog.UnknownPlatform, target.Platform.Location, target.Platform.Value,
                    suggestion != null ? " (did you mean '" + suggestion + "'?)" : "", string.Join(", ", PlatformRegistry.Names));
            }
            var settings = SingleSettings(c, d.Body.Items, owner, "device", "option", "verbatim");
            if (settings.TryGetValue("description", out var desc)) target.Description = StringSyntax.Unquote(((SyntaxToken)desc.Argument(0)!).Text);
            if (settings.TryGetValue("zones", out var zones))
            {
                var list = new List<ZoneSymbol>();
                foreach (var name in ((SeparatedListSyntax)zones.Argument(0)!).Items.OfType<SyntaxToken>())
                {
                    var z = Resolve<ZoneSymbol>(SymbolKind.Zone, name, c);
                    if (z != null && !list.Contains(z)) list.Add(z);
                }
                target.Zones = list;
            }
            else
            {
                Report(DiagnosticCatalog.MissingSetting, target.Location, "target", target.Name, "zones");
            }
            BindDevices(c, target, d.Body);
            BindOptions(c, target, d.Body, platform);
            BindVerbatim(c, target, d.Body);
            if (settings.TryGetValue("mode", out var mode))
            {
                var token = (SyntaxToken)mode.Argument(0)!;
                target.Mode = new Located<string>(token.Text, c.Location(token));
                if (platform != null && !platform.Modes.Contains(token.Text))
                    Report(DiagnosticCatalog.UnknownTargetMode, c.Location(token), token.Text, target.Platform.Value,
                        platform.Modes.Count == 0 ? "no mode setting" : string.Join(" or ", platform.Modes));
            }
        }
    
        /// <summary>
        /// The 'verbatim PLATFORM { "line" … }' blocks. The platform must be the target's own; each string is one line,
        /// without control characters other than tab (a line break inside a string would hide a line from the markers
        /// that fence the text in the output), and no line may pose as the marker that ends the text.
        /// </summary>
        private void BindVerbatim(BindingContext c, TargetSymbol target, BlockSyntax body)
        {
            var blocks = new List<VerbatimText>();
            foreach (var s in body.Settings("verbatim"))
            {
                var platformToken = (SyntaxToken)s.Argument(0)!;
                var platform = new Located<string>(platformToken.Text, c.Location(platformToken));
                if (platformToken.Text != target.Platform.Value)
                {
                    Report(DiagnosticCatalog.VerbatimForAnotherPlatform, platform.Location, platformToken.Text, target.Name, target.Platform.Value);
                    continue;
                }
                var lines = new List<string>();
                bool bad = false;
                foreach (var node in ((BlockSyntax)s.Argument(1)!).Items)
                {
                    if (node.Kind != SyntaxKind.VerbatimLine || node.Children.Count != 1 || node.Children[0] is not SyntaxToken token) continue;
                    var text = StringSyntax.Unquote(token.Text);
                    var problem = VerbatimText.Problem(text);
                    if (problem != null)
                    {
                        Report(DiagnosticCatalog.BadVerbatimLine, c.Location(token), problem);
                        bad = true;
                        continue;
                    }
                    lines.Add(text);
                }
                if (lines.Count == 0 && !bad)
                    Report(DiagnosticCatalog.BadVerbatimLine, c.Location(s), "the block holds no line: write the configuration lines as strings, one per line");
                if (!bad && lines.Count > 0) blocks.Add(new VerbatimText(platform, lines, c.Location(s)));
            }
            target.Verbatim = blocks;
        }

        /// <summary>Device names from 'devices' lists and 'device' blocks (in order, each once), and the blocks' facts.</summary>
        private void BindDevices(BindingContext c, TargetSymbol target, BlockSyntax body)
        {
            var names = new List<Located<string>>();
            var facts = new List<DeviceSymbol>();
            var seen = new Dictionary<string, SourceLocation>(System.StringComparer.Ordinal);
            bool Add(Located<string> name)
            {
                if (seen.TryGetValue(name.Value, out var first))
                {
                    Report(DiagnosticCatalog.DuplicateDevice, name.Location, name.Value, target.Name, first.Display);
                    return false;
                }
                seen[name.Value] = name.Location;
                names.Add(name);
                return true;
            }
            foreach (var s in body.Items.OfType<SettingSyntax>())
            {
                if (s.Keyword.Text == "devices")
                {
                    foreach (var t in ((SeparatedListSyntax)s.Argument(0)!).Items.OfType<SyntaxToken>())
                        Add(new Located<string>(StringSyntax.Unquote(t.Text), c.Location(t)));
                }
                else if (s.Keyword.Text == "device")
                {
                    var nameToken = (SyntaxToken)s.Argument(0)!;
                    var name = new Located<string>(StringSyntax.Unquote(nameToken.Text), c.Location(nameToken));
                    var device = BindDevice(c, target, name, s);
                    if (Add(name)) facts.Add(device);
                }
            }
            target.Devices = names;
            target.DeviceFacts = facts;
        }

        private DeviceSymbol BindDevice(BindingContext c, TargetSymbol target, Located<string> name, SettingSyntax s)
        {
            var device = new DeviceSymbol(name, c.Location(s));
            var block = (BlockSyntax)s.Argument(1)!;
            var owner = "device '" + name.Value + "'";
            var settings = SingleSettings(c, block.Items, owner, "interface");
            if (settings.TryGetValue("description", out var desc)) device.Description = StringSyntax.Unquote(((SyntaxToken)desc.Argument(0)!).Text);
            if (settings.TryGetValue("vtep", out var vtep))
            {
                var address = (SyntaxToken)vtep.Argument(0)!;
                device.Vtep = new Located<IpAddress128>(IpAddress128.Parse(address.Text), c.Location(address));
                if (vtep.Argument(2) is SyntaxToken source)
                    device.VtepSource = new Located<string>(StringSyntax.Unquote(source.Text), c.Location(source));
            }
            var interfaces = new List<InterfaceBinding>();
            var seen = new Dictionary<string, SourceLocation>(System.StringComparer.Ordinal);
            foreach (var item in block.Settings("interface"))
            {
                var nameToken = (SyntaxToken)item.Argument(0)!;
                var ifName = new Located<string>(StringSyntax.Unquote(nameToken.Text), c.Location(nameToken));
                var segments = new List<SegmentSymbol>();
                var uplink = item.Argument(1) is SyntaxToken k && k.Text == "uplink";
                if (!uplink && item.Argument(2) is SeparatedListSyntax carried)
                {
                    foreach (var node in carried.Items.OfType<SyntaxNode>())
                    {
                        var zoneToken = (SyntaxToken)node.Children[0];
                        if (zoneToken.Text == "any" && node.Children.Count == 1)
                        {
                            Report(DiagnosticCatalog.ReservedName, c.Location(zoneToken), "any", "zone",
                                "an interface carries the segments of named zones; list them");
                            continue;
                        }
                        var endpoint = ReadEndpoint(c, node);
                        if (endpoint?.Zone == null) continue;
                        if (endpoint.IsNarrowed)
                        {
                            Report(DiagnosticCatalog.EndpointNotAllowed, c.Location(node), "'" + endpoint + "'", "in 'interface … carries': an interface carries whole zones or segments");
                            continue;
                        }
                        var zone = endpoint.Zone;
                        if (target.Zones.Count > 0 && !target.Zones.Contains(zone))
                        {
                            Report(DiagnosticCatalog.SegmentOutsideTarget, c.Location(node), ifName.Value,
                                endpoint.Segment != null ? "segment '" + endpoint.Segment.QualifiedName + "'" : "zone '" + zone.Name + "'",
                                zone.Name, target.Name, string.Join(", ", target.Zones.Select(z => z.Name)));
                            continue;
                        }
                        foreach (var seg in endpoint.Segment != null ? new[] { endpoint.Segment } : zone.Segments.ToArray())
                            if (!segments.Contains(seg)) segments.Add(seg);
                    }
                }
                if (seen.TryGetValue(ifName.Value, out var first))
                {
                    Report(DiagnosticCatalog.DuplicateInterface, ifName.Location, ifName.Value, name.Value, first.Display);
                    continue;
                }
                seen[ifName.Value] = ifName.Location;
                interfaces.Add(new InterfaceBinding(ifName, segments, uplink, c.Location(item)));
            }
            device.Interfaces = interfaces;
            return device;
        }

        /// <summary>Options, checked against the platform's declared options (an unknown platform is reported elsewhere).</summary>
        private void BindOptions(BindingContext c, TargetSymbol target, BlockSyntax body, PlatformDescription? platform)
        {
            var known = platform != null;
            var specs = platform?.Options ?? System.Array.Empty<TargetOptionSpec>();
            var options = new List<TargetOption>();
            var seen = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var s in body.Settings("option"))
            {
                var nameToken = (SyntaxToken)s.Argument(0)!;
                var valueToken = (SyntaxToken)s.Argument(1)!;
                var isString = valueToken.Kind == SyntaxKind.StringToken;
                var isNumber = valueToken.Kind == SyntaxKind.NumberToken;
                var text = isString ? StringSyntax.Unquote(valueToken.Text) : valueToken.Text;
                var option = new TargetOption(new Located<string>(nameToken.Text, c.Location(nameToken)),
                    new Located<string>(text, c.Location(valueToken)), isString, isNumber, c.Location(s));
                if (!seen.Add(nameToken.Text))
                {
                    Report(DiagnosticCatalog.DuplicateSetting, c.Location(nameToken), "option " + nameToken.Text, "target '" + target.Name + "'");
                    continue;
                }
                if (!known) continue;
                var spec = platform?.FindOption(nameToken.Text);
                if (spec == null)
                {
                    var suggestion = Suggest(nameToken.Text, specs.Select(o => o.Name));
                    Report(DiagnosticCatalog.UnknownTargetOption, c.Location(nameToken), nameToken.Text, target.Platform.Value,
                        suggestion != null ? " (did you mean '" + suggestion + "'?)" : "",
                        specs.Count == 0 ? "no options" : string.Join(", ", specs.Select(o => o.Name)));
                    continue;
                }
                if (!OptionValueFits(spec, option))
                {
                    Report(DiagnosticCatalog.BadTargetOptionValue, c.Location(valueToken), spec.Name, spec.Expected, valueToken.Text);
                    continue;
                }
                options.Add(option);
            }
            target.Options = options;
        }

        private static bool OptionValueFits(TargetOptionSpec spec, TargetOption option)
        {
            var isWord = !option.IsString && !option.IsNumber;
            switch (spec.Kind)
            {
                case TargetOptionKind.Boolean:
                    return isWord && (option.Value.Value == "on" || option.Value.Value == "off");
                case TargetOptionKind.Integer:
                    return option.IsNumber && option.AsInteger is long v && v >= spec.Minimum && v <= spec.Maximum;
                case TargetOptionKind.String:
                    return option.IsString;
                default:
                    return isWord && System.Array.IndexOf(spec.Words, option.Value.Value) >= 0;
            }
        }
}
}
