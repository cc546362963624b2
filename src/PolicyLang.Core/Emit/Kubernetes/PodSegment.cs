using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;

namespace PolicyLang.Emit.Kubernetes
{
    /// <summary>A segment of the target's zones whose addresses are pods: a namespace and a label selector.</summary>
    public sealed class PodSegment(SegmentSymbol segment, string ns, LabelSelector selector, AddressRangeSet addresses)
    {
        public SegmentSymbol Segment { get; } = segment;
        public string Namespace { get; } = ns;
        public LabelSelector Selector { get; } = selector;
        public AddressRangeSet Addresses { get; } = addresses;

        /// <summary>The NetworkPolicy name: pl-ZONE-SEGMENT, cut to a DNS label with a hash when long.</summary>
        public string PolicyName => KubernetesBackend.Name("pl-" + Segment.Zone.Name + "-" + Segment.Name);

        public static IReadOnlyDictionary<string, string> NamespaceLabels(string ns) =>
            new SortedDictionary<string, string>(System.StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = ns };
    }
}
