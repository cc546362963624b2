using System;
using System.Collections.Generic;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.Junos;
using PolicyLang.Tests.Operations;
using Xunit;

namespace PolicyLang.Tests.Emit.Switch
{
    /// <summary>
    /// Junos filters name a policy-options prefix-list instead of repeating an address list where that makes the
    /// configuration shorter; the reader resolves the lists in the hierarchy and in display-set form, so translation
    /// validation still proves the filter exact.
    /// </summary>
    public sealed class JunosPrefixListTests
    {
        internal static string Policy(int hosts) =>
            "zone a {\n  segment hosts {\n    vlan 10\n    subnet 10.0.0.0/24\n  }\n}\n" +
            "zone b {\n  segment hosts {\n    vlan 20\n    subnet 10.0.1.0/24\n  }\n}\n" +
            // Scattered single hosts (no two adjacent), so the address list cannot merge: one list the terms share.
            "prefixes servers = " + string.Join(", ", Enumerable.Range(0, hosts).Select(i => "10.0.1." + (i * 4 + 1) + "/32")) + "\n" +
            "allow a -> servers : tcp/80\nallow a -> servers : udp/53\nallow a -> servers : tcp/8443\n" +
            "target sw juniper-junos {\n  device \"sw1\" {\n    interface \"xe-0/0/1\" carries a.hosts, b.hosts\n  }\n  zones a, b\n}\n";

        [Fact]
        public void A_shared_address_list_becomes_a_prefix_list_and_the_filter_is_still_exact()
        {
            var text = Policy(6);
            var result = EmitTestHelper.Build(text, "sw");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var conf = EmitTestHelper.Artifact(result, "sw/sw1.conf");
            Assert.Contains("policy-options {\n    replace:\n    prefix-list PC-a_hosts_b_hosts-V4-L1 {\n        10.0.1.1/32;\n", conf);
            Assert.Contains("destination-prefix-list {\n                        PC-a_hosts_b_hosts-V4-L1;\n", conf);
            Assert.DoesNotContain("                        10.0.1.5/32;\n                        10.0.1.9/32;", conf.Substring(conf.IndexOf("firewall {", StringComparison.Ordinal)));

            var compilation = EmitTestHelper.Compile(text);
            var target = compilation.Model.Targets.Single();
            var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
            var facts = FabricTarget.Facts(target).Single();
            Assert.Empty(TranslationValidator.Validate(context, facts, conf, new JunosAclReader()));
            Assert.Empty(TranslationValidator.Validate(context, facts, JunosText.DisplaySet(conf), new JunosAclReader()));

            // A list changed on the device is a changed filter: the reader follows the name.
            var edited = conf.Replace("        10.0.1.1/32;\n", "        10.0.1.0/24;\n");
            Assert.NotEmpty(TranslationValidator.Validate(context, facts, edited, new JunosAclReader()));
            var missing = conf.Replace("prefix-list PC-a_hosts_b_hosts-V4-L1 {", "prefix-list OTHER {");
            Assert.Throws<AclReadException>(() => new JunosAclReader().Read(missing));
        }

        [Fact]
        public void A_short_list_stays_inline_where_a_prefix_list_would_not_be_shorter()
        {
            var conf = EmitTestHelper.Artifact(EmitTestHelper.Build(Policy(2), "sw"), "sw/sw1.conf");
            Assert.DoesNotContain("policy-options", conf);
            Assert.DoesNotContain("prefix-list", conf);
        }
    }
}
