using PolicyLang.Diagnostics;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.CloudFirewall
{
    /// <summary>
    /// The checks aws, azure-nsg and gcp-firewall share, with one code per kind of mistake on every cloud: a target whose
    /// devices name no resource (NP4253), a device that names no valid resource of the provider or one too many (NP4252),
    /// and services the provider's rules cannot match (NP4001 at the service).
    /// </summary>
    public static class CloudChecks
    {
        /// <summary>
        /// The target's devices name <paramref name="resource"/>s: at least one, each valid (<paramref name="problem"/>
        /// returns what was expected, or null for a valid name), and at most <paramref name="most"/>. True when all hold.
        /// </summary>
        public static bool Devices(TargetContext context, string resource, Func<string, string?> problem, int most = int.MaxValue)
        {
            var target = context.Target;
            if (target.Devices.Count == 0)
            {
                context.Report(DiagnosticCatalog.CloudTargetNeedsDevice, target.Location, target.Name, context.Platform.Name, resource);
                return false;
            }
            bool ok = true;
            for (int i = 0; i < target.Devices.Count; i++)
            {
                var device = target.Devices[i];
                var expected = i >= most
                    ? "at most " + most + " device" + (most == 1 ? "" : "s") + " naming " + resource + " (one target, one " + resource.Replace("the ", "") + ")"
                    : problem(device.Value);
                if (expected == null) continue;
                context.Report(DiagnosticCatalog.CloudDeviceName, device.Location, target.Name, context.Platform.Name, expected, device.Value);
                ok = false;
            }
            return ok;
        }

        /// <summary>Each service of the target's flows that <paramref name="problem"/> says the provider cannot match is
        /// NP4001 at the service; true when there is none.</summary>
        public static bool Services(TargetContext context, Func<ServiceMatch, string?> problem)
        {
            bool expressible = true;
            foreach (var s in context.RelevantFlows.SelectMany(f => f.Services))
            {
                var why = problem(s);
                if (why == null) continue;
                context.CannotExpress(s.Location, why);
                expressible = false;
            }
            return expressible;
        }
    }
}
