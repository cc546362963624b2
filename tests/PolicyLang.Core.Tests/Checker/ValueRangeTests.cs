using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Checker
{
    /// <summary>Range checks done while binding values: NP2001, 2003, 2005, 2007, 2009, 2011, 2015, 2016, 2018-2023.</summary>
    public sealed class ValueRangeTests
    {
        private static string Segment(string settings) =>
            "zone a {\n  segment s {\n" + settings + "    subnet 10.0.0.0/24\n  }\n}\n";

        private static string Class(string settings) => TwoZones + "class c {\n" + settings + "}\nallow a -> b : tcp/80 class c\n";

        // ---- NP2001 VLAN ----

        [Theory]
        [InlineData("0")]
        [InlineData("4095")]
        [InlineData("99999999999999999999999")]
        public void NP2001_vlan_outside_1_to_4094(string vlan)
        {
            var c = Compile(Segment("    vlan " + vlan + "\n"));
            c.Expect("NP2001", vlan, "VLAN id must be 1-4094, found " + vlan, prefix: "vlan ");
        }

        [Theory]
        [InlineData("1")]
        [InlineData("4094")]
        public void NP2001_not_reported_at_the_bounds(string vlan)
        {
            var c = Compile(Segment("    vlan " + vlan + "\n"));
            c.None("NP2001");
            c.Clean();
        }

        // ---- NP2003 VNI ----

        [Theory]
        [InlineData("0")]
        [InlineData("16777216")]
        public void NP2003_vni_outside_24_bits(string vni)
        {
            var c = Compile(Segment("    vni " + vni + "\n"));
            c.Expect("NP2003", vni, "VXLAN VNI must be 1-16777215, found " + vni, prefix: "vni ");
        }

        [Theory]
        [InlineData("1")]
        [InlineData("16777215")]
        public void NP2003_not_reported_at_the_bounds(string vni)
        {
            var c = Compile(Segment("    vni " + vni + "\n"));
            c.None("NP2003");
            c.Clean();
        }

        // ---- NP2005 prefix host bits ----

        [Fact]
        public void NP2005_ipv4_prefix_with_host_bits_suggests_the_network()
        {
            var c = Compile("zone a {\n  subnet 10.0.0.1/24\n}\n");
            c.Expect("NP2005", "10.0.0.1/24", "'10.0.0.1/24' has host bits set; did you mean '10.0.0.0/24'?");
        }

        [Fact]
        public void NP2005_ipv6_prefix_with_host_bits()
        {
            var c = Compile("zone a {\n  segment s {\n    subnet fd00:10::1/48\n  }\n}\n");
            c.Expect("NP2005", "fd00:10::1/48", "'fd00:10::1/48' has host bits set; did you mean 'fd00:10::/48'?");
        }

        [Fact]
        public void NP2005_in_a_prefix_list_used_twice_is_reported_once_at_the_list_entry()
        {
            var c = Compile("prefixes feeds = 198.51.100.7/24\nexternal partners {\n  subnet feeds\n}\nexternal vendors {\n  subnet feeds\n}\n");
            c.Expect("NP2005", "198.51.100.7/24", "'198.51.100.7/24' has host bits set; did you mean '198.51.100.0/24'?");
        }

        [Fact]
        public void NP2005_not_reported_for_network_addresses_and_bare_hosts()
        {
            var c = Compile("zone a {\n  subnet 10.0.0.0/24, 10.9.0.1, fd00:10::/48, fd00:99::1, 0.0.0.0/0\n}\n");
            c.None("NP2005");
        }

        // ---- NP2007 MTU ----

        [Theory]
        [InlineData("67")]
        [InlineData("9217")]
        public void NP2007_segment_mtu_outside_68_to_9216(string mtu)
        {
            var c = Compile(Segment("    mtu " + mtu + "\n"));
            c.Expect("NP2007", mtu, "MTU must be 68-9216, found " + mtu, prefix: "mtu ");
        }

        [Fact]
        public void NP2007_mtu_assertion_bound_out_of_range()
        {
            var c = Compile(Segment("    mtu 9000\n") + "assert mtu a >= 10000\n");
            c.Expect("NP2007", "10000", "MTU must be 68-9216, found 10000");
        }

        [Theory]
        [InlineData("68")]
        [InlineData("9216")]
        public void NP2007_not_reported_at_the_bounds(string mtu)
        {
            var c = Compile(Segment("    mtu " + mtu + "\n") + "assert mtu a >= " + mtu + "\n");
            c.None("NP2007");
            c.Clean();
        }

        // ---- NP2009 DSCP ----

        [Fact]
        public void NP2009_dscp_above_63()
        {
            var c = Compile(Class("  dscp 64\n"));
            c.Expect("NP2009", "64", "DSCP must be 0-63, found 64", prefix: "dscp ");
        }

        [Theory]
        [InlineData("0")]
        [InlineData("63")]
        [InlineData("ef")]
        [InlineData("cs7")]
        public void NP2009_not_reported_for_0_63_and_names(string dscp)
        {
            var c = Compile(Class("  dscp " + dscp + "\n"));
            c.None("NP2009");
            c.Clean();
        }

        // ---- NP2011 queue and pcp ----

        [Fact]
        public void NP2011_queue_above_7()
        {
            var c = Compile(Class("  dscp 10\n  queue 8\n"));
            c.Expect("NP2011", "8", "queue must be 0-7, found 8", prefix: "queue ");
        }

        [Fact]
        public void NP2011_pcp_above_7_names_the_setting()
        {
            var c = Compile(Class("  dscp 10\n  pcp 9\n"));
            c.Expect("NP2011", "9", "802.1p priority (pcp) must be 0-7, found 9", prefix: "pcp ");
        }

        [Theory]
        [InlineData("0")]
        [InlineData("7")]
        public void NP2011_not_reported_at_the_bounds(string value)
        {
            var c = Compile(Class("  dscp 10\n  queue " + value + "\n  pcp " + value + "\n"));
            c.None("NP2011");
            c.Clean();
        }

        // ---- NP2015 port ----

        [Fact]
        public void NP2015_single_port_above_65535()
        {
            var c = Compile(TwoZones + "allow a -> b : tcp/65536\n");
            c.Expect("NP2015", "65536", "port must be 0-65535, found 65536");
        }

        [Fact]
        public void NP2015_upper_end_of_a_range_in_a_port_list()
        {
            var c = Compile(TwoZones + "ports high = 100-70000\nallow a -> b : udp/high\n");
            c.Expect("NP2015", "70000", "port must be 0-65535, found 70000");
        }

        [Fact]
        public void NP2015_not_reported_for_0_and_65535()
        {
            var c = Compile(TwoZones + "allow a -> b : tcp/0, udp/65535, sctp/0-65535\n");
            c.None("NP2015");
        }

        // ---- NP2016 reversed port range ----

        [Fact]
        public void NP2016_reversed_range_in_a_flow_spans_the_whole_range()
        {
            var c = Compile(TwoZones + "allow a -> b : tcp/2000-1000\n");
            c.Expect("NP2016", "2000-1000", "port range 2000-1000 starts after it ends");
        }

        [Fact]
        public void NP2016_reversed_range_in_a_port_list()
        {
            var c = Compile(TwoZones + "ports web = 443-80\nallow a -> b : tcp/web\n");
            c.Expect("NP2016", "443-80", "port range 443-80 starts after it ends");
        }

        [Fact]
        public void NP2016_not_reported_for_a_one_port_range()
        {
            var c = Compile(TwoZones + "allow a -> b : tcp/1000-1000\n");
            c.None("NP2016");
            c.Clean();
        }

        // ---- NP2018 ICMP type and code ----

        [Fact]
        public void NP2018_icmp_type_above_255()
        {
            var c = Compile(TwoZones + "allow a -> b : icmp 256\n");
            c.Expect("NP2018", "256", "ICMP type must be 0-255, found 256");
        }

        [Fact]
        public void NP2018_icmp_code_above_255()
        {
            var c = Compile(TwoZones + "allow a -> b : icmp 3 code 300\n");
            c.Expect("NP2018", "300", "ICMP code must be 0-255, found 300");
        }

        [Fact]
        public void NP2018_not_reported_for_255()
        {
            var c = Compile(TwoZones + "allow a -> b : icmp 255 code 255\n");
            c.None("NP2018");
            c.Clean();
        }

        // ---- NP2019 ICMP type of the other family ----

        [Fact]
        public void NP2019_icmpv6_only_name_after_icmp()
        {
            var c = Compile(TwoZones + "allow a -> b : icmp packet-too-big\n");
            c.Expect("NP2019", "packet-too-big", "'packet-too-big' is not an ICMP (IPv4) type; it exists only in ICMPv6");
        }

        [Fact]
        public void NP2019_icmp_only_name_after_icmpv6()
        {
            var c = Compile(TwoZones + "allow a -> b : icmpv6 timestamp-request\n");
            c.Expect("NP2019", "timestamp-request", "'timestamp-request' is not an ICMPv6 type; it exists only in ICMP for IPv4");
        }

        [Fact]
        public void NP2019_not_reported_for_names_of_the_right_family_or_of_both()
        {
            var c = Compile(TwoZones + "service s = icmp echo-request, icmp time-exceeded, icmpv6 echo-request, icmpv6 packet-too-big\nallow a -> b : s\n");
            c.None("NP2019");
        }

        // ---- NP2020 rate ----

        [Theory]
        [InlineData("0/s", "1000000000000/s")]
        [InlineData("0pps", "1000000000000pps")]
        [InlineData("2000Gbps", "1Tbps")]
        public void NP2020_rate_zero_or_above_the_maximum(string rate, string maximum)
        {
            var c = Compile(TwoZones + "allow a -> b : tcp/443 rate " + rate + "\n");
            c.Expect("NP2020", rate, "rate must be at least 1 and at most " + maximum + ", found " + rate);
        }

        [Theory]
        [InlineData("1/s")]
        [InlineData("50kpps")]
        [InlineData("1000Gbps")]
        public void NP2020_not_reported_inside_the_range(string rate)
        {
            var c = Compile(TwoZones + "allow a -> b : tcp/443 rate " + rate + "\n");
            c.None("NP2020");
            c.Clean();
        }

        // ---- NP2021 percentage ----

        [Theory]
        [InlineData("0%")]
        [InlineData("101%")]
        public void NP2021_bandwidth_outside_1_to_100(string share)
        {
            var c = Compile(Class("  dscp 10\n  bandwidth " + share + "\n"));
            c.Expect("NP2021", share, "bandwidth must be 1-100%, found " + share);
        }

        [Fact]
        public void NP2021_ecn_probability_of_zero()
        {
            var c = Compile(Class("  dscp 10\n  ecn {\n    min 100KB\n    max 200KB\n    probability 0%\n  }\n"));
            c.Expect("NP2021", "0%", "ECN marking probability must be 1-100%, found 0%");
        }

        [Theory]
        [InlineData("1%")]
        [InlineData("100%")]
        public void NP2021_not_reported_at_the_bounds(string share)
        {
            var c = Compile(Class("  dscp 10\n  bandwidth " + share + "\n  ecn {\n    probability " + share + "\n  }\n"));
            c.None("NP2021");
            c.Clean();
        }

        // ---- NP2022 size ----

        [Fact]
        public void NP2022_zero_minimum_threshold()
        {
            var c = Compile(Class("  dscp 10\n  ecn {\n    min 0KB\n    max 200KB\n  }\n"));
            c.Expect("NP2022", "0KB", "ECN minimum threshold must be 1 byte to 4GB, found 0KB");
        }

        [Fact]
        public void NP2022_maximum_threshold_above_4GB()
        {
            var c = Compile(Class("  dscp 10\n  ecn {\n    min 1MB\n    max 5GB\n  }\n"));
            c.Expect("NP2022", "5GB", "ECN maximum threshold must be 1 byte to 4GB, found 5GB");
        }

        [Fact]
        public void NP2022_not_reported_for_1B_and_4GB()
        {
            var c = Compile(Class("  dscp 10\n  ecn {\n    min 1B\n    max 4GB\n  }\n"));
            c.None("NP2022");
            c.Clean();
        }

        // ---- NP2023 protocol number ----

        [Fact]
        public void NP2023_protocol_above_255()
        {
            var c = Compile(TwoZones + "allow a -> b : proto 256\n");
            c.Expect("NP2023", "256", "IP protocol number must be 0-255, found 256");
        }

        [Fact]
        public void NP2023_not_reported_for_0_and_255()
        {
            var c = Compile(TwoZones + "allow a -> b : proto 0, proto 255\n");
            c.None("NP2023");
            c.Clean();
        }
    }
}
