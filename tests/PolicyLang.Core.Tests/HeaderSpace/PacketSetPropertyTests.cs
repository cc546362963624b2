using System;
using System.Linq;
using CsCheck;
using PolicyLang.Analysis.HeaderSpace;
using Xunit;

namespace PolicyLang.Tests.HeaderSpace
{
    /// <summary>PacketSet operations against a brute-force oracle over every packet of a tiny universe.</summary>
    public class PacketSetPropertyTests
    {
        private static readonly Gen<(HeaderCube[] A, HeaderCube[] B)> InsidePairs =
            Gen.Select(SmallUniverse.Cube(false).Array[1, 4], SmallUniverse.Cube(false).Array[0, 4]);

        private static readonly Gen<(HeaderCube[] A, HeaderCube[] B)> AnyPairs =
            Gen.Select(SmallUniverse.Cube(true).Array[1, 4], SmallUniverse.Cube(true).Array[0, 4]);

        private static bool[] Zip(bool[] x, bool[] y, Func<bool, bool, bool> f) => x.Select((v, i) => f(v, y[i])).ToArray();

        private static void AssertMembership(bool[] expected, PacketSet actual, string what, int sample)
        {
            bool[] got = SmallUniverse.Membership(actual);
            for (int i = 0; i < expected.Length; i++)
            {
                if (expected[i] != got[i])
                {
                    Assert.Fail($"sample {sample}: {what} membership of {SmallUniverse.Packets[i]} expected {expected[i]}; set = {actual}");
                }
            }
        }

        [Fact]
        public void OperationsMatchBruteForceInsideTheUniverse()
        {
            var samples = SmallUniverse.Samples(InsidePairs, 150, seed: 20240601);
            for (int n = 0; n < samples.Length; n++)
            {
                (HeaderCube[] cubesA, HeaderCube[] cubesB) = samples[n];
                PacketSet a = PacketSet.FromCubes(cubesA);
                PacketSet b = PacketSet.FromCubes(cubesB);
                bool[] ma = SmallUniverse.Model(cubesA);
                bool[] mb = SmallUniverse.Model(cubesB);

                AssertMembership(ma, a, "A", n);
                AssertMembership(mb, b, "B", n);
                bool[] union = Zip(ma, mb, (x, y) => x || y);
                bool[] inter = Zip(ma, mb, (x, y) => x && y);
                bool[] aMinusB = Zip(ma, mb, (x, y) => x && !y);
                bool[] bMinusA = Zip(ma, mb, (x, y) => y && !x);
                AssertMembership(union, a.Union(b), "A|B", n);
                AssertMembership(inter, a.Intersect(b), "A&B", n);
                AssertMembership(aMinusB, a.Except(b), "A-B", n);
                AssertMembership(bMinusA, b.Except(a), "B-A", n);

                // Every generated set lies inside the universe, so emptiness there is emptiness everywhere.
                Assert.Equal(!ma.Contains(true), a.IsEmpty);
                Assert.Equal(!inter.Contains(true), a.Intersect(b).IsEmpty);
                Assert.Equal(!aMinusB.Contains(true), a.Except(b).IsEmpty);
                Assert.Equal(ma.SequenceEqual(mb), a.SetEquals(b));
                Assert.Equal(!aMinusB.Contains(true), a.IsSubsetOf(b));
                Assert.Equal(!bMinusA.Contains(true), b.IsSubsetOf(a));
                Assert.Equal(inter.Contains(true), a.Overlaps(b));
                Assert.Equal(inter.Contains(true), b.Overlaps(a));

                AssertWitness(a, cubesA, n);
                AssertWitness(a.Except(b), null, n);
                AssertWitness(a.Intersect(b), null, n);
            }
        }

