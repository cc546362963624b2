using PolicyLang.Platforms;

namespace PolicyLang.LanguageServer.Features
{
    /// <summary>
    /// Completion decided from the one or two tokens before the word being typed, on the cursor's line:
    /// declaration keywords at the start of a top-level line, zones after allow/deny/->/zones (and prefix lists and
    /// 'any' after allow/deny/->), prefix lists and zones after a flow endpoint's 'except', services and
    /// protocols after a flow's ':', the flow options it lacks after its services, classes after a flow's 'class', DSCP names after 'dscp', platforms after
    /// 'target NAME', and inside a target the platform's options after 'option' and its modes after 'mode' (from the
    /// platform's description, with their documentation).
    /// </summary>
    public static class Completion
    {
        private static readonly string[] s_protocols = { "any", "tcp", "udp", "sctp", "icmp", "icmpv6", "proto" };

        /// <summary>A flow's options in canonical order, with what each one does.</summary>
        private static readonly (string Name, string Detail)[] s_flowOptions =
        {
            ("name", "name NAME: the flow's name, used for generated rules, terms and counters"),
            ("class", "class NAME: mark and queue the traffic"),
            ("rate", "rate R: limit the flow (10000/s, 5000pps, 100Mbps)"),
            ("log", "log matching traffic"),
            ("count", "count the flow's matches on every target"),
            ("expires", "expires YYYY-MM-DD: the last day the flow applies"),
            ("description", "description \"...\": free text"),
        };

        /// <summary>Options followed by a value: right after one, the value is typed, not another option.</summary>
        private static readonly HashSet<string> s_optionsWithValue = new HashSet<string>(System.StringComparer.Ordinal) { "name", "class", "rate", "expires", "description" };

        /// <summary>Every standard DSCP name <see cref="WellKnownNames.DscpValue"/> knows.</summary>
        public static readonly IReadOnlyList<string> DscpNames = BuildDscpNames();

