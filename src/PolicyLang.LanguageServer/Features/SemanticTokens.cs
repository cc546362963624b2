namespace PolicyLang.LanguageServer.Features
{
    /// <summary>
    /// Semantic tokens: every token of a document classified from the syntax tree, with names classified by what
    /// the binder resolved them to (a zone, a segment, a service, …). A name the binder could not resolve gets no
    /// token, so the editor's grammar colours it and the diagnostic underlines it.
    /// </summary>
    public static class SemanticTokens
    {
        /// <summary>The legend's token types, in index order (the numbers in the encoded data).</summary>
        public static readonly string[] TokenTypes =
        {
            "keyword",      // 0: declaration and setting keywords, protocols, contextual words (except, code, any, zones with, on, …)
            "namespace",    // 1: zones
            "property",     // 2: segments
            "function",     // 3: services
            "class",        // 4: traffic classes
            "interface",    // 5: targets
            "variable",     // 6: prefix lists, port lists
            "struct",       // 7: the policy, baselines
            "enumMember",   // 8: built-in values: DSCP names, ICMP types, modes, option words
            "type",         // 9: target platforms
            "parameter",    // 10: label keys, option names
            "number",       // 11: numbers (with units) and addresses/prefixes (modifier "address")
            "string",       // 12
            "comment",      // 13
            "operator",     // 14: -> = == >= <= > < : / - .
        };

        /// <summary>The legend's modifiers, bit i = TokenModifiers[i].</summary>
        public static readonly string[] TokenModifiers = { "declaration", "defaultLibrary", "address" };

        private const int Keyword = 0, Namespace = 1, Property = 2, Function = 3, Class = 4, Interface = 5, Variable = 6,
            Struct = 7, EnumMember = 8, Type = 9, Parameter = 10, Number = 11, String = 12, Comment = 13, Operator = 14;

        private const int Declaration = 1, DefaultLibrary = 2, AddressModifier = 4;

        /// <summary>Words that are keywords where the grammar expects them after a setting's keyword or inside an assertion.</summary>
        private static readonly HashSet<string> s_contextualKeywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "isolated", "never", "reachable", "mtu", "logged", "only", "explicit", "classified", "unclassified", "on", "except", "code", "proto", "any", "namespace", "selector",
            "tcp", "udp", "sctp", "icmp", "icmpv6", "allow", "deny", "s",
            "source", "carries", "uplink", "vtep", "interface", "device", "devices", "option",
        };

        /// <summary>One classified token: an absolute span inside a single line, a type index and modifier bits.</summary>
        public readonly struct Token(int start, int length, int type, int modifiers)
        {
            public int Start { get; } = start;
            public int Length { get; } = length;
            public int Type { get; } = type;
            public int Modifiers { get; } = modifiers;
        }

        public static int TypeOf(SymbolKind kind) => kind switch
        {
            SymbolKind.Zone => Namespace,
            SymbolKind.Segment => Property,
            SymbolKind.Service => Function,
            SymbolKind.Class => Class,
            SymbolKind.Target => Interface,
            SymbolKind.PrefixList => Variable,
            SymbolKind.PortList => Variable,
            _ => Struct,
        };

        /// <summary>The tokens of a document in text order; <paramref name="model"/> classifies names (null: syntax only).</summary>
        public static List<Token> Classify(PolicySyntaxTree tree, PolicyModel? model, CancellationToken cancellationToken)
        {
            var names = model == null ? new Dictionary<int, (int, int)>() : NamesIn(model, tree.Path);
            var result = new List<Token>();
            foreach (var declaration in tree.Declarations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Visit(declaration, declaration, declaration.Start, names, result);
            }
            Visit(tree.EndOfFile, tree.EndOfFile, tree.EndOfFile.Start, names, result);
            return result;
        }

        /// <summary>Absolute start of each name in this file → (type, modifiers), from the binder's declarations and references.</summary>
        private static Dictionary<int, (int Type, int Modifiers)> NamesIn(PolicyModel model, string path)
        {
            var names = new Dictionary<int, (int, int)>();
            foreach (var symbol in ModelSymbols.Named(model))
            {
                if (symbol.Location.Text != null && string.Equals(symbol.Location.Path, path, StringComparison.Ordinal))
                    names[symbol.Location.Span.Start] = (TypeOf(symbol.Kind), Declaration);
            }
            foreach (KeyValuePair<Symbol, IReadOnlyList<SourceLocation>> entry in model.References)
            {
                int type = TypeOf(entry.Key.Kind);
                foreach (var location in entry.Value)
                {
                    if (location.Text != null && string.Equals(location.Path, path, StringComparison.Ordinal) && ModelSymbols.WrittenAsName(location, entry.Key))
                        names[location.Span.Start] = (type, 0);
                }
            }
            return names;
        }

        private static void Visit(SyntaxNode node, DeclarationSyntax declaration, int offset,
            Dictionary<int, (int Type, int Modifiers)> names, List<Token> result)
        {
            var children = node.Children;
            for (int i = 0; i < children.Count; i++)
            {
                if (children[i] is SyntaxNode child)
                {
                    Visit(child, declaration, offset, names, result);
                    continue;
                }
                var token = (SyntaxToken)children[i];
                int position = offset + token.Position;
                int triviaStart = offset + token.FullSpan.Start;
                AddTrivia(token.LeadingTrivia, triviaStart, result);
                var kind = Classify(node, declaration, i, token, position, names);
                if (kind.HasValue && token.Text.Length > 0) result.Add(new Token(position, token.Text.Length, kind.Value.Type, kind.Value.Modifiers));
                AddTrivia(token.TrailingTrivia, position + token.Text.Length, result);
            }
        }

        private static void AddTrivia(IReadOnlyList<SyntaxTrivia> trivia, int start, List<Token> result)
        {
            int position = start;
            foreach (var t in trivia)
            {
                if (t.IsComment) AddMultiline(position, t.Text, Comment, result);
                position += t.Text.Length;
            }
        }

        /// <summary>Adds a token split at line breaks (LSP tokens may not span lines unless the client says so).</summary>
        private static void AddMultiline(int start, string value, int type, List<Token> result)
        {
            int lineStart = 0;
            for (int i = 0; i <= value.Length; i++)
            {
                if (i < value.Length && value[i] != '\n' && value[i] != '\r') continue;
                if (i > lineStart) result.Add(new Token(start + lineStart, i - lineStart, type, 0));
                if (i < value.Length && value[i] == '\r' && i + 1 < value.Length && value[i + 1] == '\n') i++;
                lineStart = i + 1;
            }
        }

        private static (int Type, int Modifiers)? Classify(SyntaxNode parent, DeclarationSyntax declaration, int index, SyntaxToken token,
            int position, Dictionary<int, (int Type, int Modifiers)> names)
        {
            switch (token.Kind)
            {
                case SyntaxKind.NumberToken:
                    return (Number, 0);
                case SyntaxKind.AddressToken:
                    return (Number, AddressModifier);
                case SyntaxKind.StringToken:
                    return (String, 0);
                case SyntaxKind.ArrowToken:
                case SyntaxKind.EqualsToken:
                case SyntaxKind.EqualsEqualsToken:
                case SyntaxKind.GreaterEqualsToken:
                case SyntaxKind.LessEqualsToken:
                case SyntaxKind.GreaterToken:
                case SyntaxKind.LessToken:
                case SyntaxKind.ColonToken:
                case SyntaxKind.SlashToken:
                case SyntaxKind.MinusToken:
                case SyntaxKind.DotToken:
                    return (Operator, 0);
                case SyntaxKind.IdentifierToken:
                    break;
                default:
                    return null; // braces, commas, bad tokens, end of file
            }

            if (names.TryGetValue(position, out var named)) return named;

            // The first word of a declaration or of a setting is its keyword.
            if (index == 0 && ReferenceEquals(parent, declaration))
                return declaration is ErrorDeclarationSyntax e && e.RecognizedKeyword == null ? ((int, int)?)null : (Keyword, 0);
            if (index == 0 && parent is SettingSyntax) return (Keyword, 0);

            var word = token.Text;
            switch (parent.Kind)
            {
                case SyntaxKind.TargetDeclaration when index == 2:
                    return (Type, DefaultLibrary); // the platform
                case SyntaxKind.Label when index == 0:
                    return (Parameter, 0);
                case SyntaxKind.ProtocolMatch:
                    if (index == 0 || word == "code") return (Keyword, 0);
                    // tcp/1024-65535 -> any: every destination port ('any' is a keyword there, never a port list).
                    if (word == "any" && index == 4 && parent.Children[index - 1] is SyntaxToken { Kind: SyntaxKind.ArrowToken }) return (Keyword, 0);
                    if (WellKnownNames.IsIcmpTypeName(word)) return (EnumMember, DefaultLibrary);
                    return null; // an unresolved port list
                case SyntaxKind.Rate:
                    return (Keyword, 0); // the "s" of 10000/s
                case SyntaxKind.ZoneSelector:
                    return (Keyword, 0); // 'zones' and 'with'; its labels are keys (parameter) and strings
                case SyntaxKind.IsolatedAssertion:
                case SyntaxKind.NeverAssertion:
                case SyntaxKind.ReachableAssertion:
                case SyntaxKind.MtuAssertion:
                case SyntaxKind.LoggedAssertion:
                case SyntaxKind.OnlyAssertion:
                case SyntaxKind.ExplicitAssertion:
                case SyntaxKind.ClassifiedAssertion:
                case SyntaxKind.UnclassifiedAssertion:
                    return s_contextualKeywords.Contains(word) ? (Keyword, 0) : ((int, int)?)null;
                case SyntaxKind.Endpoint:
                    return word == "any" && index == 0 ? (Keyword, 0) : ((int, int)?)null;
                case SyntaxKind.Setting:
                    return ClassifySettingArgument((SettingSyntax)parent, index, word);
            }
            return null;
        }

        private static (int Type, int Modifiers)? ClassifySettingArgument(SettingSyntax setting, int index, string word)
        {
            switch (setting.Keyword.Text)
            {
                case "dscp":
                    return WellKnownNames.DscpValue(word) != null ? (EnumMember, DefaultLibrary) : ((int, int)?)null;
                case "mode":
                case "default":
                    return word == "allow" || word == "deny" ? (Keyword, 0) : (EnumMember, DefaultLibrary);
                case "expect":
                    return s_contextualKeywords.Contains(word) ? (Keyword, 0) : ((int, int)?)null;
                case "option":
                    return index == 1 ? (Parameter, 0) : (EnumMember, 0);
                case "verbatim":
                    return index == 1 ? (Type, DefaultLibrary) : ((int, int)?)null; // the platform, as in the target's header
            }
            return s_contextualKeywords.Contains(word) ? (Keyword, 0) : ((int, int)?)null;
        }

        /// <summary>LSP's relative encoding: five integers per token (line delta, start delta, length, type, modifiers).</summary>
        public static int[] Encode(SourceText text, IReadOnlyList<Token> tokens, TextSpan? within = null)
        {
            var data = new List<int>(tokens.Count * 5);
            int previousLine = 0, previousStart = 0;
            foreach (var token in tokens)
            {
                if (within is TextSpan span && (token.Start + token.Length <= span.Start || token.Start >= span.End)) continue;
                var p = text.GetLinePosition(token.Start);
                int line = p.Line, character = p.Character;
                data.Add(line - previousLine);
                data.Add(line == previousLine ? character - previousStart : character);
                data.Add(token.Length);
                data.Add(token.Type);
                data.Add(token.Modifiers);
                previousLine = line;
                previousStart = character;
            }
            return data.ToArray();
        }

        /// <summary>The single edit that turns <paramref name="previous"/> into <paramref name="current"/> (common prefix and suffix kept), or null when equal.</summary>
        public static (int Start, int DeleteCount, int[] Data)? Diff(int[] previous, int[] current)
        {
            int prefix = 0;
            int max = Math.Min(previous.Length, current.Length);
            while (prefix < max && previous[prefix] == current[prefix]) prefix++;
            if (prefix == previous.Length && prefix == current.Length) return null;
            int suffix = 0;
            while (suffix < max - prefix && previous[previous.Length - 1 - suffix] == current[current.Length - 1 - suffix]) suffix++;
            var data = new int[current.Length - prefix - suffix];
            Array.Copy(current, prefix, data, 0, data.Length);
            return (prefix, previous.Length - prefix - suffix, data);
        }
    }
}
