using System.Linq;
using CsCheck;
using PolicyLang.Analysis.HeaderSpace;
using Xunit;

namespace PolicyLang.Tests.HeaderSpace
{
    /// <summary>The fabric compiler counts the prefixes of a set's holes without building them; the count must be exact.</summary>
    public class GapPrefixCountTests
    {
        // Addresses near the ends of the space and around the IPv4-mapped block, where carries and alignment go wrong first.
        private static readonly IpAddress128[] Anchors =
        {
            IpAddress128.Zero, IpAddress128.MaxValue, IpAddress128.IPv4First, IpAddress128.IPv4Last,
            new IpAddress128(0, 1UL << 63), new IpAddress128(1, 0), new IpAddress128(ulong.MaxValue, 0),
        };

        private static readonly Gen<IpAddress128> Address =
            Gen.Frequency(
                (3, Gen.Int[0, Anchors.Length - 1].Select(i => Anchors[i])),
                (3, Gen.Select(Gen.Int[0, Anchors.Length - 1], Gen.Long[-300, 300]).Select((i, d) => Offset(Anchors[i], d))),
                (1, Gen.Select(Gen.ULong, Gen.ULong).Select((h, l) => new IpAddress128(h, l))));

        private static IpAddress128 Offset(IpAddress128 a, long d)
        {
            for (long k = 0; k < System.Math.Abs(d); k++)
            {
                if (d > 0 && a == IpAddress128.MaxValue) break;
                if (d < 0 && a == IpAddress128.Zero) break;
                a = d > 0 ? a.Increment() : a.Decrement();
            }
            return a;
        }

        private static readonly Gen<AddressRangeSet> Set =
            Gen.Select(Address, Address).Array[0, 6].Select(pairs => AddressRangeSet.FromRanges(pairs.Select(p =>
                p.Item1 <= p.Item2 ? new AddressRange(p.Item1, p.Item2) : new AddressRange(p.Item2, p.Item1))));

        [Fact]
        public void The_count_of_the_gaps_is_the_count_of_the_difference()
        {
            Gen.Select(Set, Set).Sample((set, within) =>
                set.CountPrefixesOfGaps(within) == within.Except(set).ToPrefixes().Count, iter: 20000);
        }

        [Fact]
        public void Whole_and_empty_sets()
        {
            var v4 = AddressRangeSet.AllIPv4;
            Assert.Equal(0, AddressRangeSet.All.CountPrefixesOfGaps(v4));
            Assert.Equal(1, AddressRangeSet.Empty.CountPrefixesOfGaps(v4));
            Assert.Equal(1, AddressRangeSet.Empty.CountPrefixesOfGaps(AddressRangeSet.All));
            Assert.Equal(0, v4.CountPrefixesOfGaps(AddressRangeSet.Empty));
            // Every IPv6 address but the IPv4-mapped block: the cover of ::/0 around ::ffff:0:0/96.
            Assert.Equal(AddressRangeSet.All.Except(v4).ToPrefixes().Count, v4.CountPrefixesOfGaps(AddressRangeSet.All));
            var ten = AddressRangeSet.FromPrefix(IpPrefix.Parse("10.0.0.0/8"));
            Assert.Equal(8, ten.CountPrefixesOfGaps(v4));
        }
    }
}
