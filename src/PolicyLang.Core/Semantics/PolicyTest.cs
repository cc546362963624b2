using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Semantics
{
    public sealed class PolicyTest(string name, SourceLocation location, IReadOnlyList<TestExpectation> expectations)
    {
        public string Name { get; } = name;
        public SourceLocation Location { get; } = location;
        public IReadOnlyList<TestExpectation> Expectations { get; } = expectations;
    }

    /// <summary>One packet and the verdict the policy must give it.</summary>
    public sealed class TestExpectation(
        FlowAction expected, IpAddress128 source, IpAddress128 destination, ServiceMatch service,
        SourceLocation location)
    {
        public FlowAction Expected { get; } = expected;
        public IpAddress128 Source { get; } = source;
        public IpAddress128 Destination { get; } = destination;
        public ServiceMatch Service { get; } = service;
        public SourceLocation Location { get; } = location;
    }
}
