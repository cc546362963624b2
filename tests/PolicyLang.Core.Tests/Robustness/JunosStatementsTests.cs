using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.Junos;
using Xunit;

namespace PolicyLang.Tests.Robustness
{
    /// <summary>
    /// <see cref="JunosAclReader.Statements"/> can leave out whole hierarchies by their first word (verify's settings comparison
    /// leaves out "firewall", most of a switch's configuration): what it then returns must be exactly the other statements, with
    /// their lines, in both the hierarchical and the display-set form, and broken text must fail the same way.
    /// </summary>
    public sealed class JunosStatementsTests
    {
        private static readonly string[] Tops = { "firewall", "interfaces", "vlans", "class-of-service", "firewall-extra", "policy-options", "firewall#x", "firewall{", "#firewall", "\"firewall\"" };
        private static readonly string[] Words = { "family", "inet", "filter", "F", "term", "t1", "then", "accept", "vlan-id", "150", "\"a b\"", "firewall" };

        private static Gen<string> Hierarchical =>
            Gen.Select(Gen.Int[0, Tops.Length - 1], Gen.Int[0, Words.Length - 1].Array[1, 3], Gen.Int[0, 4], Gen.Int[0, Words.Length - 1].Array[0, 3])
                .Select(t =>
                {
                    var (top, path, shape, leaf) = t;
                    var head = Tops[top] + " " + string.Join(" ", path.Select(i => Words[i]));
                    var body = string.Join(" ", leaf.Select(i => Words[i]));
                    return shape switch
                    {
                        0 => head + ";\n",
                        1 => head + " {\n    " + (body.Length > 0 ? body : "x") + ";\n}\n",
                        2 => Tops[top] + " {\n    " + string.Join(" ", path.Select(i => Words[i])) + " [ " + body + " ];\n}\n",
                        3 => "inactive: " + head + ";\n",
                        _ => "/* note */ " + head + " { }\n",
                    };
                }).Array[0, 12].Select(parts => "## Last commit: 2026-12-01\n" + string.Concat(parts));

        private static Gen<string> SetForm =>
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, Tops.Length - 1], Gen.Int[0, Words.Length - 1].Array[0, 4])
                .Select(t =>
                {
                    var (verb, top, rest) = t;
                    var v = verb switch { 0 => "set ", 1 => "set  ", 2 => "deactivate ", _ => "  set\t" };
                    return v + Tops[top] + " " + string.Join(" ", rest.Select(i => Words[i])) + "\n";
                }).Array[1, 12].Select(lines => "set system host-name leaf1\n" + string.Concat(lines));

        private static string Describe(Func<IEnumerable<(IReadOnlyList<string> Words, int Line)>> read)
        {
            try
            {
                return string.Join("\n", read().Select(s => s.Line + ": " + string.Join(" ", s.Words)));
            }
            catch (AclReadException e)
            {
                return "error at line " + e.Line + ": " + e.Message;
            }
        }

        [Fact]
        public void Leaving_out_the_firewall_gives_the_other_statements_as_they_were()
        {
            Gen.OneOf(Hierarchical, SetForm).Sample(text =>
            {
                var all = Describe(() => JunosAclReader.Statements(text).Where(s => s.Words[0] != "firewall").ToList());
                var pruned = Describe(() => JunosAclReader.Statements(text, top => top == "firewall").ToList());
                Assert.Equal(all, pruned);
            }, iter: 3000);
        }

        [Fact]
        public void A_firewall_statement_is_left_out_and_the_rest_kept()
        {
            var text = "interfaces {\n    xe-0/0/1 {\n        mtu 9216;\n    }\n}\nfirewall {\n    family inet {\n        filter F { term t { then accept; } }\n    }\n}\nvlans {\n    pii { vlan-id 150; }\n}\n";
            var got = JunosAclReader.Statements(text, top => top == "firewall").Select(s => s.Line + ": " + string.Join(" ", s.Words)).ToList();
            Assert.Equal(new[] { "3: interfaces xe-0/0/1 mtu 9216", "12: vlans pii vlan-id 150" }, got);
            var set = "set interfaces xe-0/0/1 mtu 9216\nset firewall family inet filter F term t then accept\nset vlans pii vlan-id 150\n";
            got = JunosAclReader.Statements(set, top => top == "firewall").Select(s => s.Line + ": " + string.Join(" ", s.Words)).ToList();
            Assert.Equal(new[] { "1: interfaces xe-0/0/1 mtu 9216", "3: vlans pii vlan-id 150" }, got);
        }
    }
}
