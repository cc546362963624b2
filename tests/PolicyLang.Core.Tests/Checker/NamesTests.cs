using System.Linq;
using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Checker
{
    /// <summary>NP1001-NP1012: names, declarations, imports, platforms and policy headers.</summary>
    public sealed class NamesTests
    {
        private const string Zones =
            "zone training {\n" +
            "  segment gpu {\n" +
            "    subnet 10.10.0.0/16\n" +
            "  }\n" +
            "}\n" +
            "zone storage {\n" +
            "  subnet 10.20.0.0/16\n" +
            "}\n";

        // ---- NP1001 unknown name ----

        [Fact]
        public void NP1001_unknown_zone_in_a_flow_suggests_the_closest_zone()
        {
            var c = Compile(Zones + "allow training -> storag : tcp/2049\n");
            c.Expect("NP1001", "storag", "unknown zone 'storag'; did you mean 'storage'?", prefix: "-> ");
        }

        [Fact]
        public void NP1001_unknown_service_suggests_a_declared_service()
        {
            var c = Compile(Zones + "service nfs = tcp/2049\nallow training -> storage : nsf\n");
            c.Expect("NP1001", "nsf", "unknown service 'nsf'; did you mean 'nfs'?");
        }

        [Fact]
        public void NP1001_unknown_class_without_a_close_name_has_no_suggestion()
        {
            var c = Compile(Zones + "allow training -> storage : tcp/2049 class rdma\n");
            c.Expect("NP1001", "rdma", "unknown class 'rdma'");
        }

        [Fact]
        public void NP1001_unknown_port_list_names_its_kind()
        {
            var c = Compile(Zones + "ports web-ports = 80, 443\nallow training -> storage : tcp/webports, tcp/web-ports\n");
            c.Expect("NP1001", "webports", "unknown port list 'webports'; did you mean 'web-ports'?");
        }

        [Fact]
        public void NP1001_unknown_prefix_list_in_a_subnet()
        {
            var c = Compile("prefixes campus = 10.0.0.0/8\nexternal wan {\n  subnet campus, campuss\n}\n");
            c.Expect("NP1001", "campuss", "unknown prefix list 'campuss'; did you mean 'campus'?");
        }

        [Fact]
        public void NP1001_unknown_segment_is_reported_at_the_segment_name()
        {
            var c = Compile(Zones + "allow training.gpus -> storage : tcp/2049\n");
            // The kind is "segment of zone 'training'", so the wording reads oddly, but it is the catalog's template.
            c.Expect("NP1001", "gpus", "unknown segment 'training.gpus'; did you mean 'gpu'?");
        }

        [Fact]
        public void NP1001_unknown_zones_in_assertions_and_targets()
        {
            var c = Compile(Zones +
                "assert isolated training except storge\n" +
                "target fabric arista-eos {\n  zones training, strage\n}\n");
            var found = c.All("NP1001");
            Assert.Equal(2, found.Count);
            c.AssertSpan(found[0], "storge");
            Assert.Equal("unknown zone 'storge'; did you mean 'storage'?", found[0].Message);
            c.AssertSpan(found[1], "strage");
            Assert.Equal("unknown zone 'strage'; did you mean 'storage'?", found[1].Message);
        }

        [Fact]
        public void NP1001_not_reported_for_names_declared_in_another_file_or_for_any()
        {
            var c = Compile(
                ("main.netpolicy", "import \"zones.netpolicy\"\nservice nfs = tcp/2049\nallow training.gpu -> storage : nfs\nallow any -> storage : tcp/22\n"),
                ("zones.netpolicy", Zones));
            c.None("NP1001");
            c.Clean();
        }

        // ---- NP1002 duplicate declaration ----

        [Fact]
        public void NP1002_second_zone_is_reported_and_names_the_first()
        {
            var c = Compile(Zones + "zone storage {\n  subnet 10.30.0.0/16\n}\n");
            c.Expect("NP1002", "storage", "zone 'storage' is already declared at p.netpolicy(6,6)", occurrence: 2);
        }

        [Fact]
        public void NP1002_zones_and_external_zones_share_one_kind()
        {
            var c = Compile(Zones + "external storage {\n  subnet 0.0.0.0/0\n}\n");
            c.Expect("NP1002", "storage", "zone 'storage' is already declared at p.netpolicy(6,6)", occurrence: 2);
        }

        [Fact]
        public void NP1002_across_files_names_the_other_file()
        {
            var c = Compile(
                ("main.netpolicy", "import \"lib.netpolicy\"\nservice nfs = tcp/2049\n"),
                ("lib.netpolicy", "service nfs = tcp/2050\n"));
            var d = c.Expect("NP1002", "nfs", "service 'nfs' is already declared at main.netpolicy(2,9)");
            Assert.Equal("lib.netpolicy", d.Path);
        }

        [Fact]
        public void NP1002_duplicate_segment_in_one_zone()
        {
            var c = Compile("zone a {\n  segment pod {\n    subnet 10.0.0.0/24\n  }\n  segment pod {\n    subnet 10.0.1.0/24\n  }\n}\n");
            c.Expect("NP1002", "pod", "segment 'a.pod' is already declared at p.netpolicy(2,11)", occurrence: 2);
        }

        [Fact]
        public void NP1002_not_reported_for_one_name_in_different_kinds_or_segments_of_different_zones()
        {
            var c = Compile(
                "service web = tcp/443\n" +
                "class web {\n  dscp 10\n}\n" +
                "zone web {\n  segment s {\n    subnet 10.0.0.0/24\n  }\n}\n" +
                "zone db {\n  segment s {\n    subnet 10.1.0.0/24\n  }\n}\n" +
                "allow web.s -> db.s : web class web\n");
            c.None("NP1002");
            c.Clean();
        }

        // ---- NP1003 import cycle ----

        [Fact]
        public void NP1003_two_file_cycle_is_reported_at_the_import_that_closes_it()
        {
            var c = Compile(
                ("a.netpolicy", "import \"b.netpolicy\"\nzone a {\n  subnet 10.0.0.0/24\n}\n"),
                ("b.netpolicy", "import \"a.netpolicy\"\nzone b {\n  subnet 10.1.0.0/24\n}\n"));
            var d = c.Expect("NP1003", "\"a.netpolicy\"", "import cycle: a.netpolicy -> b.netpolicy -> a.netpolicy");
            Assert.Equal("b.netpolicy", d.Path);
        }

        [Fact]
        public void NP1003_a_file_importing_itself()
        {
            var c = Compile(("self.netpolicy", "import \"self.netpolicy\"\nzone a {\n  subnet 10.0.0.0/24\n}\n"));
            c.Expect("NP1003", "\"self.netpolicy\"", "import cycle: self.netpolicy -> self.netpolicy");
        }

        [Fact]
        public void NP1003_three_file_cycle_lists_every_file()
        {
            var c = Compile(
                ("a.netpolicy", "import \"b.netpolicy\"\n"),
                ("b.netpolicy", "import \"c.netpolicy\"\n"),
                ("c.netpolicy", "import \"a.netpolicy\"\n"));
            var d = c.Expect("NP1003", "\"a.netpolicy\"", "import cycle: a.netpolicy -> b.netpolicy -> c.netpolicy -> a.netpolicy");
            Assert.Equal("c.netpolicy", d.Path);
        }

        [Fact]
        public void NP1003_not_reported_for_a_diamond_of_imports()
        {
            var c = Compile(
                ("main.netpolicy", "import \"left.netpolicy\"\nimport \"right.netpolicy\"\n"),
                ("left.netpolicy", "import \"shared.netpolicy\"\n"),
                ("right.netpolicy", "import \"shared.netpolicy\"\n"),
                ("shared.netpolicy", "zone a {\n  subnet 10.0.0.0/24\n}\n"));
            c.None("NP1003");
            c.Clean();
        }

        // ---- NP1004 unused declaration ----

        [Fact]
        public void NP1004_unused_service_is_a_warning_at_its_name()
        {
            var c = Compile(Zones + "service nfs = tcp/2049\nservice s3 = tcp/443\nallow training -> storage : nfs\n");
            c.Expect("NP1004", "s3", "service 's3' is declared but never used");
        }

        [Fact]
        public void NP1004_reports_each_kind_of_unused_declaration()
        {
            var c = Compile(Zones + "prefixes partners = 198.51.100.0/24\nports web-ports = 80, 443\nclass bulk {\n  dscp af11\n}\n");
            var found = c.All("NP1004");
            Assert.Equal(
                new[] { "prefix list 'partners' is declared but never used", "port list 'web-ports' is declared but never used", "class 'bulk' is declared but never used" },
                found.Select(d => d.Message).ToArray());
            Assert.Equal(new[] { "partners", "web-ports", "bulk" }, found.Select(c.SpanText).ToArray());
            Assert.All(found, d => Assert.Equal(PolicyLang.Diagnostics.DiagnosticSeverity.Warning, d.Severity));
        }

        [Fact]
        public void NP1004_not_reported_for_declarations_used_only_through_other_declarations()
        {
            var c = Compile(
                "prefixes v4 = 10.0.0.0/24\nprefixes all = v4\n" +
                "ports web-ports = 80, 443\nservice web = tcp/web-ports\nservice front = web\n" +
                "class bulk {\n  dscp af11\n}\n" +
                "zone a {\n  subnet all\n}\nzone b {\n  subnet 10.1.0.0/24\n}\n" +
                "allow a -> b : front class bulk\n");
            c.None("NP1004");
            c.Clean();
        }

        // ---- NP1005 reserved name ----

        [Fact]
        public void NP1005_a_zone_named_any()
        {
            var c = Compile("zone any {\n  subnet 10.0.0.0/24\n}\n");
            c.Expect("NP1005", "any", "'any' cannot be used as a zone name: 'any' means every address");
        }

        [Fact]
        public void NP1005_a_service_named_after_a_protocol()
        {
            var c = Compile("service icmpv6 = udp/1\n");
            c.Expect("NP1005", "icmpv6", "'icmpv6' cannot be used as a service name: it names a protocol");
        }

        [Fact]
        public void NP1005_not_reported_for_names_that_merely_contain_a_protocol_word()
        {
            var c = Compile("service tcp-alt = tcp/8080\nzone any-cast {\n  subnet 10.0.0.0/24\n}\nallow any-cast -> any-cast : tcp-alt\n");
            c.None("NP1005");
            c.Clean();
        }

        // ---- NP1006 setting given twice ----

        [Fact]
        public void NP1006_dscp_twice_in_a_class_is_reported_at_the_second_keyword()
        {
            var c = Compile("class rdma {\n  dscp 26\n  dscp 24\n}\n");
            c.Expect("NP1006", "dscp", "'dscp' is set more than once in class 'rdma'", occurrence: 2);
        }

        [Fact]
        public void NP1006_vlan_twice_in_a_segment()
        {
            var c = Compile("zone a {\n  segment s {\n    vlan 10\n    vlan 11\n    subnet 10.0.0.0/24\n  }\n}\n");
            c.Expect("NP1006", "vlan", "'vlan' is set more than once in segment 'a.s'", occurrence: 2);
        }

        [Fact]
        public void NP1006_label_twice_in_a_zone()
        {
            var c = Compile("zone a {\n  labels {\n    team = \"x\"\n    team = \"y\"\n  }\n  subnet 10.0.0.0/24\n}\n");
            c.Expect("NP1006", "team", "'team' is set more than once in the labels of zone 'a'", occurrence: 2);
        }

        [Fact]
        public void NP1006_flow_option_twice()
        {
            var c = Compile(TwoZones + "allow a -> b : tcp/22 log log\n");
            c.Expect("NP1006", "log", "'log' is set more than once in this flow", occurrence: 2);
        }

        [Fact]
        public void NP1006_not_reported_for_repeatable_subnet_and_segment_items()
        {
            var c = Compile("zone a {\n  subnet 10.0.0.0/24\n  subnet 10.0.1.0/24\n  segment s {\n    subnet 10.0.2.0/24\n    subnet 10.0.3.0/24\n  }\n  segment t {\n    subnet 10.0.4.0/24\n  }\n}\n");
            c.None("NP1006");
            c.Clean();
        }

        // ---- NP1007 required setting missing ----

        [Fact]
        public void NP1007_class_without_dscp_is_reported_at_its_name()
        {
            var c = Compile(TwoZones + "class bulk {\n  queue 1\n}\nallow a -> b : tcp/80 class bulk\n");
            c.Expect("NP1007", "bulk", "class 'bulk' has no dscp");
        }

        [Fact]
        public void NP1007_target_without_zones()
        {
            var c = Compile(TwoZones + "target fabric arista-eos {\n  devices \"leaf1\"\n}\n");
            c.Expect("NP1007", "fabric", "target 'fabric' has no zones");
        }

        [Fact]
        public void NP1007_not_reported_when_the_required_settings_are_present()
        {
            var c = Compile(TwoZones + "class bulk {\n  dscp af11\n}\nallow a -> b : tcp/80 class bulk\ntarget fabric arista-eos {\n  zones a, b\n}\n");
            c.None("NP1007");
            c.Clean();
        }

        // ---- NP1008 service cycle ----

        [Fact]
        public void NP1008_two_services_referring_to_each_other()
        {
            var c = Compile(TwoZones + "service x = y\nservice y = x\nallow a -> b : x\n");
            c.Expect("NP1008", "x", "service 'x' refers to itself: x -> y -> x");
        }

        [Fact]
        public void NP1008_a_service_referring_to_itself()
        {
            var c = Compile(TwoZones + "service loop = tcp/1, loop\nallow a -> b : loop\n");
            c.Expect("NP1008", "loop", "service 'loop' refers to itself: loop -> loop");
        }

        [Fact]
        public void NP1008_not_reported_for_a_diamond_of_services()
        {
            var c = Compile(TwoZones + "service d = tcp/1\nservice b1 = d\nservice c1 = d, udp/2\nservice top = b1, c1\nallow a -> b : top\n");
            c.None("NP1008");
            c.Clean();
        }

        /// <summary>
        /// Fails today: only services are checked for cycles. Prefix lists that refer to each other resolve to nothing
        /// without any diagnostic, and the zone using them is then reported as having no subnet (NP2024).
        /// </summary>
        [Fact]
        public void Prefix_list_cycle_is_an_error_rather_than_an_empty_list()
        {
            var c = Compile("prefixes x = y\nprefixes y = x\nzone a {\n  subnet x\n}\n");
            Assert.True(c.Diagnostics.Any(d => d.IsError), "expected an error for the prefix-list cycle, got:\n" + c.Dump());
            c.None("NP2024");
        }

        /// <summary>
        /// Fails today: port lists that refer to each other resolve to nothing without any diagnostic; a flow using
        /// them is silently dropped from the model and the policy compiles clean.
        /// </summary>
        [Fact]
        public void Port_list_cycle_is_an_error_rather_than_a_silently_dropped_flow()
        {
            var c = Compile(TwoZones + "ports p = q\nports q = p\nallow a -> b : tcp/p\n");
            Assert.True(c.Diagnostics.Any(d => d.IsError), "expected an error for the port-list cycle, got:\n" + c.Dump());
        }

        // ---- NP1010 unknown platform ----

        [Fact]
        public void NP1010_unknown_platform_with_a_suggestion()
        {
            var c = Compile(TwoZones + "target fabric aristaeos {\n  zones a\n}\n");
            c.Expect("NP1010", "aristaeos",
                "unknown platform 'aristaeos' (did you mean 'arista-eos'?); expected one of " + string.Join(", ", PolicyLang.Platforms.PlatformRegistry.Names));
        }

        [Fact]
        public void NP1010_unknown_platform_without_a_suggestion()
        {
            var c = Compile(TwoZones + "target fw pfsense {\n  zones a\n}\n");
            c.Expect("NP1010", "pfsense",
                "unknown platform 'pfsense'; expected one of " + string.Join(", ", PolicyLang.Platforms.PlatformRegistry.Names));
        }

        [Theory]
        [InlineData("arista-eos")]
        [InlineData("cisco-nxos")]
        [InlineData("juniper-junos")]
        [InlineData("sonic")]
        [InlineData("cumulus-nvue")]
        [InlineData("nftables")]
        [InlineData("aws")]
        [InlineData("azure-nsg")]
        [InlineData("gcp-firewall")]
        [InlineData("kubernetes")]
        public void NP1010_not_reported_for_known_platforms(string platform)
        {
            var c = Compile(TwoZones + "target t " + platform + " {\n  zones a\n}\n");
            c.None("NP1010");
            c.Clean();
        }

        // ---- NP1011 unknown target mode ----

        [Fact]
        public void NP1011_unknown_nftables_mode()
        {
            var c = Compile(TwoZones + "target gw nftables {\n  zones a\n  mode gw\n}\n");
            c.Expect("NP1011", "gw", "unknown mode 'gw' for platform nftables; expected gateway or host", occurrence: 2);
        }

        [Fact]
        public void NP1011_mode_on_a_platform_without_modes()
        {
            var c = Compile(TwoZones + "target fabric arista-eos {\n  zones a\n  mode gateway\n}\n");
            c.Expect("NP1011", "gateway", "unknown mode 'gateway' for platform arista-eos; expected no mode setting");
        }

        [Theory]
        [InlineData("gateway")]
        [InlineData("host")]
        public void NP1011_not_reported_for_the_nftables_modes(string mode)
        {
            var c = Compile(TwoZones + "target gw nftables {\n  zones a\n  mode " + mode + "\n}\n");
            c.None("NP1011");
            c.Clean();
        }

        // ---- NP1012 more than one policy header ----

        [Fact]
        public void NP1012_second_header_in_one_file()
        {
            var c = Compile("policy lab {\n  default deny\n}\npolicy lab2 {\n  default allow\n}\n");
            c.Expect("NP1012", "lab2", "policy 'lab' already has a header at p.netpolicy(1,8)");
        }

        [Fact]
        public void NP1012_second_header_in_an_imported_file()
        {
            var c = Compile(
                ("main.netpolicy", "import \"lib.netpolicy\"\npolicy lab {\n  default deny\n}\n"),
                ("lib.netpolicy", "policy lab {\n  default deny\n}\n"));
            var d = c.Expect("NP1012", "lab", "policy 'lab' already has a header at main.netpolicy(2,8)");
            Assert.Equal("lib.netpolicy", d.Path);
        }

        [Fact]
        public void NP1012_not_reported_for_one_header_and_imported_files_without_one()
        {
            var c = Compile(
                ("main.netpolicy", "import \"lib.netpolicy\"\npolicy lab {\n  default deny\n}\n"),
                ("lib.netpolicy", TwoZones));
            c.None("NP1012");
            c.Clean();
        }
    }
}
