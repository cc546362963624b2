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

    /// <param name="Name">zone_segment in the name alphabet.</param>
    public sealed record FabricVlan(int Id = 0, string Name = "", int? Vni = null, int Mtu = 0, string Segment = "",
        string Description = "", SegmentSymbol? Symbol = null);

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
    /// <param name="BurstBytes">Burst in bytes: 1/8 s of the rate, at least 16 KB and at most 128 MB.</param>
    public sealed record FabricPolicer(string Name = "", int FlowIndex = 0, ulong BitsPerSecond = 0,
        ulong BurstBytes = 0, string Description = "", FlowRule? Flow = null)
    {
        public AccessList? V4 { get; set; }
        public AccessList? V6 { get; set; }
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

    /// <param name="Dscp">-1 when the class sets no DSCP (it is then neither classified nor marked by DSCP).</param>
    /// <param name="Queue">The traffic class / egress queue, 0-7.</param>
    /// <param name="Pcp">802.1p priority (the PFC priority when lossless); the queue when the class sets none.</param>
    /// <param name="Bandwidth">Guaranteed share in percent, 0 when the class sets none.</param>
    public sealed record FabricQosClass(string Name = "", int Dscp = -1, int Queue = 0, int Pcp = 0,
        bool Lossless = false, bool Strict = false, int Bandwidth = 0, bool HasEcn = false, ulong EcnMinBytes = 0,
        ulong EcnMaxBytes = 0, int EcnProbability = 0, string Description = "", TrafficClassSymbol? Symbol = null);
}
