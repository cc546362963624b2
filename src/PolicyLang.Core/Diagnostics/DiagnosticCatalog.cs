namespace PolicyLang.Diagnostics
{
    /// <summary>
    /// The single place where every diagnostic code and message lives. The CLI, the language server and the
    /// Roslyn analyzer all build their descriptors from this list. Codes are stable: never renumber or reuse one.
    /// NP0xxx: text and syntax. NP1xxx: names and declarations. NP2xxx: values and ranges.
    /// NP3xxx: flows and assertions. NP4xxx: targets and backends. NP5xxx: change review (what
    /// <c>policyc diff</c> finds between two versions of a policy). NP9xxx: tool and I/O.
    /// </summary>
    public static class DiagnosticCatalog
    {
        public const string HelpBaseUrl = "https://policylang.dev/diagnostics/";

        private const string Syntax = "Syntax";
        private const string Tool = "Tool";

        public static readonly DiagnosticDescriptor UnexpectedCharacter = new DiagnosticDescriptor(
            "NP0001", DiagnosticSeverity.Error, Syntax, "Unexpected character",
            "unexpected character {0}",
            "The text contains a character that is not part of any PolicyLang token (for example a control character, "
            + "';' or a byte that is not valid UTF-8). Remove it. Consecutive invalid characters are reported once.");

        public static readonly DiagnosticDescriptor UnterminatedString = new DiagnosticDescriptor(
            "NP0002", DiagnosticSeverity.Error, Syntax, "Unterminated string",
            "unterminated string: expected a closing '\"' before the end of the line",
            "A string literal must close on the line it starts. Add the closing quote; to put a line break inside a string, write \\n.");

        public static readonly DiagnosticDescriptor UnterminatedComment = new DiagnosticDescriptor(
            "NP0003", DiagnosticSeverity.Error, Syntax, "Unterminated block comment",
            "unterminated block comment: expected '*/' before the end of the file",
            "A '/*' comment runs to the next '*/'. Close it, or use '#' or '//' for a comment that ends at the end of the line.");

        public static readonly DiagnosticDescriptor InvalidEscape = new DiagnosticDescriptor(
            "NP0004", DiagnosticSeverity.Error, Syntax, "Invalid escape sequence",
            "invalid escape sequence '{0}': expected one of \\\" \\\\ \\n \\r \\t \\u{{hex}}",
            "Strings accept the escapes \\\", \\\\, \\n, \\r, \\t and \\u{XXXX} (1 to 6 hex digits naming a Unicode scalar value).");

        public static readonly DiagnosticDescriptor NonAsciiName = new DiagnosticDescriptor(
            "NP0005", DiagnosticSeverity.Error, Syntax, "Non-ASCII character in a name",
            "unexpected character {0}: names use ASCII letters, digits, '-' and '_'; put other text in a string",
            "Names end up in device configurations and cloud templates, which accept only a narrow character set, so "
            + "PolicyLang names are ASCII. Descriptions and labels are strings and may hold any Unicode text.");

        public static readonly DiagnosticDescriptor SyntaxError = new DiagnosticDescriptor(
            "NP0010", DiagnosticSeverity.Error, Syntax, "Syntax error",
            "expected {0}, found {1}",
            "The declaration does not follow the grammar. The message names what the grammar allows at that point and "
            + "what the file has there. Only the declaration that contains the error is affected; the rest of the file is still checked.");

        public static readonly DiagnosticDescriptor ExpectedDeclaration = new DiagnosticDescriptor(
            "NP0011", DiagnosticSeverity.Error, Syntax, "Expected a declaration",
            "expected a declaration (policy, import, prefixes, ports, service, class, zone, external, allow, deny, assert, test or target), found {0}",
            "At the top level of a file every declaration starts with one of the reserved words. Text that does not is skipped up to the next declaration.");

        public static readonly DiagnosticDescriptor UnclosedBlock = new DiagnosticDescriptor(
            "NP0012", DiagnosticSeverity.Error, Syntax, "Unclosed block",
            "expected '}}' to close '{0}', found {1}",
            "A '{' has no matching '}' before the next declaration or the end of the file.");

        public static readonly DiagnosticDescriptor TooManyErrors = new DiagnosticDescriptor(
            "NP0013", DiagnosticSeverity.Error, Syntax, "Too many errors",
            "too many errors in this file; {0} more not shown",
            "Past a fixed number of syntax errors in one file the rest are counted but not listed, so that a binary or badly damaged file stays readable.");

        private const string Names = "Names";
        private const string Values = "Values";
        private const string Flows = "Flows";
        private const string Targets = "Targets";

        private static DiagnosticDescriptor D(string id, DiagnosticSeverity severity, string category, string title, string message, string description) =>
            new DiagnosticDescriptor(id, severity, category, title, message, description);

        public static readonly DiagnosticDescriptor UnknownName = D("NP1001", DiagnosticSeverity.Error, Names, "Unknown name",
            "unknown {0} '{1}'{2}",
            "A reference names nothing declared in this policy or the files it imports. The message suggests the closest declared name of the same kind.");

        public static readonly DiagnosticDescriptor DuplicateDeclaration = D("NP1002", DiagnosticSeverity.Error, Names, "Duplicate declaration",
            "{0} '{1}' is already declared at {2}",
            "Each name may be declared once per kind (zones and external zones share one kind). The diagnostic is reported at the second declaration and names the first.");

        public static readonly DiagnosticDescriptor ImportCycle = D("NP1003", DiagnosticSeverity.Error, Names, "Import cycle",
            "import cycle: {0}",
            "Files import each other in a circle. Move the shared declarations into a file that both import.");

        public static readonly DiagnosticDescriptor ImportPathRefused = D("NP1018", DiagnosticSeverity.Error, Names, "Import path not allowed",
            "import {0} is not allowed: {1}",
            "An import names a .netpolicy file relative to the importing file's folder, below the folder the policy is loaded from "
            + "(the folder given to policyc, or the folder of the file given; 'policyc --import-root DIR' widens it). Empty paths, absolute "
            + "paths, paths that climb out of that folder, links that point out of it and paths with control characters are refused, "
            + "and the file is never opened: a change to a policy cannot make the compiler read files outside the repository.")
            .QuotingSource();

        public static readonly DiagnosticDescriptor FlowNameTooLong = D("NP1019", DiagnosticSeverity.Error, Names, "Flow name too long",
            "flow name '{0}' has {1} characters; at most 63 fit the rule and term names of every target",
            "A flow's name becomes the name of generated rules, terms and counters, and a prefix of log messages. Kubernetes and GCP "
            + "names hold at most 63 characters, so flow names do too.");

        public static readonly DiagnosticDescriptor ZoneOrPrefixList = D("NP1020", DiagnosticSeverity.Error, Names, "Name is a zone and a prefix list",
            "'{0}' is both a zone (at {1}) and a prefix list (at {2}); as a flow endpoint it would be ambiguous: rename one",
            "A flow endpoint may name a zone or a prefix list. When both kinds declare the name, the endpoint cannot say which "
            + "it means, so the name must be unique across the two.");

        public static readonly DiagnosticDescriptor UnusedDeclaration = D("NP1004", DiagnosticSeverity.Warning, Names, "Unused declaration",
            "{0} '{1}' is declared but never used",
            "A prefix list, port list, service or class that nothing refers to. Remove it, or use it in a flow.");

        public static readonly DiagnosticDescriptor ReservedName = D("NP1005", DiagnosticSeverity.Error, Names, "Reserved name",
            "'{0}' cannot be used as a {1} name: {2}",
            "Some words have a meaning where names are expected: 'any' means every address; tcp, udp, sctp, icmp, icmpv6, proto name protocols; "
            + "f followed by digits (f12) is how generated rules name a flow without a name, t followed by digits (t40) how generated "
            + "Junos terms that carry no named flow are named; flow names starting with quarantine- "
            + "belong to the flows a quarantine binds to.");

        public static readonly DiagnosticDescriptor DuplicateSetting = D("NP1006", DiagnosticSeverity.Error, Names, "Setting given twice",
            "'{0}' is set more than once in {1}",
            "A setting such as vlan, mtu or dscp takes one value, and so does each option of a flow's log (prefix, level). Remove the repeated one.");

        public static readonly DiagnosticDescriptor MissingSetting = D("NP1007", DiagnosticSeverity.Error, Names, "Required setting missing",
            "{0} '{1}' has no {2}",
            "Some settings are required: a class needs a dscp; a target needs zones.");

        public static readonly DiagnosticDescriptor ReferenceCycle = D("NP1008", DiagnosticSeverity.Error, Names, "List refers to itself",
            "{0} '{1}' refers to itself: {2}",
            "Services, prefix lists and port lists may be built from others of their kind, but not in a circle.");

        public static readonly DiagnosticDescriptor UnknownPlatform = D("NP1010", DiagnosticSeverity.Error, Names, "Unknown platform",
            "unknown platform '{0}'{1}; expected one of {2}",
            "A target names the platform it compiles for. The list names every platform this version of policyc knows.");

        public static readonly DiagnosticDescriptor UnknownTargetMode = D("NP1011", DiagnosticSeverity.Error, Names, "Unknown target mode",
            "unknown mode '{0}' for platform {1}; expected {2}",
            "Some platforms enforce in more than one place: an nftables target runs as a gateway between zones (forward) or on the hosts of its zones (host).");

        public static readonly DiagnosticDescriptor MultiplePolicyHeaders = D("NP1012", DiagnosticSeverity.Error, Names, "More than one policy header",
            "policy '{0}' already has a header at {1}",
            "A policy (a file with a policy header and everything it imports) has exactly one header.");

        public static readonly DiagnosticDescriptor UnknownTargetOption = D("NP1013", DiagnosticSeverity.Error, Names, "Unknown target option",
            "unknown option '{0}' for platform {1}{2}; expected {3}",
            "A target's 'option NAME VALUE' settings are specific to its platform. The message lists every option the platform accepts.");

        public static readonly DiagnosticDescriptor BadTargetOptionValue = D("NP1014", DiagnosticSeverity.Error, Names, "Bad option value",
            "option '{0}' takes {1}, found '{2}'",
            "Each option takes one kind of value: on or off, a number in a range, a string, or one of a few words.");

        public static readonly DiagnosticDescriptor DuplicateDevice = D("NP1015", DiagnosticSeverity.Error, Names, "Device named twice",
            "device '{0}' is already named in target '{1}' at {2}",
            "A device appears once per target, either in a 'devices' list or as a 'device' block with its facts.");

        public static readonly DiagnosticDescriptor DuplicateInterface = D("NP1016", DiagnosticSeverity.Error, Names, "Interface given twice",
            "interface '{0}' is already described on device '{1}' at {2}",
            "Each interface of a device is described once; list every segment it carries in one 'carries' list.");

        public static readonly DiagnosticDescriptor SegmentOutsideTarget = D("NP1017", DiagnosticSeverity.Error, Names, "Interface carries a zone the target does not cover",
            "interface '{0}' carries {1}, but zone '{2}' is not among the zones of target '{3}' ({4})",
            "A target enforces the policy for the zones it lists. An interface may only carry segments of those zones; add the zone to the target's 'zones', or remove it from the interface.");

        public static readonly DiagnosticDescriptor VlanOutOfRange = D("NP2001", DiagnosticSeverity.Error, Values, "VLAN id out of range",
            "VLAN id must be 1-4094, found {0}",
            "802.1Q VLAN ids 0 and 4095 are reserved.");

        public static readonly DiagnosticDescriptor DuplicateVlan = D("NP2002", DiagnosticSeverity.Error, Values, "VLAN used twice",
            "VLAN {0} is already used by segment '{1}' at {2}",
            "Two segments with one VLAN id would be one broadcast domain on every switch that carries both.");

        public static readonly DiagnosticDescriptor VniOutOfRange = D("NP2003", DiagnosticSeverity.Error, Values, "VNI out of range",
            "VXLAN VNI must be 1-16777215, found {0}",
            "A VXLAN network identifier is 24 bits; 0 is not used.");

        public static readonly DiagnosticDescriptor DuplicateVni = D("NP2004", DiagnosticSeverity.Error, Values, "VNI used twice",
            "VNI {0} is already used by segment '{1}' at {2}",
            "Two segments mapped to one VNI would be bridged together across the fabric.");

        public static readonly DiagnosticDescriptor PrefixHostBits = D("NP2005", DiagnosticSeverity.Warning, Values, "Prefix has host bits set",
            "'{0}' has host bits set; did you mean '{1}'?",
            "The address part of a prefix should be the network address. The compiler uses the network the prefix length implies.");

        public static readonly DiagnosticDescriptor OverlappingSubnets = D("NP2006", DiagnosticSeverity.Error, Values, "Subnets of two segments overlap",
            "subnet {0} of {1} overlaps subnet {2} of {3} at {4}; both contain {5}",
            "An address must belong to one segment, or the zone of a packet is ambiguous. External zones are catch-alls and may contain internal subnets.");

        public static readonly DiagnosticDescriptor MtuOutOfRange = D("NP2007", DiagnosticSeverity.Error, Values, "MTU out of range",
            "MTU must be 68-9216, found {0}",
            "IPv4 needs at least 68 bytes; 9216 is the largest jumbo frame the supported switches carry.");

        public static readonly DiagnosticDescriptor MtuMismatch = D("NP2008", DiagnosticSeverity.Error, Values, "MTU mismatch on a lossless flow",
            "flow in lossless class '{0}' joins segments with different MTUs: {1} has {2}, {3} has {4}",
            "RoCE traffic in a lossless class must not be fragmented or dropped: every segment it crosses needs the same MTU.");

        public static readonly DiagnosticDescriptor DscpOutOfRange = D("NP2009", DiagnosticSeverity.Error, Values, "DSCP out of range",
            "DSCP must be 0-63, found {0}",
            "The DS field has six bits.");

        public static readonly DiagnosticDescriptor DuplicateDscp = D("NP2010", DiagnosticSeverity.Error, Values, "Two classes share a DSCP",
            "DSCP {0} is already used by class '{1}' at {2}",
            "Switches classify on DSCP; two classes with one code point cannot be told apart.");

        public static readonly DiagnosticDescriptor QueueOutOfRange = D("NP2011", DiagnosticSeverity.Error, Values, "Queue or priority out of range",
            "{0} must be 0-7, found {1}",
            "Switches have eight queues and eight 802.1p priorities.");

        public static readonly DiagnosticDescriptor TooManyLosslessClasses = D("NP2012", DiagnosticSeverity.Error, Values, "Too many lossless classes",
            "{0} lossless classes, but target '{1}' ({2}) supports at most {3}",
            "Switch ASICs reserve headroom buffers for a small number of no-drop priorities, usually two.");

        public static readonly DiagnosticDescriptor BandwidthOverCommitted = D("NP2013", DiagnosticSeverity.Error, Values, "Bandwidth shares over 100%",
            "bandwidth shares add up to {0}%, more than 100%: {1}",
            "The guaranteed shares of all classes must fit in one link.");

        public static readonly DiagnosticDescriptor EcnThresholds = D("NP2014", DiagnosticSeverity.Error, Values, "ECN minimum above maximum",
            "ECN minimum threshold {0} is larger than the maximum {1}",
            "ECN marking starts at the minimum queue depth and reaches its probability at the maximum.");

        public static readonly DiagnosticDescriptor PortOutOfRange = D("NP2015", DiagnosticSeverity.Error, Values, "Port out of range",
            "port must be 0-65535, found {0}",
            "TCP, UDP and SCTP ports are 16 bits.");

        public static readonly DiagnosticDescriptor PortRangeReversed = D("NP2016", DiagnosticSeverity.Error, Values, "Port range reversed",
            "port range {0}-{1} starts after it ends",
            "Write the lower port first.");

        public static readonly DiagnosticDescriptor IcmpOutOfRange = D("NP2018", DiagnosticSeverity.Error, Values, "ICMP type or code out of range",
            "ICMP {0} must be 0-255, found {1}",
            "ICMP and ICMPv6 types and codes are 8 bits.");

        public static readonly DiagnosticDescriptor IcmpTypeFamily = D("NP2019", DiagnosticSeverity.Error, Values, "ICMP type of the other family",
            "'{0}' is not an {1} type{2}",
            "Some ICMP message names exist only in ICMP (IPv4) or only in ICMPv6.");

        public static readonly DiagnosticDescriptor RateOutOfRange = D("NP2020", DiagnosticSeverity.Error, Values, "Rate out of range",
            "rate must be at least 1 and at most {0}, found {1}",
            "A rate limit of zero would drop everything; use a deny flow instead.");

        public static readonly DiagnosticDescriptor PercentOutOfRange = D("NP2021", DiagnosticSeverity.Error, Values, "Percentage out of range",
            "{0} must be {1}, found {2}",
            "Bandwidth shares are 1-100%; ECN marking probability is 1-100%.");

        public static readonly DiagnosticDescriptor SizeOutOfRange = D("NP2022", DiagnosticSeverity.Error, Values, "Size out of range",
            "{0} must be 1 byte to 4GB, found {1}",
            "Buffer thresholds are sizes; KB is 1024 bytes, MB 1024 KB, GB 1024 MB.");

        public static readonly DiagnosticDescriptor ProtocolOutOfRange = D("NP2023", DiagnosticSeverity.Error, Values, "Protocol number out of range",
            "IP protocol number must be 0-255, found {0}",
            "The IPv4 protocol and IPv6 next-header fields are 8 bits.");

        public static readonly DiagnosticDescriptor ZoneWithoutAddresses = D("NP2024", DiagnosticSeverity.Warning, Values, "Zone without addresses",
            "zone '{0}' has no subnet, so no address belongs to it",
            "Flows to or from a zone without subnets match no packet.");

        public static readonly DiagnosticDescriptor MixedAddressFamilies = D("NP2025", DiagnosticSeverity.Error, Values, "Addresses of two IP versions",
            "source {0} and destination {1} are of different IP versions; a packet has one",
            "A test expectation describes one packet, so its source and destination are both IPv4 or both IPv6.");

        public static readonly DiagnosticDescriptor InvalidDate = D("NP2026", DiagnosticSeverity.Error, Values, "Not a date",
            "'{0}' is not a date: expected a calendar day written YYYY-MM-DD, such as 2027-01-31",
            "An expiry date is a day of the calendar in the form YYYY-MM-DD, with no spaces around the '-'. The flow applies "
            + "up to and including that day (UTC).");

        public static readonly DiagnosticDescriptor ExpiryWarningOutOfRange = D("NP2027", DiagnosticSeverity.Error, Values, "Expiry warning out of range",
            "an expiry warning must be 0d to 3650d, found {0}",
            "'expiry-warning' in the policy header says how many days before a flow's expiry date 'check' warns about it (30d "
            + "when the header does not say). 0d warns only once the date has passed, as an error.");

        public static readonly DiagnosticDescriptor EndpointInNoZone = D("NP2028", DiagnosticSeverity.Error, Values, "Endpoint outside every zone",
            "{0} is not inside a zone: {1} belong to no zone or external zone",
            "A flow endpoint narrower than a zone (a prefix or a prefix list) must lie inside one zone: the zone decides which "
            + "targets carry the flow. Declare the zone (or external zone) that holds these addresses, or narrow the endpoint.");

        public static readonly DiagnosticDescriptor EndpointStraddlesZones = D("NP2029", DiagnosticSeverity.Error, Values, "Endpoint spans several zones",
            "{0} spans {1}: an endpoint narrower than a zone lies inside one zone; write one flow per zone",
            "A prefix or prefix list used as a flow endpoint must lie inside a single zone, so that the targets of that zone carry "
            + "the flow and no other zone's rules are widened. The message lists each zone with the part of the endpoint it owns.");

        public static readonly DiagnosticDescriptor ExceptRemovesNothing = D("NP2030", DiagnosticSeverity.Warning, Values, "'except' removes nothing",
            "except {0} removes no address of {1}",
            "The prefixes after 'except' are left out of the endpoint before it; this one has no address in common with it. "
            + "Remove it, or check that the endpoint is the intended one.");

        public static readonly DiagnosticDescriptor EndpointEmpty = D("NP2031", DiagnosticSeverity.Error, Values, "Endpoint without addresses",
            "{0} has no address left: 'except' removes all of {1}",
            "After 'except', the endpoint must still hold an address; a flow between no addresses does nothing.");

        public static readonly DiagnosticDescriptor EndpointNotAllowed = D("NP2032", DiagnosticSeverity.Error, Values, "Endpoint form not allowed here",
            "{0} cannot be used {1}",
            "Some places take only some endpoint forms: an interface carries whole zones or segments, not prefixes or exceptions, "
            + "and 'on' lists segments of a destination that is a zone.");

        public static readonly DiagnosticDescriptor BadLogOption = D("NP2033", DiagnosticSeverity.Error, Values, "Bad log option",
            "log {0} {1}: expected {2}",
            "'log prefix \"TEXT\"' tags a flow's log messages where the target's logs have a tag (nftables); 'log level NAME' sets their "
            + "syslog severity where the target sets one: emergency, alert, critical, error, warning, notice, info or debug.");

        public static readonly DiagnosticDescriptor AssertionSaysNothing = D("NP2034", DiagnosticSeverity.Error, Values, "Assertion says nothing",
            "{0} needs {1}",
            "'assert only SOURCE -> DESTINATION' states what may pass between the sides: the services after ':', the segments of the "
            + "destination after 'on', or both. Without either it would say that nothing may pass, which 'assert never' says.");

        public static readonly DiagnosticDescriptor OneBaselinePerFile = D("NP2035", DiagnosticSeverity.Error, Values, "Second baseline in a file",
            "this file already declares baseline '{0}' (at {1}); a baseline is the assertions of its file, so each baseline has a file of its own",
            "A 'baseline' declaration names the assertions written in its file: failures are grouped under it in 'check' and in the "
            + "compliance report. Put a second baseline in its own file and import it.");

        public static readonly DiagnosticDescriptor VerbatimForAnotherPlatform = D("NP2036", DiagnosticSeverity.Error, Values, "Verbatim text for another platform",
            "this verbatim text is written for '{0}', but target '{1}' is of platform '{2}'",
            "A 'verbatim PLATFORM { … }' block names the platform its text is written for, so that text meant for one platform never "
            + "reaches another (a block copied between targets, or a target whose platform changed). Name the target's own platform, "
            + "or move the block to a target of that platform.");

        public static readonly DiagnosticDescriptor BadVerbatimLine = D("NP2037", DiagnosticSeverity.Error, Values, "Verbatim line that cannot be written",
            "{0}",
            "Each string of a 'verbatim' block is one line of the target's configuration. A line holds no line break or other control "
            + "character except tab (it would hide text from the markers that fence the block in the output), no invisible format "
            + "character (a byte-order mark, a zero-width space, a bidirectional override: it would show nothing in review while the "
            + "device reads it), does not start with the marker that ends the block, and a block holds at least one line.");

        public static readonly DiagnosticDescriptor FlowNeverTakesEffect = D("NP3001", DiagnosticSeverity.Warning, Flows, "Flow never takes effect",
            "this {0} never takes effect: everything it matches is already matched by {1}{2}",
            "The flow's traffic is covered by the union of other flows with the same action (or, for an allow, denied). "
            + "Unlike a check against single rules, the union catches a flow split across several others. A 'count' on such a "
            + "flow is said to count nothing where each flow has rules of its own (nftables): put it on the flow that decides the "
            + "packets.");

        public static readonly DiagnosticDescriptor AllowDenyOverlap = D("NP3002", DiagnosticSeverity.Warning, Flows, "Allow and deny overlap",
            "this allow overlaps {0}; the deny wins for traffic such as {1}",
            "Deny overrides allow wherever both match. The allow still admits the rest of its traffic. Narrow one of them to make the intent explicit.");

        public static readonly DiagnosticDescriptor AssertionFailed = D("NP3003", DiagnosticSeverity.Error, Flows, "Assertion does not hold",
            "assertion fails: {0}",
            "An assertion states what must always be true of the policy. The message shows a concrete packet that breaks it and the flow that lets it through.");

        public static readonly DiagnosticDescriptor TestFailed = D("NP3004", DiagnosticSeverity.Error, Flows, "Test expectation fails",
            "test '{0}': expected {1} for {2}, but the policy {3}",
            "A test block lists packets and the verdict the policy must give them; 'policyc test' runs every test.");

        public static readonly DiagnosticDescriptor FlowMatchesNothing = D("NP3005", DiagnosticSeverity.Warning, Flows, "Flow matches no packet",
            "this flow matches no packet: {0}",
            "For example a flow between zones with no addresses of a common family, or an icmpv6 service between IPv4-only zones.");

        public static readonly DiagnosticDescriptor AssertionVacuous = D("NP3006", DiagnosticSeverity.Error, Flows, "Assertion holds only because a side is empty",
            "assertion checks nothing: {0}; {1}",
            "An assertion over an empty set of packets or segments always holds, so it would pass whatever the flows say: a zone "
            + "without addresses, sides without an address family in common, services of a family the sides do not have, or an mtu "
            + "assertion on a zone without segments. Give the zone what the assertion is about, or assert what the zone has.");

        public static readonly DiagnosticDescriptor DenyOptionIgnored = D("NP3007", DiagnosticSeverity.Warning, Flows, "Option has no effect on a deny",
            "'{0}' has no effect on a deny: denied packets are dropped, never {1}",
            "A class marks and queues the packets a flow admits, and a rate limits them; a deny admits nothing. Remove the option, "
            + "or put it on the allow that admits the traffic. 'log' does apply to a deny.");

        public static readonly DiagnosticDescriptor DuplicateService = D("NP3008", DiagnosticSeverity.Warning, Flows, "Service listed twice",
            "{0} is listed twice in this {1}; the first is at column {2}",
            "Naming a service (or the same protocol match) twice in one list changes nothing: remove the repeat.");

        public static readonly DiagnosticDescriptor DuplicateFlow = D("NP3009", DiagnosticSeverity.Warning, Flows, "Flow repeats an earlier flow",
            "this flow repeats {0}: same action, endpoints, services and treatment, so it decides no packet{1}",
            "Two flows with the same action, endpoints, services (in any order) and treatment (class, rate, logging): the later one "
            + "is reported once, as a repeat of the first, and takes no part in the other analyses. Where the two differ in what "
            + "only labels or counts packets (name, count, expiry, log prefix or level), the message says so: keep what you need "
            + "on one flow and remove the other. Policies imported or generated from other tools often carry such repeats.");

        public static readonly DiagnosticDescriptor FlowExpired = D("NP3010", DiagnosticSeverity.Error, Flows, "Flow has expired",
            "{0} expired on {1} ({2}): remove it, or give it a later date if it is still needed",
            "A flow with 'expires DATE' applies up to and including that day (UTC). Past it, 'check' and 'build' refuse the "
            + "policy, so an expired exception cannot be shipped by accident. Delete the flow, or move the date if the "
            + "exception was renewed. POLICYLANG_TODAY=YYYY-MM-DD makes policyc take another day as today (to see what will "
            + "have expired by a change window, or to reproduce a past run).");

        public static readonly DiagnosticDescriptor FlowExpiresSoon = D("NP3011", DiagnosticSeverity.Warning, Flows, "Flow expires soon",
            "{0} expires on {1} ({2}): remove it or give it a later date before then",
            "The flow's expiry date lies within the policy's warning window ('expiry-warning' in the policy header, 30 days by "
            + "default). From the day after the date, the flow is an error (NP3010).");

        public static readonly DiagnosticDescriptor SelectorPicksNothing = D("NP3012", DiagnosticSeverity.Warning, Flows, "Selector picks no zone",
            "no zone carries the labels of '{0}': the assertion checks nothing",
            "'zones with KEY = \"VALUE\"' stands for every zone whose labels include all the pairs. When no zone has them, the "
            + "assertion (often one of a baseline) checks nothing: label the zones it is about, or leave the baseline out.");

        public static readonly DiagnosticDescriptor QuarantineSuspends = D("NP3013", DiagnosticSeverity.Warning, Flows, "Quarantine suspends an expectation",
            "{0} holds without quarantines, but {1} cuts it off while it lasts: {2}",
            "A quarantine is an emergency measure: while it is in the policy, the address it names loses every flow. Tests and "
            + "'reachable' assertions are checked against the policy without quarantines, so an emergency change does not fail the "
            + "build of the design it suspends; this warning says which expectation the quarantine suspends and until when.");

        public static readonly DiagnosticDescriptor QuarantinesOverlap = D("NP3014", DiagnosticSeverity.Warning, Flows, "Quarantines overlap",
            "the quarantine of {0} overlaps the quarantine of {1} (at {2}): releasing one leaves {3} cut off by the other",
            "Two quarantines that share addresses are two reasons to cut those addresses off, with two expiry dates: releasing "
            + "one does not give the shared addresses their flows back. Release the narrower one when the wider one covers it.");

        public static readonly DiagnosticDescriptor TargetCannotExpress = D("NP4001", DiagnosticSeverity.Error, Targets, "Target cannot express the intent",
            "target '{0}' ({1}) cannot express {2}",
            "Each platform declares what it can enforce. An intent it cannot express is an error at the policy's own span, never a silently dropped rule.");

        public static readonly DiagnosticDescriptor LogOptionNotCarried = D("NP4006", DiagnosticSeverity.Warning, Targets, "Log option not carried by the target",
            "target '{0}' ({1}) logs this flow in its own format, without its log {2}: only nftables carries them",
            "Switch ACL logging (EOS, NX-OS, Junos syslog), cloud flow logs and Kubernetes have fixed message formats and severities. "
            + "The flow is still logged there; its prefix and level are used where the platform has them.");

        public static readonly DiagnosticDescriptor VerbatimNotVerified = D("NP4007", DiagnosticSeverity.Warning, Targets, "Verbatim text is not verified",
            "target '{0}' ({1}) gets {2} line(s) of verbatim text as written: policyc does not read them, so what they change is not checked, "
            + "not proven by translation validation, and seen by 'policyc verify' only as drift",
            "A 'verbatim' block is the escape hatch for what the language cannot say. Its lines are written into the output between two "
            + "marker comments and never parsed: a typo reaches the device, and whatever they allow or deny is outside every check, "
            + "assertion and proof. Keep such blocks short, and move what the language can say into flows.");

        public static readonly DiagnosticDescriptor NoBackend = D("NP4004", DiagnosticSeverity.Error, Targets, "No backend for the platform",
            "target '{0}': this version of policyc has no backend for platform '{1}' (available: {2})",
            "The platform is part of the language, but its compiler backend is not part of this release. Build the other targets with --target.");

        public static readonly DiagnosticDescriptor TargetNameClash = D("NP4005", DiagnosticSeverity.Error, Targets, "Two targets with one name",
            "target '{0}' is also declared by policy '{1}' at {2}; build output folders are named after targets",
            "When several policies are built together, target names must be unique across them.");

        // NP4250–NP4299: cloud firewall (Azure NSG, GCP VPC firewall) and Kubernetes backends.
        public static readonly DiagnosticDescriptor CloudPrioritiesExhausted = D("NP4250", DiagnosticSeverity.Error, Targets, "More rules than priorities",
            "target '{0}' ({1}): the {2} rules need {3} priorities, but only {4} are available ({5}); this flow's rule would be number {6}",
            "Cloud firewalls order rules by a priority number from a fixed range (Azure NSG 100–4096, GCP 0–65535 from the target's first priority). "
            + "Every rule gets its own priority, denies first. Split the target, merge flows, or (GCP) lower the 'first-priority' option.");

        public static readonly DiagnosticDescriptor CloudRuleQuota = D("NP4251", DiagnosticSeverity.Error, Targets, "More rules than the platform allows",
            "target '{0}' ({1}): {2} rules, more than the platform's limit of {3} {4}; this flow's rule would be number {5}",
            "Azure allows 1000 security rules per network security group. Split the target's zones across targets, or merge flows.");

        public static readonly DiagnosticDescriptor CloudDeviceName = D("NP4252", DiagnosticSeverity.Error, Targets, "Invalid cloud resource name",
            "target '{0}' ({1}): expected {2}, found '{3}'",
            "A cloud target's devices name the resources its rules attach to: the VPC of an aws target (exactly one, 'vpc-' and 8 or 17 lowercase hex digits), Azure network security groups, or GCP VPC networks. "
            + "The names must follow the provider's rules, so that the generated templates deploy as written. Replaces NP4200 for aws.");

        public static readonly DiagnosticDescriptor CloudTargetNeedsDevice = D("NP4253", DiagnosticSeverity.Error, Targets, "Cloud target without a device",
            "target '{0}' ({1}): expected at least one device naming {2}, found none",
            "Add 'devices \"NAME\"' to the target: the generated rules attach to the named resource (on aws the VPC, which generated Terraform and CloudFormation take as the overridable default of a variable or parameter). Replaces NP4200 for aws.");

        public static readonly DiagnosticDescriptor KubernetesNamespaceName = D("NP4270", DiagnosticSeverity.Error, Targets, "Invalid Kubernetes namespace",
            "expected a Kubernetes namespace name (1–63 lowercase letters, digits and '-', starting and ending with a letter or digit), found '{0}'",
            "A segment's 'kubernetes namespace' names the namespace its pods run in; NetworkPolicies are created there.");

        public static readonly DiagnosticDescriptor KubernetesSelector = D("NP4271", DiagnosticSeverity.Error, Targets, "Invalid Kubernetes label selector",
            "expected a label selector such as 'app=web', 'tier in (a, b)', 'env!=dev', 'gpu' or '!legacy', found '{0}': {1}",
            "Selectors follow the Kubernetes label-selector syntax: comma-separated requirements, each on a valid label key "
            + "(optional DNS-subdomain prefix and '/', then a name of at most 63 characters) and valid label values.");

        public static readonly DiagnosticDescriptor KubernetesNoPods = D("NP4272", DiagnosticSeverity.Error, Targets, "Kubernetes target without pods",
            "target '{0}' (kubernetes): expected at least one segment with 'kubernetes namespace' in the target's zones, found none",
            "NetworkPolicies select pods. A Kubernetes target enforces on the segments of its zones that name a namespace; "
            + "the other segments are addresses (ipBlock peers).");

        public static readonly DiagnosticDescriptor KubernetesOverlappingSelectors = D("NP4273", DiagnosticSeverity.Error, Targets, "Segments select the same pods",
            "segments '{0}' and '{1}' both select pods of namespace '{2}': a pod labelled {3} matches both selectors",
            "Each segment's NetworkPolicy applies to the pods its selector matches; when two segments' selectors can match one pod, "
            + "that pod would get the rules of both. Make the selectors exclusive (for example 'app=a' and 'app=b').");
        // NP4200–NP4249: the aws backend (security groups and network ACLs).
        public static readonly DiagnosticDescriptor AwsExternalZone = D("NP4201", DiagnosticSeverity.Error, Targets, "External zone on an aws target",
            "target '{0}' (aws): zone '{1}' is external; expected zones whose hosts are in the VPC (an external zone is a peer, written as CIDRs in the rules of the VPC's zones)",
            "Security groups attach to network interfaces inside the VPC. External zones (the internet, partners) appear as CIDR peers in rules; they cannot carry a group themselves.");

        public static readonly DiagnosticDescriptor AwsSegmentOfCoveredZone = D("NP4202", DiagnosticSeverity.Error, Targets, "Segment of a zone the aws target enforces",
            "target '{0}' (aws): '{1}' is a segment of zone '{2}', whose security group applies to the whole zone; expected the zone itself here (or make the segment a zone of its own)",
            "The aws backend makes one security group (and one network ACL) per zone of the target. A rule on that group applies to every interface of the zone, so a flow that names one segment of it on the zone's own side cannot be enforced exactly.");

        public static readonly DiagnosticDescriptor AwsDenyNeedsNetworkAcls = D("NP4203", DiagnosticSeverity.Error, Targets, "Deny on an aws target without network ACLs",
            "target '{0}' (aws) cannot express this deny: security groups only allow, and it takes traffic away from {1}; expected 'option network-acls on' on the target to enforce it with network ACL deny entries",
            "Security groups are allow lists. A deny that only repeats the default deny needs nothing; one that cuts into an allow needs network ACLs, which the target enables with 'option network-acls on'.");

        public static readonly DiagnosticDescriptor AwsRuleQuota = D("NP4204", DiagnosticSeverity.Error, Targets, "Security group rule quota exceeded",
            "target '{0}' (aws): zone '{1}' needs {2} {3} {4} rules, over the quota of {5} per security group (the first rule past it: {6}); expected 'option split-groups on', a higher 'option rules-per-group' or fewer peers",
            "AWS allows 60 inbound and 60 outbound rules per security group, counted separately for IPv4 and IPv6 (a rule that references a group counts in both; in CloudFormation one outbound IPv4 rule is the placeholder that removes the default egress). The diagnostic points at the flow of the first rule past the quota.");

        public static readonly DiagnosticDescriptor AwsGroupsSplit = D("NP4205", DiagnosticSeverity.Warning, Targets, "Security groups split",
            "target '{0}' (aws): zone '{1}' gets {2} security groups because its rules exceed {3} per group and direction ({4}); every network interface in the zone must carry all of them",
            "With 'option split-groups on' a zone whose rules exceed one group's quota gets more groups, filled in rule order. They count toward the groups-per-interface quota.");

        public static readonly DiagnosticDescriptor AwsGroupsPerInterface = D("NP4206", DiagnosticSeverity.Error, Targets, "Too many security groups per interface",
            "target '{0}' (aws): zone '{1}' needs {2} security groups on each network interface, over the quota of {3}; expected at most that many, or a higher 'option groups-per-interface' (AWS allows up to 16)",
            "AWS allows 5 security groups per network interface by default, 16 at most (and rules per group times groups per interface at most 1000).");

        public static readonly DiagnosticDescriptor AwsAclQuota = D("NP4207", DiagnosticSeverity.Error, Targets, "Network ACL rule quota exceeded",
            "target '{0}' (aws): the network ACL of zone '{1}' needs {2} {3} {4} rules, over the quota of {5}; expected fewer deny CIDRs and services, or a higher 'option nacl-rules' (AWS allows up to 40)",
            "A network ACL holds 20 rules per direction and address family by default, 40 at most; the count includes the final allow-all rule.");

        public static readonly DiagnosticDescriptor AwsAclDropsReplies = D("NP4208", DiagnosticSeverity.Error, Targets, "Network ACL deny would drop allowed replies",
            "target '{0}' (aws): network ACLs are stateless, so this deny would also drop the replies of the flow at {1} ({2}), which go to ports {3}-65535; expected a deny that leaves those replies alone (narrower ports or addresses)",
            "A network ACL cannot tell a reply from a new connection. When a deny matches the return traffic of an allowed flow in the other direction, enforcing it would break that flow.");

        public static readonly DiagnosticDescriptor AwsFlowLogDestination = D("NP4209", DiagnosticSeverity.Error, Targets, "aws flow-logs destination",
            "option 'flow-logs' expects an S3 bucket ARN such as \"arn:aws:s3:::my-flow-logs\" or \"arn:aws:s3:::my-flow-logs/prefix\", found '{0}'",
            "The VPC flow log that records 'log' flows is delivered to an S3 bucket, named by its ARN (bucket names: 3-63 lowercase letters, digits, '.' and '-').");

        public static readonly DiagnosticDescriptor AwsRulesTimesGroups = D("NP4210", DiagnosticSeverity.Error, Targets, "aws rules times groups over 1000",
            "rules-per-group {0} times groups-per-interface {1} is {2}; expected at most 1000, the AWS quota on their product",
            "AWS caps rules per security group multiplied by security groups per network interface at 1000.");

        public static readonly DiagnosticDescriptor AwsLogNeedsFlowLogs = D("NP4211", DiagnosticSeverity.Error, Targets, "log on an aws target without flow logs",
            "target '{0}' (aws) cannot log this flow's matches: security groups do not log; expected 'option flow-logs \"arn:aws:s3:::BUCKET\"' on the target, which records the VPC's traffic (this flow's included) in a flow log",
            "AWS logs traffic with VPC flow logs, per network interface rather than per rule. With 'option flow-logs' the target gets a flow log of all the VPC's accepted and rejected traffic, a superset of what 'log' asks for.");
        public static readonly DiagnosticDescriptor FabricDeviceUnattached = D("NP4100", DiagnosticSeverity.Error, Targets, "Device without interfaces",
            "device '{0}' of target '{1}' ({2}) has {3}: expected a device block with at least one 'interface \"NAME\" carries ZONE[.SEGMENT]', so its ACLs and QoS are attached somewhere",
            "A switch backend applies ACLs and QoS on the interfaces that carry segments. A device named only in a 'devices' list, or a block without such interfaces, would get configuration that is attached nowhere. Replaces NP4150.");

        public static readonly DiagnosticDescriptor FabricInterfaceName = D("NP4101", DiagnosticSeverity.Error, Targets, "Interface name not valid on the platform",
            "'{0}' is not a {1} interface name: expected {2}",
            "Interface names are written into the configuration as they are, so they must follow the platform's own syntax. Replaces NP4152.");

        public static readonly DiagnosticDescriptor FabricMtuCeiling = D("NP4102", DiagnosticSeverity.Error, Targets, "MTU above the platform maximum",
            "{0} needs MTU {1}, above the {2} maximum of {3}",
            "Switch interfaces have a largest MTU (Arista EOS 9214, Cisco NX-OS 9216, Junos 9216 with the 14-byte Ethernet header it counts, SONiC 9100, Cumulus Linux 9216). Uplinks of a VTEP carry VXLAN-encapsulated frames, 50 bytes larger than the largest segment MTU. Replaces NP4153.");

        public static readonly DiagnosticDescriptor FabricReservedVlan = D("NP4103", DiagnosticSeverity.Error, Targets, "VLAN reserved on the platform",
            "VLAN {0} of segment '{1}' is reserved on {2} ({3}): expected a VLAN id outside {4}",
            "Some VLAN ids cannot carry a segment: Cisco NX-OS reserves 1002-1005 and 3968-4094, Cumulus Linux keeps 3725-3999 for internal use. Replaces NP4154.");

        public static readonly DiagnosticDescriptor FabricInternalVlan = D("NP4104", DiagnosticSeverity.Warning, Targets, "VLAN in the platform's internal range",
            "VLAN {0} of segment '{1}' lies in the {2} internal VLAN range {3}: routed ports may already use it; move the segment below {4} or set 'vlan internal order' to a free range on the switch",
            "Arista EOS allocates internal VLANs for routed ports from 1006-4094 (ascending) by default. A segment VLAN in that range works only while no routed port took it first, so it is a warning, not an error.");

        public static readonly DiagnosticDescriptor FabricLosslessLimit = D("NP4105", DiagnosticSeverity.Error, Targets, "Too many lossless priorities",
            "class '{0}' makes priority {1} lossless, but {2} carries at most {3} lossless priorities and the policy already uses {4}",
            "Switch ASICs reserve PFC headroom for few priorities; the switch backends allow as many as the platform's description says (two on every switch platform, as the vendors' RoCE profiles configure). Replaces part of NP4155.");

        public static readonly DiagnosticDescriptor FabricAclBudget = D("NP4106", DiagnosticSeverity.Error, Targets, "ACL over the size budget",
            "ACL '{0}' on device '{1}' needs {2} entries, over the budget of {3} ({4})",
            "An ACL must fit the switch's TCAM. The budget defaults per platform and is set with 'option acl-budget N'; entries are counted as the switch stores them (Junos terms hold several prefixes and port ranges; the others one of each). Some platforms also number rules in a fixed range (NVUE, SONiC), a hard limit that the message names. Replaces NP4156.");

        public static readonly DiagnosticDescriptor FabricAclName = D("NP4107", DiagnosticSeverity.Error, Targets, "ACL name prefix not valid",
            "ACL name prefix '{0}' is not valid on {1}: expected {2}",
            "Generated ACL, class-map and policy-map names start with 'option acl-prefix'; the platform limits their length and characters.");

        public static readonly DiagnosticDescriptor FabricHostName = D("NP4108", DiagnosticSeverity.Error, Targets, "Device name not a host name",
            "device name '{0}' is not a valid host name: expected labels of letters, digits and inner hyphens, separated by dots, at most 63 characters each and 253 in all",
            "A switch backend writes the device name as the switch's hostname, names the configuration file after it and makes it the Ansible inventory host. Replaces NP4151.");

        public static readonly DiagnosticDescriptor FabricVtepSource = D("NP4109", DiagnosticSeverity.Error, Targets, "VTEP source not a loopback",
            "VTEP source '{0}' is not a {1} loopback interface: expected {2}",
            "The VXLAN tunnel source is a loopback interface whose address is the VTEP. Replaces NP4152 for VTEP sources.");

        public static readonly DiagnosticDescriptor FabricSviVlanMismatch = D("NP4110", DiagnosticSeverity.Error, Targets, "VLAN interface carries another VLAN",
            "interface '{0}' is the VLAN interface of VLAN {1}, but carries segment '{2}' {3}",
            "A VLAN interface (SVI) routes exactly one VLAN: it can only carry segments on that VLAN.");

        public static readonly DiagnosticDescriptor FabricVniWithoutVlan = D("NP4111", DiagnosticSeverity.Warning, Targets, "VNI without a VLAN",
            "segment '{0}' has VNI {1} but no VLAN, so device '{2}' ({3}) cannot map it: expected a 'vlan' in the segment",
            "The switch backends map VXLAN VNIs to VLANs (layer-2 VNIs); a segment without a VLAN gets no VNI mapping.");

        public static readonly DiagnosticDescriptor FabricLosslessQueue = D("NP4112", DiagnosticSeverity.Error, Targets, "Lossless class where the platform cannot make it no-drop",
            "class '{0}' is lossless on {1}, but {2} can make only {3} no-drop",
            "Cisco NX-OS cannot pause the default queue (qos-group 0); SONiC's RoCE buffer profile makes priorities 3 and 4 lossless, and its pfc_enable names traffic classes, so a lossless priority must be queued in the class of the same number. Replaces part of NP4155.");
        public static readonly DiagnosticDescriptor SwitchNameLength = D("NP4157", DiagnosticSeverity.Error, Targets, "Name too long for the platform",
            "{0} '{1}' is {2} characters long, too long for {3}: expected at most {4}",
            "Names written into the configuration verbatim must fit the platform's limits: Linux-based switch systems (SONiC, Cumulus Linux) limit interface names to 15 characters.");

        public static readonly DiagnosticDescriptor SonicNeedsDscpTrust = D("NP4158", DiagnosticSeverity.Error, Targets, "SONiC cannot re-mark DSCP",
            "target '{0}' (sonic) cannot mark class '{1}' (DSCP {2}) on the switch: SONiC's ACL tables have no DSCP rewrite; if the hosts mark this traffic themselves (RoCE NICs do), say so with 'option dscp-trust on'",
            "SONiC queues traffic by the DSCP it arrives with (DSCP_TO_TC_MAP). With 'option dscp-trust on' the policy states that the hosts mark their own traffic; policyc then emits the classification and queueing only.");

        private const string Review = "Review";

        public static readonly DiagnosticDescriptor ChangeAllowsTraffic = D("NP5001", DiagnosticSeverity.Warning, Review, "Change allows new traffic",
            "this change allows {0} -> {1}: {2} (for example {3}); before, {4}",
            "Reported by 'policyc diff' (with --format sarif) at the flow that now allows traffic the old policy denied. Review it like any widening of access; "
            + "'--fail-on widened' makes a pipeline stop on it.");

        public static readonly DiagnosticDescriptor ChangeDeniesTraffic = D("NP5002", DiagnosticSeverity.Info, Review, "Change denies traffic that was allowed",
            "this change denies {0} -> {1}: {2} (for example {3}); before, {4}",
            "Reported by 'policyc diff' (with --format sarif) where traffic the old policy allowed is now denied: at the deny that cuts it, or, when the allow "
            + "that let it through was removed, at the policy without a place. Check that nothing still needs it.");

        public static readonly DiagnosticDescriptor ChangeAltersTreatment = D("NP5003", DiagnosticSeverity.Info, Review, "Change alters the treatment of allowed traffic",
            "this change treats {0} -> {1}: {2} (for example {3}) with {4}; before, {5}",
            "Reported by 'policyc diff' (with --format sarif) for traffic allowed before and after whose class (DSCP, queue, lossless), rate or logging changed.");

        public static readonly DiagnosticDescriptor ChangeFlipsResult = D("NP5004", DiagnosticSeverity.Warning, Review, "Change alters an assertion's or test's result",
            "this change makes the {0} '{1}' {2} (it {3} before)",
            "Reported by 'policyc diff' (with --format sarif) for an assertion or test expectation whose result differs between the two versions.");

        private const string Operations = "Operations";

        public static readonly DiagnosticDescriptor DriftExposure = D("NP6001", DiagnosticSeverity.Error, Operations, "Running state allows traffic the policy denies",
            "{0} {1}: the running state allows {2}, which the policy denies; let through by {3}",
            "Reported by 'policyc verify' at the object of the exported running state (a configuration line, an nftables rule, a security-group rule) that lets "
            + "the packet through. Someone changed the device or the cloud account by hand, or another object (a second ACL, a console-added rule, another table) "
            + "opens it. Remove it, or re-apply the build ('verify --plan' shows what that changes).");

        public static readonly DiagnosticDescriptor DriftOutage = D("NP6002", DiagnosticSeverity.Warning, Operations, "Running state drops traffic the policy allows",
            "{0} {1}: the running state drops {2}, which the policy allows; dropped by {3}",
            "Reported by 'policyc verify' where the running state denies traffic the policy allows: an entry was removed or a deny added by hand, or the build was "
            + "never applied. Re-apply the build.");

        public static readonly DiagnosticDescriptor DriftTreatment = D("NP6003", DiagnosticSeverity.Warning, Operations, "Running state treats allowed traffic differently",
            "{0} {1}: {2}; {3}",
            "Reported by 'policyc verify' when allowed traffic is marked, queued or carried differently from the build: a changed DSCP, a VLAN or VNI moved, "
            + "an MTU changed.");

        public static readonly DiagnosticDescriptor StateUnreadable = D("NP6004", DiagnosticSeverity.Error, Operations, "Running state cannot be read",
            "cannot read {0} as {1}: {2}",
            "An exported state file is not in the format its target's platform exports (see docs/operations.md for the command per platform), or holds "
            + "something the reader does not know. Nothing in the file was compared.");

        public static readonly DiagnosticDescriptor StateMissing = D("NP6005", DiagnosticSeverity.Warning, Operations, "No running state",
            "no running state for {0} in {1}: expected {2}",
            "'policyc verify --state DIR' expects DIR/<target>/<device>.<ext> for every device of a target it verifies; a device or target without its file is "
            + "not compared. The collection playbooks write exactly this layout.");

        public static readonly DiagnosticDescriptor StateUnknown = D("NP6006", DiagnosticSeverity.Warning, Operations, "Running state of an unknown device",
            "{0} names no device of target '{1}': expected one of {2}",
            "A file in the target's state folder is named after no device of the target, so it was not compared. Rename it after the device, or remove it.");

        public static readonly DiagnosticDescriptor StateNotVerifiable = D("NP6007", DiagnosticSeverity.Warning, Operations, "Running state not verifiable yet",
            "target '{0}' ({1}): policyc cannot compare this platform's running state yet, so {2} was not compared",
            "'policyc verify' compares the running state of the platforms that have a state reader (docs/operations.md lists them). For the others it says so "
            + "instead of passing silently.");

        public static readonly DiagnosticDescriptor StateHasVerbatim = D("NP6008", DiagnosticSeverity.Warning, Operations, "Running state includes verbatim text",
            "target '{0}' ({1}) carries {2} line(s) of verbatim text: they were compared as running state, not as intent, so drift on its "
            + "devices may come from them",
            "'policyc verify' compares what the devices run with the policy's flows. Lines of a 'verbatim' block are part of what the devices "
            + "run but not of the intent: if they allow or deny traffic, that shows as exposure or outage on the target's devices.");

        public static readonly DiagnosticDescriptor StateOfNoTarget = D("NP6009", DiagnosticSeverity.Warning, Operations, "Running state of no target",
            "{0} is the state of no target of policy '{1}', so nothing in it was compared: {2}",
            "'policyc verify --state DIR' reads DIR/<target>/<device>.<ext>. A folder whose name is near a target's but is no target of the policy (a typo, "
            + "a renamed target, the wrong case), or an export file beside the target folders, is not read; the target it was meant for is reported "
            + "without state (NP6005). Rename or move it. Folders named like no target (another policy's sharing the state folder), empty folders and "
            + "files that are no export (a README) are not reported.");

        public static readonly DiagnosticDescriptor FileNotFound = new DiagnosticDescriptor(
            "NP9001", DiagnosticSeverity.Error, Tool, "File not found",
            "cannot read '{0}': {1}",
            "A path given on the command line, or named by an import, does not exist or cannot be read.");

        public static readonly DiagnosticDescriptor NoInputs = new DiagnosticDescriptor(
            "NP9002", DiagnosticSeverity.Error, Tool, "No policy files",
            "no .netpolicy files found in {0}",
            "The paths given contain no files ending in .netpolicy.");

        public static readonly DiagnosticDescriptor BadToday = new DiagnosticDescriptor(
            "NP9003", DiagnosticSeverity.Error, Tool, "POLICYLANG_TODAY is not a date",
            "{0} is '{1}', not a day written YYYY-MM-DD: set it to a day such as 2027-01-31, or unset it to take today's UTC date",
            "POLICYLANG_TODAY=YYYY-MM-DD makes policyc take another day as today when it checks expiry dates (of flows and "
            + "quarantines); spaces around the day are ignored, and an empty value counts as unset. Any other value would leave "
            + "the checks on the real date without a word, so policyc and the MSBuild task stop (exit code 2, the message on "
            + "standard error, like other usage errors, whatever --format says) until it is a day or unset. The language server "
            + "shows it as an error message and the Roslyn analyzer reports it; both go on with the real date.");

        private static readonly IReadOnlyList<DiagnosticDescriptor> s_all = typeof(DiagnosticCatalog)
            .GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, System.StringComparer.Ordinal)
            .ToList();

        public static IReadOnlyList<DiagnosticDescriptor> All => s_all;

        /// <summary>
        /// Codes that were merged into others when the switch platforms got one check framework and the clouds one
        /// cloud-firewall layer: one kind of mistake, one code on every platform. <c>policyc explain</c> accepts the old code and names the new one.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, string[]> RetiredCodes = new SortedDictionary<string, string[]>(System.StringComparer.Ordinal)
        {
            ["NP4200"] = new[] { "NP4252", "NP4253" },
            ["NP4150"] = new[] { "NP4100" },
            ["NP4151"] = new[] { "NP4108" },
            ["NP4152"] = new[] { "NP4101", "NP4109" },
            ["NP4153"] = new[] { "NP4102" },
            ["NP4154"] = new[] { "NP4103" },
            ["NP4155"] = new[] { "NP4105", "NP4112" },
            ["NP4156"] = new[] { "NP4106" },
        };

        /// <summary>The codes that replaced a retired <paramref name="id"/> (empty when it is not retired).</summary>
        public static IReadOnlyList<string> ReplacementsOf(string id) =>
            RetiredCodes.TryGetValue(id.ToUpperInvariant(), out var codes) ? codes : System.Array.Empty<string>();

        public static DiagnosticDescriptor? Find(string id) =>
            s_all.FirstOrDefault(d => string.Equals(d.Id, id, System.StringComparison.OrdinalIgnoreCase));
    }
}
