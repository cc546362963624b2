using System.Linq;
using CsCheck;
using PolicyLang.Analysis.HeaderSpace;
using Xunit;

namespace PolicyLang.Tests.HeaderSpace
{
    /// <summary>
    /// Intersection, overlap and subset tests skip through a long set by search when the other is short; they must agree with
    /// the plain difference, on sets of very different lengths.
    /// </summary>
    public class RangeSetSearchTests
    {
        // Ranges inside 10.0.0.0/16, so that a short and a long set interleave; sometimes the edges of the whole space too.
        private static readonly Gen<AddressRange> Range =
            Gen.Frequency(
                (20, Gen.Select(Gen.UInt[0, 65535], Gen.UInt[0, 40]).Select((start, length) =>
                    new AddressRange(IpAddress128.FromIPv4(0x0A000000u + start), IpAddress128.FromIPv4(0x0A000000u + System.Math.Min(65535u, start + length))))),
                (1, Gen.Const(new AddressRange(IpAddress128.Zero, IpAddress128.FromIPv4(0x0A000010u)))),
                (1, Gen.Const(new AddressRange(IpAddress128.FromIPv4(0x0A00FFF0u), IpAddress128.MaxValue))));

        private static Gen<AddressRangeSet> SetOf(int most) => Range.Array[0, most].Select(r => AddressRangeSet.FromRanges(r));

        [Fact]
        public void Short_against_long_sets_agree_with_the_difference()
        {
            Gen.Select(SetOf(6), SetOf(600), Gen.Bool).Sample((small, large, swap) =>
            {
                var (a, b) = swap ? (large, small) : (small, large);
                var intersection = a.Except(a.Except(b));
                return a.Intersect(b).Equals(intersection)
                    && a.Overlaps(b) == !intersection.IsEmpty
                    && a.IsSubsetOf(b) == a.Except(b).IsEmpty
                    && b.IsSubsetOf(a) == b.Except(a).IsEmpty;
            }, iter: 3000);
        }

        [Fact]
        public void A_union_of_many_sets_equals_the_union_folded_pairwise()
        {
            Gen.Select(SetOf(40).Array[0, 12], Gen.Bool).Sample((sets, lazily) =>
            {
                var folded = sets.Aggregate(AddressRangeSet.Empty, (a, s) => a.Union(s));
                // Enumerated once however it is given (a lazy sequence of zone lookups must not be walked twice).
                int walked = 0;
                var all = lazily ? AddressRangeSet.UnionAll(sets.Select(s => { walked++; return s; })) : AddressRangeSet.UnionAll(sets);
                return all.Equals(folded) && all.Ranges.SequenceEqual(folded.Ranges) && (!lazily || walked == sets.Length);
            }, iter: 2000);
            Assert.Same(AddressRangeSet.Empty, AddressRangeSet.UnionAll(new AddressRangeSet[0]));
            var only = AddressRangeSet.FromPrefix(IpPrefix.Parse("10.1.0.0/16"));
            Assert.Same(only, AddressRangeSet.UnionAll(new[] { AddressRangeSet.Empty, only, AddressRangeSet.Empty }));
            Assert.True(AddressRangeSet.UnionAll(new[] { only, AddressRangeSet.All }).IsFull);
        }

        [Fact]
        public void A_subset_found_deep_in_a_long_set()
        {
            var ranges = Enumerable.Range(0, 5000).Select(i => new AddressRange(IpAddress128.FromIPv4((uint)(i * 4)), IpAddress128.FromIPv4((uint)(i * 4 + 1)))).ToArray();
            var large = AddressRangeSet.FromRanges(ranges);
            var small = AddressRangeSet.FromRanges(new[] { ranges[3], ranges[2500], ranges[4999] });
            Assert.True(small.IsSubsetOf(large));
            Assert.True(large.Overlaps(small));
            Assert.Equal(small, large.Intersect(small));
            var off = AddressRangeSet.FromRanges(new[] { new AddressRange(IpAddress128.FromIPv4(10002), IpAddress128.FromIPv4(10003)) });
            Assert.False(off.IsSubsetOf(large));
            Assert.False(large.Overlaps(off));
            Assert.True(large.Intersect(off).IsEmpty);
        }
    }
}
