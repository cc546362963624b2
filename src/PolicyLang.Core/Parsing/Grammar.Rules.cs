using PolicyLang.Syntax;
using Sprache;

namespace PolicyLang.Parsing
{
    internal static partial class Grammar
    {
        private const string SizeExpected = "a size such as 150KB";
        private const string PercentExpected = "a percentage such as 20%";

        private static readonly Parser<SyntaxToken> Prefix =
            Where(t => t.Kind == SyntaxKind.AddressToken && AddressSyntax.IsPrefixOrAddress(t.Text), "a prefix such as 10.0.0.0/16");

        private static readonly Parser<SyntaxToken> Address =
            Where(t => t.Kind == SyntaxKind.AddressToken && AddressSyntax.IsAddress(t.Text), "an address such as 10.0.0.5");

        private static readonly Parser<SyntaxElement> PortRange = Node(SyntaxKind.PortRange, Seq(
            Arg(Plain("a port number")),
            Opt(Seq(Arg(Tok(SyntaxKind.MinusToken)), Arg(Plain("a port number"))))));

        private static readonly Parser<SyntaxElement> PortRef = Alt(PortRange, Name("a port list name").Up());

        /// <summary>One description for both forms, so that a message names what is expected once.</summary>
        private const string IcmpTypeExpected = "an ICMP type (a number, or a name such as echo-request)";

        private static readonly Parser<SyntaxToken> IcmpTypeName =
            Where(t => t.Kind == SyntaxKind.IdentifierToken && WellKnownNames.IsIcmpTypeName(t.Text), IcmpTypeExpected);

        private static readonly Parser<SyntaxElement> ProtocolMatch = Node(SyntaxKind.ProtocolMatch, Alt(
            // tcp/22: destination ports; tcp/1024-65535 -> 22: source ports, then destination ports ('any' for every one).
            Seq(Arg(Alt(Kw("tcp"), Kw("udp"), Kw("sctp"))), Opt(Seq(Arg(Tok(SyntaxKind.SlashToken)), Arg(PortRef),
                Opt(Seq(Arg(Tok(SyntaxKind.ArrowToken)), Arg(Alt(Kw("any").Up(), PortRef))))))),
            Seq(Arg(Alt(Kw("icmp"), Kw("icmpv6"))),
                Opt(Seq(Arg(Alt(Plain(IcmpTypeExpected), IcmpTypeName)), Opt(Seq(Arg(Kw("code")), Arg(Plain("an ICMP code"))))))),
            Seq(Arg(Kw("proto")), Arg(Plain("a protocol number such as 47"))),
            Arg(Kw("any"))));

        private static readonly Parser<SyntaxElement> ServiceRef = Alt(ProtocolMatch, Name("a service name").Up());

        private static readonly Parser<SyntaxElement> PrefixRef = Alt(Prefix, Name("a prefix list name")).Up();

        /// <summary>
        /// 'any', a zone, zone.segment, a prefix or a prefix list name; then optionally 'except' and prefixes or prefix lists to
        /// leave out. Whether a name is a zone or a prefix list is the binder's question.
        /// </summary>
        private static readonly Parser<SyntaxElement> Endpoint = Node(SyntaxKind.Endpoint, Seq(
            Alt(Seq(Arg(Name("'any', a zone or prefix list name")), Opt(Seq(Arg(Tok(SyntaxKind.DotToken)), Arg(Name("a segment name"))))),
                Arg(Prefix)),
            Opt(Seq(Arg(Kw("except")), Arg(ListOf(PrefixRef))))));

        private static readonly Parser<SyntaxElement> Rate = Node(SyntaxKind.Rate, Alt(
            Seq(Arg(Plain("a rate such as 10000/s, 5000pps or 100Mbps")), Arg(Tok(SyntaxKind.SlashToken)), Arg(Kw("s"))),
            Arg(Num("a rate such as 10000/s, 5000pps or 100Mbps", "pps", "kpps", "Kbps", "Mbps", "Gbps"))));

