using System.Linq;
using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Checker
{
    /// <summary>Class rules: shared DSCP (NP2010), lossless classes per target (NP2012), bandwidth over 100% (NP2013),
    /// ECN thresholds (NP2014).</summary>
    public sealed class ClassTests
    {
        /// <summary>Declares classes and one flow per class (distinct ports) so that none is unused.</summary>
        private static string WithFlows(params (string Name, string Body)[] classes) =>
            TwoZones
            + string.Concat(classes.Select(x => "class " + x.Name + " {\n" + x.Body + "}\n"))
            + string.Concat(classes.Select((x, i) => "allow a -> b : tcp/" + (1000 + i) + " class " + x.Name + "\n"));

        // ---- NP2010 two classes share a DSCP ----

        [Fact]
        public void NP2010_named_dscp_equal_to_an_earlier_number()
        {
            var c = Compile(WithFlows(("rdma", "  dscp 26\n"), ("storage", "  dscp af31\n")));
            c.Expect("NP2010", "af31", "DSCP 26 is already used by class 'rdma' at p.netpolicy(8,8)");
        }

        [Fact]
        public void NP2010_every_later_alias_of_zero_is_reported_against_the_first()
        {
            var c = Compile(WithFlows(("x", "  dscp 0\n"), ("y", "  dscp be\n"), ("z", "  dscp default\n")));
            var found = c.All("NP2010");
            Assert.Equal(new[] { "be", "default" }, found.Select(c.SpanText).ToArray());
            Assert.All(found, d => Assert.Equal("DSCP 0 is already used by class 'x' at p.netpolicy(8,8)", d.Message));
        }

        [Fact]
        public void NP2010_not_reported_for_distinct_dscps_sharing_a_queue()
        {
            var c = Compile(WithFlows(("rdma", "  dscp 26\n  queue 3\n"), ("storage", "  dscp af32\n  queue 3\n"), ("control", "  dscp cs6\n")));
            c.None("NP2010");
            c.Clean();
        }

        // ---- NP2012 too many lossless classes ----

        /// <summary>
        /// Fails today: NP2012 is in the catalog but no rule reports it. Three lossless classes enforced by a switch
        /// target exceed the two no-drop priorities the README describes.
        /// </summary>
        [Fact]
        public void NP2012_three_lossless_classes_on_a_switch_target()
        {
            var c = Compile(WithFlows(("rdma", "  dscp 26\n  pcp 3\n  lossless\n"), ("rdma2", "  dscp 28\n  pcp 4\n  lossless\n"), ("rdma3", "  dscp 30\n  pcp 5\n  lossless\n"))
                + "target fabric arista-eos {\n  zones a, b\n}\n");
            c.Expect("NP2012", "arista-eos", "3 lossless classes, but target 'fabric' (arista-eos) supports at most 2");
        }

        [Fact]
        public void NP2012_not_reported_for_two_lossless_classes()
        {
            var c = Compile(WithFlows(("rdma", "  dscp 26\n  pcp 3\n  lossless\n"), ("rdma2", "  dscp 28\n  pcp 4\n  lossless\n"))
                + "target fabric arista-eos {\n  zones a, b\n}\n");
            c.None("NP2012");
            c.Clean();
        }

        /// <summary>
        /// Only the classes of flows the target enforces count: flows with an endpoint in its zones, or from or to 'any'. The
        /// third class's flow is between zones the target does not hold; a fourth from 'any' counts for both targets.
        /// </summary>
        [Fact]
        public void NP2012_counts_the_classes_of_the_flows_a_target_enforces()
        {
            var classes = string.Concat(new[] { ("rdma", 26, 3), ("rdma2", 28, 4), ("rdma3", 30, 5) }
                .Select(x => "class " + x.Item1 + " {\n  dscp " + x.Item2 + "\n  pcp " + x.Item3 + "\n  lossless\n}\n"));
            var zones = TwoZones + "zone c {\n  subnet 10.2.0.0/24\n}\nzone d {\n  subnet 10.3.0.0/24\n}\n";
            var flows = "allow a -> b : tcp/1000 class rdma\nallow b -> a : tcp/1001 class rdma2\nallow c -> d : tcp/1002 class rdma3\n";
            var targets = "target fabric arista-eos {\n  zones a, b\n}\ntarget other arista-eos {\n  zones c, d\n}\n";
            Compile(classes + zones + flows + targets).None("NP2012");
            var c = Compile(classes + zones + flows + "allow any -> d : tcp/1003 class rdma3\n" + targets);
            c.Expect("NP2012", "arista-eos", "3 lossless classes, but target 'fabric' (arista-eos) supports at most 2");
        }

        // ---- NP2013 bandwidth shares over 100% ----

        [Fact]
        public void NP2013_reported_at_the_last_share_and_lists_every_share()
        {
            var c = Compile(WithFlows(("gold", "  dscp 34\n  bandwidth 60%\n"), ("silver", "  dscp 18\n  bandwidth 30%\n"), ("bronze", "  dscp 10\n  bandwidth 20%\n")));
            c.Expect("NP2013", "20%", "bandwidth shares add up to 110%, more than 100%: gold 60%, silver 30%, bronze 20%");
        }

        [Fact]
        public void NP2013_not_reported_at_exactly_100_percent()
        {
            var c = Compile(WithFlows(("gold", "  dscp 34\n  bandwidth 60%\n"), ("silver", "  dscp 18\n  bandwidth 40%\n"), ("besteffort", "  dscp 0\n")));
            c.None("NP2013");
            c.Clean();
        }

        // ---- NP2014 ECN minimum above maximum ----

        [Fact]
        public void NP2014_minimum_above_maximum_reported_at_the_minimum()
        {
            var c = Compile(WithFlows(("rdma", "  dscp 26\n  ecn {\n    min 2MB\n    max 1500KB\n    probability 20%\n  }\n")));
            // The message quotes both thresholds as written.
            c.Expect("NP2014", "2MB", "ECN minimum threshold 2MB is larger than the maximum 1500KB");
        }

        [Theory]
        [InlineData("150KB", "1500KB")]
        [InlineData("1MB", "1024KB")]
        public void NP2014_not_reported_when_minimum_is_at_most_maximum(string min, string max)
        {
            var c = Compile(WithFlows(("rdma", "  dscp 26\n  ecn {\n    min " + min + "\n    max " + max + "\n  }\n")));
            c.None("NP2014");
            c.Clean();
        }
    }
}
