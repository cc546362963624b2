using System.Collections.Generic;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.Nftables;
using PolicyLang.Formatting;
using PolicyLang.Platforms;
using PolicyLang.Tests.Emit;
using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Language
{
    /// <summary>
    /// Source ports: <c>tcp/1024-65535 -> 22</c> (the ports a packet comes from, then those it goes to; <c>any</c> for every
    /// destination port). They are a dimension of the header space, so the checker, queries and every proof see them; switch
    /// ACLs and nftables match them, and targets whose rules match destination ports only refuse them at the service.
    /// </summary>
    public sealed class SourcePortTests
    {
        private const string Zones =
            "zone a {\n  segment s {\n    vlan 10\n    subnet 10.1.0.0/24\n  }\n}\n" +
            "zone b {\n  segment s {\n    vlan 20\n    subnet 10.2.0.0/24\n  }\n}\n";

        /// <summary>Every shape: a named port list as the source, one port to one port, a source to every port, TCP and UDP
        /// both ways, and an ordinary flow beside them.</summary>
        private const string Flows =
            "ports high = 1024-65535\n" +
            "allow a -> b : tcp/high -> 22, udp/123 -> 123, udp/53 -> any, tcp/443\n" +
            "allow b -> a : udp/5000 -> any, tcp/1-1023 -> 514\n";

        /// <summary>SCTP too, where the platform matches SCTP ports (NVUE does not).</summary>
        private const string Sctp = "allow b -> a : sctp/2905 -> 2905\n";

        private static readonly (string Platform, string Port1, string Port2, string Extension)[] Switches =
        {
            ("arista-eos", "Ethernet1", "Ethernet2", ".cfg"),
            ("cisco-nxos", "Ethernet1/1", "Ethernet1/2", ".cfg"),
            ("cisco-iosxe", "GigabitEthernet1/0/1", "GigabitEthernet1/0/2", ".cfg"),
            ("juniper-junos", "xe-0/0/1", "xe-0/0/2", ".conf"),
            ("sonic", "Ethernet0", "Ethernet4", ".json"),
            ("cumulus-nvue", "swp1", "swp2", ".nvue"),
        };

        /// <summary>Every switch platform, and EOS once more with its filters as traffic-policies.</summary>
        public static IEnumerable<object[]> SwitchPlatforms() =>
            Switches.Select(s => new object[] { s.Platform, "" }).Append(new object[] { "arista-eos", "option filter traffic-policy" });

        private static string SwitchTarget(string platform, string option = "")
        {
            var s = Switches.Single(x => x.Platform == platform);
            return "target sw " + platform + " {\n  zones a, b\n" + (option.Length > 0 ? "  " + option + "\n" : "") + "  device \"leaf1\" {\n    interface \"" + s.Port1
                + "\" carries a.s\n    interface \"" + s.Port2 + "\" carries b.s\n  }\n}\n";
        }

        private static bool Allows(PolicyLang.Analysis.FlowSpace space, Packet p) => space.Evaluate(p).Verdict == PolicyLang.Semantics.FlowAction.Allow;

        private static Packet Tcp(string src, string dst, ushort sport, ushort dport, byte protocol = Packet.Tcp) =>
            new Packet(IpAddress128.Parse(src), IpAddress128.Parse(dst), protocol, dport, 0, 0, sport);

        [Fact]
        public void A_match_binds_source_ports_then_destination_ports_and_any_for_every_destination_port()
        {
            var c = Compile(Zones + Flows + Sctp);
            c.Clean();
            var services = c.Compilation.Model.Flows.SelectMany(f => f.Services).ToList();
            Assert.Equal(new[] { "tcp/1024-65535 -> 22", "udp/123 -> 123", "udp/53 -> any", "tcp/443", "udp/5000 -> any", "tcp/1-1023 -> 514", "sctp/2905 -> 2905" },
                services.Select(s => s.ToString()));
            var ssh = services[0];
            Assert.Equal(new[] { new Interval(1024, 65535) }, ssh.SourcePorts);
            Assert.Equal(new[] { new Interval(22, 22) }, ssh.Ports);
            Assert.Null(services[2].Ports);
            Assert.False(services[3].HasSourcePorts);
        }

        [Fact]
        public void The_packets_of_a_flow_are_those_from_its_source_ports_only()
        {
            var c = Compile(Zones + Flows);
            var space = c.Compilation.Flows;
            Assert.True(Allows(space, Tcp("10.1.0.5", "10.2.0.5", 40000, 22)));
            Assert.False(Allows(space, Tcp("10.1.0.5", "10.2.0.5", 1023, 22)));
            Assert.True(Allows(space, Tcp("10.1.0.5", "10.2.0.5", 123, 123, Packet.Udp)));
            Assert.False(Allows(space, Tcp("10.1.0.5", "10.2.0.5", 40000, 123, Packet.Udp)));
            Assert.True(Allows(space, Tcp("10.1.0.5", "10.2.0.5", 53, 9999, Packet.Udp)));
            // Every source port where the flow names none.
            Assert.True(Allows(space, Tcp("10.1.0.5", "10.2.0.5", 7, 443)));
        }

        [Fact]
        public void A_witness_names_the_source_port_only_where_the_set_constrains_it()
        {
            Assert.Equal("10.1.0.5 -> 10.2.0.5 udp/123 -> 123", Tcp("10.1.0.5", "10.2.0.5", 123, 123, Packet.Udp).ToString());
            Assert.Equal("10.1.0.5 -> 10.2.0.5 tcp/22", Tcp("10.1.0.5", "10.2.0.5", Packet.EphemeralPort, 22).ToString());
            var c = Compile(Zones + "allow a -> b : udp/123 -> 123\nassert never a -> b : udp/123\n");
            var d = Assert.Single(c.Diagnostics, x => x.Message.Contains("udp/123 -> 123"));
            Assert.Contains("udp/123 -> 123", d.Message);
        }

        [Fact]
        public void The_formatter_writes_spaces_around_the_arrow_and_keeps_the_text()
        {
            var text = "allow a -> b : tcp/1024-65535->22, udp/53 ->any\n";
            var formatted = PolicyFormatter.Format(Syntax.PolicySyntaxTree.Parse(text, "p.netpolicy"));
            Assert.Equal("allow a -> b : tcp/1024-65535 -> 22, udp/53 -> any\n", formatted);
        }

        [Theory]
        [InlineData("allow a -> b : tcp/70000 -> 22\n", "NP2015")]
        [InlineData("allow a -> b : tcp/1024-65535 -> 99999\n", "NP2015")]
        [InlineData("allow a -> b : tcp/nope -> 22\n", "NP1001")]
        public void Broken_source_ports_are_errors_with_their_codes(string flow, string code)
        {
            var c = Compile(Zones + flow);
            Assert.Contains(c.Diagnostics, d => d.Id == code);
        }

        [Theory]
        [InlineData("allow a -> b : tcp/22 ->\n", "expected 'any', a port number or a port list name, found the end of the file")]
        [InlineData("allow a -> b : icmp -> 22\n", "found '->'")]
        [InlineData("allow a -> b : tcp -> 22\n", "found '->'")]
        public void A_broken_arrow_is_a_syntax_error_that_says_what_was_expected(string flow, string message)
        {
            var tree = Syntax.PolicySyntaxTree.Parse(Zones + flow, "p.netpolicy");
            var d = Assert.Single(tree.Diagnostics);
            Assert.Equal("NP0010", d.Id);
            Assert.Contains(message, d.Message);
        }

        [Fact]
        public void A_flow_inside_a_wider_one_never_takes_effect_and_a_deny_of_some_source_ports_leaves_the_rest()
        {
            var shadowed = Compile(Zones + "allow a -> b : tcp/22\nallow a -> b : tcp/1024-65535 -> 22\n");
            Assert.Equal("tcp/1024-65535 -> 22", shadowed.Sources["p.netpolicy"].Substring(shadowed.Single("NP3001").Span.Start + "allow a -> b : ".Length, 20));
            // Denies win: one that takes away the low source ports leaves the rest of the allow in effect.
            var partial = Compile(Zones + "allow a -> b : tcp/22\ndeny a -> b : tcp/1-1023 -> 22\n");
            Assert.Empty(partial.All("NP3001"));
            Assert.Equal(PolicyLang.Semantics.FlowAction.Deny, partial.Compilation.Flows.Evaluate(Tcp("10.1.0.5", "10.2.0.5", 1000, 22)).Verdict);
            Assert.Equal(PolicyLang.Semantics.FlowAction.Allow, partial.Compilation.Flows.Evaluate(Tcp("10.1.0.5", "10.2.0.5", 40000, 22)).Verdict);
        }

        [Theory]
        [MemberData(nameof(SwitchPlatforms))]
        public void Switch_acls_match_source_ports_and_translation_validation_proves_them(string platform, string option)
        {
            var text = Zones + Flows + (platform == "cumulus-nvue" ? "" : Sctp) + SwitchTarget(platform, option);
            var compilation = EmitTestHelper.Compile(text);
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { "sw" });
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var target = compilation.Model.Targets.Single();
            var facts = FabricTarget.Facts(target).Single();
            var config = EmitTestHelper.Artifact(result, "sw/" + FabricText.FileName(facts.Name.Value) + Switches.Single(s => s.Platform == platform).Extension);
            var reader = ((SwitchBackend)PlatformRegistry.Find(platform)!).Reader;
            var context = new TargetContext(compilation, target, new List<Diagnostic>());
            var problems = TranslationValidator.Validate(context, facts, config, reader);
            Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + config);
            // What the ACL of a's port allows, read back from the text: ssh from a high port only, NTP from 123 only.
            var acl = reader.Read(config);
            var bound = acl.Bindings.Single(b => b.Interface == Switches.Single(s => s.Platform == platform).Port1 && b.Family == AclFamily.IPv4 && b.Inbound);
            var forward = AclSemantics.Forward(acl.Acls[bound.AclName].Entries, AclFamily.IPv4);
            Assert.True(forward.Contains(Tcp("10.1.0.5", "10.2.0.5", 40000, 22)));
            Assert.False(forward.Contains(Tcp("10.1.0.5", "10.2.0.5", 1000, 22)));
            Assert.True(forward.Contains(Tcp("10.1.0.5", "10.2.0.5", 123, 123, Packet.Udp)));
            Assert.False(forward.Contains(Tcp("10.1.0.5", "10.2.0.5", 124, 123, Packet.Udp)));
            Assert.True(forward.Contains(Tcp("10.1.0.5", "10.2.0.5", 53, 40000, Packet.Udp)));
        }

        [Theory]
        [MemberData(nameof(SwitchPlatforms))]
        public void A_source_port_match_dropped_from_the_text_fails_validation(string platform, string option)
        {
            var text = Zones + "allow a -> b : tcp/1024-65535 -> 22\n" + SwitchTarget(platform, option);
            var compilation = EmitTestHelper.Compile(text);
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { "sw" });
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var target = compilation.Model.Targets.Single();
            var facts = FabricTarget.Facts(target).Single();
            var path = "sw/" + FabricText.FileName(facts.Name.Value) + Switches.Single(s => s.Platform == platform).Extension;
            var config = EmitTestHelper.Artifact(result, path);
            // The forward entry's source range, written the platform's way, taken out (a template that forgot it).
            var (from, to) = platform switch
            {
                "juniper-junos" => ("source-port 1024-65535;", ""),
                "sonic" => ("\"L4_SRC_PORT_RANGE\": \"1024-65535\",", ""),
                "cumulus-nvue" => ("match ip tcp source-port 1024:65535\n", ""),
                _ when option.Length > 0 => (" source port 1024-65535", ""),
                _ => ("range 1024 65535 10.2.0.0", "10.2.0.0"),
            };
            Assert.Contains(from, config);
            var broken = platform == "cumulus-nvue"
                ? string.Join("\n", config.Split('\n').Where(l => !l.EndsWith("match ip tcp source-port 1024:65535", System.StringComparison.Ordinal)))
                : ReplaceFirst(config, from, to);
            var reader = ((SwitchBackend)PlatformRegistry.Find(platform)!).Reader;
            var problems = TranslationValidator.Validate(new TargetContext(compilation, target, new List<Diagnostic>()), facts, broken, reader);
            Assert.Contains(problems, p => p.Contains("the ACL allows") && p.Contains("tcp/") || p.Contains("unreadable"));
        }

        private static string ReplaceFirst(string text, string from, string to)
        {
            int at = text.IndexOf(from, System.StringComparison.Ordinal);
            return text.Substring(0, at) + to + text.Substring(at + from.Length);
        }

        [Fact]
        public void Nftables_matches_the_source_port_and_its_reader_reads_it_back()
        {
            var text = Zones + Flows + "target gw nftables {\n  devices \"gw1\"\n  zones a, b\n  mode gateway\n}\n";
            var result = EmitTestHelper.Build(text, "gw");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var ruleset = EmitTestHelper.Artifact(result, "gw/ruleset.nft");
            Assert.Contains("tcp sport { 1024-65535 } tcp dport 22 accept", ruleset);
            Assert.Contains("udp sport 123 udp dport 123 accept", ruleset);
            Assert.Contains("udp sport 53 accept", ruleset);
        }

        [Theory]
        [InlineData("aws", "target cloud aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones a, b\n}\n")]
        [InlineData("gcp-firewall", "target cloud gcp-firewall {\n  devices \"projects/my-project/global/networks/vpc-one\"\n  zones a, b\n}\n")]
        [InlineData("kubernetes", "target cloud kubernetes {\n  devices \"cluster\"\n  zones a, b\n}\n")]
        public void Targets_that_match_destination_ports_only_refuse_a_source_port_at_the_service(string platform, string target)
        {
            var text = Zones + "allow a -> b : tcp/443, tcp/1024-65535 -> 22\n" + target;
            var compilation = EmitTestHelper.Compile(text);
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { "cloud" });
            Assert.False(result.Succeeded, platform);
            var d = Assert.Single(result.Diagnostics, x => x.Id == "NP4001" && x.Message.Contains("source ports"));
            Assert.Equal("tcp/1024-65535 -> 22", text.Substring(d.Span.Start, d.Span.Length));
            // check reports what build reports
            Assert.Contains(compilation.TargetDiagnostics(compilation.Model.Targets.Single()), x => x.ToString() == d.ToString());
        }

        /// <summary>Azure NSG rules are stateful and have source ports: rules of one protocol with different source ports stay
        /// apart, and the rules read back allow exactly the intent (an independent reading of NSG semantics); rules that lost
        /// their source ports do not.</summary>
        [Fact]
        public void Azure_rules_carry_source_ports_and_admit_exactly_the_intent()
        {
            var text = Zones + Flows + "target az azure-nsg {\n  devices \"nsg-app\"\n  zones a\n}\n";
            var compilation = EmitTestHelper.Compile(text);
            Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);
            CloudFirewallExactnessTests.AssertExact(compilation, "az");
            var context = PolicyLang.TestSupport.Cloud.CloudIntent.Context(compilation, "az");
            var model = PolicyLang.Emit.Azure.AzureNsgBackend.BuildModel(context, report: false);
            var rules = model.Groups.Single().Rules;
            Assert.Contains(rules, r => r.Direction == "Outbound" && r.Protocol == "Tcp" && r.SourcePorts.SequenceEqual(new[] { "1024-65535" }) && r.DestinationPorts.SequenceEqual(new[] { "22" }));
            Assert.Contains(rules, r => r.Direction == "Outbound" && r.Protocol == "Udp" && r.SourcePorts.SequenceEqual(new[] { "53" }) && r.DestinationPorts.SequenceEqual(new[] { "*" }));
            Assert.Contains(rules, r => r.Direction == "Outbound" && r.Protocol == "Tcp" && r.SourcePorts.SequenceEqual(new[] { "*" }) && r.DestinationPorts.SequenceEqual(new[] { "443" }));
            var dropped = rules.Select(r => new PolicyLang.TestSupport.Cloud.NsgRuleText(r.Name, r.Priority, r.Direction, r.Access, r.Protocol, r.SourceAddresses,
                r.DestinationAddresses, r.DestinationPorts, new[] { "*" })).ToList();
            Assert.NotNull(PolicyLang.TestSupport.Cloud.CloudChecks.NsgMismatch(context, dropped));
            var tf = EmitTestHelper.Artifact(PolicyBuilder.Build(new[] { compilation }, new[] { "az" }), "az/nsg.tf");
            Assert.Contains("source_port_range           = \"1024-65535\"", tf);
        }

        [Fact]
        public void Every_source_port_is_no_source_port_match_and_no_target_refuses_it()
        {
            var text = Zones + "allow a -> b : udp/0-65535 -> 53\ntarget cloud aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones a, b\n}\n";
            var result = EmitTestHelper.Build(text, "cloud");
            Assert.DoesNotContain(result.Diagnostics, x => x.Id == "NP4001");
            var compilation = EmitTestHelper.Compile(text);
            Assert.False(compilation.Model.Flows.Single().Services.Single().HasSourcePorts);
        }

        [Fact]
        public void A_deny_with_source_ports_that_takes_nothing_away_is_enforced_by_the_default_deny_of_a_security_group()
        {
            var text = Zones + "allow a -> b : tcp/443\ndeny a -> b : tcp/1-1023 -> 22\ntarget cloud aws {\n  devices \"vpc-0a1b2c3d4e5f60718\"\n  zones a, b\n}\n";
            var result = EmitTestHelper.Build(text, "cloud");
            Assert.DoesNotContain(result.Diagnostics, x => x.Id == "NP4001");
        }
    }
}
