using System.Collections.Generic;
using System.Linq;
using CsCheck;
using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Tests.HeaderSpace
{
    /// <summary>
    /// A universe small enough to enumerate every packet, so set operations can be checked
    /// against a brute-force oracle: addresses ::ffff:10.0.0.0-15, protocols {1,6,17},
    /// ports 0-7, ICMP types 0-2, codes 0-1.
    /// </summary>
    internal static class SmallUniverse
    {
        public const int AddressCount = 16;
        public const int PortCount = 8;
        public const int TypeCount = 3;
        public const int CodeCount = 2;
        public static readonly byte[] Protocols = { 1, 6, 17 };

        public static readonly IpAddress128 Base = IpAddress128.Parse("10.0.0.0");

        public static readonly Packet[] Packets = Enumerate().ToArray();

        public static IpAddress128 Address(int offset) => new IpAddress128(Base.High, Base.Low + (ulong)offset);

        private static IEnumerable<Packet> Enumerate()
        {
            for (int s = 0; s < AddressCount; s++)
            {
                for (int d = 0; d < AddressCount; d++)
                {
                    foreach (byte proto in Protocols)
                    {
                        for (int port = 0; port < PortCount; port++)
                        {
                            for (int type = 0; type < TypeCount; type++)
                            {
                                for (int code = 0; code < CodeCount; code++)
                                {
                                    yield return new Packet(Address(s), Address(d), proto, (ushort)port, (byte)type, (byte)code);
                                }
                            }
                        }
                    }
                }
            }
        }

        /// <summary>The oracle: a packet is in a union of cubes iff some cube's six sets all contain it.</summary>
        public static bool InAny(HeaderCube[] cubes, Packet p) => cubes.Any(c => c.Contains(p));

        public static bool[] Model(HeaderCube[] cubes) => Packets.Select(p => InAny(cubes, p)).ToArray();

        public static bool[] Membership(PacketSet set) => Packets.Select(set.Contains).ToArray();

        private static Gen<(int Lo, int Hi)> Range(int max) =>
            Gen.Select(Gen.Int[0, max], Gen.Int[0, max], (a, b) => (System.Math.Min(a, b), System.Math.Max(a, b)));

        private static Gen<IntervalSet> Narrow(int max, ulong universeMax, bool allowAny) =>
            Gen.Select(Gen.Int[0, allowAny ? 4 : 1000], Range(max).Array[1, 2], (any, ranges) =>
                any == 0
                    ? IntervalSet.Full(universeMax)
                    : IntervalSet.FromRanges(ranges.Select(r => new Interval((ulong)r.Lo, (ulong)r.Hi)), universeMax));

        public static Gen<AddressRangeSet> Addresses(bool allowAny) =>
            Gen.Select(Gen.Int[0, allowAny ? 4 : 1000], Range(AddressCount - 1).Array[1, 2], (any, ranges) =>
                any == 0
                    ? AddressRangeSet.All
                    : AddressRangeSet.FromRanges(ranges.Select(r => new AddressRange(Address(r.Lo), Address(r.Hi)))));

        private static Gen<IntervalSet> ProtocolSet(bool allowAny) =>
            Gen.Select(Gen.Int[0, allowAny ? 4 : 1000], Gen.Int[1, 7], (any, mask) =>
                any == 0
                    ? IntervalSet.Full(IntervalSet.ProtocolMax)
                    : IntervalSet.FromValues(Enumerable.Range(0, 3).Where(i => (mask & (1 << i)) != 0).Select(i => (ulong)Protocols[i]), IntervalSet.ProtocolMax));

        /// <summary>Cubes inside the universe (or, with allowAny, sometimes "any" in a dimension).</summary>
        public static Gen<HeaderCube> Cube(bool allowAny) =>
            Gen.Select(
                Addresses(allowAny),
                Addresses(allowAny),
                ProtocolSet(allowAny),
                Narrow(PortCount - 1, IntervalSet.PortMax, allowAny),
                Narrow(TypeCount - 1, IntervalSet.IcmpMax, allowAny),
                Narrow(CodeCount - 1, IntervalSet.IcmpMax, allowAny),
                (s, d, pr, po, t, c) => new HeaderCube(s, d, pr, po, t, c));

        /// <summary>Deterministic samples: a fixed PCG stream makes every run (and failure) reproducible.</summary>
        public static T[] Samples<T>(Gen<T> gen, int count, ulong seed)
        {
            var pcg = new PCG(1, seed);
            var result = new T[count];
            for (int i = 0; i < count; i++)
            {
                result[i] = gen.Generate(pcg, null!, out _);
            }

            return result;
        }
    }
}
