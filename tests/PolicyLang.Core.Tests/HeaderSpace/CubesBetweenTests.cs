using System.Collections.Generic;
using System.Linq;
using CsCheck;
using PolicyLang.Analysis;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Semantics;
using Xunit;

namespace PolicyLang.Tests.HeaderSpace
{
    /// <summary>
    /// The fabric compiler takes the cubes of a flow's services without making their packet sets
    /// (<see cref="PacketSpace.AddCubesBetween"/>, <see cref="ServiceMatch.AddCubes"/>): the cubes, and their order, which
    /// decides the order of the ACL's entries, must be those the set enumerates.
    /// </summary>
    public class CubesBetweenTests
    {
        // Around the IPv4-mapped block (IPv6 addresses below it, such as ::1, come first), the ends of the space, and ordinary prefixes.
        private static readonly IpAddress128[] Anchors =
        {
            IpAddress128.Zero, new IpAddress128(0, 1), IpAddress128.MaxValue, IpAddress128.IPv4First, IpAddress128.IPv4Last,
            IpAddress128.IPv4First.Decrement(), IpAddress128.IPv4Last.Increment(), IpAddress128.FromIPv4(0x0A000000),
            new IpAddress128(0xFD00_0000_0000_0000UL, 0), new IpAddress128(0x2001_0DB8_0000_0000UL, 0),
        };

        private static readonly Gen<AddressRangeSet> Set =
            Gen.Frequency(
                (6, AddressGen.Sets(AddressGen.Near(Anchors, 200), 4)),
                (1, Gen.Const(AddressRangeSet.All)),
                (1, Gen.Const(AddressRangeSet.AllIPv4)));

        private static readonly ServiceMatch[] Services =
        {
            new ServiceMatch(6, new[] { new Interval(443, 443) }, null, null, default),
            new ServiceMatch(17, new[] { new Interval(53, 53), new Interval(5000, 5100) }, null, null, default),
            new ServiceMatch(null, null, null, null, default),
            new ServiceMatch(1, null, 8, null, default),
            new ServiceMatch(58, null, 128, 0, default),
            new ServiceMatch(6, new[] { new Interval(22, 22) }, null, null, default, new[] { new Interval(1024, 65535) }),
            new ServiceMatch(47, null, null, null, default),
        };

        [Fact]
        public void The_cubes_are_those_the_set_enumerates_in_its_order()
        {
            Gen.Select(Set, Set, Gen.Int[0, Services.Length - 1]).Sample((src, dst, k) =>
            {
                var service = Services[k];
                var cubes = new List<HeaderCube>();
                service.AddCubes(src, dst, cubes);
                var expected = service.ToPacketSet(src, dst).Cubes.ToList();
                return cubes.SequenceEqual(expected);
            }, iter: 5000);
        }

        /// <summary>A flow's packets are made from all its services at once (<see cref="ServiceMatch.UnionBetween"/>): the same
        /// diagram as the union of each service's set, for sets of either family or both and services of one family (ICMP).</summary>
        [Fact]
        public void The_services_united_at_once_are_the_union_of_each_services_set()
        {
            Gen.Select(Set, Set, Gen.Int[0, Services.Length - 1].Array[0, 6]).Sample((src, dst, picks) =>
            {
                var services = picks.Select(k => Services[k]).ToList();
                var expected = services.Aggregate(PacketSet.Empty, (acc, s) => acc.Union(s.ToPacketSet(src, dst)));
                var actual = ServiceMatch.UnionBetween(services, src, dst);
                return actual.Equals(expected) && actual.Cubes.SequenceEqual(expected.Cubes);
            }, iter: 3000);
        }

        [Fact]
        public void Sources_below_the_IPv4_block_put_the_IPv6_cube_first()
        {
            var any = new ServiceMatch(6, new[] { new Interval(443, 443) }, null, null, default);
            var everything = AddressRangeSet.All;
            var cubes = new List<HeaderCube>();
            any.AddCubes(everything, everything, cubes);
            Assert.Equal(2, cubes.Count);
            // ::/0 holds :: itself, below ::ffff:0.0.0.0.
            Assert.False(cubes[0].Src.Contains(IpAddress128.IPv4First));
            Assert.True(cubes[1].Src.Contains(IpAddress128.IPv4First));
            Assert.Equal(any.ToPacketSet(everything, everything).Cubes.ToList(), cubes);

            // IPv6 sources above the block only: the IPv4 cube first.
            var high = AddressRangeSet.FromPrefix(IpPrefix.Parse("fd00::/8")).Union(AddressRangeSet.FromPrefix(IpPrefix.Parse("10.0.0.0/8")));
            cubes.Clear();
            any.AddCubes(high, high, cubes);
            Assert.Equal(2, cubes.Count);
            Assert.True(cubes[0].Src.Contains(IpAddress128.FromIPv4(0x0A000001)));

            // A family with no destination gives no cube of its own; a service of one family, one cube at most.
            cubes.Clear();
            any.AddCubes(high, AddressRangeSet.FromPrefix(IpPrefix.Parse("10.0.0.0/8")), cubes);
            Assert.Single(cubes);
            cubes.Clear();
            new ServiceMatch(1, null, 8, null, default).AddCubes(everything, everything, cubes);
            Assert.Single(cubes);
        }
    }
}
