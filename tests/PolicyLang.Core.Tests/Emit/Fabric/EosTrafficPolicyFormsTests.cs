using System;
using System.Collections.Generic;
using System.Linq;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Emit.AristaEos;
using PolicyLang.Emit.Fabric;
using Xunit;

namespace PolicyLang.Tests.Emit.Fabric
{
    /// <summary>
    /// The traffic-policy forms Capirca's and Aerleon's <c>arista_tp</c> generator writes (tests/PolicyLang.E2E/Import,
    /// CapircaTargetEquivalenceTests.AristaTp.cs) as <see cref="EosAclReader"/> reads them: field-sets with <c>except</c>,
    /// <c>no traffic-policy</c>, protocol names, lists and ranges, ICMP type lists, ports as several words, a section per
    /// policy, and <c>ip length</c>, which the header space cannot hold and which is refused unless a bound is asked for.
    /// </summary>
    public sealed class EosTrafficPolicyFormsTests
    {
        /// <summary>Cut from aclgen's output for Capirca's sample_arista_tp.pol and sample_multitarget.pol (with two matches
        /// made for these tests: 'lists' and 'sized').</summary>
        private const string Aclgen =
            "traffic-policies\n" +
            "   field-set ipv4 prefix src-allow-dns-foo-exc-test\n" +
            "      0.0.0.0/0\n" +
            "      except 8.8.4.4/32\n" +
            "      except 8.8.8.8/32\n" +
            "   !\n" +
            "   no traffic-policy MIXED-TRAFFIC-POLICY\n" +
            "   traffic-policy MIXED-TRAFFIC-POLICY\n" +
            "   counter icmp-loopback wonky-prots-loopback default-discard\n" +
            "      match accept-icmp ipv4\n" +
            "         protocol icmp type 0,8 code all\n" +
            "         actions\n" +
            "            count icmp-loopback\n" +
            "         !\n" +
            "      !\n" +
            "      match wonky-prots ipv4\n" +
            "         !! owner: foo@arista.com\n" +
            "         protocol 2,8,27\n" +
            "      !\n" +
            "      match ipv6-wonky-prots-except ipv6\n" +
            "         protocol 1,3-7,9-26,28-255\n" +
            "      !\n" +
            "      match accept-ospf ipv4\n" +
            "         source prefix 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16\n" +
            "         protocol ospf\n" +
            "      !\n" +
            "      match ipv6-allow-vrrp ipv6\n" +
            "         protocol vrrp\n" +
            "      !\n" +
            "      match allow-dns-foo-exc-test ipv4\n" +
            "         source prefix field-set src-allow-dns-foo-exc-test\n" +
            "         protocol tcp udp destination port 53\n" +
            "      !\n" +
            "      match lists ipv4\n" +
            "         destination prefix 200.1.1.4/32 200.1.1.5/32\n" +
            "         protocol tcp destination port 25 465 587,995\n" +
            "      !\n" +
            "      match reject-imap-requests ipv4\n" +
            "         destination prefix 200.1.1.4/32 200.1.1.5/32\n" +
            "         protocol tcp destination port 143\n" +
            "         actions\n" +
            "            drop\n" +
            "            count reject-imap-requests\n" +
            "         !\n" +
            "      !\n" +
            "      match ipv4-default-all ipv4\n" +
            "         actions\n" +
            "            drop\n" +
            "            count default-discard\n" +
            "         !\n" +
            "      !\n" +
            "traffic-policies\n" +
            "   no traffic-policy edge-outbound\n" +
            "   traffic-policy edge-outbound\n" +
            "      match ipv6-deny-to-bad-destinations ipv6\n" +
            "         destination prefix ::/8 ::1/128\n" +
            "         actions\n" +
            "            drop\n" +
            "      !\n" +
            "      match ipv4-default-all ipv4\n" +
            "      !\n" +
            "      match ipv6-default-all ipv6\n" +
            "      !\n";

        private static ParsedAcl List(string text, string name, EosAclReader? reader = null) => (reader ?? new EosAclReader()).Read(text).Acls[name];

