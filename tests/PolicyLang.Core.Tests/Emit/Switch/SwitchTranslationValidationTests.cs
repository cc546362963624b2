using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using Xunit;
using PolicyLang.TestSupport;

namespace PolicyLang.Tests.Emit.Switch
{
    /// <summary>
    /// Every device of every juniper-junos, sonic and cumulus-nvue target of the samples: the emitted text, read back
    /// by the platform's reader, allows exactly what the policy allows from the device's segments (exact set equality,
    /// forward and replies, per interface and family). A dropped port match in the text is caught.
    /// </summary>
    [ProvesPlatform(PlatformProof.Exact, "juniper-junos", "sonic", "cumulus-nvue")]
    public sealed class SwitchTranslationValidationTests
    {
        [Theory]
        [MemberData(nameof(SwitchSamples.SamplesAndPlatforms), MemberType = typeof(SwitchSamples))]
        public void Emitted_acls_allow_exactly_what_the_policy_allows(string sample, string platform)
        {
            int devices = 0;
            foreach (var (compilation, target) in SwitchSamples.Targets(sample, platform))
            {
                var result = PolicyBuilder.Build(new[] { compilation }, new[] { target.Name });
                Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
                var context = SwitchSamples.Context(compilation, target);
                foreach (var facts in FabricTarget.Facts(target))
                {
                    var path = target.Name + "/" + FabricText.FileName(facts.Name.Value) + SwitchSamples.Extension(platform);
                    var text = EmitTestHelper.Artifact(result, path);
                    var problems = TranslationValidator.Validate(context, facts, text, SwitchSamples.Reader(platform));
                    Assert.True(problems.Count == 0, path + ":\n" + string.Join("\n", problems));
                    Assert.NotEmpty(SwitchSamples.Reader(platform).Read(text).Bindings);
                    devices++;
                }
            }
            if (sample == "inference-edge") Assert.Equal(0, devices);
            else if (platform == "cumulus-nvue" || sample == "ai-platform") Assert.True(devices > 0, "no " + platform + " device in " + sample);
        }

        [Theory]
        [InlineData("juniper-junos", "destination-port ")]
        [InlineData("sonic", "\"L4_DST_PORT")]
        [InlineData("cumulus-nvue", " dest-port ")]
        public void A_dropped_port_match_fails_validation(string platform, string marker)
        {
            var (compilation, target) = SwitchSamples.Targets("ai-platform", platform).First();
            var result = PolicyBuilder.Build(new[] { compilation }, new[] { target.Name });
            var facts = FabricTarget.Facts(target).First();
            var path = target.Name + "/" + FabricText.FileName(facts.Name.Value) + SwitchSamples.Extension(platform);
            var text = EmitTestHelper.Artifact(result, path);
            var lines = text.Split('\n').ToList();
            // A port match of a filtering ACL, not of a marking (classify) list, which decides nothing.
            int start = platform == "juniper-junos" ? lines.FindIndex(l => l.Contains("filter PC-") && !l.Contains("-C-V")) : 0;
            int at = lines.FindIndex(start, l => l.Contains(marker) && !l.Contains("-M-") && !l.Contains("-M1") && !System.Text.RegularExpressions.Regex.IsMatch(l, "-R[0-9]+-V"));
            Assert.True(at >= 0, "no port match in " + path);
            var broken = lines[at];
            // Drop the match as a template that forgot it would; in JSON keep the object well-formed.
            if (platform == "sonic")
            {
                lines.RemoveAt(at);
                if (lines[at - 1].TrimEnd().EndsWith(",", System.StringComparison.Ordinal) && lines[at].Trim().StartsWith("}", System.StringComparison.Ordinal))
                    lines[at - 1] = lines[at - 1].TrimEnd().TrimEnd(',');
            }
            else lines.RemoveAt(at);
            var context = SwitchSamples.Context(compilation, target);
            var problems = TranslationValidator.Validate(context, facts, string.Join("\n", lines), SwitchSamples.Reader(platform));
            Assert.True(problems.Count > 0, "dropping '" + broken.Trim() + "' went unnoticed");
            Assert.Contains(problems, p => p.Contains("the ACL allows") || p.Contains("unreadable"));
        }
    }
}
