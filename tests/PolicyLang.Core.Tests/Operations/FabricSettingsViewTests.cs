using System;
using System.Collections.Generic;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using PolicyLang.Platforms;
using PolicyLang.Tests.Emit;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// <c>verify</c> compares a switch's settings (VLANs, VNIs, MTUs, QoS) with a rendering of the build whose filter ACLs hold
    /// only their final deny (<see cref="SwitchBackend.SettingsView"/>): rendering every entry was most of the time of a
    /// fabric verify. That is right only if the settings and the ACL names read from it are exactly those of the whole build,
    /// on every switch platform and filter style: checked here, both ways (a view with fewer settings would compare less). The
    /// same for the device as verify builds it, without compiling its filters (<see cref="FabricTarget.SettingsDevices"/>).
    /// </summary>
    public sealed class FabricSettingsViewTests
    {
        public static IEnumerable<object[]> Policies() => new[]
        {
            new object[] { "ai-platform", false }, new object[] { "campus-lab", false }, new object[] { "ai-platform", true }, new object[] { "campus-lab", true },
            new object[] { "junos-prefix-lists", false },
        };

        [Theory]
        [MemberData(nameof(Policies))]
        public void The_settings_view_reads_the_same_settings_and_acl_names_as_the_whole_build(string policy, bool trafficPolicies)
        {
            // With traffic-policies, every arista-eos target of the sample (or one FabricSamples adds) writes its filters as
            // traffic-policies with field-sets.
            // Junos filters that share a long address list name a policy-options prefix-list, which the view leaves out too.
            var compilation = policy == "junos-prefix-lists" ? EmitTestHelper.Compile(PolicyLang.Tests.Emit.Switch.JunosPrefixListTests.Policy(6))
                : trafficPolicies ? PolicyLang.Tests.Emit.Fabric.EosTrafficPolicyTests.WithTrafficPolicies(policy).Compilations.Single()
                : EmitTestHelper.Sample(policy).Single();
            Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics.Where(d => d.IsError)));
            int devices = 0;
            foreach (var target in compilation.Model.Targets)
            {
                if (PlatformRegistry.Find(target.Platform.Value) is not SwitchBackend backend) continue;
                var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
                foreach (var (_, device) in FabricTarget.Devices(context))
                {
                    var whole = backend.BuiltSettings(device, context, view: false);
                    var view = backend.BuiltSettings(device, context, view: true);
                    Assert.NotEmpty(whole.Settings);
                    Assert.Equal(whole.Settings.Select(s => (s.Section, s.Key, s.Value)).ToList(), view.Settings.Select(s => (s.Section, s.Key, s.Value)).ToList());
                    Assert.Equal(whole.Acls, view.Acls);
                    // What verify renders: the device built without compiling its filters.
                    var settingsOnly = FabricTarget.SettingsDevices(context).Single(d => d.Device.Name == device.Name).Device;
                    var built = backend.BuiltSettings(settingsOnly, context, view: true);
                    Assert.Equal(whole.Settings.Select(s => (s.Section, s.Key, s.Value)).ToList(), built.Settings.Select(s => (s.Section, s.Key, s.Value)).ToList());
                    Assert.Equal(whole.Acls, built.Acls);
                    devices++;
                }
            }
            Assert.True(devices > 0, "no switch device in " + policy);
        }
    }
}