        private static List<string> Entries(ParsedAcl acl) => acl.Entries.Select(e => e.ToString()).ToList();

        [Fact]
        public void Aclgens_arista_tp_output_is_read_match_by_match()
        {
            var config = new EosAclReader().Read(Aclgen);
            Assert.Equal(new[] { "MIXED-TRAFFIC-POLICY/ipv4", "MIXED-TRAFFIC-POLICY/ipv6", "edge-outbound/ipv4", "edge-outbound/ipv6" }, config.Acls.Keys.OrderBy(k => k, StringComparer.Ordinal));
            var v4 = Entries(config.Acls["MIXED-TRAFFIC-POLICY/ipv4"]);
            Assert.Equal(new[] { "permit 1 any any type 0", "permit 1 any any type 8" }, v4.Take(2));
            Assert.Equal(new[] { "permit 2 any any", "permit 8 any any", "permit 27 any any" }, v4.Skip(2).Take(3));
            Assert.Equal("permit 89 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16 any", v4[5]);
            Assert.Equal("permit 6 any 200.1.1.4/32,200.1.1.5/32 dport 25,465,587,995", v4[8]);
            Assert.Equal("deny 6 any 200.1.1.4/32,200.1.1.5/32 dport 143", v4[9]);
            // aclgen's 'ipv4-default-all' is a match like any other: it drops the rest; EOS's own default match forwards nothing then.
            Assert.Equal(new[] { "deny ip any any", "permit ip any any" }, v4.Skip(10));
            Assert.Equal(12, v4.Count);

            var v6 = Entries(config.Acls["MIXED-TRAFFIC-POLICY/ipv6"]);
            Assert.Equal(1 + 5 + 18 + 228 + 1 + 1, v6.Count);
            Assert.DoesNotContain("permit 2 any any", v6);
            Assert.DoesNotContain("permit 8 any any", v6);
            Assert.Contains("permit 255 any any", v6);
            Assert.Equal("permit 112 any any", v6[^2]);
            Assert.Equal("permit ip any any", v6[^1]);

            Assert.Equal(new[] { "permit ip any any", "permit ip any any" }, Entries(config.Acls["edge-outbound/ipv4"]));
            Assert.Equal(new[] { "deny ip any ::/8,::1/128", "permit ip any any", "permit ip any any" }, Entries(config.Acls["edge-outbound/ipv6"]));
        }

        [Fact]
        public void A_protocol_list_with_ports_is_one_entry_per_protocol()
        {
            var v4 = Entries(new EosAclReader().Read(Aclgen).Acls["MIXED-TRAFFIC-POLICY/ipv4"]);
            var dns = v4.Skip(6).Take(2).ToList();
            Assert.Equal(2, dns.Count);
            Assert.StartsWith("permit 6 ", dns[0]);
            Assert.StartsWith("permit 17 ", dns[1]);
            Assert.All(dns, d => Assert.EndsWith(" any dport 53", d));
        }

        [Fact]
        public void A_prefix_field_set_leaves_its_except_prefixes_out()
        {
            var acl = List(Aclgen, "MIXED-TRAFFIC-POLICY/ipv4");
            var dns = acl.Entries[6];
            var sources = AddressRangeSet.FromPrefixes(dns.Sources!);
            Assert.Equal(AddressRangeSet.AllIPv4.Except(AddressRangeSet.FromPrefixes(new[] { IpPrefix.Parse("8.8.4.4/32"), IpPrefix.Parse("8.8.8.8/32") })), sources);
            Assert.True(dns.Sources!.All(p => p.IsIPv4));
            // The entry's line is the protocol line, for the caller that puts entries down to their match.
            Assert.Equal(Aclgen.Split('\n').ToList().FindIndex(l => l.Contains("protocol tcp udp", StringComparison.Ordinal)) + 1, acl.EntryLines[6]);
        }

