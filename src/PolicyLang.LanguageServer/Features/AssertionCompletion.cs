namespace PolicyLang.LanguageServer.Features
{
    /// <summary>
    /// Completion on an <c>assert</c> line, from the line's tokens before the word being typed: the assertion kinds after
    /// <c>assert</c>; at the start of a side, zones (and for the kinds over two sides segments, prefix lists and
    /// <c>any</c>) and the selector's <c>zones</c>; <c>with</c> after <c>zones</c>; after <c>zones with</c> (or a ',' in
    /// the selector) the label keys the policy's zones use, after <c>KEY =</c> their values; after a side what may follow
    /// it (<c>-&gt;</c>, <c>except</c>, <c>on</c>, <c>:</c>, a comparison); zones or prefix lists after <c>except</c>; the
    /// destination zone's segments after <c>on</c>; services and protocols after <c>:</c>.
    /// </summary>
    public static class AssertionCompletion
    {
        /// <summary>The assertion kinds: the word, its form and what it proves.</summary>
        public static readonly IReadOnlyList<(string Word, string Form, string Holds)> Kinds = new[]
        {
            ("isolated", "isolated ZONE [except ZONE, …]", "No allowed flow connects the zone with any zone but those listed."),
            ("never", "never SRC -> DST [: SERVICES]", "SRC cannot reach DST at all, or not with those services."),
            ("reachable", "reachable SRC -> DST : SERVICES", "The services are allowed from SRC to DST."),
            ("mtu", "mtu ZONE OP BYTES", "Every segment of the zone has an MTU that compares so (>=, <=, >, <, ==)."),
            ("logged", "logged SRC -> DST [: SERVICES]", "Every allowed packet between them is logged."),
            ("only", "only SRC -> DST [on SEGMENT, …] [: SERVICES]", "Only these services are allowed between them, landing only on these segments of DST's zone."),
            ("explicit", "explicit SRC -> DST", "No allow flow between them uses 'any' (as an endpoint or a service) or a protocol on every port."),
            ("classified", "classified SRC -> DST [: SERVICES]", "Every allowed packet between them is carried by a flow with a class."),
            ("unclassified", "unclassified SRC -> DST [: SERVICES]", "No allowed packet between them is carried by a flow with a class."),
        };

        private static readonly string[] s_protocols = { "any", "tcp", "udp", "sctp", "icmp", "icmpv6", "proto" };
        private static readonly string[] s_comparisons = { ">=", "<=", ">", "<", "==" };

        private enum State { SideStart, SelectorWith, SelectorKey, SelectorEquals, SelectorValue, AfterSide, PrefixLength, ExceptItem, ExceptPrefixLength, AfterExceptItem, OnItem, AfterOnItem, Services, AfterService, Comparison, Stop }

        /// <summary>One side as written so far: a name or address, or a selector's labels.</summary>
        private sealed class Side
        {
            public string? Name;
            public bool IsSelector;
            public bool HasExcept;
            public readonly List<(string Key, string Value)> Labels = new List<(string, string)>();
            public bool IsAddress => Name != null && Name.Length > 0 && SyntaxFacts.IsDigit(Name[0]);
            public bool IsAny => Name == "any";
        }

        /// <summary>Where the line stands after its tokens.</summary>
        private sealed class Reading
        {
            public string Kind = "";
            public State State;
            public readonly List<Side> Sides = new List<Side> { new Side() };
            public string? Key;
            public readonly List<string> On = new List<string>();
            public Side Current => Sides[^1];
            public bool Pair => Kind != "isolated" && Kind != "mtu";
        }

        /// <summary>The items for an assert line whose tokens before the word are <paramref name="tokens"/> (the first is 'assert').</summary>
        public static CompletionItem[] Items(IReadOnlyList<string> tokens, System.Func<PolicyModel> model)
        {
            if (tokens.Count == 1)
                return Kinds.Select(k => new CompletionItem(k.Word, CompletionItemKindCode.Keyword, k.Form, k.Holds)).ToArray();
            var r = Read(tokens);
            if (r == null) return System.Array.Empty<CompletionItem>();
            var m = model();
            switch (r.State)
            {
                case State.SideStart:
                    return SideStart(r, m);
                case State.SelectorWith:
                    return new[] { Keyword("with", "zones with KEY = \"VALUE\", …: every zone that carries all these labels") };
                case State.SelectorKey:
                    return LabelKeys(m, r.Current.Labels.Select(l => l.Key));
                case State.SelectorEquals:
                    return new[] { new CompletionItem("=", CompletionItemKindCode.Operator, "KEY = \"VALUE\"") };
                case State.SelectorValue:
                    return LabelValues(m, r.Key!, quoted: true);
                case State.AfterSide:
                case State.AfterExceptItem:
                    return Next(r, m, afterExceptItem: r.State == State.AfterExceptItem);
                case State.ExceptItem:
                    return r.Pair
                        ? m.PrefixLists.Select(p => new CompletionItem(p.Name, CompletionItemKindCode.Constant, "prefix list"))
                            .Concat(ZoneItems(m, segments: false)).ToArray()
                        : ZoneItems(m, segments: false).ToArray();
                case State.OnItem:
                    return Segments(r, m);
                case State.AfterOnItem:
                    return new[] { new CompletionItem(":", CompletionItemKindCode.Operator, ": SERVICES: only these services") };
                case State.Services:
                    return m.Services.Select(s => new CompletionItem(s.Name, CompletionItemKindCode.Interface, "service"))
                        .Concat(s_protocols.Select(p => new CompletionItem(p, CompletionItemKindCode.Keyword, "protocol"))).ToArray();
                default:
                    return System.Array.Empty<CompletionItem>();
            }
        }

        /// <summary>
        /// Inside a string that is still open on an assert line (<c>zones with stage = "d|</c>): the values the label has in
        /// the policy's zones, without quotes; null when the string is something else.
        /// </summary>
        public static CompletionItem[]? InOpenString(IReadOnlyList<string>? tokensBeforeString, System.Func<PolicyModel> model)
        {
            var tokens = tokensBeforeString;
            if (tokens == null || tokens.Count < 2 || tokens[0] != "assert") return null;
            var r = Read(tokens);
            if (r == null || r.State != State.SelectorValue) return null;
            return LabelValues(model(), r.Key!, quoted: false);
        }

        /// <summary>Follows the tokens through the assertion's shape; null when they leave it (nothing sensible to offer).</summary>
        private static Reading? Read(IReadOnlyList<string> tokens)
        {
            var r = new Reading { Kind = tokens[1], State = State.SideStart };
            if (!Kinds.Any(k => k.Word == r.Kind)) return null;
            for (int i = 2; i < tokens.Count; i++)
            {
                var t = tokens[i];
                var side = r.Current;
                switch (r.State)
                {
                    case State.SideStart:
                        if (t == "zones") { side.IsSelector = true; r.State = State.SelectorWith; }
                        else if (IsWordOrAddress(t)) { side.Name = t; r.State = State.AfterSide; }
                        else return null;
                        break;
                    case State.SelectorWith:
                        if (t != "with") return null;
                        r.State = State.SelectorKey;
                        break;
                    case State.SelectorKey:
                        if (!IsWordOrAddress(t)) return null;
                        r.Key = t;
                        r.State = State.SelectorEquals;
                        break;
                    case State.SelectorEquals:
                        if (t != "=") return null;
                        r.State = State.SelectorValue;
                        break;
                    case State.SelectorValue:
                        if (t.Length < 2 || t[0] != '"') return null;
                        side.Labels.Add((r.Key!, StringSyntax.Unquote(t)));
                        r.State = State.AfterSide;
                        break;
                    case State.PrefixLength:
                        r.State = State.AfterSide;
                        break;
                    case State.ExceptPrefixLength:
                        r.State = State.AfterExceptItem;
                        break;
                    case State.ExceptItem:
                        if (!IsWordOrAddress(t)) return null;
                        r.State = State.AfterExceptItem;
                        break;
                    case State.AfterSide:
                    case State.AfterExceptItem:
                        if (t == "," && r.State == State.AfterExceptItem) r.State = State.ExceptItem;
                        else if (t == "," && side.IsSelector && !side.HasExcept) r.State = State.SelectorKey;
                        else if (t == "/" && r.State == State.AfterSide && side.IsAddress) r.State = State.PrefixLength;
                        else if (t == "/" && r.State == State.AfterExceptItem) r.State = State.ExceptPrefixLength;
                        else if (t == "except" && !side.HasExcept && CanExcept(r, side)) { side.HasExcept = true; r.State = State.ExceptItem; }
                        else if (t == "->" && r.Pair && r.Sides.Count == 1) { r.Sides.Add(new Side()); r.State = State.SideStart; }
                        else if (t == "on" && r.Kind == "only" && r.Sides.Count == 2 && r.On.Count == 0) r.State = State.OnItem;
                        else if (t == ":" && r.Pair && r.Sides.Count == 2 && r.Kind != "explicit") r.State = State.Services;
                        else if (r.Kind == "mtu" && (t == ">" || t == "<" || t == "=")) r.State = State.Comparison;
                        else return null;
                        break;
                    case State.OnItem:
                        if (!IsWordOrAddress(t)) return null;
                        r.On.Add(t);
                        r.State = State.AfterOnItem;
                        break;
                    case State.AfterOnItem:
                        if (t == ",") r.State = State.OnItem;
                        else if (t == ":") r.State = State.Services;
                        else return null;
                        break;
                    case State.Services:
                        r.State = State.AfterService;
                        break;
                    case State.AfterService:
                        if (t == ",") r.State = State.Services;
                        break;
                    case State.Comparison:
                        if (t != "=") r.State = State.Stop;
                        break;
                    default:
                        return null;
                }
            }
            return r;
        }

        /// <summary>'except' follows an isolated assertion's zone or selector, and an endpoint that is not 'any' or a selector.</summary>
        private static bool CanExcept(Reading r, Side side) => r.Kind == "isolated" || (r.Pair && !side.IsSelector && !side.IsAny);

        private static bool IsWordOrAddress(string t) => t.Length > 0 && (SyntaxFacts.IsIdentifierPart(t[0]));

        private static CompletionItem[] SideStart(Reading r, PolicyModel m)
        {
            var selector = Keyword("zones", "zones with KEY = \"VALUE\", …: the zones that carry these labels");
            if (!r.Pair) return ZoneItems(m, segments: false).Append(selector).ToArray();
            return ZoneItems(m, segments: true)
                .Concat(m.PrefixLists.Select(p => new CompletionItem(p.Name, CompletionItemKindCode.Constant, "prefix list")))
                .Append(Keyword("any", "any address"))
                .Append(selector)
                .ToArray();
        }

        /// <summary>What may follow a complete side.</summary>
        private static CompletionItem[] Next(Reading r, PolicyModel m, bool afterExceptItem)
        {
            var side = r.Current;
            var items = new List<CompletionItem>();
            if (!afterExceptItem && !side.HasExcept && CanExcept(r, side))
                items.Add(Keyword("except", r.Pair ? "except PREFIX, …: the endpoint without these prefixes or prefix lists" : "except ZONE, …: the zones it may connect with"));
            if (r.Kind == "mtu")
                items.AddRange(s_comparisons.Select(c => new CompletionItem(c, CompletionItemKindCode.Operator, "mtu ZONE " + c + " BYTES")));
            else if (r.Pair && r.Sides.Count == 1)
                items.Add(new CompletionItem("->", CompletionItemKindCode.Operator, "-> DST: the destination"));
            else if (r.Pair && r.Kind != "explicit")
            {
                if (r.Kind == "only" && (side.IsSelector || (side.Name != null && !side.IsAny && !side.IsAddress && !side.Name.Contains('.') && !side.HasExcept
                    && m.Zones.Any(z => z.Name == side.Name))))
                    items.Add(Keyword("on", "on SEGMENT, …: only landing on these segments of the destination zone"));
                items.Add(new CompletionItem(":", CompletionItemKindCode.Operator, r.Kind == "reachable" ? ": SERVICES: the services that must be allowed" : ": SERVICES: only for these services"));
            }
            return items.ToArray();
        }

        /// <summary>After 'on' (or a ',' there): the segments of the destination zone, or of the zones its selector picks, not listed yet.</summary>
        private static CompletionItem[] Segments(Reading r, PolicyModel m)
        {
            var destination = r.Sides.Count == 2 ? r.Sides[1] : null;
            if (destination == null) return System.Array.Empty<CompletionItem>();
            var zones = destination.IsSelector
                ? m.Zones.Where(z => destination.Labels.All(l => z.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList()
                : m.Zones.Where(z => z.Name == destination.Name).ToList();
            return zones.SelectMany(z => z.Segments)
                .Where(s => !r.On.Contains(s.Name))
                .GroupBy(s => s.Name, System.StringComparer.Ordinal)
                .Select(g => new CompletionItem(g.Key, CompletionItemKindCode.Module, "segment of " + string.Join(", ", g.Select(s => s.Zone.Name))))
                .ToArray();
        }

        private static IEnumerable<CompletionItem> ZoneItems(PolicyModel m, bool segments)
        {
            foreach (var zone in m.Zones)
            {
                yield return new CompletionItem(zone.Name, CompletionItemKindCode.Module, zone.IsExternal ? "external" : "zone");
                if (!segments) continue;
                foreach (var segment in zone.Segments) yield return new CompletionItem(segment.QualifiedName, CompletionItemKindCode.Module, "segment");
            }
        }

        /// <summary>The label keys the policy's zones use (but those the selector has already), with the zones that carry each.</summary>
        private static CompletionItem[] LabelKeys(PolicyModel m, IEnumerable<string> used)
        {
            var taken = new HashSet<string>(used, System.StringComparer.Ordinal);
            return m.Zones.SelectMany(z => z.Labels.Keys.Select(k => (Key: k, Zone: z.Name)))
                .Where(p => !taken.Contains(p.Key))
                .GroupBy(p => p.Key, System.StringComparer.Ordinal)
                .OrderBy(g => g.Key, System.StringComparer.Ordinal)
                .Select(g => new CompletionItem(g.Key, CompletionItemKindCode.Property, "label of " + Names(g.Select(p => p.Zone))))
                .ToArray();
        }

        /// <summary>The values a label has in the policy's zones: quoted to be inserted as they are, or bare inside an open string.</summary>
        private static CompletionItem[] LabelValues(PolicyModel m, string key, bool quoted)
        {
            return m.Zones
                .Where(z => z.Labels.ContainsKey(key))
                .GroupBy(z => z.Labels[key], System.StringComparer.Ordinal)
                .OrderBy(g => g.Key, System.StringComparer.Ordinal)
                .Select(g => new CompletionItem(quoted ? StringSyntax.Quote(g.Key) : g.Key, CompletionItemKindCode.Value, key + " of " + Names(g.Select(z => z.Name)),
                    FilterText: quoted ? g.Key : null))
                .ToArray();
        }

        private static string Names(IEnumerable<string> names)
        {
            var all = names.Distinct().ToList();
            return all.Count <= 5 ? string.Join(", ", all) : string.Join(", ", all.Take(5)) + " and " + (all.Count - 5).ToString(System.Globalization.CultureInfo.InvariantCulture) + " more";
        }

        private static CompletionItem Keyword(string word, string detail) => new CompletionItem(word, CompletionItemKindCode.Keyword, detail);
    }
}
