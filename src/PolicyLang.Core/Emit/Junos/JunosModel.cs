namespace PolicyLang.Emit.Junos
{
    /// <summary>One device's Junos configuration, in the hierarchical (curly-brace) form. Every string is already safe.</summary>
    public sealed class JunosConfig
    {
        public List<string> Header { get; } = new List<string>();
        public List<JunosVlan> Vlans { get; } = new List<JunosVlan>();
        public string VtepSource { get; set; } = "";
        public string VtepInterface { get; set; } = "";
        public string VtepUnit { get; set; } = "";
        public string VtepFamily { get; set; } = "";
        public string VtepAddress { get; set; } = "";
        public List<JunosPolicer> Policers { get; } = new List<JunosPolicer>();
        public List<JunosFilter> Filters { get; } = new List<JunosFilter>();

        /// <summary><c>policy-options prefix-list</c>s the filters name instead of repeating long or shared address lists.</summary>
        public List<JunosPrefixList> PrefixLists { get; } = new List<JunosPrefixList>();
        public List<JunosInterface> Interfaces { get; } = new List<JunosInterface>();
        public JunosQos? Qos { get; set; }
    }

    public sealed record JunosVlan(string Name = "", string Description = "", int Id = 0, int Vni = 0);

    public sealed record JunosPolicer(string Name = "", string Description = "", ulong BandwidthLimit = 0,
        ulong BurstSizeLimit = 0);

    /// <param name="Family">inet or inet6.</param>
    public sealed record JunosFilter(string Family = "", string Name = "", string Description = "")
    {
        public List<JunosTerm> Terms { get; } = new List<JunosTerm>();
    }

    public sealed class JunosPrefixList
    {
        public string Name { get; set; } = "";
        public List<string> Prefixes { get; } = new List<string>();
    }

    public sealed class JunosTerm
    {
        public string Name { get; set; } = "";

        /// <summary>A comment written in the term (Junos keeps it as an annotation): the flows a merged term carries. Flow
        /// names only, never "*/".</summary>
        public string Comment { get; set; } = "";
        public List<JunosMatch> From { get; } = new List<JunosMatch>();
        public List<string> Then { get; } = new List<string>();
    }

    /// <summary>A match condition: a flag ("tcp-established;"), one value ("protocol tcp;"), a block of prefixes, or a list ("[ 22 80 ]").</summary>
    /// <param name="Style">flag, value, block or list.</param>
    public sealed record JunosMatch(string Keyword = "", string Style = "")
    {
        public List<string> Values { get; } = new List<string>();
    }

    public sealed class JunosInterface
    {
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public int Mtu { get; set; }
        public List<JunosUnit> Units { get; } = new List<JunosUnit>();
    }

    /// <param name="InetFilter">"input NAME" or "input-list [ A B ]", or "" when the unit has no filter of the family.</param>
    public sealed record JunosUnit(string Number = "", string InetFilter = "", string Inet6Filter = "");

    public sealed record JunosQos(string Classifier = "", string Rewrite = "", string CongestionProfile = "",
        string SchedulerMap = "")
    {
        public List<JunosForwardingClass> ForwardingClasses { get; } = new List<JunosForwardingClass>();
        /// <summary>DSCP code points (6 bits) that pause with PFC, and the 802.1p code point (3 bits) and queue they map to.</summary>
        public List<JunosPfc> Pfc { get; } = new List<JunosPfc>();
        public List<JunosDropProfile> DropProfiles { get; } = new List<JunosDropProfile>();
        public List<JunosScheduler> Schedulers { get; } = new List<JunosScheduler>();
        public List<JunosQosInterface> Interfaces { get; } = new List<JunosQosInterface>();
    }

    /// <param name="CodePoint">The class's DSCP as 6 bits, or "" when it has none.</param>
    public sealed record JunosForwardingClass(string Name = "", int Queue = 0, bool NoLoss = false,
        string CodePoint = "", string Scheduler = "");

    public sealed record JunosPfc(string DscpCodePoint = "", string PriorityCodePoint = "", int Queue = 0);

    public sealed record JunosDropProfile(string Name = "", int MinFillPercent = 0, int MaxFillPercent = 0,
        int Probability = 0, string Comment = "");

    public sealed record JunosScheduler(string Name = "", int TransmitPercent = 0, bool Strict = false,
        bool Ecn = false)
    {
        public string DropProfile { get; set; } = "";
    }

    public sealed record JunosQosInterface(string Name = "", bool Lossless = false, string Unit = "");
}
