using System.IO;
using System.Linq;
using PolicyLang.Emit.State;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using Xunit;
using static PolicyLang.Tests.Operations.StateFiles;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// The gateways of a pair export the same ruleset, which verify reads and compares once; each device still gets its own
    /// findings, naming it and its file, and a device whose export differs is compared on its own.
    /// </summary>
    public sealed class NftSharedExportTests
    {
        private static PolicyCompilation Pair() =>
            PolicyCompilation.Create(new[]
            {
                PolicySyntaxTree.Parse(File.ReadAllText(Path.Combine(Folder, "small.netpolicy")).Replace("devices \"gw1\"", "devices \"gw1\", \"gw2\""), "small.netpolicy"),
            });

        private static string Export => Read("small-gw1.json");

        /// <summary>The export without the deny of ops -> db tcp/22 (rule handle 12).</summary>
        private static string WithoutDeny
        {
            get
            {
                var json = Export;
                int at = json.IndexOf("{\"rule\": {\"family\": \"inet\", \"table\": \"policylang_gw\", \"chain\": \"forward\", \"handle\": 12,", System.StringComparison.Ordinal);
                Assert.True(at > 0);
                int end = json.IndexOf("]}}", at, System.StringComparison.Ordinal) + 3;
                if (json[end] == ',') end++;
                return json.Remove(at, end - at).Replace(", ]}", "]}");
            }
        }

        [Fact]
        public void Identical_exports_report_the_same_drift_once_per_device()
        {
            var text = WithoutDeny;
            var gw1 = new StateFile("state/gw/gw1.json", "gw1", text);
            var gw2 = new StateFile("state/gw/gw2.json", "gw2", text);
            var result = Verify(Pair(), "gw", gw1, gw2);
            Assert.Equal(new[] { "gw1", "gw2" }, result.Devices.Select(d => d.Device));
            var d1 = Assert.Single(result.Devices[0].Findings);
            var d2 = Assert.Single(result.Devices[1].Findings);
            Assert.Equal("gw1", d1.Device);
            Assert.Equal("gw2", d2.Device);
            Assert.Equal(d1.Span, d2.Span);
            Assert.Equal(d1.Responsible, d2.Responsible);
            Assert.Equal(d1.Witness, d2.Witness);
            Assert.Equal(new[] { "state/gw/gw1.json", "state/gw/gw2.json" }, result.Diagnostics.Select(x => x.Path));
            Assert.All(result.Diagnostics, x => Assert.Equal("NP6001", x.Id));
            Assert.Contains("gw2", result.Diagnostics[1].Message);
        }

        [Fact]
        public void A_pair_whose_exports_differ_is_compared_device_by_device()
        {
            var result = Verify(Pair(), "gw", new StateFile("state/gw/gw1.json", "gw1", Export), new StateFile("state/gw/gw2.json", "gw2", WithoutDeny));
            Assert.True(result.Devices[0].IsClean);
            var d = Assert.Single(result.Devices[1].Findings);
            Assert.Equal("gw2", d.Device);
            Assert.Equal("state/gw/gw2.json", Assert.Single(result.Diagnostics).Path);
        }

        [Fact]
        public void Identical_unreadable_exports_are_each_unreadable_at_the_same_position()
        {
            var text = Export.Substring(0, Export.Length / 2);
            var result = Verify(Pair(), "gw", new StateFile("state/gw/gw1.json", "gw1", text), new StateFile("state/gw/gw2.json", "gw2", text));
            Assert.Equal(2, result.Diagnostics.Count);
            Assert.All(result.Devices, d => Assert.Equal(DriftKind.Unreadable, Assert.Single(d.Findings).Kind));
            Assert.Equal(new[] { "gw1", "gw2" }, result.Devices.Select(d => d.Findings[0].Device));
            Assert.Equal(result.Diagnostics[0].Span, result.Diagnostics[1].Span);
            Assert.Equal(new[] { "state/gw/gw1.json", "state/gw/gw2.json" }, result.Diagnostics.Select(x => x.Path));
            Assert.Equal(Assert.Throws<StateReadException>(() => StateJson.Parse(text)).Offset, result.Diagnostics[0].Span.Start);
        }
    }
}
