using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Checker
{
    /// <summary>
    /// Answers that are true only by accident: NP2008 through 'any', assertions over empty sides (NP3006), options
    /// a deny ignores (NP3007), a service listed twice (NP3008), and target validation that check must show (NP4xxx).
    /// </summary>
    public sealed class NoVacuousAnswersTests
    {
        private const string Rdma = "class rdma {\n  dscp 26\n  lossless\n}\n";

        private const string Fabric =
            "zone gpu {\n  segment rail {\n    subnet 10.0.0.0/24\n    mtu 9000\n  }\n}\n" +
            "zone storage {\n  segment nvme {\n    subnet 10.1.0.0/24\n    mtu 9000\n  }\n}\n" +
            "zone dev {\n  segment desk {\n    subnet 10.2.0.0/24\n    mtu 1500\n  }\n}\n";

        // ---- NP2008 through every endpoint form ----

        [Theory]
        [InlineData("allow any -> storage : udp/4791 class rdma\n", "dev.desk")]
        [InlineData("allow storage -> any : udp/4791 class rdma\n", "dev.desk")]
        [InlineData("allow dev -> storage.nvme : udp/4791 class rdma\n", "dev.desk")]
        [InlineData("allow dev.desk -> gpu : udp/4791 class rdma\n", "dev.desk")]
        public void NP2008_through_any_zone_and_segment_endpoints(string flow, string culprit)
        {
            var c = Compile(Rdma + Fabric + flow);
            var d = c.Single("NP2008");
            Assert.Contains(culprit + " has 1500", d.Message);
        }

        [Fact]
        public void NP2008_not_reported_when_every_segment_any_reaches_agrees()
        {
            var c = Compile(Rdma + Fabric.Replace("mtu 1500", "mtu 9000") + "allow any -> storage : udp/4791 class rdma\n");
            c.None("NP2008");
        }

        // ---- NP3006 vacuous assertions ----

        private const string Sides =
            "zone x {\n  segment s {\n    subnet 10.0.0.0/24\n  }\n}\n" +
            "zone y {\n  subnet 10.1.0.0/24\n}\n" +
            "zone z {\n  description \"no addresses yet\"\n}\n" +
            "allow x -> y : tcp/22\n";

        [Fact]
        public void Mtu_assertion_on_a_zone_without_segments_is_an_error()
        {
            var c = Compile(Sides + "assert mtu y >= 9000\n");
            c.Expect("NP3006", "assert mtu y >= 9000", "assertion checks nothing: mtu y >= 9000; zone 'y' has no segments");
            c.None("NP3003");
        }

        [Fact]
        public void Reachable_to_a_zone_without_addresses_is_an_error()
        {
            var c = Compile(Sides + "assert reachable x -> z : tcp/22\n");
            c.Expect("NP3006", "assert reachable x -> z : tcp/22", "assertion checks nothing: reachable x -> z : tcp/22; zone 'z' has no addresses");
        }

        [Fact]
        public void Reachable_on_icmpv6_between_ipv4_zones_is_an_error()
        {
            var c = Compile(Sides + "assert reachable x -> y : icmpv6\n");
            var d = c.Single("NP3006");
            Assert.Contains("icmpv6 is IPv6", d.Message);
        }

        [Fact]
        public void Never_and_isolated_over_empty_sides_are_errors()
        {
            var c = Compile(Sides + "assert never z -> x\nassert isolated z\n");
            Assert.Equal(2, c.All("NP3006").Count);
        }

        [Fact]
        public void Assertions_with_something_to_check_still_pass_or_fail_as_before()
        {
            var c = Compile(Sides + "assert never y -> x\nassert reachable x -> y : tcp/22\nassert mtu x <= 1500\n");
            c.None("NP3006");
            c.None("NP3003");
            c = Compile(Sides + "assert never x -> y\n");
            c.None("NP3006");
            c.Single("NP3003");
        }

        // ---- NP3007 options a deny ignores, NP3008 duplicate services ----

        [Fact]
        public void Class_and_rate_on_a_deny_are_warned_at_the_option()
        {
            var c = Compile("class gold {\n  dscp 46\n}\n" + TwoZones + "deny a -> b : tcp/22 class gold rate 10Mbps log\n");
            var ds = c.All("NP3007");
            Assert.Equal(2, ds.Count);
            Assert.Equal("class gold", c.SpanText(ds[0]));
            Assert.Equal("'class' has no effect on a deny: denied packets are dropped, never marked or queued", ds[0].Message);
            Assert.Equal("rate 10Mbps", c.SpanText(ds[1]));
            Assert.Equal(PolicyLang.Diagnostics.DiagnosticSeverity.Warning, ds[0].Severity);
        }

        [Fact]
        public void Log_on_a_deny_is_fine_and_options_on_an_allow_are_fine()
        {
            var c = Compile("class gold {\n  dscp 46\n}\n" + TwoZones + "deny a -> b : tcp/22 log\nallow b -> a : tcp/22 class gold rate 10Mbps\n");
            c.None("NP3007");
        }

        [Fact]
        public void A_service_listed_twice_in_a_flow_is_warned_at_the_repeat()
        {
            var c = Compile("service ssh = tcp/22\n" + TwoZones + "allow a -> b : ssh, tcp/443, ssh, tcp / 443\n");
            var ds = c.All("NP3008");
            Assert.Equal(2, ds.Count);
            c.AssertSpan(ds[0], "ssh", 1, prefix: "443, ");
            Assert.Equal("'ssh' is listed twice in this flow; the first is at column 16", ds[0].Message);
            Assert.Equal("tcp / 443", c.SpanText(ds[1]));
        }

        // ---- check shows what build would ----

        [Theory]
        [InlineData("target k kubernetes {\n  zones a, b\n}\n", "deny a -> b : tcp/22\nallow a -> b : tcp\n", "NP4001")]
        [InlineData("target v aws {\n  devices \"vpc-xyz\"\n  zones a, b\n}\n", "allow a -> b : tcp/22\n", "NP4252")]
        [InlineData("target e arista-eos {\n  devices \"bad name!\"\n  zones a, b\n}\n", "allow a -> b : tcp/22\n", "NP4108")]
        public void Target_validation_is_part_of_the_compilation_diagnostics(string target, string flow, string code)
        {
            var text = TwoZones.Replace("zone a {\n  subnet 10.0.0.0/24", "zone a {\n  segment s {\n    subnet 10.0.0.0/24\n    kubernetes namespace \"a\"\n  }")
                .Replace("zone b {\n  subnet 10.1.0.0/24", "zone b {\n  segment s {\n    subnet 10.1.0.0/24\n    kubernetes namespace \"b\"\n  }") + flow + target;
            var compilation = PolicyCompilation.Create(new[] { PolicySyntaxTree.Parse(text, "p.netpolicy") });
            Assert.DoesNotContain(compilation.PolicyDiagnostics, d => d.IsError);
            Assert.Contains(compilation.Diagnostics, d => d.Id == code && d.IsError);
            var build = PolicyBuilder.Build(new[] { compilation });
            Assert.Equal(build.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()), PolicyBuilder.Check(new[] { compilation }).Where(d => d.IsError).Select(d => d.ToString()));
        }
    }
}