        [Fact]
        public void OperationsMatchBruteForceWithUnconstrainedDimensions()
        {
            var samples = SmallUniverse.Samples(AnyPairs, 100, seed: 777);
            for (int n = 0; n < samples.Length; n++)
            {
                (HeaderCube[] cubesA, HeaderCube[] cubesB) = samples[n];
                PacketSet a = PacketSet.FromCubes(cubesA);
                PacketSet b = PacketSet.FromCubes(cubesB);
                bool[] ma = SmallUniverse.Model(cubesA);
                bool[] mb = SmallUniverse.Model(cubesB);
                AssertMembership(Zip(ma, mb, (x, y) => x || y), a.Union(b), "A|B", n);
                AssertMembership(Zip(ma, mb, (x, y) => x && y), a.Intersect(b), "A&B", n);
                AssertMembership(Zip(ma, mb, (x, y) => x && !y), a.Except(b), "A-B", n);
                AssertMembership(ma.Select(x => !x).ToArray(), a.Complement(), "~A", n);

                // Identities that must hold exactly, including outside the enumerated universe.
                Assert.True(a.Except(b).Union(a.Intersect(b)).SetEquals(a));
                Assert.True(a.Union(a.Complement()).IsAll);
                Assert.True(a.Intersect(a.Complement()).IsEmpty);
                Assert.True(a.Except(b).IsSubsetOf(a));
                Assert.False(a.Except(b).Overlaps(b));
                Assert.Equal(a.Except(b).IsEmpty, a.IsSubsetOf(b));

                // The witness may lie outside the universe; check it against the cube oracle directly.
                Assert.True(a.TryGetWitness(out Packet w));
                Assert.True(SmallUniverse.InAny(cubesA, w), $"sample {n}: witness {w} not in {a}");
                PacketSet diff = a.Except(b);
                if (diff.TryGetWitness(out Packet dw))
                {
                    Assert.True(SmallUniverse.InAny(cubesA, dw) && !SmallUniverse.InAny(cubesB, dw), $"sample {n}: witness {dw}");
                }
            }
        }

        /// <summary>
        /// Sets whose cubes draw their addresses from a few shared address sets (one object each, as the rules of a ruleset
        /// over the same named sets or zones do), so that operands often partition a level the same way, by reference or by
        /// content, with one branch or several: the operations that combine such nodes branch by branch must agree with the
        /// oracle, and give the same canonical set as building it from the cubes.
        /// </summary>
        [Fact]
        public void OperationsOnSetsOverSharedAddressSetsMatchBruteForce()
        {
            AddressRangeSet Block(params (int Lo, int Hi)[] ranges) =>
                AddressRangeSet.FromRanges(ranges.Select(r => new AddressRange(SmallUniverse.Address(r.Lo), SmallUniverse.Address(r.Hi))));
            var pool = new[]
            {
                Block((0, 2), (5, 5), (9, 12)),
                Block((3, 4), (13, 15)),
                Block((0, 15)),
                Block((0, 2), (5, 5), (9, 12)), // equal to the first, another object
            };
            var cube = Gen.Select(Gen.Int[0, pool.Length - 1], Gen.Int[0, pool.Length - 1], SmallUniverse.Cube(false), (s, d, c) =>
                new HeaderCube(pool[s], pool[d], c.Protocols, c.DstPorts, c.IcmpTypes, c.IcmpCodes));
            var samples = SmallUniverse.Samples(Gen.Select(cube.Array[1, 6], cube.Array[1, 6]), 200, seed: 20261205);
            for (int n = 0; n < samples.Length; n++)
            {
                (HeaderCube[] cubesA, HeaderCube[] cubesB) = samples[n];
                PacketSet a = PacketSet.FromCubes(cubesA);
                PacketSet b = PacketSet.FromCubes(cubesB);
                bool[] ma = SmallUniverse.Model(cubesA);
                bool[] mb = SmallUniverse.Model(cubesB);
                AssertMembership(Zip(ma, mb, (x, y) => x || y), a.Union(b), "A|B", n);
                AssertMembership(Zip(ma, mb, (x, y) => x && y), a.Intersect(b), "A&B", n);
                AssertMembership(Zip(ma, mb, (x, y) => x && !y), a.Except(b), "A-B", n);
                AssertMembership(Zip(ma, mb, (x, y) => y && !x), b.Except(a), "B-A", n);

                // Canonical: the same structure as building each result from cubes, whichever way it was combined.
                Assert.Equal(PacketSet.FromCubes(cubesA.Concat(cubesB)).Cubes.ToArray(), a.Union(b).Cubes.ToArray());
                Assert.Equal(PacketSet.FromCubes(a.Union(b).Cubes), a.Union(b));
                Assert.Equal(PacketSet.FromCubes(a.Intersect(b).Cubes), a.Intersect(b));
                Assert.Equal(PacketSet.FromCubes(a.Except(b).Cubes), a.Except(b));
                Assert.True(a.Except(b).Union(a.Intersect(b)).SetEquals(a));
                Assert.Equal(a.Except(b).Union(a.Intersect(b)), a);
            }
        }

