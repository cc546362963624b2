using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using PolicyLang.Emit;
using PolicyLang.Emit.CloudFirewall;
using PolicyLang.Emit.Kubernetes;
using Xunit;
using PolicyLang.TestSupport;

namespace PolicyLang.Tests.Emit
{
    /// <summary>Strings from a policy reach Bicep, HCL and YAML only inside string literals that they cannot end.</summary>
    [ProvesPlatform(PlatformProof.HostileNames, "azure-nsg", "gcp-firewall", "kubernetes")]
    public sealed class CloudHostileNameTests
    {
        private static string Policy(string hostile, string device = "nsg-a", string network = "vpc-a") =>
            "policy p {\n  version \"" + hostile + "\"\n  owner \"" + hostile + "\"\n  description \"" + hostile + "\"\n}\n" +
            "zone a {\n  description \"" + hostile + "\"\n  labels {\n    k = \"" + hostile + "\"\n  }\n" +
            "  segment pods {\n    kubernetes namespace \"ns-a\" selector \"app=a\"\n    description \"" + hostile + "\"\n    subnet 10.1.0.0/16\n  }\n}\n" +
            "zone b {\n  subnet 10.2.0.0/16\n}\n" +
            "allow a -> b : tcp/22 description \"" + hostile + "\"\n" +
            "allow b -> a : tcp/443 description \"" + hostile + "\"\n" +
            "target az azure-nsg {\n  devices \"" + device + "\"\n  zones a\n  description \"" + hostile + "\"\n}\n" +
            "target g gcp-firewall {\n  devices \"" + network + "\"\n  zones a\n  description \"" + hostile + "\"\n}\n" +
            "target k kubernetes {\n  devices \"" + hostile + "\"\n  zones a\n  description \"" + hostile + "\"\n}\n";

        /// <summary>The text with every string literal's content and every comment line blanked: what the file does.</summary>
        private static string Structure(string text) =>
            string.Join("\n", text.Split('\n').Where(l => !l.TrimStart().StartsWith("#") && !l.TrimStart().StartsWith("//"))
                .Select(l => Regex.Replace(Regex.Replace(l, "\"(?:[^\"\\\\]|\\\\.)*\"", "\"S\""), "'[^']*'", "'S'")));

        /// <summary>The documents' shape: mappings, sequences and scalars, every scalar's text left out.</summary>
        private static string YamlShape(string yaml)
        {
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            stream.Load(new System.IO.StringReader(yaml));
            string Shape(YamlDotNet.RepresentationModel.YamlNode n) => n switch
            {
                YamlDotNet.RepresentationModel.YamlMappingNode m => "{" + string.Join(",", m.Children.Select(kv => Shape(kv.Key) + ":" + Shape(kv.Value))) + "}",
                YamlDotNet.RepresentationModel.YamlSequenceNode q => "[" + string.Join(",", q.Children.Select(Shape)) + "]",
                _ => "S",
            };
            return string.Join("\n---\n", stream.Documents.Select(d => Shape(d.RootNode)));
        }

        /// <summary>Every scalar's text as a YAML parser reads it.</summary>
        private static List<string> YamlScalars(string yaml)
        {
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            stream.Load(new System.IO.StringReader(yaml));
            return stream.Documents.SelectMany(d => d.AllNodes).OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Select(s => s.Value ?? "").ToList();
        }

        [Theory]
        [MemberData(nameof(HostileNameTests.HostileStrings), MemberType = typeof(HostileNameTests))]
        public void Hostile_strings_cannot_inject_into_bicep_terraform_or_yaml(string hostile)
        {
            var result = EmitTestHelper.Build(Policy(hostile), "az", "g", "k");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var clean = EmitTestHelper.Build(Policy("plain"), "az", "g", "k");
            Assert.Equal(clean.Artifacts.Select(a => a.RelativePath), result.Artifacts.Select(a => a.RelativePath));
            foreach (var (a, c) in result.Artifacts.Zip(clean.Artifacts))
            {
                if (a.RelativePath.EndsWith(".yaml", System.StringComparison.Ordinal))
                {
                    // Conventional YAML writes plain scalars where it can: compare the parsed shapes, and find the string intact.
                    Assert.Equal(YamlShape(c.Content), YamlShape(a.Content));
                    var value = EmitTestHelper.Compile(Policy(hostile)).Model.FindTarget("k")!.Description!;
                    Assert.Contains(YamlScalars(a.Content), v => v.Contains(value, System.StringComparison.Ordinal));
                    Assert.All(a.Content, ch => Assert.True(ch == '\n' || (ch >= 0x20 && ch != 0x7F && ch != 0x85 && ch != 0x2028 && ch != 0x2029),
                        a.RelativePath + ": control character or line break"));
                    continue;
                }
                Assert.Equal(Structure(c.Content), Structure(a.Content));
                Assert.All(a.Content, ch => Assert.True(ch == '\n' || (ch >= 0x20 && ch < 0x7F), a.RelativePath + ": non-ASCII or control character"));
                Assert.DoesNotContain("evil", Structure(a.Content));
                Assert.DoesNotContain("flush", Structure(a.Content));
                Assert.DoesNotContain("reboot", Structure(a.Content));
            }
        }

