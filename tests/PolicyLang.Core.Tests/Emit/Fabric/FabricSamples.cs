using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.AristaEos;
using PolicyLang.Emit.CiscoIosXe;
using PolicyLang.Emit.CiscoNxos;
using PolicyLang.Emit.Fabric;
using PolicyLang.Semantics;
using PolicyLang.TestSupport;
using PolicyLang.Workspace;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>
    /// The samples, each with a target of the platform: the sample's own when it has one, else one synthesized here (a
    /// leaf carrying every segment of the sample's zones that the platform can serve), appended to a copy of the sample.
    /// </summary>
    internal static class FabricSamples
    {
        public static readonly string[] Names = { "ai-platform", "campus-lab", "inference-edge" };
        public static readonly string[] Platforms = { "arista-eos", "cisco-nxos", "cisco-iosxe" };

        public static IEnumerable<object[]> Cases() => Names.SelectMany(s => Platforms.Select(p => new object[] { s, p }));

        /// <summary>Zones a synthesized target covers: inference-edge's Azure zone has a connection rate no switch enforces.</summary>
        private static readonly Dictionary<string, string[]> s_zones = new Dictionary<string, string[]>
        {
            ["ai-platform"] = new[] { "training", "storage" },
            ["campus-lab"] = new[] { "gpu", "lab-services", "students", "staff" },
            ["inference-edge"] = new[] { "edge-gcp" },
        };

        /// <summary>Zones for a platform that marks no classes (cisco-iosxe): none of their flows carries a class or a rate.</summary>
        private static readonly Dictionary<string, string[]> s_unclassedZones = new Dictionary<string, string[]>
        {
            ["ai-platform"] = new[] { "pii", "ops" },
            ["campus-lab"] = new[] { "students", "staff" },
            ["inference-edge"] = new[] { "edge-gcp" },
        };

        public static IAclReader Reader(string platform) => platform switch
        {
            "arista-eos" => new EosAclReader(),
            "cisco-nxos" => new NxosAclReader(),
            "cisco-iosxe" => new IosXeAclReader(),
            _ => throw new ArgumentException("no reader for " + platform),
        };

        /// <summary>Interface names of a synthesized device: the N-th port, and the uplink.</summary>
        private static (Func<int, string> Port, string Uplink, string? VtepSource) InterfaceNames(string platform) => platform switch
        {
            "arista-eos" => (n => "Ethernet" + n, "Ethernet49/1", "Loopback1"),
            "cisco-nxos" => (n => "Ethernet1/" + n, "Ethernet1/49", "loopback1"),
            "cisco-iosxe" => (n => "GigabitEthernet1/0/" + n, "TenGigabitEthernet1/1/1", null),
            _ => throw new ArgumentException("no interface names for " + platform),
        };

        public static IBackend Backend(string platform) => PolicyLang.Platforms.PlatformRegistry.Find(platform)!;

        public static (IReadOnlyList<PolicyCompilation> Compilations, List<string> Targets) Load(string sample, string platform)
        {
            var compilations = EmitTestHelper.Sample(sample);
            var targets = Targets(compilations, platform);
            if (targets.Count > 0) return (compilations, targets);
            var copy = Path.Combine(Path.GetTempPath(), "policyc-fabric-" + sample + "-" + platform + "-" + Path.GetRandomFileName());
            if (Directory.Exists(copy)) Directory.Delete(copy, true);
            Directory.CreateDirectory(copy);
            foreach (var f in Directory.GetFiles(Path.Combine(RepositoryPaths.Samples, sample), "*.netpolicy"))
                File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
            var host = File.Exists(Path.Combine(copy, "targets.netpolicy")) ? "targets.netpolicy" : "policy.netpolicy";
            bool marks = Backend(platform).Description.Capabilities.HasFlag(PolicyLang.Platforms.PlatformCapabilities.ClassMarking);
            File.AppendAllText(Path.Combine(copy, host), "\n" + Synthesize(compilations[0].Model, platform, (marks ? s_zones : s_unclassedZones)[sample]));
            compilations = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { copy }));
            return (compilations, Targets(compilations, platform));
        }

        private static List<string> Targets(IReadOnlyList<PolicyCompilation> compilations, string platform) =>
            compilations.SelectMany(c => c.Model.Targets).Where(t => t.Platform.Value == platform).Select(t => t.Name).ToList();

        public static string Synthesize(PolicyModel model, string platform, string[] zones)
        {
            var (port, uplink, vtepSource) = InterfaceNames(platform);
            var segments = model.Zones.Where(z => zones.Contains(z.Name)).SelectMany(z => z.Segments).ToList();
            var lines = new List<string>
            {
                "target synth-" + platform + " " + platform + " {",
                "  zones " + string.Join(", ", zones),
                "  device \"leaf9.example.net\" {",
            };
            if (vtepSource != null) lines.Add("    vtep 10.255.99.1 source \"" + vtepSource + "\"");
            int n = 0;
            foreach (var s in segments) lines.Add("    interface \"" + port(++n) + "\" carries " + s.QualifiedName);
            lines.Add("    interface \"" + uplink + "\" uplink");
            lines.Add("  }");
            lines.Add("}");
            return string.Join("\n", lines) + "\n";
        }

        public static TargetContext Context(IReadOnlyList<PolicyCompilation> compilations, string target)
        {
            var compilation = compilations.Single(c => c.Model.Targets.Any(t => t.Name == target));
            return new TargetContext(compilation, compilation.Model.FindTarget(target)!, new List<PolicyLang.Diagnostics.Diagnostic>());
        }
    }
}
