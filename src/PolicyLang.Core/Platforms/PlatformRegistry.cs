using PolicyLang.Emit;

namespace PolicyLang.Platforms
{
    /// <summary>
    /// The platforms this build of policyc has: one registration line each. This is the composition root of the
    /// backends and the only file outside a platform's folder that names one; the binder and the checker read the
    /// descriptions, the builder the backends.
    /// </summary>
    public static class PlatformRegistry
    {
        private static readonly IBackend[] s_backends =
        {
            new Emit.AristaEos.AristaEosBackend(),
            new Emit.Aws.AwsBackend(),
            new Emit.Azure.AzureNsgBackend(),
            new Emit.CiscoIosXe.CiscoIosXeBackend(),
            new Emit.CiscoNxos.CiscoNxosBackend(),
            new Emit.Cumulus.NvueBackend(),
            new Emit.Gcp.GcpFirewallBackend(),
            new Emit.Junos.JunosBackend(),
            new Emit.Kubernetes.KubernetesBackend(),
            new Emit.Nftables.NftablesBackend(),
            new Emit.Sonic.SonicBackend(),
        };

        private static readonly Dictionary<string, IBackend> s_byName = Index(s_backends);

        private static readonly string[] s_names = s_byName.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();

        /// <summary>Every platform's name, in ordinal order (the order messages list them in).</summary>
        public static IReadOnlyList<string> Names => s_names;

        /// <summary>Every registered backend, in the order of <see cref="Names"/>.</summary>
        public static IEnumerable<IBackend> Backends => s_names.Select(n => s_byName[n]);

        /// <summary>The description of <paramref name="platform"/>, or null when no platform has that name.</summary>
        public static PlatformDescription? Describe(string platform) => Find(platform)?.Description;

        /// <summary>The backend of <paramref name="platform"/>, or null when no platform has that name.</summary>
        public static IBackend? Find(string platform) => s_byName.TryGetValue(platform, out var b) ? b : null;

        public static bool IsKnown(string platform) => s_byName.ContainsKey(platform);

        private static Dictionary<string, IBackend> Index(IEnumerable<IBackend> backends)
        {
            var map = new Dictionary<string, IBackend>(StringComparer.Ordinal);
            foreach (var b in backends)
            {
                if (map.ContainsKey(b.Description.Name)) throw new InvalidOperationException("platform '" + b.Description.Name + "' is registered twice");
                map.Add(b.Description.Name, b);
            }
            return map;
        }
    }
}
