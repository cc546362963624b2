using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.AristaEos;
using PolicyLang.Emit.Fabric;
using Xunit;
using PolicyLang.TestSupport;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>
    /// Every device of every fabric target of every sample: its emitted configuration, read back by the platform's reader,
    /// allows exactly what the policy allows (exact packet-set equality, forward and replies, IPv4 and IPv6).
    /// </summary>
    [ProvesPlatform(PlatformProof.Exact, "arista-eos", "cisco-nxos", "cisco-iosxe")]
    public sealed class TranslationValidationTests
    {
        [Theory]
        [MemberData(nameof(FabricSamples.Cases), MemberType = typeof(FabricSamples))]
        public void Every_device_ACL_allows_exactly_what_the_policy_allows(string sample, string platform)
        {
            var (compilations, targets) = FabricSamples.Load(sample, platform);
            Assert.NotEmpty(targets);
            var result = PolicyBuilder.Build(compilations, targets);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            int devices = 0;
            foreach (var target in targets)
            {
                var context = FabricSamples.Context(compilations, target);
                foreach (var device in context.Target.DeviceFacts)
                {
                    var facts = FabricDeviceFacts.From(device);
                    var artifact = result.Artifacts.Single(a => a.Target == target && a.RelativePath == target + "/" + FabricText.FileName(device.Name.Value) + ".cfg");
                    var problems = TranslationValidator.Validate(context, facts, artifact.Content, FabricSamples.Reader(platform));
                    Assert.True(problems.Count == 0, string.Join("\n", problems));
                    devices++;
                }
            }
            Assert.True(devices > 0);
        }

        [Fact]
        public void A_template_that_drops_the_destination_port_fails_validation()
        {
            var (compilations, targets) = FabricSamples.Load("ai-platform", "arista-eos");
            var context = FabricSamples.Context(compilations, targets[0]);
            var reader = new EosAclReader();
            var facts = FabricDeviceFacts.From(context.Target.DeviceFacts[0]);
            var device = FabricModelBuilder.Build(context, facts, AristaEosPlatform.Description.Switch!.MaxAclName);
            var source = TemplateRenderer.Source(AristaEosBackend.EntriesTemplateName);
            var good = TemplateRenderer.RenderSource(TemplateRenderer.Source(AristaEosBackend.TemplateName), AristaEosBackend.BuildConfig(device, source));
            Assert.Empty(TranslationValidator.Validate(context, facts, good, reader));

            Assert.Contains("{{ e.destination_port }}", source);
            var broken = TemplateRenderer.RenderSource(TemplateRenderer.Source(AristaEosBackend.TemplateName),
                AristaEosBackend.BuildConfig(device, source.Replace("{{ e.destination_port }}", "")));
            var problems = TranslationValidator.Validate(context, facts, broken, reader);
            Assert.NotEmpty(problems);
            // The witness names a packet the broken ACL lets through on a port the policy never allowed.
            Assert.Contains(problems, p => p.Contains("forward: the ACL allows") && p.Contains("the policy does not"));
        }

        [Fact]
        public void A_template_that_drops_established_fails_validation()
        {
            var (compilations, targets) = FabricSamples.Load("ai-platform", "arista-eos");
            var context = FabricSamples.Context(compilations, targets[0]);
            var facts = FabricDeviceFacts.From(context.Target.DeviceFacts[0]);
            var source = TemplateRenderer.Source(AristaEosBackend.EntriesTemplateName);
            Assert.Contains("{{ e.established }}", source);
            var config = AristaEosBackend.BuildConfig(FabricModelBuilder.Build(context, facts, AristaEosPlatform.Description.Switch!.MaxAclName), source.Replace("{{ e.established }}", ""));
            var problems = TranslationValidator.Validate(context, facts, TemplateRenderer.Render(AristaEosBackend.TemplateName, config), new EosAclReader());
            Assert.Contains(problems, p => p.Contains("forward: the ACL allows"));
        }

        [Fact]
        public void An_ACL_that_is_not_bound_fails_validation()
        {
            var (compilations, targets) = FabricSamples.Load("ai-platform", "cisco-nxos");
            var context = FabricSamples.Context(compilations, targets[0]);
            var facts = FabricDeviceFacts.From(context.Target.DeviceFacts[0]);
            var text = PolicyBuilder.Build(compilations, targets).Artifacts[0].Content;
            var unbound = string.Join("\n", text.Split('\n').Where(l => !l.Contains("access-group") && !l.Contains("traffic-filter")));
            var problems = TranslationValidator.Validate(context, facts, unbound, new PolicyLang.Emit.CiscoNxos.NxosAclReader());
            Assert.Contains(problems, p => p.Contains("expected one inbound ACL, found 0"));
        }
    }
}