        [Fact]
        public void CubesArePairwiseDisjointAndCoverTheSet()
        {
            var samples = SmallUniverse.Samples(SmallUniverse.Cube(false).Array[1, 5], 80, seed: 99);
            for (int n = 0; n < samples.Length; n++)
            {
                PacketSet set = PacketSet.FromCubes(samples[n]);
                HeaderCube[] cubes = set.Cubes.ToArray();
                Assert.Equal(set.CubeCount, cubes.Length);
                Assert.All(cubes, c => Assert.False(c.IsEmpty));
                foreach (Packet p in SmallUniverse.Packets)
                {
                    int covering = cubes.Count(c => c.Contains(p));
                    Assert.Equal(set.Contains(p) ? 1 : 0, covering);
                }
            }
        }

        /// <summary>
        /// Many operands of which groups differ in the source only, or in the destination only (an ACL's entries), with a few of
        /// other shapes among them: the union of all of them at once (which merges alike operands before any operation) is the
        /// union taken one operand at a time, diagram for diagram, and agrees with every packet of the universe.
        /// </summary>
        [Fact]
        public void UnionOfManyAlikeOperandsIsThePairwiseUnion()
        {
            var gen = Gen.Select(
                SmallUniverse.Cube(true).Array[2, 4],
                SmallUniverse.Addresses(true).Array[2, 5],
                Gen.Select(Gen.Int[0, 3], Gen.Int[0, 4], Gen.Int[0, 4]).Array[8, 40],
                (bases, addresses, picks) => (bases, addresses, picks));
            var samples = SmallUniverse.Samples(gen, 150, seed: 20261207);
            for (int n = 0; n < samples.Length; n++)
            {
                var (bases, addresses, picks) = samples[n];
                var cubes = picks.Select(p =>
                {
                    var b = bases[p.Item2 % bases.Length];
                    var a = addresses[p.Item3 % addresses.Length];
                    // 0: as it is; 1: another source; 2: another destination; 3: both.
                    return p.Item1 switch
                    {
                        1 => new HeaderCube(a, b.Dst, b.Protocols, b.DstPorts, b.IcmpTypes, b.IcmpCodes),
                        2 => new HeaderCube(b.Src, a, b.Protocols, b.DstPorts, b.IcmpTypes, b.IcmpCodes),
                        3 => new HeaderCube(a, a, b.Protocols, b.DstPorts, b.IcmpTypes, b.IcmpCodes),
                        _ => b,
                    };
                }).ToArray();
                var operands = cubes.Select(PacketSet.FromCube).ToList();
                // Operands of more than one branch too: the union of two of them.
                operands.Add(PacketSet.FromCube(cubes[0]).Union(PacketSet.FromCube(bases[0])));
                var all = cubes.Append(bases[0]).ToArray();

                var pairwise = operands.Aggregate(PacketSet.Empty, (acc, o) => acc.Union(o));
                var atOnce = PacketSet.UnionAll(operands);
                var reversed = PacketSet.UnionAll(Enumerable.Reverse(operands));
                AssertMembership(SmallUniverse.Model(all), atOnce, "union of all", n);
                foreach (var v in new[] { atOnce, reversed })
                {
                    Assert.Equal(pairwise, v);
                    Assert.Equal(pairwise.GetHashCode(), v.GetHashCode());
                    Assert.Equal(pairwise.Cubes.ToArray(), v.Cubes.ToArray());
                }
            }
        }

