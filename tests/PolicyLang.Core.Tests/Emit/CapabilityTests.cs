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
    }
}
