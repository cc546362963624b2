using System;
using System.Collections.Generic;
using PolicyLang.Emit.Aws;
using PolicyLang.Emit.Azure;
using PolicyLang.Emit.Gcp;
using PolicyLang.Emit.Kubernetes;
using PolicyLang.Emit.Cumulus;
using PolicyLang.Emit.Junos;
using PolicyLang.Emit.Nftables;
using PolicyLang.Emit.Sonic;

namespace PolicyLang.Emit
{
    /// <summary>The backends this build of policyc has, by platform name.</summary>
    public static class BackendRegistry
    {
        private static readonly Dictionary<string, IBackend> s_backends = new Dictionary<string, IBackend>(StringComparer.Ordinal)
        {
            ["nftables"] = new NftablesBackend(),
            ["aws"] = new AwsBackend(),
            ["azure-nsg"] = new AzureNsgBackend(),
            ["gcp-firewall"] = new GcpFirewallBackend(),
            ["kubernetes"] = new KubernetesBackend(),
            ["arista-eos"] = new AristaEos.AristaEosBackend(),
            ["cisco-nxos"] = new CiscoNxos.CiscoNxosBackend(),
            ["juniper-junos"] = new JunosBackend(),
            ["sonic"] = new SonicBackend(),
            ["cumulus-nvue"] = new NvueBackend(),
        };

        public static IBackend? Find(string platform) => s_backends.TryGetValue(platform, out var b) ? b : null;

        public static IEnumerable<string> Platforms => s_backends.Keys;
    }
}
