using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Checker
{
    /// <summary>NP1013-NP1017: target options and per-device facts (VTEP, interfaces and the segments they carry).</summary>
    public sealed class TargetFactsTests
    {
        private const string Zones =
            "zone training {\n" +
            "  segment gpu {\n    vlan 110\n    subnet 10.10.0.0/16\n  }\n" +
            "  segment head {\n    vlan 112\n    subnet 10.12.0.0/24\n  }\n" +
            "}\n" +
            "zone storage {\n  segment nfs {\n    vlan 120\n    subnet 10.20.0.0/16\n  }\n}\n" +
            "zone dev {\n  subnet 10.60.0.0/16\n}\n";

        [Fact]
        public void Device_blocks_bind_vtep_interfaces_and_segments_in_order()
        {
            var c = Compile(Zones +
                "target pod1 arista-eos {\n" +
                "  zones training, storage\n" +
                "  device \"leaf1\" {\n" +
                "    vtep 10.255.0.11 source \"Loopback1\"\n" +
                "    interface \"Ethernet1\" carries training.gpu, storage\n" +
                "    interface \"Ethernet3\" carries training\n" +
                "    interface \"Ethernet49/1\" uplink\n" +
                "  }\n" +
                "  devices \"leaf2\"\n" +
                "}\n");
            c.Clean();
            var t = c.Compilation.Model.Targets.Single();
            Assert.Equal(new[] { "leaf1", "leaf2" }, t.Devices.Select(d => d.Value));
            var leaf1 = Assert.Single(t.DeviceFacts);
            Assert.Same(leaf1, t.FactsFor("leaf1"));
            Assert.Null(t.FactsFor("leaf2"));
            Assert.Equal(IpAddress128.Parse("10.255.0.11"), leaf1.Vtep!.Value.Value);
            Assert.Equal("Loopback1", leaf1.VtepSource!.Value.Value);
            Assert.Equal(new[] { "Ethernet1", "Ethernet3", "Ethernet49/1" }, leaf1.Interfaces.Select(i => i.Name.Value));
            Assert.Equal(new[] { "training.gpu", "storage.nfs" }, leaf1.Interfaces[0].Segments.Select(s => s.QualifiedName));
            Assert.Equal(new[] { "training.gpu", "training.head" }, leaf1.Interfaces[1].Segments.Select(s => s.QualifiedName));
            Assert.True(leaf1.Interfaces[2].IsUplink);
            Assert.Empty(leaf1.Interfaces[2].Segments);
            Assert.Equal("\"Ethernet1\"", c.SpanText(ToDiagnosticSpan(c, leaf1.Interfaces[0].Name.Location)));
        }

        [Fact]
        public void NP1013_unknown_option_suggests_the_platform_option()
        {
            var c = Compile(Zones + "target gw nftables {\n  zones dev\n  option countres on\n}\n");
            c.Expect("NP1013", "countres", "unknown option 'countres' for platform nftables (did you mean 'counters'?); expected counters");
        }

        [Fact]
        public void NP1013_option_on_a_platform_without_options()
        {
            var c = Compile(Zones + "target k kubernetes {\n  zones dev\n  option counters on\n}\n");
            var d = c.Single("NP1013");
            c.AssertSpan(d, "counters");
            Assert.StartsWith("unknown option 'counters' for platform kubernetes", d.Message);
        }

        [Fact]
        public void NP1014_boolean_option_with_another_value()
        {
            var c = Compile(Zones + "target gw nftables {\n  zones dev\n  option counters 1\n}\n");
            c.Expect("NP1014", "1", "option 'counters' takes on or off, found '1'", prefix: "counters ");
            Assert.Empty(c.Compilation.Model.Targets.Single().Options);
        }

        [Fact]
        public void Valid_option_is_bound_and_readable()
        {
            var c = Compile(Zones + "target gw nftables {\n  zones dev\n  option counters on\n}\n");
            c.Clean();
            var o = c.Compilation.Model.Targets.Single().Option("counters");
            Assert.NotNull(o);
            Assert.True(o!.IsOn);
        }

        [Fact]
        public void Option_given_twice_is_NP1006()
        {
            var c = Compile(Zones + "target gw nftables {\n  zones dev\n  option counters on\n  option counters off\n}\n");
            c.Expect("NP1006", "counters", "'option counters' is set more than once in target 'gw'", occurrence: 2);
        }

        [Fact]
        public void NP1015_device_named_in_a_list_and_a_block()
        {
            var c = Compile(Zones + "target pod1 arista-eos {\n  zones training\n  devices \"leaf1\"\n  device \"leaf1\" {\n    interface \"Ethernet1\" carries training\n  }\n}\n");
            c.Expect("NP1015", "\"leaf1\"", "device 'leaf1' is already named in target 'pod1' at p.netpolicy(22,11)", occurrence: 2);
        }

        [Fact]
        public void NP1016_interface_described_twice()
        {
            var c = Compile(Zones + "target pod1 arista-eos {\n  zones training\n  device \"leaf1\" {\n    interface \"Ethernet1\" carries training.gpu\n    interface \"Ethernet1\" carries training.head\n  }\n}\n");
            c.Expect("NP1016", "\"Ethernet1\"", "interface 'Ethernet1' is already described on device 'leaf1' at p.netpolicy(23,15)", occurrence: 2);
        }

        [Fact]
        public void NP1017_interface_carries_a_zone_outside_the_target()
        {
            var c = Compile(Zones + "target pod1 arista-eos {\n  zones training\n  device \"leaf1\" {\n    interface \"Ethernet2\" carries training.gpu, storage.nfs\n  }\n}\n");
            c.Expect("NP1017", "storage.nfs",
                "interface 'Ethernet2' carries segment 'storage.nfs', but zone 'storage' is not among the zones of target 'pod1' (training)");
            Assert.Equal(new[] { "training.gpu" }, c.Compilation.Model.Targets.Single().DeviceFacts[0].Interfaces[0].Segments.Select(s => s.QualifiedName));
        }

        [Fact]
        public void NP1001_unknown_segment_in_carries_suggests_a_segment()
        {
            var c = Compile(Zones + "target pod1 arista-eos {\n  zones training\n  device \"leaf1\" {\n    interface \"Ethernet1\" carries training.gpus\n  }\n}\n");
            c.Expect("NP1001", "gpus", "unknown segment 'training.gpus'; did you mean 'gpu'?");
        }

        [Fact]
        public void Any_cannot_be_carried()
        {
            var c = Compile(Zones + "target pod1 arista-eos {\n  zones training\n  device \"leaf1\" {\n    interface \"Ethernet1\" carries any\n  }\n}\n");
            var d = c.Single("NP1005");
            c.AssertSpan(d, "any", prefix: "carries ");
        }

        [Fact]
        public void Vtep_source_is_optional_and_ipv6_is_accepted()
        {
            var c = Compile(Zones + "target pod2 sonic {\n  zones training\n  device \"leaf3\" {\n    vtep fd00:255::13\n    interface \"Ethernet0\" carries training.gpu\n  }\n}\n");
            c.Clean();
            var d = c.Compilation.Model.Targets.Single().DeviceFacts.Single();
            Assert.Null(d.VtepSource);
            Assert.False(d.Vtep!.Value.Value.IsIPv4Mapped);
        }

        private static PolicyLang.Diagnostics.Diagnostic ToDiagnosticSpan(Compiled c, PolicyLang.Semantics.SourceLocation l) =>
            PolicyLang.Diagnostics.Diagnostic.Create(PolicyLang.Diagnostics.DiagnosticCatalog.UnknownName, l.Path, l.Span, "", "", "");
    }
}
