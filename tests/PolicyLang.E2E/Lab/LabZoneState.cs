using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace PolicyLang.E2E.Lab
{
    /// <summary>A zone as built: its namespace, its host addresses, and the gateway's side of its link.</summary>
    internal sealed class LabZoneState
    {
        public LabZoneState(LabZone zone, int index, string @namespace, IReadOnlyList<CidrAddress> hosts)
        {
            Zone = zone;
            Index = index;
            Namespace = @namespace;
            Hosts = hosts;
            // One gateway address per distinct prefix: the first address of that prefix, same length.
            Gateways = hosts
                .GroupBy(h => (h.Network, h.PrefixLength))
                .Select(g => CidrAddress.Parse(g.First().FirstHost + "/" + g.Key.PrefixLength))
                .ToArray();
        }

        public LabZone Zone { get; }
        public string Name => Zone.Name;
        public int Index { get; }
        public string Namespace { get; }

        /// <summary>The host's interface in its namespace.</summary>
        public string HostInterface => "eth0";

        /// <summary>The gateway's end of this zone's veth pair (short: Linux allows 15 characters).</summary>
        public string GatewayInterface => "z" + Index;

        public IReadOnlyList<CidrAddress> Hosts { get; }
        public IReadOnlyList<CidrAddress> Gateways { get; }

        public bool HasHost(IPAddress address) => Hosts.Any(h => h.Address.Equals(address));
    }
}
