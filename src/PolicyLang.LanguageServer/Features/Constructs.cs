namespace PolicyLang.LanguageServer.Features
{
    /// <summary>
    /// Things at a position that are not a symbol's name but still have something to say: a <c>zones with …</c> selector
    /// (the zones it picks), a quarantine (its address, zone, reason and expiry), the keyword of a baseline, an import
    /// of a shipped baseline (what it holds), a target's verbatim block (what becomes of its lines), a flow's keyword (the
    /// flow), its options and an endpoint's <c>except</c> (what it leaves out), the policy's <c>expiry-warning</c> (the flows
    /// in its window), and a protocol match (in words, source ports and all).
    /// </summary>
    public static class Constructs
    {
        /// <summary>The hover for a construct at <paramref name="offset"/> of the document, or null when there is none.</summary>
        public static (string Markdown, TextSpan Span)? Hover(PolicySyntaxTree tree, PolicyCompilation compilation, int offset)
        {
            var declaration = DeclarationAt(tree, offset);
            if (declaration == null) return null;
            if (SelectorAt(declaration, offset) is { } selector)
            {
                var span = declaration.AbsoluteSpan(selector);
                var zones = PickedZones(compilation.Model, tree.Path, span);
                return (HoverText.DescribeSelection(SelectionText(selector), zones), span);
            }
            switch (declaration)
            {
                case QuarantineDeclarationSyntax q when OnHead(declaration, q.Address, offset):
                {
                    var at = declaration.AbsoluteSpan(declaration);
                    var quarantine = compilation.Model.Quarantines.FirstOrDefault(x => x.Location.Text != null
                        && string.Equals(x.Location.Path, tree.Path, StringComparison.Ordinal) && x.Location.Span.Start == at.Start);
                    if (quarantine == null) return null; // not bound (the diagnostic at its address says why)
                    return (HoverText.DescribeQuarantine(quarantine, compilation), declaration.AbsoluteSpan(q.Address));
                }
                case BlockDeclarationSyntax { Kind: SyntaxKind.BaselineDeclaration } b when OnHead(declaration, b.NameToken!, offset):
                {
                    var name = declaration.AbsoluteSpan(b.NameToken!);
                    var baseline = compilation.Model.Baselines.FirstOrDefault(x => x.Location.Text != null
                        && string.Equals(x.Location.Path, tree.Path, StringComparison.Ordinal) && x.Location.Span.Start == name.Start);
                    return baseline == null ? null : (HoverText.Describe(baseline, compilation), name);
                }
                case ImportDeclarationSyntax import:
                {
                    var path = declaration.AbsoluteSpan(import.PathToken);
                    if (offset < path.Start || offset > path.End) return null;
                    var target = PolicyLang.Workspace.PolicySourceSet.ResolveImport(tree.Path, import.PathToken.Text);
                    if (target == null || !PolicyLang.Workspace.BuiltinBaselines.IsBuiltin(target)) return null;
                    var baseline = compilation.Model.Baselines.FirstOrDefault(x => string.Equals(x.Path, target, StringComparison.Ordinal));
                    return baseline == null ? null : (HoverText.Describe(baseline, compilation), path);
                }
                case TargetDeclarationSyntax target when VerbatimAt(target, offset) is { } verbatim:
                    return (HoverText.DescribeVerbatim(target, verbatim), declaration.AbsoluteSpan(verbatim));
                case BlockDeclarationSyntax { Kind: SyntaxKind.PolicyDeclaration } policy when ExpiryWarningAt(policy, offset) is { } window:
                    return (HoverText.DescribeExpiryWarning(compilation), window);
                case FlowDeclarationSyntax flow:
                    return FlowHover(tree, compilation, flow, offset);
            }
            return null;
        }

        /// <summary>A flow's keyword (the flow), an option (the options) or an endpoint's 'except' and its prefixes (what it leaves out).</summary>
        private static (string Markdown, TextSpan Span)? FlowHover(PolicySyntaxTree tree, PolicyCompilation compilation, FlowDeclarationSyntax flow, int offset)
        {
            var keyword = flow.AbsoluteSpan(flow.Action);
            var option = FlowOptionAt(flow, offset);
            var except = option == null ? ExceptAt(flow, offset) : null;
            bool onKeyword = offset >= keyword.Start && offset <= keyword.End;
            if (option == null && except == null && !onKeyword) return null;
            var at = flow.AbsoluteSpan(flow);
            var bound = compilation.Model.Flows.FirstOrDefault(x => x.Location.Text != null
                && string.Equals(x.Location.Path, tree.Path, StringComparison.Ordinal) && x.Location.Span.Start == at.Start);
            if (bound == null) return null; // not bound (the diagnostics at it say why)
            if (option is { } span) return (HoverText.DescribeFlowOptions(bound, compilation), span);
            if (except is { } e) return (HoverText.DescribeExcept(bound, e.Source, e.Written, e.Excluded, compilation), e.Span);
            return (HoverText.DescribeFlow(bound, compilation), keyword);
        }

        /// <summary>
        /// The endpoint whose 'except' keyword, or a prefix of whose except list, is at <paramref name="offset"/>: which side,
        /// the endpoint before 'except' and the list as written, and the span hovered; null elsewhere (a name in the list hovers
        /// as the prefix list or zone it is).
        /// </summary>
        private static (bool Source, string Written, IReadOnlyList<string> Excluded, TextSpan Span)? ExceptAt(FlowDeclarationSyntax flow, int offset)
        {
            foreach (var (endpoint, source) in new[] { (flow.Source, true), (flow.Destination, false) })
            {
                int n = endpoint.Children.Count;
                // 'except' and its list, when present, are the endpoint's last two children (as the binder reads them).
                if (n < 3 || endpoint.Children[n - 2] is not SyntaxToken { Text: "except" } keyword || endpoint.Children[n - 1] is not SeparatedListSyntax list) continue;
                var items = list.Items.OfType<SyntaxToken>().ToList();
                var hovered = new[] { keyword }.Concat(items.Where(i => i.Kind == SyntaxKind.AddressToken))
                    .Select(t => flow.AbsoluteSpan(t)).Where(s => offset >= s.Start && offset <= s.End).ToList();
                if (hovered.Count == 0) continue;
                var written = string.Concat(endpoint.Children.Take(n - 2).OfType<SyntaxToken>().Select(t => t.Text));
                return (source, written, items.Select(i => i.Text).ToList(), hovered[0]);
            }
            return null;
        }

        /// <summary>The span of the policy header's <c>expiry-warning</c> setting (its keyword and days) at <paramref name="offset"/>, or null.</summary>
        private static TextSpan? ExpiryWarningAt(BlockDeclarationSyntax policy, int offset)
        {
            foreach (var setting in policy.Body.Settings("expiry-warning"))
            {
                var span = policy.AbsoluteSpan(setting);
                if (offset >= span.Start && offset <= span.End) return span;
            }
            return null;
        }

        /// <summary>The span of the flow option's word or value at <paramref name="offset"/> (name, count, log and its prefix and level,
        /// expires and its date), or null: a class's name hovers as the class, and services and endpoints as what they name.</summary>
        private static TextSpan? FlowOptionAt(FlowDeclarationSyntax flow, int offset)
        {
            var options = flow.AbsoluteSpan(flow.Options);
            if (options.Length == 0 || offset < options.Start || offset > options.End) return null;
            var tokens = flow.Options.Tokens().Where(t => t.Text.Length > 0).ToList();
            for (int i = 0; i < tokens.Count; i++)
            {
                var span = flow.AbsoluteSpan(tokens[i]);
                bool value = i > 0 && tokens[i - 1].Text is "name" or "expires" or "prefix" or "level";
                bool word = tokens[i].Text is "name" or "count" or "log" or "prefix" or "level" or "expires";
                if (!word && !value) continue;
                // A value written without spaces is one word however it was lexed (a date is 2027, -, 01, -, 31).
                int last = i;
                if (value)
                    while (last + 1 < tokens.Count && flow.AbsoluteSpan(tokens[last + 1]).Start == flow.AbsoluteSpan(tokens[last]).End) last++;
                var whole = TextSpan.FromBounds(span.Start, flow.AbsoluteSpan(tokens[last]).End);
                if (offset >= whole.Start && offset <= whole.End) return whole;
                i = last;
            }
            return null;
        }

        /// <summary>
        /// The hover for the protocol match at <paramref name="offset"/> (<c>tcp/1024-65535 -&gt; 22</c>, <c>udp/53 -&gt; any</c>,
        /// <c>icmp echo-request</c>, …) as the binder read it, or null when there is none or it was not bound (its diagnostic
        /// says why). A port list named in it hovers as the port list: asked for after the names.
        /// </summary>
        public static (string Markdown, TextSpan Span)? ProtocolMatchHover(PolicySyntaxTree tree, PolicyModel model, int offset)
        {
            var declaration = DeclarationAt(tree, offset);
            if (declaration == null) return null;
            foreach (var node in declaration.DescendantNodes())
            {
                if (node.Kind != SyntaxKind.ProtocolMatch) continue;
                var span = declaration.AbsoluteSpan(node);
                if (offset < span.Start || offset > span.End || span.Length == 0) continue;
                var bound = BoundMatches(model).FirstOrDefault(m => m.Location.Text != null && m.Location.Span == span
                    && string.Equals(m.Location.Path, tree.Path, StringComparison.Ordinal));
                return bound == null ? null : (HoverText.DescribeMatch(MatchText(node), bound), span);
            }
            return null;
        }

        /// <summary>Every protocol match the binder read: in services, flows, assertions and test expectations.</summary>
        private static IEnumerable<ServiceMatch> BoundMatches(PolicyModel model) =>
            model.Services.SelectMany(s => s.Matches)
                .Concat(model.Flows.SelectMany(f => f.Services))
                .Concat(model.Assertions.SelectMany(a => a.Services ?? (IEnumerable<ServiceMatch>)Array.Empty<ServiceMatch>()))
                .Concat(model.Tests.SelectMany(t => t.Expectations).Select(e => e.Service));

        /// <summary>A protocol match as written, whitespace normalised: <c>tcp/high -&gt; 22</c>, <c>icmp echo-request code 0</c>.</summary>
        private static string MatchText(SyntaxNode match)
        {
            var sb = new StringBuilder();
            string? previous = null;
            foreach (var token in match.Tokens())
            {
                if (token.Text.Length == 0) continue;
                if (previous != null && token.Kind != SyntaxKind.SlashToken && token.Kind != SyntaxKind.MinusToken && previous != "/" && previous != "-") sb.Append(' ');
                sb.Append(token.Text);
                previous = token.Kind == SyntaxKind.SlashToken ? "/" : token.Kind == SyntaxKind.MinusToken ? "-" : token.Text;
            }
            return sb.ToString();
        }

        /// <summary>The target's <c>verbatim PLATFORM { … }</c> setting that holds <paramref name="offset"/> (its keyword, platform or block), or null.</summary>
        private static SettingSyntax? VerbatimAt(TargetDeclarationSyntax target, int offset)
        {
            foreach (var setting in target.Body.Settings("verbatim"))
            {
                var span = target.AbsoluteSpan(setting);
                if (offset >= span.Start && offset <= span.End) return setting;
            }
            return null;
        }

        /// <summary>The declarations of the zones a selector at <paramref name="offset"/> picks, or null when no selector is there.</summary>
        public static IReadOnlyList<ZoneSymbol>? SelectedZonesAt(PolicySyntaxTree tree, PolicyModel model, int offset)
        {
            var declaration = DeclarationAt(tree, offset);
            if (declaration == null || SelectorAt(declaration, offset) is not { } selector) return null;
            return PickedZones(model, tree.Path, declaration.AbsoluteSpan(selector));
        }

        private static DeclarationSyntax? DeclarationAt(PolicySyntaxTree tree, int offset) =>
            tree.DeclarationAt(offset) ?? (offset > 0 ? tree.DeclarationAt(offset - 1) : null);

        /// <summary>Whether the offset is on the declaration's keyword, on <paramref name="name"/>, or between them.</summary>
        private static bool OnHead(DeclarationSyntax declaration, SyntaxToken name, int offset)
        {
            var end = declaration.AbsoluteSpan(name).End;
            return offset >= declaration.Start + declaration.Span.Start && offset <= end;
        }

        private static SyntaxNode? SelectorAt(DeclarationSyntax declaration, int offset)
        {
            if (declaration is not AssertDeclarationSyntax) return null;
            foreach (var node in declaration.DescendantNodes())
            {
                if (node.Kind != SyntaxKind.ZoneSelector) continue;
                var span = declaration.AbsoluteSpan(node);
                if (offset >= span.Start && offset <= span.End) return node;
            }
            return null;
        }

        /// <summary>The zones the binder recorded as referenced by the whole selector (it references each zone it picks there), by name.</summary>
        private static IReadOnlyList<ZoneSymbol> PickedZones(PolicyModel model, string path, TextSpan span)
        {
            var zones = new List<ZoneSymbol>();
            foreach (KeyValuePair<Symbol, IReadOnlyList<SourceLocation>> entry in model.References)
            {
                if (entry.Key is not ZoneSymbol zone) continue;
                if (entry.Value.Any(l => l.Text != null && l.Span == span && string.Equals(l.Path, path, StringComparison.Ordinal))) zones.Add(zone);
            }
            return zones.OrderBy(z => z.Name, StringComparer.Ordinal).ToList();
        }

        /// <summary>The selector as written, whitespace runs collapsed: <c>zones with stage = "dev", tier = "gpu"</c>.</summary>
        private static string SelectionText(SyntaxNode selector)
        {
            var sb = new StringBuilder();
            foreach (var token in selector.Tokens())
            {
                if (token.Kind == SyntaxKind.CommaToken) { sb.Append(','); continue; }
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(token.Text);
            }
            return sb.ToString();
        }
    }
}
