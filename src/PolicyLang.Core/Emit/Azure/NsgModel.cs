using PolicyLang.Emit.Terraform;

namespace PolicyLang.Emit.Azure
{
    /// <summary>The network security groups a target compiles to. Every string here is already safe for Bicep and HCL.</summary>
    public sealed class NsgModel
    {
        public List<string> Header { get; } = new List<string>();
        public List<NsgGroup> Groups { get; } = new List<NsgGroup>();
    }

    /// <param name="Symbol">The Bicep symbol and Terraform resource name: nsg0, nsg1, ...</param>
    public sealed record NsgGroup(string Symbol = "", string Name = "")
    {
        public List<NsgRule> Rules { get; } = new List<NsgRule>();
    }

    public sealed class NsgRule
    {
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public int Priority { get; set; }
        public string Direction { get; set; } = "";
        public string Access { get; set; } = "";
        public string Protocol { get; set; } = "";
        public List<string> SourceAddresses { get; } = new List<string>();
        public List<string> DestinationAddresses { get; } = new List<string>();
        public List<string> DestinationPorts { get; } = new List<string>();

        /// <summary>Source ports: "*" for every port.</summary>
        public List<string> SourcePorts { get; } = new List<string>();

        /// <summary>The flow the rule carries (null for the policy's default rules).</summary>
        public PolicyLang.Semantics.FlowRule? Flow { get; set; }

        /// <summary>Terraform resource name of the rule, unique within the file.</summary>
        public string Resource { get; set; } = "";

        /// <summary>The symbol of the rule's group (<see cref="NsgGroup.Symbol"/>).</summary>
        public string Group { get; set; } = "";

        /// <summary>The arguments of the rule's azurerm_network_security_rule, in terraform fmt layout (aligned at '=').</summary>
        public List<string> TerraformAttributes => Hcl.Attributes(
            ("name", Hcl.Quoted(Name)),
            ("description", Hcl.Quoted(Description)),
            ("priority", Priority.ToString(CultureInfo.InvariantCulture)),
            ("direction", Hcl.Quoted(Direction)),
            ("access", Hcl.Quoted(Access)),
            ("protocol", Hcl.Quoted(Protocol)),
            SourcePorts.Count == 1 ? ("source_port_range", Hcl.Quoted(SourcePorts[0])) : ("source_port_ranges", Hcl.List(SourcePorts)),
            SourceAddresses.Count == 1 ? ("source_address_prefix", Hcl.Quoted(SourceAddresses[0])) : ("source_address_prefixes", Hcl.List(SourceAddresses)),
            DestinationAddresses.Count == 1 ? ("destination_address_prefix", Hcl.Quoted(DestinationAddresses[0])) : ("destination_address_prefixes", Hcl.List(DestinationAddresses)),
            DestinationPorts.Count == 1 ? ("destination_port_range", Hcl.Quoted(DestinationPorts[0])) : ("destination_port_ranges", Hcl.List(DestinationPorts)),
            ("resource_group_name", "var.resource_group_name"),
            ("network_security_group_name", "azurerm_network_security_group." + Group + ".name"));
    }
}
