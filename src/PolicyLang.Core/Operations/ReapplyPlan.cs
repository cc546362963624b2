using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.State;
using PolicyLang.Platforms;
using PolicyLang.Review;
using PolicyLang.Semantics;

namespace PolicyLang.Operations
{
    /// <summary>What re-applying the build does to one compared device or resource.</summary>
    public sealed class DevicePlan(DeviceVerification device, IReadOnlyList<DriftFinding> fixes, IReadOnlyList<DriftFinding> stays,
        IReadOnlyList<string> changes, int added, int removed, string how)
    {
        public DeviceVerification Device { get; } = device;

        /// <summary>Findings re-applying removes: the objects responsible are the build's, and it writes them again.</summary>
        public IReadOnlyList<DriftFinding> Fixes { get; } = fixes;

        /// <summary>Findings that stay: their objects are not the build's (another table, a console-made group, another policy).</summary>
        public IReadOnlyList<DriftFinding> Stays { get; } = stays;

        /// <summary>For switches, the lines of the configuration (settings, ACL entries, bindings) that change: "- …" go, "+ …" come.</summary>
        public IReadOnlyList<string> Changes { get; } = changes;
        public int Added { get; } = added;
        public int Removed { get; } = removed;

        /// <summary>How the platform re-applies: "config replace of the whole configuration", "replaces table inet policylang_edge_gw", …</summary>
        public string How { get; } = how;
    }

    /// <summary>
    /// <c>policyc verify --plan</c>: for every compared device or resource, what applying the build again changes. Each
    /// finding is fixed (its object is one the build writes again) or stays (the platform's apply leaves the object:
    /// another nftables table, a console-made security group or firewall rule, another NetworkPolicy, an ACL the rollout
    /// does not own). For switches, the configuration lines that change, on the same canonical lines for every export format.
    /// </summary>
    public static class ReapplyPlan
    {
        public const int MaxChangeLines = 200;

        public static IReadOnlyList<DevicePlan> For(PolicyCompilation compilation, VerificationResult result)
        {
            var plans = new List<DevicePlan>();
            foreach (var d in result.Devices)
            {
                if (d.Findings.Any(f => f.Kind == DriftKind.Unreadable)) continue;
                var target = compilation.Model.Targets.First(t => t.Name == d.Target);
                var backend = PlatformRegistry.Find(target.Platform.Value);
                var context = new TargetContext(compilation, target, new List<Diagnostics.Diagnostic>());
                var fixes = d.Findings.Where(f => !f.Foreign).ToList();
                var stays = d.Findings.Where(f => f.Foreign).ToList();
                var changes = new List<string>();
                int added = 0, removed = 0;
                string how;
                if (backend is SwitchBackend sw && sw.Built(context, d.Device) is string built)
                {
                    var before = string.Join("\n", sw.Canonical(d.File.Text, d.File.Path)) + "\n";
                    var after = string.Join("\n", sw.Canonical(built, "build")) + "\n";
                    (added, removed) = UnifiedDiff.Count(before, after);
                    foreach (var line in UnifiedDiff.Create(before, after, "running", "build", context: 0).Split('\n'))
                    {
                        if (line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("@@", StringComparison.Ordinal) || line.Length == 0) continue;
                        if (changes.Count < MaxChangeLines) changes.Add(line);
                    }
                }
                how = backend is IStateVerifier v ? v.Reapply(context) : "";
                plans.Add(new DevicePlan(d, fixes, stays, changes, added, removed, how));
            }
            return plans;
        }
    }
}
