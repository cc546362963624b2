using System.Collections.Generic;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit;
using PolicyLang.Emit.Fabric;
using Xunit;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>
    /// The hole layout of return entries (denies of the holes with <c>established</c>, then one return entry to any) on
    /// concrete packets, first match: it admits the replies, drops replies to the holes, and never cuts into a connection
    /// the segments opened themselves, whatever its ports.
    /// </summary>
    public sealed class AclLayoutTests
    {
        private const string Policy =
            "policy p {\n  default deny\n}\n" +
            "external internet {\n  subnet 0.0.0.0/0\n}\n" +
            "zone a {\n  segment s1 {\n    vlan 110\n    subnet 10.1.0.0/16\n  }\n}\n" +
            "zone b {\n  segment s2 {\n    vlan 120\n    subnet 10.2.0.0/16\n  }\n}\n" +
            "zone c {\n  segment s3 {\n    vlan 130\n    subnet 10.3.0.0/16\n  }\n}\n" +
            "allow internet -> a : tcp/1-65535\n" +
            "allow a -> b : tcp/443\n" +
            "target t arista-eos {\n  zones a, b\n  device \"leaf1\" {\n    interface \"Ethernet1\" carries a\n    interface \"Ethernet2\" carries b\n  }\n}\n";

        private static IReadOnlyList<AclEntry> AclOfA()
        {
            var compilation = EmitTestHelper.Compile(Policy);
            Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
            var target = compilation.Model.FindTarget("t")!;
            var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
            var device = FabricModelBuilder.Build(context, FabricDeviceFacts.From(target.DeviceFacts[0]), 100);
            return device.AclGroups.Single(g => g.Segments.Contains("a.s1")).V4!.Entries;
        }

        private static bool In(IReadOnlyList<IpPrefix>? prefixes, string address)
        {
            if (prefixes == null) return true;
            var a = IpPrefix.Parse(address).First;
            return prefixes.Any(p => p.First <= a && a <= p.Last);
        }

        private static bool In(IReadOnlyList<Interval>? ports, int port) => ports == null || ports.Any(r => r.Start <= (ulong)port && (ulong)port <= r.End);

        /// <summary>The action of the first entry a TCP packet matches (an ACK packet when <paramref name="ack"/>).</summary>
        private static AclAction FirstMatch(IReadOnlyList<AclEntry> entries, string src, int sport, string dst, int dport, bool ack)
        {
            foreach (var e in entries)
            {
                if (e.Protocol != null && e.Protocol != 6) continue;
                if (!In(e.Sources, src) || !In(e.Destinations, dst) || !In(e.SourcePorts, sport) || !In(e.DestinationPorts, dport)) continue;
                if (e.Established && !ack) continue;
                return e.Action;
            }
            return AclAction.Deny;
        }

        [Fact]
        public void Return_hole_blocks_admit_replies_and_never_cut_into_connections_the_segments_open()
        {
            var entries = AclOfA();
            // The layout under test is there: a deny of a hole with established, then a return entry to any.
            Assert.Contains(entries, e => e.Action == AclAction.Deny && e.Established);
            Assert.Contains(entries, e => e.Action == AclAction.Permit && e.Established && e.Destinations == null);

            // Replies to internet clients pass; a reply-looking packet to zone c (a hole, never allowed in) does not.
            Assert.Equal(AclAction.Permit, FirstMatch(entries, "10.1.0.5", 22, "198.51.100.7", 40000, ack: true));
            Assert.Equal(AclAction.Deny, FirstMatch(entries, "10.1.0.5", 22, "10.3.0.5", 40000, ack: true));

            // a -> b on 443 is allowed: its first packet and every later one (ACK set, an ephemeral source port that the
            // return entries' 1-65535 covers) pass, because the hole denies come after the permits.
            Assert.Equal(AclAction.Permit, FirstMatch(entries, "10.1.0.5", 40000, "10.2.0.5", 443, ack: false));
            Assert.Equal(AclAction.Permit, FirstMatch(entries, "10.1.0.5", 40000, "10.2.0.5", 443, ack: true));
            // Anything else from a to b is not.
            Assert.Equal(AclAction.Deny, FirstMatch(entries, "10.1.0.5", 40000, "10.2.0.5", 80, ack: false));
        }
    }
}
