using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.Sonic;
using Xunit;
using PolicyLang.TestSupport;

namespace PolicyLang.Tests.Emit.Switch
{
    /// <summary>Hostile descriptions never add a line, a statement, a JSON member or a Jinja2 expression to junos, sonic or nvue output.</summary>
    [ProvesPlatform(PlatformProof.HostileNames, "juniper-junos", "sonic", "cumulus-nvue")]
    public sealed class SwitchHostileNameTests
    {
        public static readonly string[] Hostile =
        {
            "x\n}\nsystem { root-authentication pwned; }",
            "x\"; pwned \"",
            "x */ pwned /*",
            "x $(pwned) `pwned`; pwned",
            "x {{ lookup('pipe','pwned') }} {% pwned %} {# pwned #}",
            "x\u2028pwned\u2029pwned\u0085pwned",
            "x\\\", \"pwned\": \"",
            "# pwned",
            new string('y', 5000) + " pwned",
        };

        public static System.Collections.Generic.IEnumerable<object[]> Cases() =>
            from p in SwitchSamples.Platforms from h in Enumerable.Range(0, Hostile.Length) select new object[] { p, h };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Hostile_descriptions_stay_inside_one_comment_or_string(string platform, int hostile)
        {
            var text = SwitchPolicies.Policy(platform, description: Hostile[hostile], classDescription: Hostile[hostile]);
            var compilation = EmitTestHelper.Compile(text);
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { "t1" });
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            foreach (var a in result.Artifacts)
            {
                if (a.RelativePath.Contains("/ansible/")) Assert.DoesNotContain("pwned", a.Content);
                else
                {
                    Assert.DoesNotContain("{{", a.Content);
                    Assert.DoesNotContain("{%", a.Content);
                }
                Assert.DoesNotContain("\u2028", a.Content);
                Assert.DoesNotContain("\r", a.Content);
                foreach (var line in a.Content.Split('\n').Where(l => l.Contains("pwned")))
                {
                    var t = line.TrimStart();
                    bool contained = t.StartsWith("#", System.StringComparison.Ordinal)
                        || (platform == "juniper-junos" && t.StartsWith("description \"", System.StringComparison.Ordinal) && t.EndsWith("\";", System.StringComparison.Ordinal) && t.Count(c => c == '"') == 2)
                        || (platform == "sonic" && (t.StartsWith("\"description\": \"", System.StringComparison.Ordinal) || t.StartsWith("\"policy_desc\": \"", System.StringComparison.Ordinal)));
                    Assert.True(contained, a.RelativePath + ": hostile text outside a comment or description: " + line);
                }
            }
            var config = EmitTestHelper.Artifact(result, "t1/leaf1.example.net" + SwitchSamples.Extension(platform));
            if (platform == "sonic")
            {
                var json = JsonReader.Parse(config);
                Assert.All(json.Members, m => Assert.Contains(m.Key, new[] { "PORT", "VLAN", "VLAN_MEMBER", "VXLAN_TUNNEL", "VXLAN_EVPN_NVO", "VXLAN_TUNNEL_MAP",
                    "ACL_TABLE", "ACL_RULE", "DSCP_TO_TC_MAP", "TC_TO_QUEUE_MAP", "WRED_PROFILE", "SCHEDULER", "PORT_QOS_MAP", "QUEUE" }));
            }
            if (platform == "cumulus-nvue")
                Assert.All(config.Split('\n').Where(l => l.Length > 0), l => Assert.True(l.StartsWith("nv ", System.StringComparison.Ordinal) || l.StartsWith("# ", System.StringComparison.Ordinal), l));
            var target = compilation.Model.Targets.Single();
            Assert.Empty(TranslationValidator.Validate(SwitchSamples.Context(compilation, target), FabricTarget.Facts(target).Single(), config, SwitchSamples.Reader(platform)));
        }
    }
}
