using System;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using Xunit;

namespace PolicyLang.Tests.HeaderSpace
{
    public class RangeSetTests
    {
        private static IntervalSet Ports(params (ulong Start, ulong End)[] ranges) =>
            IntervalSet.FromRanges(ranges.Select(r => new Interval(r.Start, r.End)), IntervalSet.PortMax);

        [Fact]
        public void IntervalsAreSortedMergedAndCoalesced()
        {
            IntervalSet s = Ports((20, 30), (5, 7), (8, 10), (25, 40), (100, 100), (6, 6));
            Assert.Equal(new[] { new Interval(5, 10), new Interval(20, 40), new Interval(100, 100) }, s.Ranges);
            Assert.Equal("5-10,20-40,100", s.ToString());
            Assert.Equal(s, Ports((100, 100), (5, 10), (20, 40)));
            Assert.Equal(s.GetHashCode(), Ports((100, 100), (5, 10), (20, 40)).GetHashCode());
            Assert.Equal(28UL, s.Count);
        }

        [Fact]
        public void IntervalAlgebra()
        {
            IntervalSet a = Ports((0, 10), (20, 30));
            IntervalSet b = Ports((5, 25));
            Assert.Equal(Ports((0, 30)), a.Union(b));
            Assert.Equal(Ports((5, 10), (20, 25)), a.Intersect(b));
            Assert.Equal(Ports((0, 4), (26, 30)), a.Except(b));
            Assert.Equal(Ports((11, 19), (31, 65535)), a.Complement());
            Assert.True(a.Union(a.Complement()).IsFull);
            Assert.True(a.Intersect(a.Complement()).IsEmpty);
            Assert.True(IntervalSet.Full(IntervalSet.PortMax).Complement().IsEmpty);
            Assert.Equal(IntervalSet.Full(IntervalSet.PortMax), IntervalSet.Empty(IntervalSet.PortMax).Complement());
            Assert.True(a.Contains(30));
            Assert.False(a.Contains(31));
            Assert.False(a.Contains(70000));
            Assert.True(Ports((65535, 65535)).Union(Ports((0, 65534))).IsFull);
        }

        [Fact]
        public void MixingUniversesIsRejected()
        {
            IntervalSet ports = IntervalSet.Full(IntervalSet.PortMax);
            IntervalSet protocols = IntervalSet.Full(IntervalSet.ProtocolMax);
            Assert.Throws<ArgumentException>(() => ports.Union(protocols));
            Assert.NotEqual(ports, IntervalSet.FromRange(0, 255, IntervalSet.PortMax));
            Assert.Throws<ArgumentOutOfRangeException>(() => IntervalSet.FromRange(0, 256, IntervalSet.ProtocolMax));
        }

        [Fact]
        public void AddressSetsMergeAdjacentPrefixes()
        {
            AddressRangeSet s = AddressRangeSet.FromPrefixes(new[]
            {
                IpPrefix.Parse("10.0.1.0/24"), IpPrefix.Parse("10.0.0.0/24"), IpPrefix.Parse("10.0.2.0/23"),
            });
            Assert.Single(s.Ranges);
            Assert.Equal(new[] { IpPrefix.Parse("10.0.0.0/22") }, s.ToPrefixes());
            Assert.Equal("10.0.0.0/22", s.ToString());
        }

        [Fact]
        public void PrefixCoverIsMinimalAndDeterministic()
        {
            AddressRangeSet s = AddressRangeSet.FromRange(IpAddress128.Parse("10.0.0.1"), IpAddress128.Parse("10.0.0.6"));
            Assert.Equal(new[] { "10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32" }, s.ToPrefixes().Select(p => p.ToString()));

            Assert.Equal(new[] { "::/0" }, AddressRangeSet.All.ToPrefixes().Select(p => p.ToString()));
            Assert.Equal(new[] { "0.0.0.0/0" }, AddressRangeSet.AllIPv4.ToPrefixes().Select(p => p.ToString()));
            Assert.Empty(AddressRangeSet.Empty.ToPrefixes());

            // Everything except IPv4: the cover straddles the mapped block on both sides.
            string[] notV4 = AddressRangeSet.AllIPv4.Complement().ToPrefixes().Select(p => p.ToString()).ToArray();
            Assert.Equal("::/81", notV4[0]);
            Assert.Contains("::fffe:0:0/96", notV4);
            Assert.Equal(AddressRangeSet.AllIPv4.Complement(), AddressRangeSet.FromPrefixes(notV4.Select(IpPrefix.Parse)));
            Assert.Contains("::1:0:0:0/80", notV4);
            Assert.Equal("8000::/1", notV4[notV4.Length - 1]);

            AddressRangeSet top = AddressRangeSet.FromRange(IpAddress128.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"), IpAddress128.MaxValue);
            Assert.Equal(new[] { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127" }, top.ToPrefixes().Select(p => p.ToString()));
        }

        [Fact]
        public void PrefixCoverRoundTripsRandomRanges()
        {
            var random = new Random(42);
            for (int n = 0; n < 500; n++)
            {
                ulong a = (ulong)random.Next() << 20 ^ (ulong)random.Next();
                ulong b = a + (ulong)random.Next(0, 1 << 20);
                var range = AddressRangeSet.FromRange(new IpAddress128(7, a), new IpAddress128(7, b));
                var cover = range.ToPrefixes();
                Assert.Equal(range, AddressRangeSet.FromPrefixes(cover));

                // Minimal: no two consecutive prefixes could be replaced by their common parent.
                for (int i = 1; i < cover.Count; i++)
                {
                    Assert.True(cover[i - 1].Last.Low + 1 == cover[i].First.Low);
                    bool siblings = cover[i - 1].Length == cover[i].Length
                        && new IpPrefix(cover[i - 1].Address, cover[i].Length - 1).Equals(new IpPrefix(cover[i].Address, cover[i].Length - 1));
                    Assert.False(siblings);
                }
            }
        }

        [Fact]
        public void AddressAlgebraAcrossFamilies()
        {
            AddressRangeSet any = AddressRangeSet.FromPrefix(IpPrefix.Parse("::/0"));
            Assert.True(any.IsFull);
            AddressRangeSet v6Only = any.Except(AddressRangeSet.AllIPv4);
            Assert.False(v6Only.Contains(IpAddress128.Parse("10.0.0.1")));
            Assert.True(v6Only.Contains(IpAddress128.Parse("2001:db8::1")));
            Assert.True(v6Only.Union(AddressRangeSet.AllIPv4).IsFull);
            Assert.Equal(2, v6Only.Ranges.Count);
            Assert.Equal(AddressRangeSet.AllIPv4, v6Only.Complement());
        }
    }
}
