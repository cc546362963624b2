using System.Linq;
using CsCheck;
using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Tests.HeaderSpace
{
    /// <summary>Generators of addresses and address sets for property tests: most near chosen anchors, where carries, alignment
    /// and family boundaries go wrong first, some anywhere.</summary>
    internal static class AddressGen
    {
        /// <summary>An anchor, an address up to <paramref name="spread"/> either side of one, or any address.</summary>
        public static Gen<IpAddress128> Near(IpAddress128[] anchors, int spread) =>
            Gen.Frequency(
                (3, Gen.Int[0, anchors.Length - 1].Select(i => anchors[i])),
                (3, Gen.Select(Gen.Int[0, anchors.Length - 1], Gen.Int[-spread, spread]).Select((i, d) => Offset(anchors[i], d))),
                (1, Gen.Select(Gen.ULong, Gen.ULong).Select((h, l) => new IpAddress128(h, l))));

        /// <summary>Sets of up to <paramref name="ranges"/> ranges between generated addresses.</summary>
        public static Gen<AddressRangeSet> Sets(Gen<IpAddress128> address, int ranges) =>
            Gen.Select(address, address).Array[0, ranges].Select(pairs => AddressRangeSet.FromRanges(pairs.Select(p =>
                p.Item1 <= p.Item2 ? new AddressRange(p.Item1, p.Item2) : new AddressRange(p.Item2, p.Item1))));

        private static IpAddress128 Offset(IpAddress128 a, int d)
        {
            for (int k = 0; k < System.Math.Abs(d); k++)
            {
                if (d > 0 && a == IpAddress128.MaxValue) break;
                if (d < 0 && a == IpAddress128.Zero) break;
                a = d > 0 ? a.Increment() : a.Decrement();
            }
            return a;
        }
    }
}
