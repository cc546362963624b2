using PolicyLang.Emit.Terraform;

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

        /// <summary>The flow the rule carries (null for the policy's default rules).</summary>
        public PolicyLang.Semantics.FlowRule? Flow { get; set; }
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

        /// <summary>The resource's arguments ahead of its blocks, in terraform fmt layout (aligned at '=').</summary>
        public List<string> TerraformAttributes => Hcl.Attributes(
            ("name", Hcl.Quoted(Name)),
            ("project", Project.Length > 0 ? Hcl.Quoted(Project) : null),
            ("network", Hcl.Quoted(Network)),
            ("description", Hcl.Quoted(Description)),
            ("direction", Hcl.Quoted(Direction)),
            ("priority", Priority.ToString(CultureInfo.InvariantCulture)),
            ("source_ranges", SourceRanges.Count > 0 ? Hcl.List(SourceRanges) : null),
            ("destination_ranges", DestinationRanges.Count > 0 ? Hcl.List(DestinationRanges) : null),
            ("target_tags", TargetTags.Count > 0 ? Hcl.List(TargetTags) : null),
            ("target_service_accounts", TargetServiceAccounts.Count > 0 ? Hcl.List(TargetServiceAccounts) : null));
    }

    public sealed class GcpMatch
    {
        public string Protocol { get; set; } = "";
        public List<string> Ports { get; } = new List<string>();

        /// <summary>The arguments of the allow or deny block, in terraform fmt layout.</summary>
        public List<string> TerraformAttributes => Hcl.Attributes(("protocol", Hcl.Quoted(Protocol)), ("ports", Ports.Count > 0 ? Hcl.List(Ports) : null));
    }
}
