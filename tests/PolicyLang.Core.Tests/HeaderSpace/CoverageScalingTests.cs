using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using Xunit;
using Xunit.Abstractions;

namespace PolicyLang.Tests.HeaderSpace
{
    /// <summary>
    /// "Is flow i covered by the union of all other flows" over a few hundred realistic
    /// flows. Timings are printed for information only; there are deliberately no timed
    /// assertions (CI machines vary), only correctness checks against a naive method.
    /// </summary>
    public class CoverageScalingTests
    {
        private readonly ITestOutputHelper _output;

        public CoverageScalingTests(ITestOutputHelper output)
        {
            _output = output;
        }

        internal static PacketSet[] RandomFlows(int count, int seed)
        {
            var random = new Random(seed);
            var flows = new PacketSet[count];
            for (int i = 0; i < count; i++)
            {
                IpPrefix src = RandomPrefix(random);
                IpPrefix dst = RandomPrefix(random);
                IntervalSet? protocols;
                IntervalSet? ports = null;
                IntervalSet? types = null;
                switch (random.Next(10))
                {
                    case 0:
                        protocols = IntervalSet.FromValues(new ulong[] { 1 }, IntervalSet.ProtocolMax);
                        types = IntervalSet.FromValues(new ulong[] { 8 }, IntervalSet.IcmpMax);
                        break;
                    case 1:
                        protocols = IntervalSet.FromValues(new ulong[] { 17 }, IntervalSet.ProtocolMax);
                        ports = IntervalSet.FromValues(new ulong[] { 53, 123 }.Take(1 + random.Next(2)), IntervalSet.PortMax);
                        break;
                    case 2:
                        protocols = null;
                        break;
                    default:
                        protocols = IntervalSet.FromValues(new ulong[] { 6 }, IntervalSet.ProtocolMax);
                        ulong[] common = { 22, 80, 443, 2049, 3306, 5432, 8080 };
                        ports = random.Next(6) == 0
                            ? IntervalSet.FromRange(8000, 8000 + (ulong)random.Next(100), IntervalSet.PortMax)
                            : IntervalSet.FromValues(new[] { common[random.Next(common.Length)] }, IntervalSet.PortMax);
                        break;
                }

                flows[i] = PacketSet.FromMatch(new[] { src }, new[] { dst }, protocols, ports, types, null);
            }

            return flows;
        }

        private static IpPrefix RandomPrefix(Random random)
        {
            uint a = (uint)random.Next(20);
            uint b = (uint)random.Next(10);
            uint host = (uint)random.Next(1, 255);
            uint net = (10u << 24) | (a << 16) | (b << 8);
            switch (random.Next(8))
            {
                case 0: return IpPrefix.FromIPv4(10u << 24 | a << 16, 16);
                case 1: return IpPrefix.FromIPv4(net | host, 32);
                case 2: return IpPrefix.Parse("2001:db8:" + a.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "::/48");
                default: return IpPrefix.FromIPv4(net, 24);
            }
        }

        /// <summary>Prefix and suffix unions: flow i is covered iff (f_i \ before_i) is inside after_i.</summary>
        internal static bool[] CoveredByOthers(IReadOnlyList<PacketSet> flows)
        {
            int n = flows.Count;
            var before = new PacketSet[n + 1];
            var after = new PacketSet[n + 1];
            before[0] = PacketSet.Empty;
            after[n] = PacketSet.Empty;
            for (int i = 0; i < n; i++)
            {
                before[i + 1] = before[i].Union(flows[i]);
                after[n - 1 - i] = after[n - i].Union(flows[n - 1 - i]);
            }

            var covered = new bool[n];
            for (int i = 0; i < n; i++)
            {
                covered[i] = flows[i].Except(before[i]).IsSubsetOf(after[i + 1]);
            }

            return covered;
        }

        [Theory]
        [InlineData(300)]
        [InlineData(2000)]
        public void CoverageOfEachFlowByAllOthers(int count)
        {
            PacketSet[] flows = RandomFlows(count, seed: 7);
            var watch = Stopwatch.StartNew();
            bool[] covered = CoveredByOthers(flows);
            watch.Stop();
            PacketSet all = PacketSet.UnionAll(flows);
            _output.WriteLine($"{count} flows: coverage of every flow in {watch.ElapsedMilliseconds} ms; {covered.Count(c => c)} covered; union has {all.CubeCount} cubes");

            // Cross-check a sample of flows against the obvious (slow) definition.
            var random = new Random(1);
            var naiveWatch = Stopwatch.StartNew();
            int checkedCount = Math.Min(count, 40);
            for (int k = 0; k < checkedCount; k++)
            {
                int i = random.Next(count);
                PacketSet others = PacketSet.UnionAll(flows.Where((_, j) => j != i));
                Assert.Equal(flows[i].IsSubsetOf(others), covered[i]);
                Assert.Equal(flows[i].Except(others).IsEmpty, covered[i]);
            }

            naiveWatch.Stop();
            _output.WriteLine($"naive union-of-others check: {naiveWatch.ElapsedMilliseconds / (double)checkedCount:F1} ms per flow");
            Assert.Contains(true, covered);
            Assert.Contains(false, covered);
        }
    }
}
