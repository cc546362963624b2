using PolicyLang.Platforms;

namespace PolicyLang.LanguageServer.Features
{
    /// <summary>
    /// Completion decided from the one or two tokens before the word being typed, on the cursor's line:
    /// declaration keywords at the start of a top-level line ('baseline' and 'quarantine' as snippets), the settings a
    /// quarantine or baseline block lacks at the start of a line in it, shipped baselines after 'import', everything on an
    /// 'assert' line (<see cref="AssertionCompletion"/>), zones after allow/deny/->/zones (and prefix lists and
    /// 'any' after allow/deny/->), prefix lists and zones after a flow endpoint's 'except', services and
    /// protocols after a flow's ':', the flow options it lacks after its services, 'prefix' and 'level' after its 'log' and the
    /// severities the binder accepts after 'level', classes after a flow's 'class', DSCP names after 'dscp', platforms after
    /// 'target NAME', and inside a target its settings at the start of a line, the platform's options after 'option' and its modes after
    /// 'mode' (from the platform's description, with their documentation), and the target's own platform after 'verbatim'.
    /// Inside a protocol match, wherever it is written, port lists after 'tcp/' ('udp/', 'sctp/') and port lists and 'any'
    /// after 'tcp/PORTS ->' (the destination ports of a source-port match).
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

        /// <summary>The option words of <c>log</c> (either order, each once), in the order the formatter writes them.</summary>
        private static readonly (string Name, string Detail)[] s_logWords =
        {
            ("prefix", "prefix \"TAG\": a tag the flow's log messages start with (1 to 32 letters, digits, spaces and - _ . : /)"),
            ("level", "level L: the syslog severity of the flow's log messages"),
        };

        /// <summary>Options followed by a value: right after one, the value is typed, not another option.</summary>
        private static readonly HashSet<string> s_optionsWithValue = new HashSet<string>(System.StringComparer.Ordinal) { "name", "class", "rate", "expires", "description" };

        /// <summary>Every standard DSCP name <see cref="WellKnownNames.DscpValue"/> knows.</summary>
        public static readonly IReadOnlyList<string> DscpNames = BuildDscpNames();

        /// <summary>The settings of the blocks of the contextual declarations, offered at the start of a line inside them.</summary>
        private static readonly Dictionary<string, (string Name, string Detail)[]> s_blockSettings = new Dictionary<string, (string, string)[]>(System.StringComparer.Ordinal)
        {
            ["quarantine"] = new[]
            {
                ("reason", "reason \"...\": why the address is cut off (an incident, a ticket)"),
                ("expires", "expires YYYY-MM-DD: the last day the quarantine applies"),
            },
            ["baseline"] = new[]
            {
                ("title", "title \"...\": what the baseline is about"),
                ("reference", "reference \"...\": the standard and its requirements (PCI DSS v4.0.1 1.3, 10.2)"),
                ("description", "description \"...\": free text"),
            },
        };

        /// <summary>
        /// A target's settings in the reference's order. 'device', 'option' and 'verbatim' may be written more than once; 'mode',
        /// 'option' and 'verbatim' are left out on a platform without modes, without options, or that takes no verbatim text.
        /// </summary>
        private static readonly (string Name, string Detail)[] s_targetSettings =
        {
            ("devices", "devices \"NAME\", …: the devices, clusters or cloud resources"),
            ("device", "device \"NAME\" { … }: one device, with its VTEP and interfaces"),
            ("zones", "zones ZONE, …: the zones the target enforces policy for"),
            ("mode", "mode MODE: the deployment mode"),
            ("option", "option NAME VALUE: a platform-specific switch"),
            ("verbatim", "verbatim PLATFORM { \"line\" … }: configuration lines written into the output as they stand, not verified"),
            ("description", "description \"...\": free text"),
        };

        private static readonly HashSet<string> s_repeatableTargetSettings = new HashSet<string>(System.StringComparer.Ordinal) { "device", "option", "verbatim" };

