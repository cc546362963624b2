using System.Linq;
using System.Text;
using PolicyLang.Emit.Fabric;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>Entry counts of every filter ACL of every sample's fabric devices against the naive expansion (printed with the test output).</summary>
    public sealed class AclCountReportTests
    {
        private readonly ITestOutputHelper _output;

        public AclCountReportTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [MemberData(nameof(FabricSamples.Cases), MemberType = typeof(FabricSamples))]
        public void Compacted_ACLs_are_never_larger_than_the_naive_expansion(string sample, string platform)
        {
            var (compilations, targets) = FabricSamples.Load(sample, platform);
            var report = new StringBuilder();
            long naive = 0, expanded = 0, grouped = 0;
            foreach (var target in targets)
            {
                var context = FabricSamples.Context(compilations, target);
                foreach (var (facts, device) in FabricTarget.Devices(context))
                    foreach (var acl in device.AclGroups.SelectMany(g => new[] { g.V4!, g.V6! }))
                    {
                        Assert.True(acl.Counts.Expanded <= acl.Counts.Naive, acl.Name + ": " + acl.Counts.Expanded + " > naive " + acl.Counts.Naive);
                        Assert.True(acl.Counts.Grouped <= acl.Counts.Expanded);
                        naive += acl.Counts.Naive;
                        expanded += acl.Counts.Expanded;
                        grouped += acl.Counts.Grouped;
                        report.AppendLine(device.Name + " " + acl.Name + ": naive " + acl.Counts.Naive + ", expanded " + acl.Counts.Expanded + ", grouped " + acl.Counts.Grouped);
                    }
            }
            report.AppendLine(sample + " " + platform + " total: naive " + naive + ", expanded " + expanded + ", grouped " + grouped);
            _output.WriteLine(report.ToString());
            Assert.True(naive > 0);
        }
    }
}