        [Fact]
        public void EqualSetsHaveIdenticalCubeLists()
        {
            var samples = SmallUniverse.Samples(InsidePairs, 120, seed: 4242);
            for (int n = 0; n < samples.Length; n++)
            {
                (HeaderCube[] cubesA, HeaderCube[] cubesB) = samples[n];
                PacketSet a = PacketSet.FromCubes(cubesA);
                PacketSet b = PacketSet.FromCubes(cubesB);

                // The same set reached along different paths must normalize to the same structure.
                PacketSet[] variants =
                {
                    PacketSet.FromCubes(cubesA.Reverse()),
                    cubesA.Aggregate(PacketSet.Empty, (acc, c) => acc.Union(PacketSet.FromCube(c))),
                    PacketSet.FromCubes(a.Cubes),
                    PacketSet.All.Except(PacketSet.All.Except(a)),
                    a.Except(b).Union(a.Intersect(b)),
                    a.Union(b).Except(b.Except(a)),
                };
                foreach (PacketSet v in variants)
                {
                    Assert.True(v.SetEquals(a));
                    Assert.Equal(a, v);
                    Assert.Equal(a.GetHashCode(), v.GetHashCode());
                    Assert.Equal(a.Cubes.ToArray(), v.Cubes.ToArray());
                    Assert.Equal(a.ToString(), v.ToString());
                }

                Assert.Equal(a.Union(b).Cubes.ToArray(), b.Union(a).Cubes.ToArray());
            }
        }

        [Fact]
        public void LShapeNormalizesRegardlessOfDecomposition()
        {
            // {src 0-1, port 0} + {src 0, port 1}  ==  {src 0, port 0-1} + {src 1, port 0}:
            // no pairwise merge applies to either list, yet they must end up identical.
            HeaderCube Cube(int srcLo, int srcHi, ulong portLo, ulong portHi) =>
                new HeaderCube(
                    AddressRangeSet.FromRange(SmallUniverse.Address(srcLo), SmallUniverse.Address(srcHi)),
                    AddressRangeSet.All,
                    IntervalSet.FromValues(new ulong[] { 6 }, IntervalSet.ProtocolMax),
                    IntervalSet.FromRange(portLo, portHi, IntervalSet.PortMax),
                    IntervalSet.Full(IntervalSet.IcmpMax),
                    IntervalSet.Full(IntervalSet.IcmpMax));

            PacketSet x = PacketSet.FromCubes(new[] { Cube(0, 1, 0, 0), Cube(0, 0, 1, 1) });
            PacketSet y = PacketSet.FromCubes(new[] { Cube(0, 0, 0, 1), Cube(1, 1, 0, 0) });
            Assert.Equal(x.Cubes.ToArray(), y.Cubes.ToArray());
            Assert.Equal(2, x.CubeCount);
            Assert.Equal(
                "{src 10.0.0.0/32 dst any proto 6 dport 0-1 icmp-type any icmp-code any} | {src 10.0.0.1/32 dst any proto 6 dport 0 icmp-type any icmp-code any}",
                x.ToString());
        }

        private static void AssertWitness(PacketSet set, HeaderCube[]? source, int sample)
        {
            bool found = set.TryGetWitness(out Packet w);
            Assert.Equal(!set.IsEmpty, found);
            if (found)
            {
                Assert.True(set.Contains(w), $"sample {sample}: witness {w} not a member of {set}");
                if (source != null)
                {
                    Assert.True(SmallUniverse.InAny(source, w));
                }
            }
        }
    }
}
