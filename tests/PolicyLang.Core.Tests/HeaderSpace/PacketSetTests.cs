using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using Xunit;

namespace PolicyLang.Tests.HeaderSpace
{
    public class PacketSetTests
    {
        private static IpPrefix[] P(params string[] prefixes) => prefixes.Select(IpPrefix.Parse).ToArray();

        private static IntervalSet Proto(ulong p) => IntervalSet.FromValues(new[] { p }, IntervalSet.ProtocolMax);

        private static IntervalSet Port(ulong lo, ulong hi) => IntervalSet.FromRange(lo, hi, IntervalSet.PortMax);

        private static IntervalSet Byte(ulong v) => IntervalSet.FromValues(new[] { v }, IntervalSet.IcmpMax);

        private static Packet Pkt(string src, string dst, byte proto, ushort port = 0, byte type = 0, byte code = 0) =>
            new Packet(IpAddress128.Parse(src), IpAddress128.Parse(dst), proto, port, type, code);

        [Fact]
        public void IrrelevantFieldsAreUnconstrained()
        {
            PacketSet ssh = PacketSet.FromMatch(null, null, Proto(6), Port(22, 22), null, null);
            Assert.True(ssh.Contains(Pkt("10.0.0.1", "2001:db8::1", 6, 22, type: 99, code: 7)));
            Assert.False(ssh.Contains(Pkt("10.0.0.1", "10.0.0.2", 17, 22)));

            PacketSet echo = PacketSet.FromMatch(null, null, Proto(1), null, Byte(8), null);
            Assert.True(echo.Contains(Pkt("10.0.0.1", "10.0.0.2", 1, port: 4242, type: 8, code: 3)));
            Assert.False(echo.Contains(Pkt("10.0.0.1", "10.0.0.2", 1, type: 0)));
            Assert.False(ssh.Overlaps(echo));
        }

        [Fact]
        public void EmptyAndAll()
        {
            Assert.True(PacketSet.Empty.IsEmpty);
            Assert.False(PacketSet.Empty.TryGetWitness(out _));
            Assert.Equal("none", PacketSet.Empty.ToString());
            Assert.True(PacketSet.All.IsAll);
            Assert.Equal(1, PacketSet.All.CubeCount);
            Assert.True(PacketSet.All.Complement().IsEmpty);
            Assert.True(PacketSet.Empty.Complement().IsAll);
            Assert.True(PacketSet.FromMatch(P(), null, null, null, null, null).IsEmpty);
            Assert.True(PacketSet.FromMatch(null, null, null, null, null, null).IsAll);
            Assert.True(PacketSet.FromMatch(P("::/0"), null, null, null, null, null).IsAll);
            Assert.False(PacketSet.FromMatch(P("0.0.0.0/0"), null, null, null, null, null).IsAll);
        }

        [Fact]
        public void WitnessReadsLikeACounterexample()
        {
            PacketSet db = PacketSet.FromMatch(P("10.60.0.0/16"), P("10.50.0.10/32"), Proto(6), Port(5432, 5432), null, null);
            PacketSet allowed = PacketSet.FromMatch(P("10.60.0.0/30"), P("10.50.0.0/24"), Proto(6), null, null, null);
            Assert.True(db.Except(allowed).TryGetWitness(out Packet w));
            Assert.Equal("10.60.0.4 -> 10.50.0.10 tcp/5432", w.ToString());
        }

        [Fact]
        public void WitnessPrefersIPv4AndWellKnownProtocols()
        {
            Assert.True(PacketSet.All.TryGetWitness(out Packet any));
            Assert.Equal("0.0.0.0 -> 0.0.0.0 tcp/0", any.ToString());

            PacketSet v6 = PacketSet.FromMatch(P("2001:db8::/32"), null, Proto(58), null, Byte(128), null);
            Assert.True(v6.TryGetWitness(out Packet w6));
            Assert.Equal("2001:db8:: -> :: icmpv6 type 128 code 0", w6.ToString());

            PacketSet gre = PacketSet.FromMatch(P("192.0.2.1/32"), P("198.51.100.0/24"), Proto(47), null, null, null);
            Assert.True(gre.TryGetWitness(out Packet wg));
            Assert.Equal("192.0.2.1 -> 198.51.100.0 proto 47", wg.ToString());

            PacketSet icmp = PacketSet.FromMatch(P("10.0.0.1/32"), P("10.0.0.2/32"), Proto(1), null, Byte(8), null);
            Assert.True(icmp.TryGetWitness(out Packet wi));
            Assert.Equal("10.0.0.1 -> 10.0.0.2 icmp type 8 code 0", wi.ToString());
        }

        [Fact]
        public void ShadowingAndOverlapQueries()
        {
            PacketSet broad = PacketSet.FromMatch(P("10.0.0.0/8"), P("10.50.0.0/16"), Proto(6), null, null, null);
            PacketSet narrow = PacketSet.FromMatch(P("10.60.0.0/16"), P("10.50.0.10/32"), Proto(6), Port(5432, 5432), null, null);
            PacketSet other = PacketSet.FromMatch(P("10.60.0.0/16"), P("10.50.0.10/32"), Proto(17), Port(53, 53), null, null);
            Assert.True(narrow.IsSubsetOf(broad));
            Assert.False(broad.IsSubsetOf(narrow));
            Assert.True(broad.IsSupersetOf(narrow));
            Assert.False(other.IsSubsetOf(broad));
            Assert.False(other.Overlaps(broad));
            Assert.True(narrow.IsSubsetOf(PacketSet.UnionAll(new[] { other, broad })));
            Assert.True(broad.Union(narrow).SetEquals(broad));
        }

        [Fact]
        public void AdjacentMatchesMergeIntoOneCube()
        {
            PacketSet a = PacketSet.FromMatch(P("10.0.0.0/25"), null, Proto(6), Port(80, 80), null, null);
            PacketSet b = PacketSet.FromMatch(P("10.0.0.128/25"), null, Proto(6), Port(80, 80), null, null);
            PacketSet c = PacketSet.FromMatch(P("10.0.0.0/24"), null, Proto(6), Port(81, 90), null, null);
            PacketSet u = PacketSet.UnionAll(new[] { a, b, c });
            Assert.Equal(1, u.CubeCount);
            HeaderCube cube = u.Cubes.Single();
            Assert.Equal(new[] { IpPrefix.Parse("10.0.0.0/24") }, cube.Src.ToPrefixes());
            Assert.Equal(new[] { new Interval(80, 90) }, cube.DstPorts.Ranges);
        }

        [Fact]
        public void CubeEnumerationIsInCanonicalOrder()
        {
            PacketSet s = PacketSet.FromMatch(P("10.0.0.0/24"), P("10.9.0.0/16"), Proto(6), Port(443, 443), null, null)
                .Union(PacketSet.FromMatch(P("10.0.0.0/25"), P("10.9.0.0/16"), Proto(17), Port(53, 53), null, null));
            string[] text = s.Cubes.Select(c => c.ToString()).ToArray();
            Assert.Equal(
                new[]
                {
                    "{src 10.0.0.0/25 dst 10.9.0.0/16 proto 6 dport 443 icmp-type any icmp-code any}",
                    "{src 10.0.0.0/25 dst 10.9.0.0/16 proto 17 dport 53 icmp-type any icmp-code any}",
                    "{src 10.0.0.128/25 dst 10.9.0.0/16 proto 6 dport 443 icmp-type any icmp-code any}",
                },
                text);
        }
    }
}