        private static readonly Parser<SyntaxToken> Action = Alt(Kw("allow"), Kw("deny"));

        private const string DateExpected = "a date such as 2027-01-31";

        /// <summary>YYYY-MM-DD: three numbers joined by '-' (the binder checks that nothing stands between them and the calendar).</summary>
        private static readonly Parser<SyntaxElement> Date = Node(SyntaxKind.Date, Seq(
            Arg(Plain(DateExpected)), Arg(Tok(SyntaxKind.MinusToken)), Arg(Plain(DateExpected)),
            Arg(Tok(SyntaxKind.MinusToken)), Arg(Plain(DateExpected))));

        private static readonly Parser<SyntaxNode> PolicySetting = Alt(
            Setting("version", Arg(Str("a version string"))),
            Setting("owner", Arg(Str("an owner string"))),
            Setting("description", Arg(Str("a description string"))),
            Setting("default", Arg(Action)),
            Setting("expiry-warning", Arg(Num("a number of days such as 30d", "d"))));

        private static readonly Parser<SyntaxNode> EcnSetting = Alt(
            Setting("min", Arg(Num(SizeExpected, "B", "KB", "MB", "GB"))),
            Setting("max", Arg(Num(SizeExpected, "B", "KB", "MB", "GB"))),
            Setting("probability", Arg(Num(PercentExpected, "%"))));

        private static readonly Parser<SyntaxNode> ClassSetting = Alt(
            Setting("dscp", Arg(Alt(Plain("a DSCP value such as 26, ef, af41 or cs6"),
                Where(t => t.Kind == SyntaxKind.IdentifierToken && WellKnownNames.DscpValue(t.Text) != null, "a DSCP value such as 26, ef, af41 or cs6")))),
            Setting("queue", Arg(Plain("a queue number 0-7"))),
            Setting("pcp", Arg(Plain("an 802.1p priority 0-7"))),
            Setting("lossless"),
            Setting("strict"),
            Setting("bandwidth", Arg(Num(PercentExpected, "%"))),
            Setting("ecn", Arg(Block(EcnSetting))),
            Setting("description", Arg(Str("a description string"))));

        private static readonly Parser<SyntaxNode> Label = Node(SyntaxKind.Label, Seq(
            Arg(Name("a label key")), Arg(Tok(SyntaxKind.EqualsToken)), Arg(Str("a label value string")))).Map(e => (SyntaxNode)e);

        private static readonly Parser<SyntaxNode> SegmentSetting = Alt(
            Setting("vlan", Arg(Plain("a VLAN id"))),
            Setting("vni", Arg(Plain("a VXLAN VNI"))),
            Setting("subnet", Arg(ListOf(PrefixRef))),
            Setting("mtu", Arg(Plain("an MTU in bytes"))),
            Setting("kubernetes", Arg(Kw("namespace")), Arg(Str("a namespace string")), Opt(Seq(Arg(Kw("selector")), Arg(Str("a label selector string"))))),
            Setting("description", Arg(Str("a description string"))));

        private static readonly Parser<SyntaxNode> ZoneItem = Alt(
            Setting("labels", Arg(Block(Label))),
            Setting("segment", Arg(Name("a segment name")), Arg(Block(SegmentSetting))),
            Setting("subnet", Arg(ListOf(PrefixRef))),
            Setting("description", Arg(Str("a description string"))));

        private static readonly Parser<SyntaxNode> FlowOption = Alt(
            Setting("name", Arg(Name("a flow name"))),
            Setting("class", Arg(Name("a class name"))),
            Setting("rate", Arg(Rate)),
            Setting("log", AnyOrder(
                Seq(Arg(Kw(LogOptions.Prefix)), Arg(Str("a log prefix string"))),
                Seq(Arg(Kw(LogOptions.Level)), Arg(Name("a log level such as warning"))))),
            Setting("count"),
            Setting("expires", Arg(Date)),
            Setting("description", Arg(Str("a description string"))));

        private static readonly Parser<SyntaxElement> ServiceList = ListOf(ServiceRef);

