using System.Collections.Generic;

namespace PolicyLang.Emit.Azure
{
    /// <summary>The network security groups a target compiles to. Every string here is already safe for Bicep and HCL.</summary>
    public sealed class NsgModel
    {
        public List<string> Header { get; } = new List<string>();
        public List<NsgGroup> Groups { get; } = new List<NsgGroup>();
    }

    public sealed class NsgGroup
    {
        /// <summary>The Bicep symbol and Terraform resource name: nsg0, nsg1, ...</summary>
        public string Symbol { get; set; } = "";
        public string Name { get; set; } = "";
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

        /// <summary>Terraform resource name of the rule, unique within the file.</summary>
        public string Resource { get; set; } = "";
    }
}
