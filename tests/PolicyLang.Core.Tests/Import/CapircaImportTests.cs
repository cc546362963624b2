using System;
using System.IO;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit;
using PolicyLang.Import.Capirca;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.Tests.Emit;
using Xunit;

namespace PolicyLang.Tests.Import
{
    /// <summary>
    /// <c>policyc import capirca</c> on small policies written for these tests (Capirca's own samples are in
    /// CapircaSampleImportTests): what each keyword becomes, first-match order, the check of every import against the
    /// first-match evaluation of its terms, verbatim text, and hostile names and comments.
    /// </summary>
    public sealed class CapircaImportTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "policyc-capirca-" + Guid.NewGuid().ToString("N"));

        public CapircaImportTests()
        {
            Directory.CreateDirectory(Path.Combine(_root, "def"));
            Directory.CreateDirectory(Path.Combine(_root, "policies", "pol"));
            File.WriteAllText(Path.Combine(_root, "def", "NETWORK.net"),
                "RFC1918 = 10.0.0.0/8      # non-public\n          172.16.0.0/12\n          192.168.0.0/16\n\nINTERNAL = RFC1918\n"
                + "WEB_SERVERS = 10.1.1.0/24\n              2001:db8:1::/64\nBOGONS = 0.0.0.0/8\n         127.0.0.0/8\nMAIL = 10.2.2.25/32\n");
            File.WriteAllText(Path.Combine(_root, "def", "SERVICES.svc"),
                "HTTP = 80/tcp\nHTTPS = 443/tcp\nWEB = HTTP\n      HTTPS\nDNS = 53/tcp\n      53/udp\nHIGH = 1024-65535/tcp\n"
                + "NTP = 123/udp\nIKE = 500/udp\n      4500/udp\n");
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);

        private (PolicyLang.Import.ImportResult Result, string Text, PolicyCompilation Compilation) Import(string pol, string file = "p.pol", SourceTool tool = SourceTool.Capirca)
        {
            var path = Path.Combine(_root, "policies", "pol", file);
            File.WriteAllText(path, pol);
            var result = CapircaImporter.Import(path, Path.Combine(_root, "def"), tool: tool);
            Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
            var (name, text) = Assert.Single(result.Files);
            var compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, name) });
            Assert.True(!compilation.Diagnostics.Any(d => d.IsError), string.Join("\n", compilation.Diagnostics) + "\n" + text);
            return (result, text, compilation);
        }

        private const string Header = "header {\n  comment:: \"Edge inbound\"\n  target:: juniper edge-inbound inet\n}\n";

        [Fact]
        public void Terms_become_named_flows_with_counters_logging_expiry_and_comments()
        {
            var (result, text, compilation) = Import(Header
                + "term deny-bogons {\n  source-address:: BOGONS\n  action:: deny\n  counter:: bogons\n}\n"
                + "term accept-web {\n  comment:: \"public web\"\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  destination-port:: WEB\n  action:: accept\n  logging:: true\n}\n"
                + "term accept-dns {\n  destination-address:: INTERNAL\n  destination-exclude:: MAIL\n  protocol:: udp tcp\n  destination-port:: DNS\n  action:: accept\n  expiration:: 2099-06-30\n}\n"
                + "term ping {\n  protocol:: icmp\n  icmp-type:: echo-request unreachable\n  action:: accept\n}\n"
                + "term default-deny {\n  action:: deny\n}\n");
            Assert.Contains("policy edge-inbound {\n  description \"Edge inbound\"\n  default deny\n}\n", text);
            Assert.Contains("prefixes RFC1918 = 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16\nprefixes INTERNAL = RFC1918\n", text);
            Assert.Contains("deny BOGONS -> ipv4 : any name deny-bogons count\n", text);
            // An inet filter speaks for IPv4 only: the list's IPv6 prefix is cut off by the other family's zone.
            Assert.Contains("allow ipv4 -> WEB_SERVERS except ipv6 : tcp/80, tcp/443 name accept-web log description \"public web\"\n", text);
            Assert.Contains("allow ipv4 -> INTERNAL except MAIL : udp/53, tcp/53 name accept-dns expires 2099-06-30\n", text);
            Assert.Contains("allow ipv4 -> ipv4 : icmp echo-request, icmp destination-unreachable name ping\n", text);
            // The final deny-all only repeats the default in first-match order; written as a deny it would override every accept.
            Assert.Contains("# term default-deny (p.pol:", text);
            Assert.DoesNotContain(result.Warnings, w => w.Text.Contains("the import"));
            Assert.Empty(result.Warnings);
            Assert.Equal(4, compilation.Model.Flows.Count);
            Assert.Equal(text, PolicyLang.Formatting.PolicyFormatter.Format(PolicySyntaxTree.Parse(text, "x.netpolicy")));
        }

        [Fact]
        public void Terms_whose_names_PolicyLang_reserves_or_cannot_take_are_renamed_with_a_warning()
        {
            var (result, text, compilation) = Import(Header
                + "term quarantine-hosts {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  destination-port:: WEB\n  action:: accept\n}\n"
                + "term F2 {\n  destination-address:: INTERNAL\n  protocol:: tcp\n  action:: accept\n}\n"
                + "term web.v2 {\n  destination-address:: INTERNAL\n  protocol:: udp\n  action:: accept\n}\n");
            Assert.Contains(" name term-quarantine-hosts\n", text);
            Assert.Contains(" name term-F2\n", text);
            Assert.Contains(" name web_v2\n", text);
            Assert.DoesNotContain(compilation.Diagnostics, d => d.Severity == PolicyLang.Diagnostics.DiagnosticSeverity.Error);
            Assert.Contains(result.Warnings, w => w.Text == "term 'quarantine-hosts': imported as flow 'term-quarantine-hosts': PolicyLang reserves the name");
            Assert.Contains(result.Warnings, w => w.Text == "term 'F2': imported as flow 'term-F2': PolicyLang reserves the name");
            Assert.Contains(result.Warnings, w => w.Text == "term 'web.v2': imported as flow 'web_v2': flow names hold letters, digits, '_' and single '-'");
        }

        [Fact]
        public void A_deny_between_accepts_it_overlaps_is_reported_with_a_packet_the_import_decides_differently()
        {
            var (result, _, _) = Import(Header
                + "term accept-web {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  destination-port:: WEB\n  action:: accept\n}\n"
                + "term deny-http {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  destination-port:: HTTP\n  action:: deny\n}\n"
                + "term accept-tcp {\n  protocol:: tcp\n  action:: accept\n}\n");
            Assert.Contains(result.Warnings, w => w.Text.StartsWith("term 'deny-http': denies packets an earlier term accepts and packets a later term accepts", StringComparison.Ordinal));
            var difference = Assert.Single(result.Warnings, w => w.Text.Contains("which the terms in first-match order"));
            Assert.Matches(@"term 'accept-web': the import denies \S+ -> 10\.1\.1\.\S+ tcp/80, which the terms in first-match order accept \(decided by term 'accept-web'\)", difference.Text);
        }

        [Fact]
        public void A_left_out_deny_keeps_its_comment_in_its_place_when_a_term_after_it_is_not_imported()
        {
            var (_, text, _) = Import(Header
                + "term web {\n  destination-address:: INTERNAL\n  protocol:: tcp\n  action:: accept\n}\n"
                + "term deny-dns {\n  source-address:: INTERNAL\n  protocol:: udp\n  action:: deny\n}\n"
                + "term odd {\n  protocol:: tcp\n  traffic-class-count:: x\n  action:: accept\n}\n"
                + "term ping {\n  destination-address:: INTERNAL\n  protocol:: icmp\n  action:: accept\n}\n");
            Assert.Matches(@"allow ipv4 -> INTERNAL : tcp name web\n# term deny-dns \(p\.pol:\d+\) left out: [^\n]*\n# term odd \(p\.pol:\d+\) not imported: [^\n]*\nallow ipv4 -> INTERNAL : icmp name ping\n", text);
        }

        [Fact]
        public void Keywords_PolicyLang_cannot_express_yet_leave_the_term_out_with_a_warning_and_a_comment()
        {
            var (result, text, compilation) = Import(Header
                + "term odd {\n  protocol:: tcp\n  traffic-class-count:: x\n  action:: accept\n}\n"
                + "term replies {\n  protocol:: tcp\n  option:: tcp-established\n  action:: accept\n}\n"
                + "term ssh-replies {\n  protocol:: tcp\n  source-port:: HIGH\n  option:: tcp-established\n  action:: accept\n}\n"
                + "term ok {\n  protocol:: tcp\n  destination-port:: HTTPS\n  action:: accept\n}\n");
            Assert.Contains(result.Warnings, w => w.Text == "term 'odd': not imported: PolicyLang cannot express 'traffic-class-count::' yet");
            Assert.Contains(result.Warnings, w => w.Text.StartsWith("term 'replies': matches replies of established connections only", StringComparison.Ordinal));
            // Source ports are imported, but a term of replies stays out whatever ports it names.
            Assert.Contains(result.Warnings, w => w.Text.StartsWith("term 'ssh-replies': matches replies of established connections only", StringComparison.Ordinal));
            Assert.Contains("# term odd (p.pol:", text);
            Assert.Single(compilation.Model.Flows);
        }

        private const string SourcePortTerms =
            "term web-from-high {\n  source-address:: INTERNAL\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  source-port:: HIGH\n  destination-port:: WEB\n  action:: accept\n}\n"
            + "term ntp-replies {\n  destination-address:: INTERNAL\n  protocol:: udp\n  source-port:: NTP\n  action:: accept\n}\n"
            + "term ike {\n  protocol:: udp\n  source-port:: IKE\n  destination-port:: IKE\n  action:: accept\n}\n"
            + "term dns-replies {\n  source-address:: MAIL\n  protocol:: tcp udp\n  source-port:: DNS\n  counter:: dns\n  action:: accept\n}\n";

        private static bool Allows(PolicyCompilation compilation, string src, string dst, byte protocol, ushort sourcePort, ushort destinationPort) =>
            compilation.Flows.AllowedBetween(new Endpoint(null, null, default), new Endpoint(null, null, default), null, PacketSet.All)
                .Contains(new Packet(IpAddress128.Parse(src), IpAddress128.Parse(dst), protocol, destinationPort, 0, 0, sourcePort));

        [Fact]
        public void Source_ports_become_services_with_an_arrow_and_the_first_match_check_finds_no_difference()
        {
            var (result, text, compilation) = Import(Header + SourcePortTerms);
            // Source ranges, then destination ranges: one service per pair; no destination port is 'any'.
            Assert.Contains("allow INTERNAL -> WEB_SERVERS except ipv6 : tcp/1024-65535 -> 80, tcp/1024-65535 -> 443 name web-from-high\n", text);
            Assert.Contains("allow ipv4 -> INTERNAL : udp/123 -> any name ntp-replies\n", text);
            Assert.Contains("allow ipv4 -> ipv4 : udp/500 -> 500, udp/500 -> 4500, udp/4500 -> 500, udp/4500 -> 4500 name ike\n", text);
            Assert.Contains("allow MAIL -> ipv4 : tcp/53 -> any, udp/53 -> any name dns-replies count\n", text);
            Assert.Empty(result.Warnings);
            Assert.Empty(compilation.Diagnostics);
            Assert.Equal(4, compilation.Model.Flows.Count);
            Assert.All(compilation.Model.Flows, f => Assert.All(f.Services, m => Assert.True(m.HasSourcePorts, f + ": " + m)));
            Assert.Equal(text, PolicyLang.Formatting.PolicyFormatter.Format(PolicySyntaxTree.Parse(text, "x.netpolicy")));

            // The source port decides: these would all be allowed if the import dropped the source ports.
            Assert.True(Allows(compilation, "10.0.0.5", "10.1.1.10", Packet.Tcp, 40000, 443));
            Assert.False(Allows(compilation, "10.0.0.5", "10.1.1.10", Packet.Tcp, 443, 443));
            Assert.True(Allows(compilation, "192.0.2.1", "10.3.0.1", Packet.Udp, 123, 40000));
            Assert.False(Allows(compilation, "192.0.2.1", "10.3.0.1", Packet.Udp, 40000, 123));
            Assert.True(Allows(compilation, "192.0.2.1", "198.51.100.1", Packet.Udp, 4500, 500));
            Assert.False(Allows(compilation, "192.0.2.1", "198.51.100.1", Packet.Udp, Packet.EphemeralPort, 500));
            Assert.True(Allows(compilation, "10.2.2.25", "192.0.2.1", Packet.Tcp, 53, 40000));
            Assert.False(Allows(compilation, "10.2.2.25", "192.0.2.1", Packet.Tcp, 40000, 53));
        }

        /// <summary>aclgen's k8s generator has no address family: a term's IPv6 addresses are written too, so the import reads
        /// a k8s header as both families (an IPv6-only term was lost as "matching nothing" before).</summary>
        [Fact]
        public void A_k8s_header_covers_both_address_families()
        {
            var pol = "header {\n  target:: k8s EGRESS\n}\nterm to-web {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n"
                + "  destination-port:: HTTPS\n  action:: accept\n}\n";
            var (result, _, compilation) = Import(pol);
            Assert.DoesNotContain(result.Warnings, w => w.Text.Contains("matches no packet"));
            Assert.True(Allows(compilation, "2001:db8:2::1", "2001:db8:1::10", Packet.Tcp, 40000, 443));
            Assert.True(Allows(compilation, "10.9.0.1", "10.1.1.10", Packet.Tcp, 40000, 443));
            var (_, _, junos) = Import(pol.Replace("k8s EGRESS", "juniper edge-outbound"), "j.pol");
            Assert.False(Allows(junos, "2001:db8:2::1", "2001:db8:1::10", Packet.Tcp, 40000, 443));
        }

        /// <summary>IGMP is IPv4's (IPv6 has MLD): in a mixed filter its term becomes an IPv4 flow only, as aclgen writes it.</summary>
        [Fact]
        public void IGMP_is_left_out_of_IPv6_flows()
        {
            var pol = "header {\n  target:: juniper edge-inbound mixed\n}\nterm igmp {\n  protocol:: igmp\n  action:: accept\n}\n";
            var (_, text, compilation) = Import(pol);
            Assert.Single(compilation.Model.Flows);
            Assert.DoesNotContain("ipv6", text.Substring(text.IndexOf("allow ", System.StringComparison.Ordinal)));
            Assert.Equal(PolicyLang.Semantics.FlowAction.Allow, compilation.Flows.Evaluate(
                new Packet(IpAddress128.Parse("10.0.0.1"), IpAddress128.Parse("10.0.0.2"), 2, 0, 0, 0)).Verdict);
            Assert.NotEqual(PolicyLang.Semantics.FlowAction.Allow, compilation.Flows.Evaluate(
                new Packet(IpAddress128.Parse("2001:db8::1"), IpAddress128.Parse("2001:db8::2"), 2, 0, 0, 0)).Verdict);
        }

        [Fact]
        public void The_first_match_check_sees_source_ports()
        {
            // A deny of high source ports before an accept of the same service meets later accepts only: it is written as a deny,
            // exactly, and only low source ports get through.
            var (result, text, compilation) = Import(Header
                + "term deny-high {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  source-port:: HIGH\n  destination-port:: HTTP\n  action:: deny\n}\n"
                + "term web {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  destination-port:: HTTP\n  action:: accept\n}\n");
            Assert.Contains("deny ipv4 -> WEB_SERVERS except ipv6 : tcp/1024-65535 -> 80 name deny-high\n", text);
            Assert.Contains("allow ipv4 -> WEB_SERVERS except ipv6 : tcp/80 name web\n", text);
            Assert.Empty(result.Warnings);
            Assert.True(Allows(compilation, "192.0.2.1", "10.1.1.10", Packet.Tcp, 1023, 80));
            Assert.False(Allows(compilation, "192.0.2.1", "10.1.1.10", Packet.Tcp, 1024, 80));

            // A deny of high source ports between accepts it overlaps cannot be written exactly: the check names a packet from a
            // high source port that the import denies and the first accept takes.
            var (between, _, _) = Import(Header
                + "term accept-http {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  destination-port:: HTTP\n  action:: accept\n}\n"
                + "term deny-high {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  source-port:: HIGH\n  action:: deny\n}\n"
                + "term accept-tcp {\n  protocol:: tcp\n  action:: accept\n}\n");
            Assert.Contains(between.Warnings, w => w.Text.StartsWith("term 'deny-high': denies packets an earlier term accepts and packets a later term accepts", StringComparison.Ordinal));
            var difference = Assert.Single(between.Warnings, w => w.Text.Contains("which the terms in first-match order"));
            var m = System.Text.RegularExpressions.Regex.Match(difference.Text,
                @"^term 'accept-http': the import denies \S+ -> 10\.1\.1\.\S+ tcp/(?:(\d+) -> )?80, which the terms in first-match order accept \(decided by term 'accept-http'\)$");
            Assert.True(m.Success, difference.Text);
            // A witness that prints no source port comes from the ephemeral port, 49152: a high port too.
            Assert.True(!m.Groups[1].Success || int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1024, difference.Text);
        }

        [Fact]
        public void The_ports_of_all_services_apply_to_each_protocol_as_in_Capirca_with_a_warning()
        {
            // aclgen writes 'protocol [ tcp udp ]; source-port 123; destination-port [ 53 80 ];' for this term, and warns.
            var (result, text, _) = Import(Header + "term mixed {\n  protocol:: tcp udp\n  source-port:: NTP\n  destination-port:: HTTP DNS\n  action:: accept\n}\n");
            Assert.Contains("allow ipv4 -> ipv4 : tcp/123 -> 80, tcp/123 -> 53, udp/123 -> 80, udp/123 -> 53 name mixed\n", text);
            Assert.Contains(result.Warnings, w => w.Text == "term 'mixed': udp also matches destination port(s) 80, which its services define for another protocol only: "
                + "Capirca matches the ports of all its services for each of its protocols (aclgen warns and does the same)");
            Assert.Contains(result.Warnings, w => w.Text.StartsWith("term 'mixed': tcp also matches source port(s) 123, which its services define for another protocol only", StringComparison.Ordinal));
            Assert.Equal(2, result.Warnings.Count);
        }

        [Fact]
        public void Source_ports_without_a_protocol_or_of_none_of_its_protocols_leave_the_term_out()
        {
            var (result, text, compilation) = Import(Header
                + "term no-protocol {\n  source-port:: HTTP\n  action:: accept\n}\n"
                + "term other-protocol {\n  protocol:: tcp\n  source-port:: NTP\n  destination-port:: HTTP\n  action:: accept\n}\n"
                + "term no-destination {\n  protocol:: udp\n  source-port:: NTP\n  destination-port:: HTTP\n  action:: accept\n}\n"
                + "term ok {\n  protocol:: tcp\n  source-port:: HTTP\n  action:: accept\n}\n");
            Assert.Contains(result.Warnings, w => w.Text == "term 'no-protocol': not imported: ports or ICMP types without a protocol (aclgen refuses such a term)");
            Assert.Contains(result.Warnings, w => w.Text == "term 'other-protocol': not imported: no source port of its services uses its protocols (aclgen refuses such a term)");
            // Not 'udp/123 -> any': the destination ports are of another protocol, which leaves none.
            Assert.Contains(result.Warnings, w => w.Text == "term 'no-destination': not imported: no destination port of its services uses its protocols (aclgen refuses such a term)");
            Assert.Contains("# term other-protocol (p.pol:", text);
            Assert.Contains("allow ipv4 -> ipv4 : tcp/80 -> any name ok\n", text);
            Assert.Single(compilation.Model.Flows);
        }

        /// <summary>An import but for where each term stands in its source and how the file quotes the header (in the source's own form).</summary>
        private static string Twin(string text)
        {
            text = text.Substring(text.IndexOf("\npolicy ", StringComparison.Ordinal));
            text = System.Text.RegularExpressions.Regex.Replace(text, @"'target:: (\w+)'|'(\w+)' under 'targets:'", "TARGET $1$2");
            return System.Text.RegularExpressions.Regex.Replace(text, @"p\.(pol|yaml)(:\d+)?", "SOURCE");
        }

        [Fact]
        public void Aerleon_YAML_source_ports_import_as_their_pol_twin()
        {
            var (_, pol, _) = Import(Header + SourcePortTerms);
            var yaml = "filters:\n  - header:\n      comment: Edge inbound\n      targets:\n        juniper: edge-inbound inet\n    terms:\n"
                + "      - name: web-from-high\n        source-address: INTERNAL\n        destination-address: WEB_SERVERS\n        protocol: tcp\n        source-port: HIGH\n        destination-port: WEB\n        action: accept\n"
                + "      - name: ntp-replies\n        destination-address: INTERNAL\n        protocol: udp\n        source-port: NTP\n        action: accept\n"
                + "      - name: ike\n        protocol: udp\n        source-port: IKE\n        destination-port: IKE\n        action: accept\n"
                + "      - name: dns-replies\n        source-address: MAIL\n        protocol: tcp udp\n        source-port: DNS\n        counter: dns\n        action: accept\n";
            var (result, text, _) = Import(yaml, "p.yaml");
            Assert.Empty(result.Warnings);
            Assert.Equal(Twin(pol), Twin(text));
        }

        // Capirca strings have no escapes but \" (a string with one is its ESCAPEDSTRING); the arista text holds a backslash, a tab and a bell.
        private const string VerbatimPolicy = "header {\n  comment:: \"Edge inbound\"\n  target:: juniper edge-inbound inet\n  target:: arista edge-inbound\n}\n"
            + "term web {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  destination-port:: HTTPS\n  action:: accept\n}\n"
            + "term extra {\n  comment:: \"hand-written\"\n"
            + "  verbatim:: juniper \"term extra {\n    from {\n        source-address { 192.0.2.0/24; }\n    }\n    then accept;\n}\n\"\n"
            + "  verbatim:: juniper \"/* say \\\"hi\\\" */\"\n"
            + "  verbatim:: arista \"remark C:\\path\tend\a\"\n}\n"
            + "term later {\n  verbatim:: juniper \"/* later */\"\n}\n";

        private static readonly string[] s_junosLines =
            { "term extra {", "    from {", "        source-address { 192.0.2.0/24; }", "    }", "    then accept;", "}", "/* say \"hi\" */" };

        [Fact]
        public void Verbatim_text_for_juniper_and_arista_becomes_verbatim_blocks_in_target_blocks_and_reaches_the_Junos_configuration()
        {
            var (result, text, compilation) = Import(VerbatimPolicy);
            Assert.Contains("# Add the devices that apply this filter to the target blocks at the end", text);
            Assert.Contains("# term extra (p.pol:12): its verbatim text for juniper is in target edge-inbound-juniper\n"
                + "# term extra (p.pol:12): its verbatim text for arista is in target edge-inbound-arista\n"
                + "# term later (p.pol:24): its verbatim text for juniper is in target edge-inbound-juniper\n", text);
            // One block per term, in term order, each after a comment naming the term; the strings escape quotes, backslashes and tabs.
            Assert.Contains("target edge-inbound-juniper juniper-junos {\n  zones ipv4, ipv6\n  # verbatim term extra from p.pol:12: hand-written\n  verbatim juniper-junos {\n"
                + string.Concat(s_junosLines.Select(l => "    " + StringSyntax.Quote(l) + "\n")) + "  }\n"
                + "  # verbatim term later from p.pol:24\n  verbatim juniper-junos {\n    \"/* later */\"\n  }\n}\n", text);
            Assert.Contains("target edge-inbound-arista arista-eos {\n  zones ipv4, ipv6\n  # verbatim term extra from p.pol:12: hand-written\n  verbatim arista-eos {\n    \"remark C:\\\\path\\tend\"\n  }\n}\n", text);
            Assert.Contains("    \"/* say \\\"hi\\\" */\"\n", text);

            var junos = compilation.Model.Targets.Single(t => t.Name == "edge-inbound-juniper");
            Assert.Equal(new[] { s_junosLines, new[] { "/* later */" } }, junos.Verbatim.Select(v => v.Lines.ToArray()));
            Assert.Equal("remark C:\\path\tend", Assert.Single(Assert.Single(compilation.Model.Targets, t => t.Name == "edge-inbound-arista").Verbatim).Lines.Single());
            // The policy checks clean but for the warning every verbatim block gets.
            Assert.Equal(new[] { "NP4007", "NP4007", "NP4007" }, compilation.Diagnostics.Select(d => d.Id));
            Assert.Single(compilation.Model.Flows);

            Assert.Contains(result.Warnings, w => w.Text == "term 'extra': its verbatim text for 'arista' holds U+0007, left out: a verbatim line holds no control character but tab");
            Assert.Equal(3, result.Warnings.Count(w => w.Text.Contains("is carried over unread into target", StringComparison.Ordinal)));
            Assert.Contains(result.Warnings, w => w.Line == 12 && w.Text.StartsWith("term 'extra': its verbatim text for 'juniper' is carried over unread into target 'edge-inbound-juniper' (verbatim juniper-junos). "
                + "Capirca writes it inside the filter, in the term's place; policyc writes it at the end of the configuration", StringComparison.Ordinal));
            Assert.DoesNotContain(result.Warnings, w => w.Text.Contains("which the terms in first-match order", StringComparison.Ordinal));

            // Given a device, the build writes the lines as they stand between the markers of the Junos configuration.
            var withDevice = text.Replace("target edge-inbound-juniper juniper-junos {\n  zones ipv4, ipv6\n",
                "target edge-inbound-juniper juniper-junos {\n  zones ipv4, ipv6, lab\n  device \"r1\" {\n    interface \"xe-0/0/1\" carries lab.hosts\n  }\n", StringComparison.Ordinal)
                + "\nzone lab {\n  segment hosts {\n    vlan 10\n    subnet 198.51.100.0/24\n  }\n}\n";
            var build = EmitTestHelper.Build(withDevice, "edge-inbound-juniper");
            Assert.True(build.Succeeded, string.Join("\n", build.Diagnostics));
            var conf = EmitTestHelper.Artifact(build, "edge-inbound-juniper/r1.conf");
            var begin = conf.IndexOf("# " + PolicyLang.Semantics.VerbatimText.BeginMarker + ": 7 line(s) of verbatim block 1 of target edge-inbound-juniper in p.netpolicy, ", StringComparison.Ordinal);
            Assert.True(begin >= 0, conf);
            var fenced = conf.Substring(conf.IndexOf('\n', begin) + 1);
            Assert.StartsWith(string.Concat(s_junosLines.Select(l => l + "\n")) + "# " + PolicyLang.Semantics.VerbatimText.EndMarker + "\n# " + PolicyLang.Semantics.VerbatimText.BeginMarker + ": 1 line(s)", fenced);
            Assert.EndsWith("/* later */\n# " + PolicyLang.Semantics.VerbatimText.EndMarker + "\n", conf);
            Assert.Equal(8, PolicyLang.Emit.Fabric.TranslationValidator.Unverified(conf));
        }

        [Fact]
        public void Aerleon_YAML_verbatim_is_a_mapping_of_platform_to_text_and_imports_as_its_pol_twin()
        {
            var (_, pol, _) = Import(VerbatimPolicy);
            var yaml = "filters:\n  - header:\n      comment: Edge inbound\n      targets:\n        juniper: edge-inbound inet\n        arista: edge-inbound\n    terms:\n"
                + "      - name: web\n        destination-address: WEB_SERVERS\n        protocol: tcp\n        destination-port: HTTPS\n        action: accept\n"
                + "      - name: extra\n        comment: hand-written\n        verbatim:\n          juniper: |\n"
                + string.Concat(s_junosLines.Select(l => "            " + l + "\n"))
                + "          arista: \"remark C:\\\\path\\tend\\a\"\n"
                + "      - name: later\n        verbatim:\n          juniper: /* later */\n";
            var (result, text, _) = Import(yaml, "p.yaml");
            Assert.Contains(result.Warnings, w => w.Text.StartsWith("term 'extra': its verbatim text for 'arista' holds U+0007", StringComparison.Ordinal));
            // The same file but for where each term stands in its source.
            Assert.Equal(Twin(pol), Twin(text));
        }

        [Fact]
        public void Verbatim_text_for_a_platform_without_a_PolicyLang_target_stays_a_warning_and_a_comment()
        {
            var (result, text, compilation) = Import(Header
                + "term lo {\n  verbatim:: speedway \"-A OUTPUT -o lo -j ACCEPT\"\n  verbatim:: ciscoxr \"permit ipv4 any any\"\n}\n"
                + "term eos {\n  verbatim:: arista \"ip access-list EXTRA\n   10 permit ip any any\"\n}\n"
                + "term both {\n  verbatim:: juniper \"term x { then accept; }\"\n  action:: accept\n}\n"
                + "term ok {\n  protocol:: tcp\n  destination-port:: HTTPS\n  action:: accept\n}\n");
            Assert.Contains(result.Warnings, w => w.Text == "term 'lo': its verbatim text for 'speedway' is not imported: no PolicyLang platform takes text for 'speedway'; kept as a comment");
            Assert.Contains(result.Warnings, w => w.Text == "term 'lo': its verbatim text for 'ciscoxr' is not imported: no PolicyLang platform takes text for 'ciscoxr'; kept as a comment");
            Assert.Contains(result.Warnings, w => w.Text == "term 'eos': its verbatim text for 'arista' is not imported: this filter has no 'target:: arista' (aclgen does not write it either); kept as a comment");
            Assert.Contains(result.Warnings, w => w.Text == "term 'both': not imported: Capirca refuses 'verbatim::' beside 'action::'");
            Assert.Contains("# term lo (p.pol:5): its verbatim text for speedway is not imported: no PolicyLang platform takes text for 'speedway'\n#   verbatim:: speedway:\n#     -A OUTPUT -o lo -j ACCEPT\n", text);
            Assert.Contains("#   verbatim:: ciscoxr:\n#     permit ipv4 any any\n", text);
            Assert.Contains("#   verbatim:: arista:\n#     ip access-list EXTRA\n#        10 permit ip any any\n", text);
            Assert.Contains("# term both (p.pol:", text);
            Assert.DoesNotContain("\ntarget ", text);
            Assert.Contains("# Add a target block for the devices that apply this filter", text);
            Assert.Empty(compilation.Model.Targets);
            Assert.Empty(compilation.Diagnostics);
            Assert.Single(compilation.Model.Flows);
        }

        [Fact]
        public void A_mixed_filter_gets_a_flow_per_family_and_inet6_only_IPv6()
        {
            var term = "term web {\n  source-address:: INTERNAL\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  destination-port:: HTTPS\n  action:: accept\n}\n";
            var (_, mixed, _) = Import("header {\n  target:: juniper both mixed\n}\n" + term);
            // INTERNAL has no IPv6 prefix: only the IPv4 flow exists.
            Assert.Contains("allow INTERNAL -> WEB_SERVERS except ipv6 : tcp/443 name web\n", mixed);
            var (_, both, _) = Import("header {\n  target:: juniper both mixed\n}\n" + "term web {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  action:: accept\n}\n");
            Assert.Contains("allow ipv4 -> WEB_SERVERS except ipv6 : tcp name web\n", both);
            Assert.Contains("allow ipv6 -> WEB_SERVERS except ipv4 : tcp name web-v6\n", both);
            var (_, v6, _) = Import("header {\n  target:: juniper six inet6\n}\n" + "term web {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  action:: accept\n}\n");
            Assert.Contains("allow ipv6 -> WEB_SERVERS except ipv4 : tcp name web\n", v6);
        }

        [Fact]
        public void A_term_left_out_in_both_families_of_a_mixed_filter_is_described_once()
        {
            var (result, text, _) = Import("header {\n  target:: juniper both mixed\n}\n"
                + "term web {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  destination-port:: HTTPS\n  action:: accept\n}\n"
                + "term deny-rest {\n  action:: deny\n  counter:: rest\n}\n");
            Assert.Contains("allow ipv6 -> WEB_SERVERS except ipv4 : tcp/443 name web-v6\n"
                + "# term deny-rest (p.pol:10) left out: no later term accepts what it denies, so in first-match order it only repeats the default deny "
                + "(and here it would override the earlier accepts) (its logging or counter is lost)\n", text);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "# term deny-rest "));
            Assert.Single(result.Warnings, w => w.Text.StartsWith("term 'deny-rest': left out", StringComparison.Ordinal));
        }

        [Fact]
        public void A_term_of_a_mixed_filter_handled_differently_per_family_is_described_per_family()
        {
            File.WriteAllText(Path.Combine(_root, "def", "MORE.net"), "CAMPUS = 10.0.0.0/8\n         2001:db8::/32\n");
            var (result, text, _) = Import("header {\n  target:: juniper both mixed\n}\n"
                + "term web {\n  destination-address:: WEB_SERVERS\n  protocol:: tcp\n  destination-port:: HTTPS\n  action:: accept\n}\n"
                + "term deny-campus {\n  destination-address:: CAMPUS\n  action:: deny\n}\n"
                + "term rfc1918 {\n  destination-address:: RFC1918\n  protocol:: tcp\n  action:: accept\n}\n");
            // IPv4: the later accept of RFC1918 meets it, so it becomes its 'except'; IPv6: no later accept, so it is left out.
            Assert.Contains("# term deny-campus (p.pol:10) for IPv4 is written as 'except CAMPUS' on the destination of the later accepts it overlaps, so that it leaves the earlier accepts alone\n", text);
            Assert.Contains("# term deny-campus (p.pol:10) for IPv6 left out: no later term accepts what it denies, so in first-match order it only repeats the default deny (and here it would override the earlier accepts)\n", text);
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(text, "# term deny-campus ").Count);
            Assert.Contains("allow ipv4 -> RFC1918 except CAMPUS : tcp name rfc1918\n", text);
            Assert.DoesNotContain(result.Warnings, w => w.Text.Contains("which the terms in first-match order", StringComparison.Ordinal));
        }

        [Fact]
        public void The_file_names_the_tool_and_quotes_the_header_in_the_policy_files_own_form()
        {
            var (_, capirca, _) = Import(Header);
            Assert.StartsWith("# Imported by policyc import capirca from p.pol, filter edge-inbound.\n# Capirca target:: juniper edge-inbound inet\n# Add a target block", capirca);
            var (_, aerleonPol, _) = Import(Header, "q.pol", SourceTool.Aerleon);
            Assert.StartsWith("# Imported by policyc import aerleon from q.pol, filter edge-inbound.\n# Aerleon target:: juniper edge-inbound inet\n# Add a target block", aerleonPol);

            var yaml = "filters:\n  - header:\n      comment: Edge inbound\n      targets:\n        juniper: edge-inbound inet\n        arista: edge-inbound\n    terms:\n"
                + "      - name: web\n        destination-address: WEB_SERVERS\n        protocol: tcp\n        destination-port: HTTPS\n        action: accept\n"
                + "      - name: extra\n        verbatim:\n          juniper: /* extra */\n          cisconx: remark extra\n";
            var (result, text, _) = Import(yaml, "p.yaml", SourceTool.Aerleon);
            Assert.StartsWith("# Imported by policyc import aerleon from p.yaml, filter edge-inbound.\n# Aerleon targets:\n#   juniper: edge-inbound inet\n#   arista: edge-inbound\n# Add the devices", text);
            Assert.Contains("# The verbatim text of this filter's terms for 'juniper' under 'targets:', written unread", text);
            Assert.Contains(result.Warnings, w => w.Text == "term 'extra': its verbatim text for 'cisconx' is not imported: this filter has no 'cisconx' under 'targets:' (aclgen does not write it either); kept as a comment");
            Assert.DoesNotContain("Capirca", text);
            Assert.DoesNotContain("target::", text);
        }

        [Fact]
        public void Hostile_names_and_comments_come_out_as_valid_policy_text()
        {
            File.AppendAllText(Path.Combine(_root, "def", "NETWORK.net"), "policy = 10.9.0.0/16\nipv4 = 10.8.0.0/16\n");
            // Capirca strings have no escapes; a backslash, braces and a '#' inside one are text, and a policy string must say so.
            var (_, text, compilation) = Import("header {\n  comment:: \"back \\ slash\nand { braces } # hash\"\n  target:: juniper we!rd$name inet\n}\n"
                + "term f12 {\n  comment:: \"a \\ } term x { action:: accept }\"\n  source-address:: policy\n  destination-address:: ipv4\n  protocol:: tcp\n  action:: accept\n}\n"
                + "term t20 {\n  source-address:: policy\n  destination-address:: ipv4\n  protocol:: udp\n  action:: accept\n}\n");
            Assert.Contains("policy we_rd_name {\n  description \"back \\\\ slash and { braces } # hash\"", text);
            Assert.Equal(2, compilation.Model.Flows.Count);
            var flow = compilation.Model.Flows[0];
            // f12 and t20 are the names generated rules and Junos terms give what has no name (NP1005): the import steps aside.
            Assert.Equal("term-f12", flow.Name!.Value.Value);
            Assert.Equal("term-t20", compilation.Model.Flows[1].Name!.Value.Value);
            Assert.DoesNotContain("prefixes policy ", text);
            Assert.DoesNotContain("prefixes ipv4 ", text);
        }

        [Fact]
        public void An_unknown_network_is_a_reason_to_leave_the_term_out_and_a_broken_definition_file_an_error()
        {
            var (result, _, compilation) = Import(Header + "term x {\n  source-address:: NOPE\n  action:: accept\n}\n");
            Assert.Contains(result.Warnings, w => w.Text == "term 'x': not imported: unknown network 'NOPE'");
            Assert.Empty(compilation.Model.Flows);

            File.WriteAllText(Path.Combine(_root, "def", "BAD.net"), "   10.0.0.0/8\n");
            var path = Path.Combine(_root, "policies", "pol", "p.pol");
            var broken = CapircaImporter.Import(path, Path.Combine(_root, "def"));
            Assert.Contains(broken.Errors, e => e.File == "BAD.net" && e.Line == 1);
            Assert.Empty(broken.Files);
        }
    }
}

