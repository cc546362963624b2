using PolicyLang.Semantics;

namespace PolicyLang.Emit.Fabric
{
    /// <summary>
    /// Everything one switch of a fabric target needs, computed from the header-space IR and the device's facts. Every
    /// string in it is already validated or reduced to a safe alphabet; templates only lay it out.
    /// </summary>
    public sealed class FabricDevice
    {
        public string Name { get; set; } = "";
        public string Target { get; set; } = "";
        public string Platform { get; set; } = "";
        public string PolicyName { get; set; } = "";

        /// <summary>The start of every generated ACL, class-map and policy-map name ("PC-" unless the target sets acl-prefix).</summary>
        public string AclPrefix { get; set; } = "PC-";

        /// <summary>Relative artifact path stem: "&lt;target&gt;/&lt;device&gt;" with the device reduced to a file name.</summary>
        public string FileStem { get; set; } = "";

        /// <summary>The VTEP address in its text form, or "" when the device has none (no VXLAN is emitted).</summary>
        public string Vtep { get; set; } = "";
        public bool VtepIsIPv6 { get; set; }

        /// <summary>The VTEP source interface as written (validated by the backend), or "".</summary>
        public string VtepSource { get; set; } = "";

        public List<FabricVlan> Vlans { get; } = new List<FabricVlan>();
        public List<FabricVlan> VxlanVlans { get; } = new List<FabricVlan>();
        public List<FabricInterface> Interfaces { get; } = new List<FabricInterface>();
        public List<FabricAclGroup> AclGroups { get; } = new List<FabricAclGroup>();
        public FabricQos Qos { get; set; } = new FabricQos();

        /// <summary>
        /// Bit-rate limits of flows whose traffic enters this device through its uplinks (sources outside its segments):
        /// policed inbound on every uplink, with the name <see cref="UplinkPolicy"/>.
        /// </summary>
        public List<FabricPolicer> UplinkPolicers { get; } = new List<FabricPolicer>();

        /// <summary>"&lt;prefix&gt;UPLINK-QOS".</summary>
        public string UplinkPolicy => AclPrefix + "UPLINK-QOS";

        /// <summary>Uplink MTU: the largest segment MTU on the device, plus 50 bytes of VXLAN overhead when it has a VTEP.</summary>
        public int UplinkMtu { get; set; }
    }

    public sealed class FabricVlan
    {
        public int Id { get; set; }

        /// <summary>zone_segment in the name alphabet.</summary>
        public string Name { get; set; } = "";
        public int? Vni { get; set; }
        public int Mtu { get; set; }
        public string Segment { get; set; } = "";
        public string Description { get; set; } = "";
        public SegmentSymbol? Symbol { get; set; }
    }

    public sealed class FabricInterface
    {
        /// <summary>As written in the device block; the backend validated its syntax.</summary>
        public string Name { get; set; } = "";
        public bool IsUplink { get; set; }
        public int Mtu { get; set; }
        public List<string> Segments { get; } = new List<string>();
        public List<int> Vlans { get; } = new List<int>();

        /// <summary>The ACLs (and marking/policing) applied inbound here; null on uplinks.</summary>
        public FabricAclGroup? AclGroup { get; set; }
        public string Description { get; set; } = "";
        public SourceLocation Location { get; set; }
    }

    /// <summary>The ACLs, class markings and policers shared by every interface that carries the same set of segments.</summary>
    public sealed class FabricAclGroup
    {
        /// <summary>Base name, e.g. "PC-training.gpu-pod1"; ACL names derive from it.</summary>
        public string Name { get; set; } = "";
        public List<string> Segments { get; } = new List<string>();
        public AccessList? V4 { get; set; }
        public AccessList? V6 { get; set; }
        public AclScope? ScopeV4 { get; set; }
        public AclScope? ScopeV6 { get; set; }
        public List<FabricMarking> Markings { get; } = new List<FabricMarking>();
        public List<FabricPolicer> Policers { get; } = new List<FabricPolicer>();

        /// <summary>Whether marking or policing needs a classification policy on the interfaces of this group.</summary>
        public bool HasQosPolicy => Markings.Count > 0 || Policers.Count > 0;
    }

    /// <summary>Packets of allowed flows with a class, sent from the group's segments: marked with the class's DSCP and queue.</summary>
    public sealed class FabricMarking
    {
        public string Name { get; set; } = "";
        public FabricQosClass Class { get; set; } = new FabricQosClass();
        public AccessList? V4 { get; set; }
        public AccessList? V6 { get; set; }
    }

    /// <summary>A flow's bit-rate limit, per interface of the group (switch policers are per interface).</summary>
    public sealed class FabricPolicer
    {
        public string Name { get; set; } = "";
        public int FlowIndex { get; set; }
        public ulong BitsPerSecond { get; set; }

        /// <summary>Burst in bytes: 1/8 s of the rate, at least 16 KB and at most 128 MB.</summary>
        public ulong BurstBytes { get; set; }
        public string Description { get; set; } = "";
        public AccessList? V4 { get; set; }
        public AccessList? V6 { get; set; }
        public FlowRule? Flow { get; set; }
    }

    /// <summary>The fabric's QoS: every class of the policy, so DSCP treatment is identical on every device.</summary>
    public sealed class FabricQos
    {
        /// <summary>Ordered by traffic class, then name.</summary>
        public List<FabricQosClass> Classes { get; } = new List<FabricQosClass>();

        /// <summary>802.1p priorities that are PFC no-drop, ascending.</summary>
        public List<int> LosslessPriorities { get; } = new List<int>();
        public bool HasLossless => LosslessPriorities.Count > 0;
    }

    public sealed class FabricQosClass
    {
        public string Name { get; set; } = "";

        /// <summary>-1 when the class sets no DSCP (it is then neither classified nor marked by DSCP).</summary>
        public int Dscp { get; set; } = -1;

        /// <summary>The traffic class / egress queue, 0-7.</summary>
        public int Queue { get; set; }

        /// <summary>802.1p priority (the PFC priority when lossless); the queue when the class sets none.</summary>
        public int Pcp { get; set; }
        public bool Lossless { get; set; }
        public bool Strict { get; set; }

        /// <summary>Guaranteed share in percent, 0 when the class sets none.</summary>
        public int Bandwidth { get; set; }
        public bool HasEcn { get; set; }
        public ulong EcnMinBytes { get; set; }
        public ulong EcnMaxBytes { get; set; }
        public int EcnProbability { get; set; }
        public string Description { get; set; } = "";
        public TrafficClassSymbol? Symbol { get; set; }
    }
}