        [Fact]
        public void A_field_set_emptied_by_its_excepts_matches_nothing()
        {
            var text = "traffic-policies\n   field-set ipv6 prefix S\n      fd00::/64\n      except fd00::/65 fd00:0:0:0:8000::/65\n   !\n" +
                "   traffic-policy P\n      match M ipv6\n         source prefix field-set S\n         actions\n            drop\n      !\n";
            Assert.Equal(new[] { "permit ip any any" }, Entries(List(text, "P/ipv6")));
        }

        [Fact]
        public void No_traffic_policy_removes_the_policy_read_before()
        {
            var text = "traffic-policies\n   traffic-policy P\n      match M ipv4\n         actions\n            drop\n      !\n" +
                "   no traffic-policy P\n   traffic-policy P\n      match N ipv4\n         protocol tcp\n      !\n";
            Assert.Equal(new[] { "permit 6 any any", "permit ip any any" }, Entries(List(text, "P/ipv4")));
            Assert.Empty(new EosAclReader().Read("traffic-policies\n   no traffic-policy Q\n").Acls);
        }

        [Fact]
        public void A_second_section_starts_afresh()
        {
            var text = "traffic-policies\n   traffic-policy P\n      match M ipv4\n         protocol tcp\n      !\n" +
                "traffic-policies\n      match N ipv4\n";
            var e = Assert.Throws<AclReadException>(() => new EosAclReader().Read(text));
            Assert.Equal(7, e.Line);
            Assert.Contains("outside a field-set or traffic-policy", e.Message);
        }

        private const string Sized =
            "traffic-policies\n   traffic-policy P\n" +
            "      match ratelimit-large-dns ipv4\n         destination prefix 8.8.4.4/32\n         protocol udp destination port 53\n         ip length 500-5000\n      !\n" +
            "      match reject-large-dns ipv4\n         protocol udp destination port 53\n         ip length 500-5000\n         actions\n            drop\n      !\n" +
            "      match ipv4-default-all ipv4\n         actions\n            drop\n      !\n";

        [Fact]
        public void A_length_match_is_refused_by_default_with_its_line()
        {
            var e = Assert.Throws<AclReadException>(() => new EosAclReader().Read(Sized));
            Assert.Equal(6, e.Line);
            Assert.Contains("'ip length 500-5000' matches on the packet length", e.Message);
            Assert.Contains("cannot be read exactly", e.Message);
        }

        [Fact]
        public void The_widest_and_narrowest_readings_bound_a_length_match()
        {
            var widest = Entries(List(Sized, "P/ipv4", new EosAclReader(EosAclReader.LengthReading.Widest)));
            Assert.Equal(new[] { "permit 17 any 8.8.4.4/32 dport 53", "deny ip any any", "permit ip any any" }, widest);
            var narrowest = Entries(List(Sized, "P/ipv4", new EosAclReader(EosAclReader.LengthReading.Narrowest)));
            Assert.Equal(new[] { "deny 17 any any dport 53", "deny ip any any", "permit ip any any" }, narrowest);
            var most = AclSemantics.Forward(List(Sized, "P/ipv4", new EosAclReader(EosAclReader.LengthReading.Widest)).Entries, AclFamily.IPv4);
            var least = AclSemantics.Forward(List(Sized, "P/ipv4", new EosAclReader(EosAclReader.LengthReading.Narrowest)).Entries, AclFamily.IPv4);
            Assert.True(least.Except(most).IsEmpty);
            Assert.False(most.Except(least).IsEmpty);
        }