        private static readonly Parser<SyntaxToken> Comparison = Alt(
            Tok(SyntaxKind.GreaterEqualsToken), Tok(SyntaxKind.LessEqualsToken), Tok(SyntaxKind.GreaterToken),
            Tok(SyntaxKind.LessToken), Tok(SyntaxKind.EqualsEqualsToken));

        /// <summary><c>zones with KEY = "VALUE", …</c>: every zone that carries all the labels (assertions only).</summary>
        private static readonly Parser<SyntaxElement> ZoneSelector = Node(SyntaxKind.ZoneSelector, Seq(
            Arg(Kw("zones")), Arg(Kw("with")), Arg(ListOf(Label.Map(n => (SyntaxElement)n)))));

        /// <summary>An assertion's side: an endpoint, or the zones a label selector names.</summary>
        private static readonly Parser<SyntaxElement> AssertionEndpoint = Alt(ZoneSelector, Endpoint);

        private static readonly Parser<SyntaxElement> AssertionZone = Alt(ZoneSelector, Name("a zone name").Up());

        private static Parser<SyntaxElement[]> Pair() => Seq(Arg(AssertionEndpoint), Arg(Tok(SyntaxKind.ArrowToken)), Arg(AssertionEndpoint));

        private static Parser<SyntaxElement[]> OptionalServices() => Opt(Seq(Arg(Tok(SyntaxKind.ColonToken)), Arg(ServiceList)));

        private static readonly Parser<SyntaxElement> Assertion = Alt(
            Node(SyntaxKind.IsolatedAssertion, Seq(Arg(Kw("isolated")), Arg(AssertionZone),
                Opt(Seq(Arg(Kw("except")), Arg(ListOf(AssertionZone)))))),
            Node(SyntaxKind.NeverAssertion, Seq(Arg(Kw("never")), Pair(), OptionalServices())),
            Node(SyntaxKind.ReachableAssertion, Seq(Arg(Kw("reachable")), Pair(), Arg(Tok(SyntaxKind.ColonToken)), Arg(ServiceList))),
            Node(SyntaxKind.MtuAssertion, Seq(Arg(Kw("mtu")), Arg(AssertionZone), Arg(Comparison), Arg(Plain("an MTU in bytes")))),
            Node(SyntaxKind.LoggedAssertion, Seq(Arg(Kw("logged")), Pair(), OptionalServices())),
            Node(SyntaxKind.OnlyAssertion, Seq(Arg(Kw("only")), Pair(),
                Opt(Seq(Arg(Kw("on")), Arg(ListOf(Name("a segment name of the destination zone"))))), OptionalServices())),
            Node(SyntaxKind.ExplicitAssertion, Seq(Arg(Kw("explicit")), Pair())),
            Node(SyntaxKind.ClassifiedAssertion, Seq(Arg(Kw("classified")), Pair(), OptionalServices())),
            Node(SyntaxKind.UnclassifiedAssertion, Seq(Arg(Kw("unclassified")), Pair(), OptionalServices())));

        /// <summary>The settings of <c>quarantine ADDRESS { … }</c>.</summary>
        private static readonly Parser<SyntaxNode> QuarantineSetting = Alt(
            Setting("reason", Arg(Str("a reason string"))),
            Setting("expires", Arg(Date)));

        /// <summary>The settings of <c>baseline NAME { … }</c>.</summary>
        private static readonly Parser<SyntaxNode> BaselineSetting = Alt(
            Setting("title", Arg(Str("a title string"))),
            Setting("reference", Arg(Str("a reference string, such as the standard's requirement numbers"))),
            Setting("description", Arg(Str("a description string"))));

        private static readonly Parser<SyntaxNode> Expectation = Setting("expect",
            Arg(Action), Arg(Address), Arg(Tok(SyntaxKind.ArrowToken)), Arg(Address), Arg(ProtocolMatch));

