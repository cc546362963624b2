namespace PolicyLang.LanguageServer.Features
{
    /// <summary>The outline of a file, read from its syntax tree (so it works while the policy has errors).</summary>
    public static class DocumentSymbols
    {
        private const int MaxNameLength = 80;

        public static DocumentSymbol[] Collect(PolicySyntaxTree tree, CancellationToken cancellationToken)
        {
            var result = new List<DocumentSymbol>();
            foreach (var declaration in tree.Declarations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var symbol = ForDeclaration(tree.Text, declaration);
                if (symbol != null) result.Add(symbol);
            }
            return result.ToArray();
        }

        private static DocumentSymbol? ForDeclaration(SourceText text, DeclarationSyntax d)
        {
            if (d.FirstToken == null) return null;
            var range = d.AbsoluteSpan(d);
            switch (d)
            {
                case BlockDeclarationSyntax block:
                    {
                        var children = d.Kind == SyntaxKind.ZoneDeclaration || d.Kind == SyntaxKind.ExternalDeclaration ? Segments(text, block) : null;
                        var detail = d.Keyword!.Text;
                        // A baseline says what it is about: its title.
                        if (d.Kind == SyntaxKind.BaselineDeclaration && SettingString(block.Body, "title") is { } title) detail += ": " + Short(title);
                        return Symbol(text, block.NameToken!.Text, detail, KindOf(d.Kind), range, d.AbsoluteSpan(block.NameToken!), children);
                    }
                case QuarantineDeclarationSyntax quarantine:
                    {
                        var reason = quarantine.Body != null ? SettingString(quarantine.Body, "reason") : null;
                        return Symbol(text, quarantine.Address.Text, "quarantine" + (reason != null ? ": " + Short(reason) : ""), SymbolKindCode.Event,
                            range, d.AbsoluteSpan(quarantine.Address), null);
                    }
                case ListDeclarationSyntax list:
                    return Symbol(text, list.NameToken!.Text, d.Keyword!.Text, KindOf(d.Kind), range, d.AbsoluteSpan(list.NameToken!), null);
                case TargetDeclarationSyntax target:
                    return Symbol(text, target.NameToken!.Text, "target " + target.Platform.Text, SymbolKindCode.Object, range, d.AbsoluteSpan(target.NameToken!), null);
                case TestDeclarationSyntax test:
                    return Symbol(text, StringSyntax.Unquote(test.Title.Text), "test", SymbolKindCode.Method, range, d.AbsoluteSpan(test.Title), null);
                case ImportDeclarationSyntax import:
                    return Symbol(text, StringSyntax.Unquote(import.PathToken.Text), "import", SymbolKindCode.File, range, d.AbsoluteSpan(import.PathToken), null);
                case FlowDeclarationSyntax flow:
                    return Symbol(text, OneLine(text, flow), flow.Action.Text, SymbolKindCode.Event, range, range, null);
                case AssertDeclarationSyntax assert:
                    return Symbol(text, OneLine(text, assert), "assert", SymbolKindCode.Boolean, range, range, null);
                case ErrorDeclarationSyntax error when error.NameToken != null:
                    return Symbol(text, error.NameToken.Text, error.RecognizedKeyword!.Text + " (has errors)", KindOfKeyword(error.RecognizedKeyword.Text), range, d.AbsoluteSpan(error.NameToken), null);
                case ErrorDeclarationSyntax error when error.RecognizedKeyword?.Text == "quarantine" && error.Children.Count > 1
                                                       && error.Children[1] is SyntaxToken { Kind: SyntaxKind.AddressToken } address:
                    // A quarantine is named by its address, which is no name token.
                    return Symbol(text, address.Text, "quarantine (has errors)", SymbolKindCode.Event, range, d.AbsoluteSpan(address), null);
                default:
                    return null;
            }
        }

        private static DocumentSymbol[]? Segments(SourceText text, BlockDeclarationSyntax zone)
        {
            var list = new List<DocumentSymbol>();
            foreach (var setting in zone.Body.Settings("segment"))
            {
                if (setting.Argument(0) is SyntaxToken { Kind: SyntaxKind.IdentifierToken } name)
                    list.Add(Symbol(text, name.Text, "segment", SymbolKindCode.Struct, zone.AbsoluteSpan(setting), zone.AbsoluteSpan(name), null));
            }
            return list.Count > 0 ? list.ToArray() : null;
        }

        /// <summary>The value of a block's first string setting <paramref name="keyword"/>, or null.</summary>
        private static string? SettingString(BlockSyntax body, string keyword)
        {
            var setting = body.Settings(keyword).FirstOrDefault();
            return setting?.Argument(0) is SyntaxToken { Kind: SyntaxKind.StringToken } value ? StringSyntax.Unquote(value.Text) : null;
        }

        /// <summary>A one-line piece of free text for a detail: line breaks as spaces, cut to a readable length.</summary>
        private static string Short(string value)
        {
            var line = value.Replace('\r', ' ').Replace('\n', ' ');
            return line.Length > MaxNameLength ? line.Substring(0, MaxNameLength - 1) + "…" : line;
        }

        private static DocumentSymbol Symbol(SourceText text, string name, string? detail, int kind, TextSpan range, TextSpan selection, DocumentSymbol[]? children)
        {
            if (!range.Contains(selection)) selection = range;
            return new DocumentSymbol(name.Length == 0 ? "(unnamed)" : name, detail, kind, Conversions.ToRange(text, range), Conversions.ToRange(text, selection), children);
        }

        private static string OneLine(SourceText text, DeclarationSyntax d)
        {
            // The declaration as written (comments aside), whitespace runs collapsed, cut to a readable length.
            var span = d.AbsoluteSpan(d);
            var sb = new System.Text.StringBuilder();
            bool space = false;
            for (int i = span.Start; i < span.End && sb.Length <= MaxNameLength; i++)
            {
                char c = text[i];
                if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
                if (space) sb.Append(' ');
                space = false;
                sb.Append(c);
            }
            return sb.Length > MaxNameLength ? sb.ToString(0, MaxNameLength - 1) + "…" : sb.ToString();
        }

        private static int KindOf(SyntaxKind kind) => kind switch
        {
            SyntaxKind.PolicyDeclaration => SymbolKindCode.Module,
            SyntaxKind.PrefixListDeclaration => SymbolKindCode.Array,
            SyntaxKind.PortListDeclaration => SymbolKindCode.Array,
            SyntaxKind.ServiceDeclaration => SymbolKindCode.Interface,
            SyntaxKind.ClassDeclaration => SymbolKindCode.Class,
            SyntaxKind.ZoneDeclaration => SymbolKindCode.Namespace,
            SyntaxKind.ExternalDeclaration => SymbolKindCode.Namespace,
            SyntaxKind.BaselineDeclaration => SymbolKindCode.Package,
            _ => SymbolKindCode.Object,
        };

        private static int KindOfKeyword(string keyword) => keyword switch
        {
            "policy" => SymbolKindCode.Module,
            "prefixes" => SymbolKindCode.Array,
            "ports" => SymbolKindCode.Array,
            "service" => SymbolKindCode.Interface,
            "class" => SymbolKindCode.Class,
            "zone" => SymbolKindCode.Namespace,
            "external" => SymbolKindCode.Namespace,
            "baseline" => SymbolKindCode.Package,
            _ => SymbolKindCode.Object,
        };
    }
}
