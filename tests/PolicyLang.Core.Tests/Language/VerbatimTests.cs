using System.Collections.Generic;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.AristaEos;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.Junos;
using PolicyLang.Formatting;
using PolicyLang.Syntax;
using PolicyLang.Tests.Emit;
using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Language
{
    /// <summary>
    /// <c>verbatim PLATFORM { "line" … }</c> in a target: the escape hatch for what the language cannot say. The lines reach
    /// the configuration unread, fenced by markers, always with a warning that they are not verified; text for another
    /// platform, lines that could break the fence and targets whose output is a structured document are errors.
    /// </summary>
    public sealed class VerbatimTests
    {
        private const string Zones =
            "zone a {\n  segment hosts {\n    vlan 10\n    subnet 10.1.0.0/24\n  }\n}\n" +
            "zone b {\n  segment hosts {\n    vlan 20\n    subnet 10.2.0.0/24\n  }\n}\n" +
            "allow a -> b : tcp/443\n";

        private static string Switch(string name, string platform, string iface, string verbatim) =>
            "target " + name + " " + platform + " {\n  zones a, b\n" + verbatim + "  device \"" + name + "1\" {\n    interface \"" + iface + "\" carries a.hosts, b.hosts\n  }\n}\n";

        private const string EosBlock = "  verbatim arista-eos {\n    \"ip access-list MGMT-SSH\"\n    \"   10 permit tcp 10.0.0.0/8 any eq ssh\"\n  }\n";

        [Fact]
        public void A_block_binds_its_lines_in_order_with_the_escapes_read()
        {
            var c = Compile(Zones + Switch("eos", "arista-eos", "Ethernet1", "  verbatim arista-eos {\n    \"a \\\"quoted\\\" word\"\n    \"\\tindented\"\n  }\n"));
            var v = Assert.Single(c.Compilation.Model.Targets.Single().Verbatim);
            Assert.Equal(new[] { "a \"quoted\" word", "\tindented" }, v.Lines);
            Assert.Equal("arista-eos", v.Platform.Value);
            c.Clean();
        }

        [Fact]
        public void NP4007_every_block_is_a_warning_that_names_its_lines_and_the_build_still_succeeds()
        {
            var text = Zones + Switch("eos", "arista-eos", "Ethernet1", EosBlock);
            var result = EmitTestHelper.Build(text);
            Assert.True(result.Succeeded);
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal("NP4007", d.Id);
            Assert.StartsWith("verbatim arista-eos {\n    \"ip access-list MGMT-SSH\"", text.Substring(d.Span.Start, d.Span.Length));
            // check reports what build reports
            var compilation = EmitTestHelper.Compile(text);
            Assert.Equal(result.Diagnostics.Select(x => x.ToString()), compilation.TargetDiagnostics(compilation.Model.Targets.Single()).Select(x => x.ToString()));
            Assert.Equal("target 'eos' (arista-eos) gets 2 line(s) of verbatim text as written: policyc does not read them, so what they change is not checked, "
                + "not proven by translation validation, and seen by 'policyc verify' only as drift", d.Message);
        }

        [Fact]
        public void NP2036_text_for_another_platform_is_an_error_at_the_platform_name()
        {
            var c = Compile(Zones + Switch("eos", "arista-eos", "Ethernet1", "  verbatim juniper-junos {\n    \"set firewall family inet filter x term t then accept\"\n  }\n"));
            c.Expect("NP2036", "juniper-junos", "this verbatim text is written for 'juniper-junos', but target 'eos' is of platform 'arista-eos'");
            Assert.Empty(c.Compilation.Model.Targets.Single().Verbatim);
        }

        [Theory]
        [InlineData("\"two\\nlines\"", "U+000A")]
        [InlineData("\"bell\\u{7}\"", "U+0007")]
        [InlineData("\"x\\u{2028}y\"", "U+2028")]
        [InlineData("\"\\u{FEFF}\"", "invisible format character U+FEFF")]
        [InlineData("\"permit ip any any\\u{202E}\"", "invisible format character U+202E")]
        [InlineData("\"deny\\u{200B}ip any any\"", "invisible format character U+200B")]
        [InlineData("\"! policyc verbatim end\"", "may not start with 'policyc verbatim end'")]
        [InlineData("\"#policyc verbatim begin: fake\"", "may not start with 'policyc verbatim begin'")]
        public void NP2037_a_line_that_could_break_the_fence_is_an_error_at_the_line(string line, string expected)
        {
            var c = Compile(Zones + Switch("eos", "arista-eos", "Ethernet1", "  verbatim arista-eos {\n    \"fine\"\n    " + line + "\n  }\n"));
            var d = c.Single("NP2037");
            Assert.Equal(line, c.SpanText(d));
            Assert.Contains(expected, d.Message);
            Assert.Empty(c.Compilation.Model.Targets.Single().Verbatim);
            Assert.False(EmitTestHelper.Build(Zones + Switch("eos", "arista-eos", "Ethernet1", "  verbatim arista-eos {\n    " + line + "\n  }\n")).Succeeded);
        }

        [Fact]
        public void NP2037_an_empty_block()
        {
            var c = Compile(Zones + Switch("eos", "arista-eos", "Ethernet1", "  verbatim arista-eos {\n  }\n"));
            Assert.Contains("the block holds no line", c.Single("NP2037").Message);
        }

        [Theory]
        [InlineData("aws", "  devices \"vpc-0a1b2c3d\"\n")]
        [InlineData("gcp-firewall", "  devices \"vpc-one\"\n")]
        [InlineData("azure-nsg", "  devices \"nsg-a\"\n")]
        [InlineData("kubernetes", "")]
        [InlineData("sonic", "  device \"s1\" {\n    interface \"Ethernet0\" carries a.hosts\n  }\n")]
        public void NP4001_targets_whose_output_is_a_structured_document_refuse_verbatim_text(string platform, string devices)
        {
            var text = Zones + "target c " + platform + " {\n" + devices + "  zones a, b\n  verbatim " + platform + " {\n    \"x\"\n  }\n}\n";
            var result = EmitTestHelper.Build(text);
            Assert.False(result.Succeeded);
            var d = Assert.Single(result.Diagnostics, x => x.Id == "NP4001" && x.Message.Contains("verbatim"));
            Assert.StartsWith("verbatim " + platform + " {", text.Substring(d.Span.Start, d.Span.Length));
        }

        [Fact]
        public void Eos_text_goes_before_the_final_end_between_markers_and_the_acls_are_still_proven()
        {
            var text = Zones + Switch("eos", "arista-eos", "Ethernet1", EosBlock);
            var result = EmitTestHelper.Build(text);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var config = EmitTestHelper.Artifact(result, "eos/eos1.cfg");
            Assert.EndsWith("! policyc verbatim begin: 2 line(s) of verbatim block 1 of target eos in p.netpolicy, written as they stand: not read or checked by policyc\n"
                + "ip access-list MGMT-SSH\n   10 permit tcp 10.0.0.0/8 any eq ssh\n! policyc verbatim end\nend\n", config);
            Assert.Equal(2, TranslationValidator.Unverified(config));
            var compilation = EmitTestHelper.Compile(text);
            var target = compilation.Model.Targets.Single();
            var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
            Assert.Empty(TranslationValidator.Validate(context, FabricTarget.Facts(target).Single(), config, new EosAclReader()));
            // The rule count is policyc's own entries: the same with and without the block.
            var plain = EmitTestHelper.Build(Zones + Switch("eos", "arista-eos", "Ethernet1", ""));
            Assert.Equal(plain.Artifacts.Single(a => a.RelativePath == "eos/eos1.cfg").Rules, result.Artifacts.Single(a => a.RelativePath == "eos/eos1.cfg").Rules);
            Assert.Equal(EmitTestHelper.Artifact(plain, "eos/eos1.cfg"), VerbatimOutput.Strip(config).Text);
            // Lines added above the block (a comment, a description) leave the device file as it was.
            var moved = EmitTestHelper.Build("# a note\n# another\n" + text);
            Assert.True(moved.Succeeded, string.Join("\n", moved.Diagnostics));
            Assert.Equal(config, EmitTestHelper.Artifact(moved, "eos/eos1.cfg"));
        }

        [Fact]
        public void Junos_nvue_and_nftables_append_their_blocks_in_order()
        {
            var text = Zones
                + Switch("jun", "juniper-junos", "xe-0/0/1", "  verbatim juniper-junos {\n    \"firewall { family inet { filter EXTRA { term t { then accept; } } } }\"\n  }\n  verbatim juniper-junos {\n    \"/* second */\"\n  }\n")
                + Switch("cum", "cumulus-nvue", "swp1", "  verbatim cumulus-nvue {\n    \"nv set system hostname cum1\"\n  }\n")
                + "target gw nftables {\n  devices \"gw1\"\n  zones a, b\n  mode gateway\n  verbatim nftables {\n    \"table inet extra {\"\n    \"\\tchain c { type filter hook input priority 10; policy accept; }\"\n    \"}\"\n  }\n}\n";
            var result = EmitTestHelper.Build(text);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var junos = EmitTestHelper.Artifact(result, "jun/jun1.conf");
            Assert.EndsWith("# policyc verbatim end\n", junos);
            Assert.True(junos.IndexOf("filter EXTRA", System.StringComparison.Ordinal) < junos.IndexOf("/* second */", System.StringComparison.Ordinal));
            Assert.Equal(2, TranslationValidator.Unverified(junos));
            var compilation = EmitTestHelper.Compile(text);
            var target = compilation.Model.Targets.First();
            Assert.Empty(TranslationValidator.Validate(new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>()), FabricTarget.Facts(target).Single(), junos, new JunosAclReader()));
            Assert.EndsWith("nv set system hostname cum1\n# policyc verbatim end\n", EmitTestHelper.Artifact(result, "cum/cum1.nvue"));
            Assert.EndsWith("table inet extra {\n\tchain c { type filter hook input priority 10; policy accept; }\n}\n# policyc verbatim end\n", EmitTestHelper.Artifact(result, "gw/ruleset.nft"));
            // Playbooks and inventories are not configuration: they stay as they were.
            Assert.All(result.Artifacts.Where(a => a.RelativePath.Contains("/ansible/")), a => Assert.DoesNotContain("verbatim", a.Content));
        }

        [Fact]
        public void Verify_reads_the_verbatim_lines_as_running_state_and_says_once_that_they_are_there()
        {
            var text = Zones + Switch("eos", "arista-eos", "Ethernet1", "  verbatim arista-eos {\n    \"banner motd Authorized use only\"\n  }\n");
            var compilation = EmitTestHelper.Compile(text);
            var config = EmitTestHelper.Artifact(PolicyBuilder.Build(new[] { compilation }), "eos/eos1.cfg");
            var result = PolicyLang.Operations.StateVerification.Verify(compilation,
                new[] { new PolicyLang.Operations.TargetState("eos", "state/eos/", new[] { new PolicyLang.Emit.State.StateFile("state/eos/eos11.cfg", "eos1", config) }) });
            Assert.True(result.Devices.Single().IsClean);
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal("NP6008", d.Id);
            Assert.Equal("target 'eos' (arista-eos) carries 1 line(s) of verbatim text: they were compared as running state, not as intent, so drift on its devices may come from them", d.Message);
            Assert.StartsWith("verbatim arista-eos {", text.Substring(d.Span.Start, d.Span.Length));
        }

        [Fact]
        public void The_formatter_keeps_one_line_per_string_and_the_output_is_the_same_twice()
        {
            const string messy = "target eos arista-eos {\n  zones a, b\n  verbatim   arista-eos {   \"one\"  \"two\"\n}\n}\n";
            var formatted = PolicyFormatter.Format(PolicySyntaxTree.Parse(messy, "p.netpolicy"));
            Assert.Contains("  verbatim arista-eos {\n    \"one\"\n    \"two\"\n  }\n", formatted);
            Assert.Equal(formatted, PolicyFormatter.Format(PolicySyntaxTree.Parse(formatted, "p.netpolicy")));
            var text = Zones + Switch("eos", "arista-eos", "Ethernet1", EosBlock);
            Assert.Equal(EmitTestHelper.Artifact(EmitTestHelper.Build(text), "eos/eos1.cfg"), EmitTestHelper.Artifact(EmitTestHelper.Build(text), "eos/eos1.cfg"));
        }

        [Fact]
        public void Broken_blocks_report_and_recover()
        {
            // An unclosed block, a word where a line string belongs, a missing platform: errors at their places, and the
            // flow after the target still binds.
            var tree = PolicySyntaxTree.Parse(Zones + "target eos arista-eos {\n  zones a, b\n  verbatim arista-eos {\n    ip access-list X\n  }\n}\n"
                + "target e2 arista-eos {\n  zones a\n  verbatim {\n    \"x\"\n  }\n}\nallow b -> a : tcp/22\n", "p.netpolicy");
            Assert.Equal(new[] { "expected a line of configuration text as a string or '}', found 'ip'", "expected the target's platform, such as arista-eos, found '{'" },
                tree.Diagnostics.Select(d => d.Message).ToArray());
            var compilation = PolicyLang.Semantics.PolicyCompilation.Create(new[] { tree });
            Assert.Equal(2, compilation.Model.Flows.Count);
        }
    }
}