        private static readonly Parser<SyntaxToken> OptionValue = Where(
            t => t.Kind == SyntaxKind.IdentifierToken || t.Kind == SyntaxKind.NumberToken || t.Kind == SyntaxKind.StringToken,
            "an option value: a word such as on, a number or a string");

        private static readonly Parser<SyntaxNode> DeviceSetting = Alt(
            Setting("vtep", Arg(Address), Opt(Seq(Arg(Kw("source")), Arg(Str("a source interface name string such as \"Loopback1\""))))),
            Setting("interface", Arg(Str("an interface name string such as \"Ethernet1\"")),
                Alt(Seq(Arg(Kw("carries")), Arg(ListOf(Endpoint))), Arg(Kw("uplink")))),
            Setting("description", Arg(Str("a description string"))));

        /// <summary>A line of a <c>verbatim</c> block: one string, written into the target's configuration as it stands.</summary>
        private static readonly Parser<SyntaxNode> VerbatimLine =
            Str("a line of configuration text as a string").Map(t => new SyntaxNode(SyntaxKind.VerbatimLine, new SyntaxElement[] { t }));

        private static readonly Parser<SyntaxNode> TargetSetting = Alt(
            Setting("device", Arg(Str("a device name string")), Arg(Block(DeviceSetting))),
            Setting("option", Arg(Where(t => t.Kind == SyntaxKind.IdentifierToken, "an option name")), Arg(OptionValue)),
            Setting("devices", Arg(ListOf(Str("a device name string")))),
            Setting("zones", Arg(ListOf(Name("a zone name")))),
            Setting("mode", Arg(Name("a mode such as gateway or host"))),
            Setting("verbatim", Arg(Name("the target's platform, such as arista-eos")), Arg(Block(VerbatimLine))),
            Setting("description", Arg(Str("a description string"))));

        /// <summary>A failed step of a written-out sequence, as the sequence's own failure.</summary>
        private static IResult<DeclarationSyntax> Failed<T>(IResult<T> r) => Fail<DeclarationSyntax>(r.Remainder);

        private static Parser<DeclarationSyntax> BlockDeclaration(SyntaxKind kind, string keyword, Parser<SyntaxNode> item, string nameWhat)
        {
            var kw = Kw(keyword);
            var name = Name(nameWhat);
            var block = Block(item);
            return input =>
            {
                var k = kw(input);
                if (!k.WasSuccessful) return Failed(k);
                var n = name(k.Remainder);
                if (!n.WasSuccessful) return Failed(n);
                var b = block(n.Remainder);
                if (!b.WasSuccessful) return Failed(b);
                return Ok<DeclarationSyntax>(new BlockDeclarationSyntax(kind, k.Value, n.Value, b.Value), b.Remainder);
            };
        }

        private static Parser<DeclarationSyntax> ListDeclaration(SyntaxKind kind, string keyword, Parser<SyntaxElement> item, string nameWhat)
        {
            var kw = Kw(keyword);
            var name = Name(nameWhat);
            var equals = Tok(SyntaxKind.EqualsToken);
            var list = ListOf(item);
            return input =>
            {
                var k = kw(input);
                if (!k.WasSuccessful) return Failed(k);
                var n = name(k.Remainder);
                if (!n.WasSuccessful) return Failed(n);
                var eq = equals(n.Remainder);
                if (!eq.WasSuccessful) return Failed(eq);
                var items = list(eq.Remainder);
                if (!items.WasSuccessful) return Failed(items);
                return Ok<DeclarationSyntax>(new ListDeclarationSyntax(kind, k.Value, n.Value, eq.Value, items.Value), items.Remainder);
            };
        }

