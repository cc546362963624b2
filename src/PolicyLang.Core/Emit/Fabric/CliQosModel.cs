namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// A policy-map of an IOS-style CLI (EOS, NX-OS): its name and classes, each with the action lines under it. Shared by
    /// the platforms that write "policy-map NAME / class NAME / action" alike.
    /// </summary>
    public sealed class CliPolicyMap
    {
        public string Name { get; set; } = "";
        public List<CliPolicyClass> Classes { get; } = new List<CliPolicyClass>();
    }

    public sealed class CliPolicyClass
    {
        /// <summary>The class line as written after "class": "PC-DSCP-rdma" or "type queuing c-out-8q-q3".</summary>
        public string Name { get; set; } = "";
        public List<string> Actions { get; } = new List<string>();
    }

    /// <summary>The loopback a VTEP sources its tunnels from.</summary>
    public sealed class CliLoopback(string name, string address)
    {
        public string Name { get; } = name;

        /// <summary>"ip address 10.255.0.11/32" or "ipv6 address …/128".</summary>
        public string Address { get; } = address;

        /// <summary>The device's VTEP loopback, named by the target or <paramref name="defaultName"/>.</summary>
        public static CliLoopback Vtep(FabricDevice device, string defaultName) => new CliLoopback(
            device.VtepSource.Length > 0 ? device.VtepSource : defaultName,
            device.VtepIsIPv6 ? "ipv6 address " + device.Vtep + "/128" : "ip address " + device.Vtep + "/32");
    }
}
