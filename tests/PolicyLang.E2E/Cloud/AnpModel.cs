using System.Collections.Generic;

namespace PolicyLang.E2E.Cloud
{
    // AdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) as its CRD schema defines it; YamlDotNet fills these
    // strictly (an unknown field fails), which is the schema check for objects the KubernetesClient models lack.
#pragma warning disable CA1002, CA2227
    public sealed class AdminNetworkPolicy
    {
        public string ApiVersion { get; set; } = "";
        public string Kind { get; set; } = "";
        public AnpMetadata Metadata { get; set; } = new AnpMetadata();
        public AnpSpec Spec { get; set; } = new AnpSpec();
    }

    public sealed class AnpMetadata
    {
        public string Name { get; set; } = "";
        public Dictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();
        public Dictionary<string, string> Annotations { get; set; } = new Dictionary<string, string>();
    }

    public sealed class AnpSpec
    {
        public int Priority { get; set; } = -1;
        public AnpSubject Subject { get; set; } = new AnpSubject();
        public List<AnpRule> Ingress { get; set; } = new List<AnpRule>();
        public List<AnpRule> Egress { get; set; } = new List<AnpRule>();
    }

    public sealed class AnpSubject
    {
        public AnpSelector? Namespaces { get; set; }
        public AnpPods? Pods { get; set; }
    }

    public sealed class AnpPods
    {
        public AnpSelector NamespaceSelector { get; set; } = new AnpSelector();
        public AnpSelector PodSelector { get; set; } = new AnpSelector();
    }

    public sealed class AnpSelector
    {
        public Dictionary<string, string>? MatchLabels { get; set; }
        public List<AnpRequirement>? MatchExpressions { get; set; }
    }

    public sealed class AnpRequirement
    {
        public string Key { get; set; } = "";
        public string Operator { get; set; } = "";
        public List<string>? Values { get; set; }
    }

    public sealed class AnpRule
    {
        public string Name { get; set; } = "";
        public string Action { get; set; } = "";
        public List<AnpPeer>? From { get; set; }
        public List<AnpPeer>? To { get; set; }
        public List<AnpPort>? Ports { get; set; }
    }

    public sealed class AnpPeer
    {
        public AnpSelector? Namespaces { get; set; }
        public AnpPods? Pods { get; set; }
        public List<string>? Networks { get; set; }
    }

    public sealed class AnpPort
    {
        public AnpPortNumber? PortNumber { get; set; }
        public AnpPortRange? PortRange { get; set; }
    }

    public sealed class AnpPortNumber
    {
        public string Protocol { get; set; } = "";
        public int Port { get; set; }
    }

    public sealed class AnpPortRange
    {
        public string Protocol { get; set; } = "";
        public int Start { get; set; }
        public int End { get; set; }
    }
#pragma warning restore CA1002, CA2227
}