        public static CompletionItem[] Items(PolicySyntaxTree tree, int offset, System.Func<PolicyModel> model)
        {
            var text = tree.Text;
            int lineStart = text.LineStarts[text.GetLineIndex(offset)];
            int wordStart = offset;
            while (wordStart > lineStart && (SyntaxFacts.IsIdentifierPart(text[wordStart - 1]) || text[wordStart - 1] == '-' || text[wordStart - 1] == '.'))
                wordStart--;
            // "->" is not part of a word.
            if (wordStart < offset && text[wordStart] == '-' ) return System.Array.Empty<CompletionItem>();
            var tokens = LineTokens(text.ToString(TextSpan.FromBounds(lineStart, wordStart)));
            if (tokens == null) return System.Array.Empty<CompletionItem>();

            if (tokens.Count == 0)
                return Depth(tree, lineStart) == 0 ? SyntaxFacts.ReservedWords.Select(k => Item(k, CompletionItemKindCode.Keyword, "declaration")).ToArray() : System.Array.Empty<CompletionItem>();

            string last = tokens[^1];
            string first = tokens[0];
            bool flow = first == "allow" || first == "deny";
            if (last == "allow" || last == "deny" || last == "->")
            {
                // Zones and segments, then the prefix lists an endpoint may also name, then 'any'.
                var m = model();
                var zones = Zones(m, withAny: false);
                return zones.Concat(PrefixLists(m)).Concat(new[] { Item("any", CompletionItemKindCode.Keyword, "any address") }).ToArray();
            }
            if (flow && (last == "except" || (last == "," && tokens.Contains("except") && !tokens.Contains(":"))))
            {
                var m = model();
                return PrefixLists(m).Concat(m.Zones.Select(z => Item(z.Name, CompletionItemKindCode.Module, z.IsExternal ? "external" : "zone"))).ToArray();
            }
            if (first == "zones" && (last == "zones" || last == ","))
                return Zones(model(), withAny: false);
            if (flow && (last == ":" || (last == "," && tokens.Contains(":") && !tokens.Contains("class"))))
            {
                var m = model();
                return m.Services.Select(s => Item(s.Name, CompletionItemKindCode.Interface, "service"))
                    .Concat(s_protocols.Select(p => Item(p, CompletionItemKindCode.Keyword, "protocol")))
                    .ToArray();
            }
            if (flow && last == "class")
                return model().Classes.Select(c => Item(c.Name, CompletionItemKindCode.Class, "class")).ToArray();
            // After a service (or an option and its value): the options the flow does not have yet.
            if (flow && tokens.Contains(":") && last != ":" && last != "," && last != "/" && last != "-" && !s_optionsWithValue.Contains(last))
                return s_flowOptions.Where(o => !tokens.Contains(o.Name)).Select(o => Item(o.Name, CompletionItemKindCode.Keyword, o.Detail)).ToArray();
            if (first == "target" && tokens.Count == 2)
                return PlatformRegistry.Backends.Select(b => b.Description)
                    .Select(d => new CompletionItem(d.Name, CompletionItemKindCode.Value, d.DisplayName)).ToArray();
            if ((last == "option" || last == "mode") && tokens.Count == 1 && EnclosingPlatform(tree, lineStart) is { } platform)
                return last == "option"
                    ? platform.Options.Select(o => new CompletionItem(o.Name, CompletionItemKindCode.Property, o.Expected, o.Description)).ToArray()
                    : platform.Modes.Select((m, i) => new CompletionItem(m, CompletionItemKindCode.Value, i == 0 ? "mode (the default)" : "mode")).ToArray();
            if (last == "dscp")
                return DscpNames.Select(n => Item(n, CompletionItemKindCode.Constant, "DSCP " + WellKnownNames.DscpValue(n)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            return System.Array.Empty<CompletionItem>();
        }

        private static CompletionItem[] Zones(PolicyModel model, bool withAny)
        {
            var items = new List<CompletionItem>();
            foreach (var zone in model.Zones)
            {
                items.Add(Item(zone.Name, CompletionItemKindCode.Module, zone.IsExternal ? "external" : "zone"));
                foreach (var segment in zone.Segments) items.Add(Item(segment.QualifiedName, CompletionItemKindCode.Module, "segment"));
            }
            if (withAny) items.Add(Item("any", CompletionItemKindCode.Keyword, "any address"));
            return items.ToArray();
        }

        private static IEnumerable<CompletionItem> PrefixLists(PolicyModel model) =>
            model.PrefixLists.Select(p => Item(p.Name, CompletionItemKindCode.Constant, "prefix list"));

        private static CompletionItem Item(string label, int kind, string? detail) => new CompletionItem(label, kind, detail);

        /// <summary>The line's tokens as text (names, "->", punctuation), or null when the cursor is in a comment or string.</summary>
        private static List<string>? LineTokens(string line)
        {
            var tokens = new List<string>();
            int i = 0;
            while (i < line.Length)
            {
                char c = line[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c == '#') return null;
                if (c == '"')
                {
                    int close = line.IndexOf('"', i + 1);
                    if (close < 0) return null;
                    tokens.Add(line.Substring(i, close - i + 1));
                    i = close + 1;
                    continue;
                }
                if (c == '-' && i + 1 < line.Length && line[i + 1] == '>') { tokens.Add("->"); i += 2; continue; }
                if (SyntaxFacts.IsIdentifierPart(c))
                {
                    int start = i;
                    while (i < line.Length && (SyntaxFacts.IsIdentifierPart(line[i]) || line[i] == '.'
                        || (line[i] == '-' && i + 1 < line.Length && line[i + 1] != '>'))) i++;
                    tokens.Add(line.Substring(start, i - start));
                    continue;
                }
                tokens.Add(c.ToString());
                i++;
            }
            return tokens;
        }

        /// <summary>The platform of the target whose block holds <paramref name="position"/>, also while it does not parse yet.</summary>
        private static PlatformDescription? EnclosingPlatform(PolicySyntaxTree tree, int position)
        {
            if (Depth(tree, position) != 1) return null;
            PolicyLang.Syntax.DeclarationSyntax? enclosing = null;
            foreach (var declaration in tree.Declarations)
            {
                if (declaration.AbsoluteFullSpan.Start >= position) break;
                enclosing = declaration;
            }
            if (enclosing == null) return null;
            var tokens = enclosing.Tokens().Take(3).ToList();
            return tokens.Count == 3 && tokens[0].Text == "target" ? PlatformRegistry.Describe(tokens[2].Text) : null;
        }

        /// <summary>How many blocks are open at <paramref name="position"/>.</summary>
        private static int Depth(PolicySyntaxTree tree, int position)
        {
            int depth = 0;
            foreach (var declaration in tree.Declarations)
            {
                if (declaration.AbsoluteFullSpan.Start >= position) break;
                foreach (var token in declaration.Tokens())
                {
                    if (declaration.AbsoluteSpan(token).Start >= position) break;
                    if (token.Kind == SyntaxKind.OpenBraceToken) depth++;
                    else if (token.Kind == SyntaxKind.CloseBraceToken && depth > 0) depth--;
                }
            }
            return depth;
        }

        private static IReadOnlyList<string> BuildDscpNames()
        {
            var names = new List<string> { "default", "be", "ef", "va" };
            for (int x = 1; x <= 4; x++)
                for (int y = 1; y <= 3; y++) names.Add("af" + x + y);
            for (int n = 0; n <= 7; n++) names.Add("cs" + n);
            return names.Where(n => WellKnownNames.DscpValue(n) != null).ToList();
        }
    }
}
