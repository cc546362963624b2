using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Review;
using PolicyLang.Semantics;
using PolicyLang.Tests.Emit;
using Xunit;

namespace PolicyLang.Tests.Review
{
    /// <summary>
    /// The pieces a query returns are the asked traffic exactly (disjoint, nothing missing), and each piece's verdict and
    /// deciding flow are what the policy's own evaluation gives a packet of it, for every zone pair of every sample.
    /// </summary>
    public sealed class PolicyQueryTests
    {
        [Theory]
        [InlineData("ai-platform")]
        [InlineData("campus-lab")]
        [InlineData("inference-edge")]
        public void Pieces_partition_the_asked_traffic_and_agree_with_the_policys_evaluation(string sample)
        {
            var compilation = EmitTestHelper.Sample(sample).Single();
            var ends = new[] { "any" }.Concat(compilation.Model.Zones.Select(z => z.Name))
                .Concat(compilation.Model.Zones.SelectMany(z => z.Segments).Take(4).Select(s => s.QualifiedName)).ToList();
            int checkedPieces = 0;
            foreach (var from in ends)
                foreach (var to in ends)
                    foreach (var service in new[] { "any", "tcp/443", "udp/53" })
                    {
                        var x = PolicyQuery.Endpoint(compilation, from, out var e1)!;
                        var y = PolicyQuery.Endpoint(compilation, to, out var e2)!;
                        var s = PolicyQuery.Service(compilation, service, out var e3);
                        Assert.True(e1 + e2 + e3 == "", e1 + e2 + e3);
                        var region = s == null ? PolicyLang.Analysis.PacketSpace.Between(x.Addresses, y.Addresses)
                            : PacketSet.UnionAll(s.Select(m => m.ToPacketSet(x.Addresses, y.Addresses)));
                        var pieces = PolicyQuery.Ask(compilation, x, y, s);
                        Assert.True(PacketSet.UnionAll(pieces.Select(p => p.Packets)).SetEquals(region), from + " -> " + to + " " + service + ": pieces miss traffic");
                        for (int i = 0; i < pieces.Count; i++)
                        {
                            for (int j = i + 1; j < pieces.Count; j++) Assert.False(pieces[i].Packets.Overlaps(pieces[j].Packets));
                            Assert.True(pieces[i].Packets.TryGetWitness(out var packet));
                            var (verdict, decider) = compilation.Flows.Evaluate(packet);
                            Assert.Equal(verdict, pieces[i].Verdict);
                            Assert.Same(decider, pieces[i].DecidedBy);
                            checkedPieces++;
                        }
                    }
            Assert.True(checkedPieces > 50, checkedPieces.ToString());
        }

        [Fact]
        public void A_prefix_list_is_an_endpoint_as_in_a_flow_and_its_flow_decides_by_name()
        {
            var compilation = EmitTestHelper.Compile(
                "policy p {\n  default deny\n}\nprefixes jump = 10.0.0.10/32, 10.0.0.12/31\nservice ssh = tcp/22\n"
                + "zone a {\n  segment s {\n    subnet 10.0.0.0/24\n  }\n}\nzone b {\n  segment s {\n    subnet 10.0.1.0/24\n  }\n}\n"
                + "allow jump -> b : ssh name jump-ssh\n");
            var from = PolicyQuery.Endpoint(compilation, "jump", out var error)!;
            Assert.Equal("", error);
            Assert.Equal("10.0.0.10/32,10.0.0.12/31", from.Addresses.ToString());
            var pieces = PolicyQuery.Ask(compilation, from, PolicyQuery.Endpoint(compilation, "b", out _)!, PolicyQuery.Service(compilation, "ssh", out _));
            var piece = Assert.Single(pieces);
            Assert.Equal("jump-ssh", piece.DecidedBy!.Name!.Value.Value);
            // The zone's other hosts are still the default's.
            var all = PolicyQuery.Ask(compilation, PolicyQuery.Endpoint(compilation, "a", out _)!, PolicyQuery.Endpoint(compilation, "b", out _)!, PolicyQuery.Service(compilation, "ssh", out _));
            Assert.Equal(2, all.Count);
        }

        [Fact]
        public void Endpoints_and_services_that_name_nothing_are_errors_that_say_what_is_there()
        {
            var compilation = EmitTestHelper.Sample("campus-lab").Single();
            Assert.Null(PolicyQuery.Endpoint(compilation, "studnets", out var error));
            Assert.Contains("the zones are campus, gpu, internet, lab-services, staff, students", error);
            Assert.Null(PolicyQuery.Endpoint(compilation, "students.lab", out error));
            Assert.Contains("zone 'students' has no segment 'lab'; it has wifi, wired", error);
            Assert.Null(PolicyQuery.Endpoint(compilation, "10.0.0.1/8", out error));
            Assert.Contains("host bits", error);
            Assert.Null(PolicyQuery.Service(compilation, "tcp/99999", out error));
            Assert.Contains("port must be 0-65535", error);
            Assert.Null(PolicyQuery.Service(compilation, "tcp/22\nzone z {\n  subnet 0.0.0.0/0\n}", out error));
            Assert.Equal("'tcp/22\\u{000A}zone z {\\u{000A}  subnet 0.0.0.0/0\\u{000A}}' is not a service: it holds a line break, a brace or a comment", error);
            Assert.Null(PolicyQuery.Endpoint(compilation, "x\ny" + new string('a', 5000), out error));
            Assert.DoesNotContain("\n", error);
            Assert.True(error.Length < 400, error.Length.ToString());
            Assert.NotNull(PolicyQuery.Service(compilation, "icmpv6 echo-request", out error));
            Assert.Equal("", error);
        }
    }
}
