using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Semantics
{
    public sealed class PolicyTest
    {
        public PolicyTest(string name, SourceLocation location, IReadOnlyList<TestExpectation> expectations)
        {
            Name = name;
            Location = location;
            Expectations = expectations;
        }

        public string Name { get; }
        public SourceLocation Location { get; }
        public IReadOnlyList<TestExpectation> Expectations { get; }
    }

    /// <summary>One packet and the verdict the policy must give it.</summary>
    public sealed class TestExpectation
    {
        public TestExpectation(FlowAction expected, IpAddress128 source, IpAddress128 destination, ServiceMatch service, SourceLocation location)
        {
            Expected = expected;
            Source = source;
            Destination = destination;
            Service = service;
            Location = location;
        }

        public FlowAction Expected { get; }
        public IpAddress128 Source { get; }
        public IpAddress128 Destination { get; }
        public ServiceMatch Service { get; }
        public SourceLocation Location { get; }
    }
}