        /// <param name="snippets">Whether the client takes snippets (<c>${1:…}</c> placeholders) in completion items.</param>
        public static CompletionItem[] Items(PolicySyntaxTree tree, int offset, System.Func<PolicyModel> model, bool snippets = false)
        {
            var text = tree.Text;
            int lineStart = text.LineStarts[text.GetLineIndex(offset)];
            int wordStart = offset;
            while (wordStart > lineStart && (SyntaxFacts.IsIdentifierPart(text[wordStart - 1]) || text[wordStart - 1] == '-' || text[wordStart - 1] == '.'))
                wordStart--;
            // "->" is not part of a word.
            if (wordStart < offset && text[wordStart] == '-' ) return System.Array.Empty<CompletionItem>();
            var before = text.ToString(TextSpan.FromBounds(lineStart, wordStart));
            var tokens = LineTokens(before);
            if (tokens == null)
            {
                // In a string still open: only a selector's label value is completed there.
                int quote = before.LastIndexOf('"');
                return quote >= 0 ? AssertionCompletion.InOpenString(LineTokens(before.Substring(0, quote)), model) ?? System.Array.Empty<CompletionItem>()
                    : System.Array.Empty<CompletionItem>();
            }

            if (tokens.Count == 0)
            {
                int depth = Depth(tree, lineStart);
                if (depth == 0) return DeclarationKeywords(snippets);
                // At the start of a line in a quarantine's or a baseline's block: the settings it does not have yet.
                if (depth == 1 && EnclosingDeclaration(tree, lineStart) is { } block && block.Tokens().FirstOrDefault() is { } keyword
                    && s_blockSettings.TryGetValue(keyword.Text, out var settings))
                {
                    var present = SettingsPresent(tree, block, lineStart);
                    return settings.Where(x => !present.Contains(x.Name)).Select(x => Item(x.Name, CompletionItemKindCode.Keyword, x.Detail)).ToArray();
                }
                // At the start of a line in a target's block: its settings, those written once only while missing.
                if (depth == 1 && EnclosingTarget(tree, lineStart) is { } target)
                {
                    var present = SettingsPresent(tree, target.Declaration, lineStart);
                    var described = target.Platform != null ? PlatformRegistry.Describe(target.Platform) : null;
                    return s_targetSettings
                        .Where(x => s_repeatableTargetSettings.Contains(x.Name) || !present.Contains(x.Name))
                        .Where(x => described == null || x.Name switch
                        {
                            "mode" => described.Modes.Count > 0,
                            "option" => described.Options.Count > 0,
                            "verbatim" => described.Verbatim != null,
                            _ => true,
                        })
                        .Select(x => Item(x.Name, CompletionItemKindCode.Keyword, x.Detail)).ToArray();
                }
                return System.Array.Empty<CompletionItem>();
            }

            string last = tokens[^1];
            string first = tokens[0];
            // Inside a protocol match, wherever it stands (a flow's or an assertion's services, a service, an expectation).
            if (ProtocolPorts(tokens) is { } side)
            {
                var m = model();
                var lists = m.PortLists.Select(p => Item(p.Name, CompletionItemKindCode.Constant, "port list: " + PortListText(p)));
                return side == PortSide.Destination
                    ? lists.Append(Item("any", CompletionItemKindCode.Keyword, "every destination port")).ToArray()
                    : side == PortSide.Ports ? lists.ToArray() : System.Array.Empty<CompletionItem>();
            }
            if (first == "assert") return AssertionCompletion.Items(tokens, model);
            if (first == "import" && tokens.Count == 1)
                return PolicyLang.Workspace.BuiltinBaselines.Names
                    .Select(n => new CompletionItem("\"" + PolicyLang.Workspace.BuiltinBaselines.Scheme + n + "\"", CompletionItemKindCode.Module, "baseline shipped with policyc"))
                    .ToArray();
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
            if (flow && LogItems(tokens) is { } log) return log;
            // After a service (or an option and its value): the options the flow does not have yet.
            if (flow && tokens.Contains(":") && last != ":" && last != "," && last != "/" && last != "-" && !s_optionsWithValue.Contains(last))
                return FlowOptionsMissing(tokens).ToArray();
            if (first == "target" && tokens.Count == 2)
                return PlatformRegistry.Backends.Select(b => b.Description)
                    .Select(d => new CompletionItem(d.Name, CompletionItemKindCode.Value, d.DisplayName)).ToArray();
            if ((last == "option" || last == "mode") && tokens.Count == 1 && EnclosingPlatform(tree, lineStart) is { } platform)
                return last == "option"
                    ? platform.Options.Select(o => new CompletionItem(o.Name, CompletionItemKindCode.Property, o.Expected, o.Description)).ToArray()
                    : platform.Modes.Select((m, i) => new CompletionItem(m, CompletionItemKindCode.Value, i == 0 ? "mode (the default)" : "mode")).ToArray();
            // After 'verbatim': the target's own platform, the only one its text may be written for (another is NP2036).
            if (last == "verbatim" && tokens.Count == 1 && EnclosingPlatform(tree, lineStart) is { } own)
                return new[]
                {
                    Item(own.Name, CompletionItemKindCode.Value, own.DisplayName + ": the target's platform"
                        + (own.Verbatim == null ? ", which takes no verbatim text (NP4001)" : "")),
                };
            if (last == "dscp")
                return DscpNames.Select(n => Item(n, CompletionItemKindCode.Constant, "DSCP " + WellKnownNames.DscpValue(n)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            return System.Array.Empty<CompletionItem>();
        }

        private static IEnumerable<CompletionItem> FlowOptionsMissing(IReadOnlyList<string> tokens) =>
            s_flowOptions.Where(o => !tokens.Contains(o.Name)).Select(o => Item(o.Name, CompletionItemKindCode.Keyword, o.Detail));

        /// <summary>
        /// Inside a flow's <c>log</c> with its options <c>prefix "TAG"</c> and <c>level L</c> (in either order, each once):
        /// after 'log' or a complete option the log words not written yet and the flow's other options, after 'prefix'
        /// nothing (a string is typed), after 'level' the severities the binder accepts (<see cref="FlowRule.LogLevels"/>);
        /// null when the tokens do not end inside it.
        /// </summary>
        private static CompletionItem[]? LogItems(List<string> tokens)
        {
            int colon = tokens.IndexOf(":");
            int log = tokens.LastIndexOf("log");
            // 'log' after a value-taking option is that option's value ('name log'), not the option.
            if (colon < 0 || log < colon || s_optionsWithValue.Contains(tokens[log - 1])) return null;
            var after = tokens.Skip(log + 1).ToList();
            var written = new HashSet<string>(System.StringComparer.Ordinal);
            int i = 0;
            // Complete options: 'prefix "TAG"' and 'level WORD'.
            while (i + 1 < after.Count && (after[i] == "prefix" && after[i + 1].StartsWith('"') || after[i] == "level" && after[i + 1] != "prefix" && after[i + 1] != "level")
                && written.Add(after[i]))
                i += 2;
            if (i == after.Count)
                return s_logWords.Where(w => !written.Contains(w.Name)).Select(w => Item(w.Name, CompletionItemKindCode.Keyword, w.Detail))
                    .Concat(FlowOptionsMissing(tokens)).ToArray();
            if (i == after.Count - 1 && after[i] == "prefix" && !written.Contains("prefix")) return System.Array.Empty<CompletionItem>();
            if (i == after.Count - 1 && after[i] == "level" && !written.Contains("level"))
                return FlowRule.LogLevels.Select((l, k) => Item(l, CompletionItemKindCode.Value,
                    "syslog severity " + k.ToString(System.Globalization.CultureInfo.InvariantCulture) + (k == 0 ? " (the most severe)" : ""))).ToArray();
            return null;
        }

        /// <summary>
        /// The words that start a declaration: the reserved ones, then 'baseline' and 'quarantine' (contextual: declarations only
        /// first on a line and followed by a name and '{' or an address), as snippets with their settings when the client takes them.
        /// </summary>
        private static CompletionItem[] DeclarationKeywords(bool snippets)
        {
            var items = SyntaxFacts.ReservedWords.Select(k => Item(k, CompletionItemKindCode.Keyword, "declaration")).ToList();
            var expires = PolicyClock.Today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            items.Add(snippets
                ? new CompletionItem("baseline", CompletionItemKindCode.Snippet, "baseline NAME { title reference }: the assertions of this file as a named set", null,
                    "baseline ${1:name} {\n  title \"${2:what it is about}\"\n  reference \"${3:standard and requirements}\"\n}$0", InsertTextFormatCode.Snippet)
                : Item("baseline", CompletionItemKindCode.Keyword, "declaration: baseline NAME { title reference }"));
            items.Add(snippets
                ? new CompletionItem("quarantine", CompletionItemKindCode.Snippet, "quarantine ADDRESS { reason expires }: the address loses every flow, both ways", null,
                    "quarantine ${1:10.0.0.5} {\n  reason \"${2:incident}\"\n  expires ${3:" + expires + "}\n}$0", InsertTextFormatCode.Snippet)
                : Item("quarantine", CompletionItemKindCode.Keyword, "declaration: quarantine ADDRESS { reason expires }"));
            return items.ToArray();
        }

        /// <summary>
        /// The setting keywords a block already has: the first word of its lines (the cursor's line aside), not those of a
        /// block inside it (a target's device blocks have settings of their own).
        /// </summary>
        private static HashSet<string> SettingsPresent(PolicySyntaxTree tree, DeclarationSyntax block, int cursorLineStart)
        {
            var text = tree.Text;
            int cursorLine = text.GetLineIndex(cursorLineStart);
            var present = new HashSet<string>(System.StringComparer.Ordinal);
            int lastLine = -1;
            int depth = 0;
            foreach (var token in block.Tokens())
            {
                var start = block.AbsoluteSpan(token).Start;
                int line = text.GetLineIndex(start);
                if (line != lastLine && line != cursorLine && depth <= 1 && token.Kind == SyntaxKind.IdentifierToken) present.Add(token.Text);
                lastLine = line;
                if (token.Kind == SyntaxKind.OpenBraceToken) depth++;
                else if (token.Kind == SyntaxKind.CloseBraceToken && depth > 0) depth--;
            }
            return present;
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

        private enum PortSide { Ports, Destination, None }

        /// <summary>
        /// Where the tokens leave a protocol match with ports: after <c>tcp/</c> (<c>udp/</c>, <c>sctp/</c>) its ports, after
        /// <c>tcp/PORTS -&gt;</c> the destination ports of a source-port match (or <c>any</c>), after <c>tcp/ -&gt;</c> (no
        /// source ports written) or after a protocol without ports (<c>icmp -&gt;</c>) nothing; null when the tokens do not end
        /// inside one.
        /// </summary>
        private static PortSide? ProtocolPorts(IReadOnlyList<string> tokens)
        {
            int n = tokens.Count;
            bool SlashAt(int i) => i >= 1 && tokens[i] == "/" && (tokens[i - 1] == "tcp" || tokens[i - 1] == "udp" || tokens[i - 1] == "sctp");
            if (SlashAt(n - 1)) return PortSide.Ports;
            if (tokens[n - 1] != "->") return null;
            if (n >= 4 && SlashAt(n - 3) && SyntaxFacts.IsIdentifierPart(tokens[n - 2][0])) return PortSide.Destination;
            if (SlashAt(n - 2)) return PortSide.None;
            // 'icmp ->', 'icmp echo-request ->', 'proto 47 ->' in a list of services: ICMP and other protocols have no ports,
            // so no source ports either; an endpoint's arrow never follows them.
            bool inServices = tokens.Contains(":") || (tokens[0] != "allow" && tokens[0] != "deny" && tokens[0] != "assert");
            bool NoPorts(string t) => t == "icmp" || t == "icmpv6" || t == "proto";
            if (n >= 2 && inServices && (NoPorts(tokens[n - 2]) || (n >= 3 && NoPorts(tokens[n - 3])))) return PortSide.None;
            return null;
        }

        /// <summary>A port list's ports for an item's detail: "22, 2222", "1024-65535"; the first eight of a long one.</summary>
        private static string PortListText(PortListSymbol list)
        {
            var ranges = list.Ranges.Select(r => ServiceMatch.PortText(new[] { r.Value })).ToList();
            return ranges.Count == 0 ? "no ports" : string.Join(", ", ranges.Take(8)) + (ranges.Count > 8 ? ", …" : "");
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
        private static PlatformDescription? EnclosingPlatform(PolicySyntaxTree tree, int position) =>
            EnclosingTarget(tree, position) is { Platform: { } platform } ? PlatformRegistry.Describe(platform) : null;

        /// <summary>
        /// The target whose block holds <paramref name="position"/> directly (not in a device or verbatim block) and the platform
        /// it names, also while it does not parse yet.
        /// </summary>
        private static (DeclarationSyntax Declaration, string? Platform)? EnclosingTarget(PolicySyntaxTree tree, int position)
        {
            if (Depth(tree, position) != 1) return null;
            var enclosing = EnclosingDeclaration(tree, position);
            if (enclosing == null) return null;
            var tokens = enclosing.Tokens().Take(3).ToList();
            if (tokens.Count == 0 || tokens[0].Text != "target") return null;
            return (enclosing, tokens.Count == 3 && tokens[2].Kind == SyntaxKind.IdentifierToken ? tokens[2].Text : null);
        }

        /// <summary>The last declaration that starts before <paramref name="position"/> (the one whose block holds it, when one is open).</summary>
        private static DeclarationSyntax? EnclosingDeclaration(PolicySyntaxTree tree, int position)
        {
            DeclarationSyntax? enclosing = null;
            foreach (var declaration in tree.Declarations)
            {
                if (declaration.AbsoluteFullSpan.Start >= position) break;
                enclosing = declaration;
            }
            return enclosing;
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
