using System.Collections.Generic;

namespace PolicyLang.Emit.Gcp
{
    /// <summary>The VPC firewall rules a target compiles to. Every string here is already safe for HCL.</summary>
    public sealed class GcpModel
    {
        public List<string> Header { get; } = new List<string>();
        public List<GcpRule> Rules { get; } = new List<GcpRule>();
    }

    public sealed class GcpRule
    {
        public string Resource { get; set; } = "";
        public string Name { get; set; } = "";
        public string Network { get; set; } = "";
        public string Project { get; set; } = "";
        public string Description { get; set; } = "";
        public string Direction { get; set; } = "";
        public int Priority { get; set; }

        /// <summary>"allow" or "deny": the HCL block name.</summary>
        public string Action { get; set; } = "";
        public List<string> SourceRanges { get; } = new List<string>();
        public List<string> DestinationRanges { get; } = new List<string>();
        public List<string> TargetTags { get; } = new List<string>();
        public List<string> TargetServiceAccounts { get; } = new List<string>();
        public List<GcpMatch> Matches { get; } = new List<GcpMatch>();
        public bool Log { get; set; }
    }

    public sealed class GcpMatch
    {
        public string Protocol { get; set; } = "";
        public List<string> Ports { get; } = new List<string>();
    }
}
