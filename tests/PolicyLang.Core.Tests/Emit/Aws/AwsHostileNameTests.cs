using System.Linq;
using System.Text.RegularExpressions;
using PolicyLang.Emit.Aws;
using Xunit;
using PolicyLang.TestSupport;

namespace PolicyLang.Tests.Emit.Aws
{
    /// <summary>Strings from a policy reach the Terraform and CloudFormation output only as sanitized, escaped string values.</summary>
    [ProvesPlatform(PlatformProof.HostileNames, "aws")]
    public sealed class AwsHostileNameTests
    {
        public static TheoryData<string> Hostile()
        {
            var data = new TheoryData<string>();
            foreach (var h in HostileNameTests.Hostile) data.Add(h);
            data.Add("${file(\\\"/etc/passwd\\\")}");
            data.Add("%{ for x in y }{{ x }}%{ endfor }");
            data.Add("x\\\"\\n}\\nresource \\\"aws_instance\\\" \\\"evil\\\" {");
            data.Add("a: b\\n- !Ref Evil\\n# c: ${AWS::AccountId}");
            data.Add(new string('x', 400));
            return data;
        }

        [Theory]
        [MemberData(nameof(Hostile))]
        public void Hostile_strings_cannot_inject_into_terraform_or_cloudformation(string hostile)
        {
            var text =
                "policy p {\n  description \"" + hostile + "\"\n}\n" +
                "zone a {\n  description \"" + hostile + "\"\n  labels {\n    k = \"" + hostile + "\"\n  }\n  subnet 10.1.0.0/16\n}\n" +
                "zone b {\n  description \"" + hostile + "\"\n  subnet 10.2.0.0/16, fd00:2::/64\n}\n" +
                "allow a -> b : tcp/22 description \"" + hostile + "\"\n" +
                "allow any -> b : tcp/443 description \"" + hostile + "\"\n" +
                "target vpc aws {\n  devices \"vpc-0a1b2c3d\"\n  zones a, b\n  description \"" + hostile + "\"\n}\n";
            var result = EmitTestHelper.Build(text);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var clean = EmitTestHelper.Build(text.Replace(hostile, "plain"));
            foreach (var path in new[] { "vpc/main.tf", "vpc/template.yaml" })
            {
                var output = EmitTestHelper.Artifact(result, path);
                var plain = EmitTestHelper.Artifact(clean, path);
                // Same structure: only the insides of comments and quoted strings may differ.
                Assert.Equal(Skeleton(plain), Skeleton(output));
                Assert.All(output, ch => Assert.True(ch == '\n' || (ch >= 0x20 && ch < 0x7F), "non-ASCII or control character in " + path));
                Assert.DoesNotContain("evil\"", output);
                // No template sequence survives in HCL; no CloudFormation reference appears in a plain string.
                if (path.EndsWith(".tf", System.StringComparison.Ordinal))
                {
                    Assert.DoesNotMatch(new Regex("(?<!\\$)\\$\\{(?!\\{)"), StringsOf(output).Replace("$${", ""));
                    Assert.DoesNotContain("%{", StringsOf(output).Replace("%%{", ""));
                }
                else
                {
                    Assert.DoesNotContain("${", StringsOf(output));
                }
                foreach (var s in Regex.Matches(output, "(?:description|Description|GroupDescription) *[=:] *\"((?:[^\"\\\\]|\\\\.)*)\"").Select(m => m.Groups[1].Value))
                {
                    var value = s.Replace("$${", "${").Replace("\\\\", "\\");
                    Assert.True(value.Length <= AwsText.MaxDescription, "description longer than 255: " + value.Length);
                    Assert.All(value, ch => Assert.True(AwsText.IsDescriptionChar(ch), "character '" + ch + "' outside EC2's description alphabet"));
                }
            }
        }

        /// <summary>The text with every quoted string emptied and every comment dropped.</summary>
        private static string Skeleton(string text) =>
            string.Join("\n", Regex.Replace(text, "\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").Split('\n').Where(l => !l.TrimStart().StartsWith("#")));

        private static string StringsOf(string text) =>
            string.Concat(Regex.Matches(text, "\"(?:[^\"\\\\]|\\\\.)*\"").Select(m => m.Value));

        [Fact]
        public void Escapes_and_sanitizers_use_safe_alphabets()
        {
            Assert.Equal("\"a$${b}%%{c}$d\\\"\\\\\\n\"", AwsText.Hcl("a${b}%{c}$d\"\\\n"));
            Assert.Equal("\"a\\\"\\\\\\u2028\"", AwsText.Quoted("a\"\\\u2028"));
            Assert.Equal("a_ b $ {c} _", AwsText.Description("a\" \n b ${c} \u2028 ä"));
            Assert.Equal(255, AwsText.Description(new string('x', 1000)).Length);
            Assert.Equal("xsg-1", AwsText.GroupName("sg-1"));
            Assert.Equal("a_b_c", AwsText.Identifier("a-b.c"));
            Assert.Equal("z1a", AwsText.Identifier("1a"));
            Assert.Equal("ABC", AwsText.LogicalId("a_b-c"));
        }
    }
}
