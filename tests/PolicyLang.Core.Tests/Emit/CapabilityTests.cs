using System.Collections.Generic;
using System.Linq;
using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Platforms;
using Xunit;

namespace PolicyLang.Tests.Emit
{
    /// <summary>A backend that cannot express an intent makes it an error at the intent's span, never a dropped rule.</summary>
    public sealed class CapabilityTests
    {
        private sealed class AllowOnlyBackend : IBackend
        {
            public PlatformDescription Description { get; } = new PlatformDescription("nftables", "allow-only", PlatformKind.Host,
                PlatformCapabilities.IPv6 | PlatformCapabilities.Icmp | PlatformCapabilities.AnyProtocol);
            public void Validate(TargetContext context) { }
            public IReadOnlyList<Artifact> Emit(TargetContext context) => new Artifact[0];
        }

        [Fact]
        public void Each_inexpressible_intent_is_reported_at_its_own_span()
        {
            const string text =
                "zone a {\n  subnet 10.1.0.0/16\n}\nzone b {\n  subnet 10.2.0.0/16\n}\n" +
                "class c {\n  dscp 10\n}\n" +
                "deny a -> b : tcp/23\n" +
                "allow a -> b : tcp/22 class c log\n" +
                "allow b -> a : tcp/80 rate 100Mbps\n" +
                "target t nftables {\n  zones a, b\n}\n";
            var compilation = EmitTestHelper.Compile(text);
            Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);
            var diagnostics = new List<Diagnostic>();
            var context = new TargetContext(compilation, compilation.Model.Targets[0], diagnostics);
            TargetValidator.Validate(new AllowOnlyBackend(), context);

            var found = diagnostics.Select(d => (d.Id, text.Substring(d.Span.Start, d.Span.Length), d.Message)).ToList();
            Assert.Contains(("NP4001", "deny a -> b : tcp/23", "target 't' (nftables) cannot express a deny flow: the platform only allows"), found);
            Assert.Contains(("NP4001", "allow a -> b : tcp/22 class c log", "target 't' (nftables) cannot express class 'c': the platform cannot mark or queue traffic"), found);
            Assert.Contains(("NP4001", "allow a -> b : tcp/22 class c log", "target 't' (nftables) cannot express log: the platform cannot log matches"), found);
            Assert.Contains(("NP4001", "100Mbps", "target 't' (nftables) cannot express rate 100000000bps: the platform has no such rate limit"), found);
            Assert.Equal(4, diagnostics.Count);
        }

        /// <summary>
        /// Class marking an AWS target cannot do is done by another target of the policy that can and carries the flow: one with
        /// either of its zones, or any target that can when the flow has an 'any' side. A capable target of other zones does not count.
        /// </summary>
        [Theory]
        [InlineData("allow a -> b : tcp/22 class c", "a", false)]
        [InlineData("allow a -> b : tcp/22 class c", "b", false)]
        [InlineData("allow a -> b : tcp/22 class c", "x", true)]
        [InlineData("allow any -> b : tcp/22 class c", "x", false)]
        [InlineData("allow a -> any : tcp/22 class c", "x", false)]
        [InlineData("allow a -> b : tcp/22 class c", null, true)]
        public void A_mark_the_platform_cannot_make_is_an_error_unless_another_target_carries_the_flow(string flow, string? gatewayZone, bool error)
        {
            var text =
                "zone a {\n  subnet 10.1.0.0/16\n}\nzone b {\n  subnet 10.2.0.0/16\n}\nzone x {\n  subnet 10.3.0.0/16\n}\n" +
                "class c {\n  dscp 10\n}\n" + flow + "\n" +
                "target cloud aws {\n  devices \"vpc-0a1b2c3d\"\n  zones a, b\n}\n" +
                (gatewayZone == null ? "" : "target gw nftables {\n  devices \"gw1\"\n  zones " + gatewayZone + "\n}\n");
            var result = EmitTestHelper.Build(text);
            var marks = result.Diagnostics.Where(d => d.Id == "NP4001" && d.Message.Contains("class 'c'")).ToList();
            if (error)
                Assert.Equal("target 'cloud' (aws) cannot express class 'c': the platform cannot mark or queue traffic", Assert.Single(marks).Message);
            else
                Assert.Empty(marks);
        }
    }
}
