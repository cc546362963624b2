using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.AristaEos;
using PolicyLang.Emit.CiscoNxos;
using PolicyLang.Emit.Fabric;
using Xunit;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>
    /// Forms the devices take that Capirca's aclgen writes (tests/PolicyLang.E2E/Import/CapircaTargetEquivalenceTests):
    /// EOS port names (<c>eq www</c>) and NX-OS wildcard masks beside prefixes (<c>10.0.0.0 0.255.255.255</c>).
    /// </summary>
    public sealed class AclReaderFormsTests
    {
        private static AclEntry Single(ParsedConfig config) => Assert.Single(Assert.Single(config.Acls.Values).Entries);

        [Theory]
        [InlineData("permit tcp any host 200.1.1.1 eq www", 6, 80UL)]
        [InlineData("permit tcp any host 200.1.1.1 eq https", 6, 443UL)]
        [InlineData("permit tcp any host 200.1.1.1 eq smtp", 6, 25UL)]
        [InlineData("permit udp any any eq bootps", 17, 67UL)]
        [InlineData("permit udp any any eq radius", 17, 1812UL)]
        [InlineData("permit tcp any any eq kerberos", 6, 88UL)]
        public void Eos_reads_port_names(string entry, int protocol, ulong port)
        {
            var e = Single(new EosAclReader().Read("ip access-list A\n " + entry + "\n"));
            Assert.Equal(protocol, e.Protocol);
            Assert.Equal(new[] { new Interval(port, port) }, e.DestinationPorts);
        }

        [Fact]
        public void Eos_reads_several_names_and_numbers_after_eq_and_names_in_ranges()
        {
            var e = Single(new EosAclReader().Read("ip access-list A\n permit tcp any eq www 8080 https any range ftp-data ftp\n"));
            Assert.Equal(new[] { new Interval(80, 80), new Interval(8080, 8080), new Interval(443, 443) }, e.SourcePorts);
            Assert.Equal(new[] { new Interval(20, 21) }, e.DestinationPorts);
        }

        [Theory]
        [InlineData("permit udp any any eq www")] // a TCP name on UDP
        [InlineData("permit tcp any any eq bootps")] // a UDP name on TCP
        [InlineData("permit tcp any any eq nosuchport")]
        public void Eos_refuses_names_of_another_protocol_or_none(string entry) =>
            Assert.Throws<AclReadException>(() => new EosAclReader().Read("ip access-list A\n " + entry + "\n"));

        /// <summary>NX-OS and IOS XE show well-known ports by name in their running configuration (eq 80 becomes eq www), so
        /// an export of what policyc wrote with numbers holds names.</summary>
        [Theory]
        [InlineData("permit tcp any any eq www", 6, 80UL)]
        [InlineData("permit tcp any any eq ftp-data", 6, 20UL)]
        [InlineData("permit tcp any any eq bgp", 6, 179UL)]
        [InlineData("permit tcp any any eq domain", 6, 53UL)]
        [InlineData("permit udp any any eq domain", 17, 53UL)]
        [InlineData("permit udp any any eq ntp", 17, 123UL)]
        [InlineData("permit udp any any eq syslog", 17, 514UL)]
        [InlineData("permit tcp any any eq cmd", 6, 514UL)]
        public void Nxos_and_ios_xe_read_the_port_names_they_show(string entry, int protocol, ulong port)
        {
            foreach (var (reader, header, prefix) in new (CliAclReader, string, string)[]
            {
                (new NxosAclReader(), "ip access-list A", " 10 "),
                (new PolicyLang.Emit.CiscoIosXe.IosXeAclReader(), "ip access-list extended A", " 10 "),
            })
            {
                var e = Single(reader.Read(header + "\n" + prefix + entry + "\n"));
                Assert.Equal(protocol, e.Protocol);
                Assert.Equal(new[] { new Interval(port, port) }, e.DestinationPorts);
            }
        }

        [Theory]
        [InlineData("permit udp any any eq www")] // a TCP name on UDP
        [InlineData("permit tcp any any eq ntp")] // a UDP name on TCP
        [InlineData("permit tcp any any eq https")] // EOS's name, not theirs
        [InlineData("permit tcp any any eq nosuchport")]
        public void Nxos_and_ios_xe_refuse_names_of_another_protocol_or_none(string entry)
        {
            Assert.Throws<AclReadException>(() => new NxosAclReader().Read("ip access-list A\n 10 " + entry + "\n"));
            Assert.Throws<AclReadException>(() => new PolicyLang.Emit.CiscoIosXe.IosXeAclReader().Read("ip access-list extended A\n 10 " + entry + "\n"));
        }

        [Fact]
        public void Nxos_port_groups_read_names_too()
        {
            var config = new NxosAclReader().Read("object-group ip port WEB\n  10 eq www\n  20 range ftp-data ftp\n  30 eq 8080\nip access-list A\n 10 permit tcp any any portgroup WEB\n");
            Assert.Equal(new[] { new Interval(80, 80), new Interval(20, 21), new Interval(8080, 8080) }, Single(config).DestinationPorts);
        }

        [Fact]
        public void Nxos_reads_wildcard_masks_beside_prefixes()
        {
            var config = new NxosAclReader().Read("ip access-list A\n deny ip 10.0.0.0 0.255.255.255 any\n permit tcp any 172.16.0.0 0.15.255.255 established\n permit ip 192.168.0.0/16 host 8.8.8.8\n");
            var entries = Assert.Single(config.Acls.Values).Entries;
            Assert.Equal("10.0.0.0/8", Assert.Single(entries[0].Sources!).ToString());
            Assert.Null(entries[0].Destinations);
            Assert.Equal("172.16.0.0/12", Assert.Single(entries[1].Destinations!).ToString());
            Assert.True(entries[1].Established);
            Assert.Equal("192.168.0.0/16", Assert.Single(entries[2].Sources!).ToString());
            Assert.Equal("8.8.8.8/32", Assert.Single(entries[2].Destinations!).ToString());
        }

        [Theory]
        [InlineData("deny ip 10.0.0.0 0.255.0.255 any")] // not contiguous
        [InlineData("deny ip 10.0.0.1 0.0.0.255 any")] // bits inside the mask
        [InlineData("deny ip 10.0.0.0 any")] // no mask
        public void Nxos_refuses_what_is_not_one_prefix(string entry) =>
            Assert.Throws<AclReadException>(() => new NxosAclReader().Read("ip access-list A\n " + entry + "\n"));

        [Fact]
        public void Eos_still_refuses_wildcard_masks() =>
            Assert.Throws<AclReadException>(() => new EosAclReader().Read("ip access-list A\n deny ip 10.0.0.0 0.255.255.255 any\n"));

        [Fact]
        public void Nxos_ipv6_takes_no_wildcard_mask() =>
            Assert.Throws<AclReadException>(() => new NxosAclReader().Read("ipv6 access-list A\n deny ipv6 2001:db8:: ::ffff any\n"));
    }
}
