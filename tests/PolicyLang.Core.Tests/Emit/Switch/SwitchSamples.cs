using System.Collections.Generic;
using System.Linq;
using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Emit.Cumulus;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.Junos;
using PolicyLang.Emit.Sonic;
using PolicyLang.Semantics;

namespace PolicyLang.Tests.Emit.Switch
{
    /// <summary>The juniper-junos, sonic and cumulus-nvue targets of the samples, their artifacts and readers.</summary>
    internal static class SwitchSamples
    {
        public static readonly string[] Platforms = { "juniper-junos", "sonic", "cumulus-nvue" };
        public static readonly string[] SampleNames = { "ai-platform", "campus-lab", "inference-edge" };

        public static IAclReader Reader(string platform) => platform switch
        {
            "juniper-junos" => new JunosAclReader(),
            "sonic" => new SonicAclReader(),
            _ => new NvueAclReader(),
        };

        public static string Extension(string platform) => platform switch
        {
            "juniper-junos" => ".conf",
            "sonic" => ".json",
            _ => ".nvue",
        };

        public static IEnumerable<(PolicyCompilation Compilation, TargetSymbol Target)> Targets(string sample, string platform) =>
            EmitTestHelper.Sample(sample).SelectMany(c => c.Model.Targets.Where(t => t.Platform.Value == platform).Select(t => (c, t)));

        public static IEnumerable<object[]> SamplesAndPlatforms() =>
            from s in SampleNames from p in Platforms select new object[] { s, p };

        public static TargetContext Context(PolicyCompilation compilation, TargetSymbol target) =>
            new TargetContext(compilation, target, new List<Diagnostic>());
    }
}
