using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Kubernetes
{
    /// <summary>A segment of the target's zones whose addresses are pods: a namespace and a label selector.</summary>
    public sealed class PodSegment
    {
        public PodSegment(SegmentSymbol segment, string ns, LabelSelector selector, AddressRangeSet addresses)
        {
            Segment = segment;
            Namespace = ns;
            Selector = selector;
            Addresses = addresses;
        }

        public SegmentSymbol Segment { get; }
        public string Namespace { get; }
        public LabelSelector Selector { get; }
        public AddressRangeSet Addresses { get; }

        /// <summary>The NetworkPolicy name: pl-ZONE-SEGMENT, cut to a DNS label with a hash when long.</summary>
        public string PolicyName => KubernetesBackend.Name("pl-" + Segment.Zone.Name + "-" + Segment.Name);

        public static IReadOnlyDictionary<string, string> NamespaceLabels(string ns) =>
            new SortedDictionary<string, string>(System.StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = ns };
    }
}
