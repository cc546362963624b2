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
        public List<JunosInterface> Interfaces { get; } = new List<JunosInterface>();
        public JunosQos? Qos { get; set; }
    }

    public sealed class JunosVlan
    {
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public int Id { get; set; }
        public int Vni { get; set; }
    }

    public sealed class JunosPolicer
    {
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public ulong BandwidthLimit { get; set; }
        public ulong BurstSizeLimit { get; set; }
    }

    public sealed class JunosFilter
    {
        /// <summary>inet or inet6.</summary>
        public string Family { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public List<JunosTerm> Terms { get; } = new List<JunosTerm>();
    }

    public sealed class JunosTerm
    {
        public string Name { get; set; } = "";
        public List<JunosMatch> From { get; } = new List<JunosMatch>();
        public List<string> Then { get; } = new List<string>();
    }

    /// <summary>A match condition: a flag ("tcp-established;"), one value ("protocol tcp;"), a block of prefixes, or a list ("[ 22 80 ]").</summary>
    public sealed class JunosMatch
    {
        public string Keyword { get; set; } = "";

        /// <summary>flag, value, block or list.</summary>
        public string Style { get; set; } = "";
        public List<string> Values { get; } = new List<string>();
    }

    public sealed class JunosInterface
    {
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public int Mtu { get; set; }
        public List<JunosUnit> Units { get; } = new List<JunosUnit>();
    }

    public sealed class JunosUnit
    {
        public string Number { get; set; } = "";

        /// <summary>"input NAME" or "input-list [ A B ]", or "" when the unit has no filter of the family.</summary>
        public string InetFilter { get; set; } = "";
        public string Inet6Filter { get; set; } = "";
    }

    public sealed class JunosQos
    {
        public List<JunosForwardingClass> ForwardingClasses { get; } = new List<JunosForwardingClass>();
        public string Classifier { get; set; } = "";
        public string Rewrite { get; set; } = "";
        public string CongestionProfile { get; set; } = "";

        /// <summary>DSCP code points (6 bits) that pause with PFC, and the 802.1p code point (3 bits) and queue they map to.</summary>
        public List<JunosPfc> Pfc { get; } = new List<JunosPfc>();
        public List<JunosDropProfile> DropProfiles { get; } = new List<JunosDropProfile>();
        public List<JunosScheduler> Schedulers { get; } = new List<JunosScheduler>();
        public string SchedulerMap { get; set; } = "";
        public List<JunosQosInterface> Interfaces { get; } = new List<JunosQosInterface>();
    }

    public sealed class JunosForwardingClass
    {
        public string Name { get; set; } = "";
        public int Queue { get; set; }
        public bool NoLoss { get; set; }

        /// <summary>The class's DSCP as 6 bits, or "" when it has none.</summary>
        public string CodePoint { get; set; } = "";
        public string Scheduler { get; set; } = "";
    }

    public sealed class JunosPfc
    {
        public string DscpCodePoint { get; set; } = "";
        public string PriorityCodePoint { get; set; } = "";
        public int Queue { get; set; }
    }

    public sealed class JunosDropProfile
    {
        public string Name { get; set; } = "";
        public int MinFillPercent { get; set; }
        public int MaxFillPercent { get; set; }
        public int Probability { get; set; }
        public string Comment { get; set; } = "";
    }

    public sealed class JunosScheduler
    {
        public string Name { get; set; } = "";
        public int TransmitPercent { get; set; }
        public bool Strict { get; set; }
        public string DropProfile { get; set; } = "";
        public bool Ecn { get; set; }
    }

    public sealed class JunosQosInterface
    {
        public string Name { get; set; } = "";
        public bool Lossless { get; set; }
        public string Unit { get; set; } = "";
    }
}