        [Theory]
        [InlineData("protocol bgp", "unknown protocol 'bgp'")]
        [InlineData("protocol neighbors bgp", "unknown protocol 'neighbors'")]
        [InlineData("protocol icmpv6", "unknown protocol 'icmpv6' in a ipv4 match")]
        [InlineData("protocol tcp udp flags established", "unexpected 'flags'")]
        [InlineData("protocol tcp icmp destination port 80", "unexpected 'destination'")]
        [InlineData("protocol tcp tcp", "a protocol named twice")]
        [InlineData("protocol 1-300", "expected a number 0-255")]
        [InlineData("protocol 7-3", "ends before it starts")]
        [InlineData("protocol 1,,2", "empty protocol")]
        [InlineData("protocol 1-2-3", "expected a protocol or range")]
        [InlineData("protocol icmp type 0,8", "expected 'code CODES|all'")]
        [InlineData("protocol icmp type code all", "unexpected 'type'")]
        [InlineData("protocol icmp type echo code all", "expected a number 0-255")]
        [InlineData("protocol icmp type 0-255 code 0-255", "more than 4096 entries")]
        [InlineData("protocol tcp destination port 80 source port 1 source port 2", "a second source port")]
        [InlineData("protocol tcp destination port field-set", "expected a field-set name")]
        [InlineData("protocol tcp destination port field-set NOPE", "unknown field-set 'NOPE'")]
        [InlineData("protocol udp destination port 53,", "empty port")]
        [InlineData("ip length 5000-500", "ends before it starts")]
        [InlineData("ip length", "unsupported match condition 'ip length'")]
        [InlineData("ip ttl 5", "unsupported match condition 'ip ttl 5'")]
        [InlineData("fragment", "unsupported match condition 'fragment'")]
        [InlineData("protocol tcp flags initial", "unexpected 'flags'")]
        public void The_reader_refuses_protocol_and_length_forms_it_does_not_know(string condition, string message)
        {
            var e = Assert.Throws<AclReadException>(() => new EosAclReader(EosAclReader.LengthReading.Widest).Read("traffic-policies\n   traffic-policy P\n      match M ipv4\n         " + condition + "\n"));
            Assert.Contains(message, e.Message);
            Assert.Equal(4, e.Line);
        }

        [Theory]
        [InlineData("traffic-policies\n   field-set ipv4 prefix S\n      except\n", 3, "expected prefixes after 'except'")]
        [InlineData("traffic-policies\n   field-set ipv4 prefix S\n      except 10.0.0.1/8\n", 3, "expected a prefix")]
        [InlineData("traffic-policies\n   no field-set ipv4 prefix S\n", 2, "unsupported 'no field-set ipv4 prefix S'")]
        [InlineData("traffic-policies\n   traffic-policy P\n      match M ipv4\n         no protocol tcp\n", 4, "unsupported 'no protocol tcp'")]
        [InlineData("traffic-policies\n   traffic-policy P\n      match M ipv4\n         ip length 10\n         ip length 20\n", 5, "a second 'ip length'")]
        [InlineData("traffic-policies\n   traffic-policy P\n      match ipv4-all-default ipv4\n         ip length 10\n", 3, "takes no conditions")]
        [InlineData("traffic-policies\n   traffic-policy P\n      match M ipv4\n         source prefix field-set\n", 4, "expected prefixes or field-sets")]
        public void The_reader_refuses_other_broken_forms_with_the_line(string text, int line, string message)
        {
            var e = Assert.Throws<AclReadException>(() => new EosAclReader().Read(text));
            Assert.Contains(message, e.Message);
            Assert.Equal(line, e.Line);
        }

        [Fact]
        public void Hostile_and_truncated_aclgen_text_never_crashes_the_reader()
        {
            var random = new Random(19);
            var readers = new[] { new EosAclReader(), new EosAclReader(EosAclReader.LengthReading.Widest), new EosAclReader(EosAclReader.LengthReading.Narrowest) };
            int read = 0;
            foreach (var text in new[] { Aclgen, Sized })
            {
                for (int i = 0; i < 400; i++)
                {
                    var cut = text.Substring(0, random.Next(text.Length + 1));
                    var chars = cut.ToCharArray();
                    for (int k = 0; k < 3 && chars.Length > 0; k++) chars[random.Next(chars.Length)] = "x 9/.,-!\n\0"[random.Next(10)];
                    try
                    {
                        readers[i % 3].Read(new string(chars));
                        read++;
                    }
                    catch (AclReadException)
                    {
                    }
                }
            }
            Assert.True(read > 0, "every damaged text was refused: the test no longer reaches the reader's reading");
        }
    }
}
