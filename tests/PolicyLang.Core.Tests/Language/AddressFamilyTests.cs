using System.Linq;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;
using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Language
{
    /// <summary>
    /// IPv6 prefixes written in a policy hold IPv6 addresses only (docs/architecture.md, "Address families"): the header
    /// space keeps IPv4 in ::ffff:0:0/96, which ::/0 and ::/8 span, but no platform matches an IPv4 packet with an IPv6
    /// prefix, so the language does not either.
    /// </summary>
    public sealed class AddressFamilyTests
    {
        private static readonly IpAddress128 V4 = IpAddress128.Parse("10.1.2.3");

        [Fact]
        public void An_ipv6_zone_spanning_the_mapped_block_owns_no_ipv4_address_and_overlaps_no_ipv4_zone()
        {
            var c = Compile("zone v6 {\n  subnet ::/8\n}\nzone v4 {\n  subnet 10.0.0.0/8\n}\nallow v6 -> v4 : tcp/22\n");
            // No overlap (NP2006); the flow between an IPv6 zone and an IPv4 zone matches nothing, and says so.
            Assert.Equal(new[] { "NP3005" }, c.Diagnostics.Select(d => d.Id).ToArray());
            var zones = c.Compilation.Model.Zones;
            Assert.False(c.Compilation.Addresses.Of(zones.Single(z => z.Name == "v6")).Contains(V4));
            Assert.True(c.Compilation.Addresses.Of(zones.Single(z => z.Name == "v6")).Contains(IpAddress128.Parse("::1")));
            Assert.True(c.Compilation.Addresses.Of(zones.Single(z => z.Name == "v4")).Contains(V4));
            // The flow holds no IPv4 packet: its source zone has no IPv4 address.
            Assert.False(c.Compilation.Flows.Of(c.Compilation.Model.Flows[0]).Overlaps(PacketSpace.Between(AddressRangeSet.AllIPv4, AddressRangeSet.AllIPv4)));
        }

        [Fact]
        public void Prefix_lists_endpoints_and_except_read_an_ipv6_prefix_as_ipv6_only()
        {
            var c = Compile("zone a {\n  subnet 10.0.0.0/8, ::/0\n}\nzone b {\n  subnet 192.168.0.0/16\n}\n"
                + "prefixes six = ::/0\nallow six -> b : tcp/22\nallow a except ::/0 -> b : tcp/80\n");
            // ::/0 toward an IPv4-only zone matches nothing: it holds no IPv4 source.
            Assert.Equal("allow six -> b : tcp/22", c.SpanText(c.Single("NP3005")));
            Assert.Single(c.Diagnostics);
            var flows = c.Compilation.Model.Flows;
            var six = c.Compilation.Flows.Of(flows[0]);
            Assert.False(six.Overlaps(PacketSpace.Between(AddressRangeSet.AllIPv4, AddressRangeSet.All)));
            // 'a except ::/0' leaves exactly a's IPv4 addresses.
            var v4Only = c.Compilation.Flows.Of(flows[1]);
            Assert.True(v4Only.Contains(new Packet(V4, IpAddress128.Parse("192.168.1.1"), Packet.Tcp, 80, 0, 0)));
        }

        private static IpPrefix Prefix(string text)
        {
            Assert.True(IpPrefix.TryParse(text, out var p, out _));
            return p;
        }

        [Fact]
        public void A_prefix_written_in_the_mapped_block_is_the_ipv4_block_it_spells()
        {
            var set = PacketSpace.FamilyMatch(new[] { Prefix("::ffff:10.0.0.0/104"), Prefix("2001:db8::/32") });
            Assert.True(set.Contains(V4));
            Assert.True(set.Contains(IpAddress128.Parse("2001:db8::1")));
            Assert.False(set.Contains(IpAddress128.Parse("11.0.0.1")));
        }
    }
}
