namespace PolicyLang.Platforms
{
    /// <summary>A VLAN range a switch platform keeps for itself, and why (for the message).</summary>
    public sealed class VlanRange(int first, int last, string why)
    {
        public int First { get; } = first;
        public int Last { get; } = last;
        public string Why { get; } = why;

        public bool Contains(int vlan) => vlan >= First && vlan <= Last;

        public override string ToString() => First.ToString(CultureInfo.InvariantCulture) + "-" + Last.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// What a switch platform accepts, as data: the names it writes verbatim, its MTU ceiling, the VLANs it keeps, which
    /// classes it can make lossless and how large an ACL may grow. One check framework (<c>Emit/Fabric/SwitchChecks</c>)
    /// applies these to every switch target, so one kind of mistake is one diagnostic on every platform. Immutable.
    /// </summary>
    public sealed class SwitchLimits
    {
        public SwitchLimits(
            string interfaceName, string interfaceNameExpected,
            string vtepSource, string vtepSourceExpected,
            int maxMtu, int defaultAclBudget, string aclBudgetWhy, int maxAclName,
            string? sviName = null, int maxInterfaceName = 0, int mtuOverhead = 0,
            IEnumerable<VlanRange>? reservedVlans = null, VlanRange? internalVlans = null,
            (int Low, int High)? losslessQueues = null, IEnumerable<int>? losslessPriorities = null,
            bool groupedEntries = false, bool vxlan = true)
        {
            InterfaceName = Anchored(interfaceName);
            InterfaceNameExpected = interfaceNameExpected;
            VtepSource = Anchored(vtepSource);
            VtepSourceExpected = vtepSourceExpected;
            SviName = sviName == null ? null : Anchored(sviName);
            MaxInterfaceName = maxInterfaceName;
            MaxMtu = maxMtu;
            MtuOverhead = mtuOverhead;
            ReservedVlans = Array.AsReadOnly((reservedVlans ?? Array.Empty<VlanRange>()).ToArray());
            InternalVlans = internalVlans;
            LosslessQueues = losslessQueues;
            LosslessPriorities = losslessPriorities == null ? null : Array.AsReadOnly(losslessPriorities.ToArray());
            DefaultAclBudget = defaultAclBudget;
            AclBudgetWhy = aclBudgetWhy;
            MaxAclName = maxAclName;
            GroupedEntries = groupedEntries;
            Vxlan = vxlan;
        }

        /// <summary>Interface names the configuration may carry verbatim, and how to describe them in a message.</summary>
        public Regex InterfaceName { get; }
        public string InterfaceNameExpected { get; }

        /// <summary>The interface a VTEP takes its source address from (a loopback), and how to describe it.</summary>
        public Regex VtepSource { get; }
        public string VtepSourceExpected { get; }

        /// <summary>VLAN interfaces (SVIs) whose first group is the VLAN id they route ("Vlan110"), or null where the
        /// platform's interface syntax does not tie a name to a VLAN.</summary>
        public Regex? SviName { get; }

        /// <summary>Longest interface name (Linux-based platforms: 15, IFNAMSIZ - 1); 0 when the syntax already limits it.</summary>
        public int MaxInterfaceName { get; }

        /// <summary>Largest interface MTU the platform accepts, in its own terms.</summary>
        public int MaxMtu { get; }

        /// <summary>Bytes the platform counts on top of the IP MTU (Junos counts the Ethernet header: 14).</summary>
        public int MtuOverhead { get; }

        /// <summary>VLAN ids that cannot carry a segment (errors).</summary>
        public IReadOnlyList<VlanRange> ReservedVlans { get; }

        /// <summary>A default internal VLAN range that may clash with routed ports (a warning), or null.</summary>
        public VlanRange? InternalVlans { get; }

        /// <summary>Queues that can be no-drop, or null for all.</summary>
        public (int Low, int High)? LosslessQueues { get; }

        /// <summary>PFC priorities the platform's lossless buffer profile supports, or null for any of 0-7.</summary>
        public IReadOnlyList<int>? LosslessPriorities { get; }

        /// <summary>Entries one ACL may take unless <c>option acl-budget</c> says otherwise, and where the figure comes from.</summary>
        public int DefaultAclBudget { get; }
        public string AclBudgetWhy { get; }

        /// <summary>Longest ACL, class-map and policer name the platform accepts.</summary>
        public int MaxAclName { get; }

        /// <summary>Whether one entry may hold several prefixes and port ranges (Junos terms); otherwise the switch expands them.</summary>
        public bool GroupedEntries { get; }

        /// <summary>Whether the backend can make a device a VXLAN VTEP; where it cannot, a device's 'vtep' is an error.</summary>
        public bool Vxlan { get; }

        /// <summary>The VLAN a VLAN interface routes ("Vlan110" → 110), or null for other interfaces.</summary>
        public int? SviVlan(string interfaceName)
        {
            if (SviName == null) return null;
            var m = SviName.Match(interfaceName);
            return m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var vlan) ? vlan : (int?)null;
        }

        private static Regex Anchored(string pattern) => new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.CultureInvariant);
    }
}
