using System.Linq;
using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Checker
{
    /// <summary>
    /// Diagnostics that cite another flow name it when it has a name, and always give where it is written (and the related
    /// location): NP3001, NP3002, NP3009, and the flow that decides a packet in NP3003 and NP3004. Flows start on line 7.
    /// </summary>
    public sealed class FlowCitationTests
    {
        [Fact]
        public void NP3002_names_the_deny_it_overlaps()
        {
            var c = Compile(TwoZones + "deny a -> b : tcp/22 name no-ssh\nallow a -> b : tcp/20-30\n");
            var d = c.Expect("NP3002", "allow a -> b : tcp/20-30",
                "this allow overlaps the deny 'no-ssh' at p.netpolicy(7,1); the deny wins for traffic such as 10.0.0.10 -> 10.1.0.10 tcp/22");
            AssertRelatedIsLine(c, d, "deny a -> b : tcp/22 name no-ssh");
        }

        [Fact]
        public void NP3009_names_the_flow_it_repeats()
        {
            var c = Compile(TwoZones + "allow a -> b : tcp/80 name web\nallow a -> b : tcp/80\n");
            var d = c.Expect("NP3009", "allow a -> b : tcp/80",
                "this flow repeats the flow 'web' at p.netpolicy(7,1): same action, endpoints, services and treatment, so it decides no packet (they differ only in name)", occurrence: 2);
            AssertRelatedIsLine(c, d, "allow a -> b : tcp/80 name web");
        }

        [Fact]
        public void NP3009_says_what_else_a_repeat_differs_in()
        {
            var c = Compile(TwoZones + "allow a -> b : tcp/80 name web log prefix \"W\"\nallow a -> b : tcp/80 name web2 count log prefix \"X\" level warning\n");
            Assert.EndsWith("so it decides no packet (they differ only in name, count, log prefix, log level); its count counts nothing of its own: put count on the first flow",
                c.Single("NP3009").Message);
        }

        [Fact]
        public void NP3001_names_the_flows_that_cover_it_and_places_the_ones_without_a_name()
        {
            var wide = Compile(TwoZones + "allow a -> b : tcp name all-tcp\nallow a -> b : tcp/443\n");
            wide.Expect("NP3001", "allow a -> b : tcp/443",
                "this allow never takes effect: everything it matches is already matched by the allow 'all-tcp' at p.netpolicy(7,1)");

            var union = Compile(TwoZones + "allow a -> b : tcp/80-85 name low\nallow a -> b : tcp/86-90\nallow a -> b : tcp/83-88\n");
            union.Expect("NP3001", "allow a -> b : tcp/83-88",
                "this allow never takes effect: everything it matches is already matched by the allow 'low' at p.netpolicy(7,1), the allow at p.netpolicy(8,1)");
        }

        [Fact]
        public void NP3003_and_NP3004_name_the_flow_that_decides_the_packet()
        {
            var c = Compile(TwoZones + "allow a -> b : tcp/22 name ssh\nassert never a -> b : tcp/22\n"
                + "test \"t\" {\n  expect deny 10.0.0.5 -> 10.1.0.5 tcp/22\n  expect allow 10.0.0.5 -> 10.1.0.5 tcp/23\n}\n");
            Assert.Equal("assertion fails: never a -> b : tcp/22: 10.0.0.10 -> 10.1.0.10 tcp/22 is allowed by the flow 'ssh' at p.netpolicy(7,1) (allow a -> b : tcp/22 name ssh)",
                c.Single("NP3003").Message);
            var tests = c.All("NP3004").Select(d => d.Message).ToList();
            Assert.Contains("test 't': expected deny for 10.0.0.5 -> 10.1.0.5 tcp/22, but the policy allows it by the flow 'ssh' at p.netpolicy(7,1) (allow a -> b : tcp/22 name ssh)", tests);
            Assert.Contains("test 't': expected allow for 10.0.0.5 -> 10.1.0.5 tcp/23, but the policy denies it by the default action", tests);
        }

        [Fact]
        public void NP3013_names_the_quarantine_flow_that_denies_the_packet()
        {
            var c = Compile(TwoZones + "allow a -> b : tcp/22\ntest \"t\" {\n  expect allow 10.0.0.5 -> 10.1.0.5 tcp/22\n}\nquarantine 10.0.0.5\n");
            Assert.EndsWith("cuts it off while it lasts: the policy denies it by the flow 'quarantine-10-0-0-5-out' at p.netpolicy(11,1) "
                + "(deny 10.0.0.5 -> any : any name quarantine-10-0-0-5-out)", c.Single("NP3013").Message);
        }

        private static void AssertRelatedIsLine(Compiled c, PolicyLang.Diagnostics.Diagnostic d, string flow)
        {
            var related = Assert.Single(d.Related);
            Assert.Equal(flow, c.Sources[related.Path].Substring(related.Span.Start, related.Span.Length));
        }
    }
}
