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

        private static readonly Gen<AddressRangeSet> Set = AddressGen.Sets(AddressGen.Near(Anchors, 300), 6);

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