        [Theory]
        [InlineData("nsg'\n}")]
        [InlineData("${file(\"/etc/passwd\")}")]
        [InlineData("-leading")]
        public void Hostile_device_names_are_errors_not_output(string device)
        {
            var text = Policy("plain", device: device.Replace("\n", "\\n").Replace("\"", "\\\""), network: device.Replace("\n", "\\n").Replace("\"", "\\\""));
            var result = EmitTestHelper.Build(text, "az", "g");
            Assert.False(result.Succeeded);
            Assert.Empty(result.Artifacts);
            Assert.Equal(2, result.Diagnostics.Count(d => d.Id == "NP4252"));
        }

        [Fact]
        public void Very_long_names_are_cut_to_the_platform_limits()
        {
            var zone = "z" + new string('a', 200);
            var text = "zone " + zone + " {\n  segment " + new string('s', 150) + " {\n    kubernetes namespace \"ns\"\n    subnet 10.1.0.0/16\n  }\n}\n" +
                "zone b {\n  subnet 10.2.0.0/16\n}\n" +
                "allow " + zone + " -> b : tcp/22\nallow b -> " + zone + " : tcp/22\n" +
                "target " + new string('t', 120) + " azure-nsg {\n  devices \"nsg\"\n  zones " + zone + "\n}\n" +
                "target " + new string('u', 120) + " gcp-firewall {\n  devices \"vpc\"\n  zones " + zone + "\n  option target-selector tags\n}\n" +
                "target k kubernetes {\n  devices \"c\"\n  zones " + zone + "\n}\n";
            var result = EmitTestHelper.Build(text);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            foreach (var a in result.Artifacts)
            {
                foreach (Match m in Regex.Matches(a.Content, "name: '([^']*)'")) Assert.InRange(m.Groups[1].Length, 1, 80);
                foreach (Match m in Regex.Matches(a.Content, "^  name\\s+= \"([^\"]*)\"", RegexOptions.Multiline))
                    Assert.Matches(a.Platform == "gcp-firewall" ? "^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$" : "^[A-Za-z0-9][-A-Za-z0-9_.]{0,78}[A-Za-z0-9_]$", m.Groups[1].Value);
                foreach (Match m in Regex.Matches(a.Content, "target_tags += \\[\"([^\"]*)\"\\]")) Assert.Matches("^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$", m.Groups[1].Value);
                foreach (Match m in Regex.Matches(a.Content, "\"name\": \"([^\"]*)\"")) Assert.Matches("^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$", m.Groups[1].Value);
            }
        }

        [Fact]
        public void Escaping_helpers_keep_a_narrow_alphabet()
        {
            Assert.Equal("a b c", CloudText.Text("a'b\"c", 100));
            Assert.Equal("x y", CloudText.Text("x ${y}", 100));
            Assert.Equal(140, CloudText.Text(new string('a', 500), 140).Length);
            Assert.Equal("a-b-c", CloudText.Slug("A_b..c"));
            // YAML's own escapes: \L is U+2028 (a line separator a reader must not take for a line break).
            Assert.Equal("\"a\\\"b\\nc\\L\"", YamlWriter.Quote("a\"b\nc\u2028"));
            Assert.Equal("app.kubernetes.io/managed-by", YamlWriter.Quote("app.kubernetes.io/managed-by"));
            Assert.Equal("10.0.0.0/8", YamlWriter.Quote("10.0.0.0/8"));
            Assert.Equal("fd00:60:0:1::/64", YamlWriter.Quote("fd00:60:0:1::/64"));
            Assert.Equal("\"::/0\"", YamlWriter.Quote("::/0"));
            Assert.Equal("\"1:20\"", YamlWriter.Quote("1:20"));
            Assert.Equal("\"x:\"", YamlWriter.Quote("x:"));
            foreach (var typed in new[] { "true", "no", "on", "~", "null", "80", "0x1F", "1e3", ".inf", "2026-12-04", "" })
                Assert.Equal("\"" + typed + "\"", YamlWriter.Quote(typed));
            foreach (var indicator in new[] { "- x", "a: b", "a #b", "*x", "&x", "!x", "|", ">", "@x", "`x", "x ", " x", "{x}", "[x]", "%x", "'x'" })
                Assert.StartsWith("\"", YamlWriter.Quote(indicator));
        }
    }
}