namespace PolicyLang.Tests.Import
{
    /// <summary>The importer reads hostile input as data: random bytes, cut files, cycles and deep nesting give messages, never an exception.</summary>
    public sealed class CapircaImportRobustnessTests
    {
        [Fact]
        public void Random_and_cut_input_and_cycles_give_messages_not_exceptions()
        {
            var root = Path.Combine(Path.GetTempPath(), "policyc-capirca-robust-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(root, "def"));
            Directory.CreateDirectory(Path.Combine(root, "policies", "pol"));
            try
            {
                var sample = File.ReadAllText(Path.Combine(PolicyLang.TestSupport.RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Import", "capirca", "policies", "pol", "sample_multitarget.pol"));
                var net = File.ReadAllText(Path.Combine(PolicyLang.TestSupport.RepositoryPaths.Root, "tests", "PolicyLang.Core.Tests", "Import", "capirca", "def", "NETWORK.net"));
                var random = new Random(2026);
                var pol = Path.Combine(root, "policies", "pol", "x.pol");
                for (int i = 0; i < 300; i++)
                {
                    string Mutate(string text)
                    {
                        var chars = text.Substring(0, random.Next(text.Length)).ToCharArray();
                        for (int k = 0; k < 5 && chars.Length > 0; k++) chars[random.Next(chars.Length)] = (char)random.Next(0, 128);
                        return new string(chars);
                    }
                    File.WriteAllText(pol, i % 3 == 0 ? new string(Enumerable.Range(0, 400).Select(_ => (char)random.Next(0, 256)).ToArray()) : Mutate(sample));
                    File.WriteAllText(Path.Combine(root, "def", "NETWORK.net"), i % 2 == 0 ? net : Mutate(net));
                    var result = CapircaImporter.Import(pol, Path.Combine(root, "def"));
                    foreach (var text in result.Files.Values)
                        Assert.Empty(PolicyLang.Syntax.PolicySyntaxTree.Parse(text, "x.netpolicy").Diagnostics);
                }
                // A cycle and a chain deeper than the importer follows.
                var chain = string.Concat(Enumerable.Range(0, 200).Select(n => "N" + n + " = N" + (n + 1) + "\n")) + "N200 = 10.0.0.0/8\nA = B\nB = A\n";
                File.WriteAllText(Path.Combine(root, "def", "NETWORK.net"), chain);
                File.WriteAllText(pol, "header {\n  target:: juniper f inet\n}\nterm a {\n  source-address:: A\n  action:: accept\n}\nterm n {\n  source-address:: N0\n  action:: accept\n}\n");
                var cyc = CapircaImporter.Import(pol, Path.Combine(root, "def"));
                Assert.Contains(cyc.Warnings, w => w.Text.Contains("refers to itself"));
                Assert.Contains(cyc.Warnings, w => w.Text.Contains("nested more than 64 deep"));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