        private static readonly Dictionary<string, Parser<DeclarationSyntax>> s_declarations = new Dictionary<string, Parser<DeclarationSyntax>>
        {
            ["policy"] = BlockDeclaration(SyntaxKind.PolicyDeclaration, "policy", PolicySetting, "a policy name"),
            ["import"] = from k in Kw("import") from p in Str("a file path string") select (DeclarationSyntax)new ImportDeclarationSyntax(k, p),
            ["prefixes"] = ListDeclaration(SyntaxKind.PrefixListDeclaration, "prefixes", PrefixRef, "a prefix list name"),
            ["ports"] = ListDeclaration(SyntaxKind.PortListDeclaration, "ports", PortRef, "a port list name"),
            ["service"] = ListDeclaration(SyntaxKind.ServiceDeclaration, "service", ServiceRef, "a service name"),
            ["class"] = BlockDeclaration(SyntaxKind.ClassDeclaration, "class", ClassSetting, "a class name"),
            ["zone"] = BlockDeclaration(SyntaxKind.ZoneDeclaration, "zone", ZoneItem, "a zone name"),
            ["external"] = BlockDeclaration(SyntaxKind.ExternalDeclaration, "external", ZoneItem, "a zone name"),
            ["allow"] = Flow,
            ["deny"] = Flow,
            ["assert"] = AssertDeclaration(),
            ["test"] = from k in Kw("test") from t in Str("a test name string") from b in Block(Expectation)
                       select (DeclarationSyntax)new TestDeclarationSyntax(k, t, b),
            ["baseline"] = BlockDeclaration(SyntaxKind.BaselineDeclaration, "baseline", BaselineSetting, "a baseline name"),
            ["quarantine"] = from k in Kw("quarantine") from a in Prefix
                             from b in Block(QuarantineSetting).Optional()
                             select (DeclarationSyntax)new QuarantineDeclarationSyntax(k, a, b.IsDefined ? b.Get() : null),
            ["target"] = from k in Kw("target") from n in Name("a target name") from p in Name("a platform such as arista-eos or nftables")
                         from b in Block(TargetSetting)
                         select (DeclarationSyntax)new TargetDeclarationSyntax(k, n, p, b),
        };

        private static Parser<DeclarationSyntax> Flow
        {
            get
            {
                var arrowToken = Tok(SyntaxKind.ArrowToken);
                var colonToken = Tok(SyntaxKind.ColonToken);
                var serviceList = ListOf(ServiceRef);
                var flowOptions = FlowOption.Many();
                return input =>
                {
                    var action = Action(input);
                    if (!action.WasSuccessful) return Failed(action);
                    var src = Endpoint(action.Remainder);
                    if (!src.WasSuccessful) return Failed(src);
                    var arrow = arrowToken(src.Remainder);
                    if (!arrow.WasSuccessful) return Failed(arrow);
                    var dst = Endpoint(arrow.Remainder);
                    if (!dst.WasSuccessful) return Failed(dst);
                    var colon = colonToken(dst.Remainder);
                    if (!colon.WasSuccessful) return Failed(colon);
                    var services = serviceList(colon.Remainder);
                    if (!services.WasSuccessful) return Failed(services);
                    var options = flowOptions(services.Remainder);
                    if (!options.WasSuccessful) return Failed(options);
                    return Ok<DeclarationSyntax>(new FlowDeclarationSyntax(action.Value, (SyntaxNode)src.Value, arrow.Value, (SyntaxNode)dst.Value,
                        colon.Value, services.Value, new SyntaxNode(SyntaxKind.FlowOptions, System.Linq.Enumerable.ToArray(options.Value))), options.Remainder);
                };
            }
        }

        private static Parser<DeclarationSyntax> AssertDeclaration()
        {
            var kw = Kw("assert");
            return input =>
            {
                var k = kw(input);
                if (!k.WasSuccessful) return Failed(k);
                var a = Assertion(k.Remainder);
                if (!a.WasSuccessful) return Failed(a);
                return Ok<DeclarationSyntax>(new AssertDeclarationSyntax(k.Value, (SyntaxNode)a.Value), a.Remainder);
            };
        }

        /// <summary>The parser for a declaration that starts with <paramref name="keyword"/>, or null.</summary>
        public static Parser<DeclarationSyntax>? ForKeyword(string keyword) =>
            s_declarations.TryGetValue(keyword, out var p) ? p : null;
    }
}
