using System;
using System.Collections.Generic;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.AristaEos;
using PolicyLang.Emit.Fabric;
using PolicyLang.Emit.Junos;
using PolicyLang.Tests.Emit;
using Xunit;
using static PolicyLang.Tests.Checker.CheckerHarness;

namespace PolicyLang.Tests.Language
{
    /// <summary>
    /// Flow endpoints narrower than a zone: a prefix, a prefix list, and 'except' after any endpoint but 'any'. The
    /// endpoint must lie inside one zone, which carries the flow; targets that place rules per zone refuse it (NP4001).
    /// </summary>
    public sealed class NarrowEndpointTests
    {
        private const string Zones =
            "prefixes bastions = 10.1.0.10/32, 10.1.0.11/32\n" +
            "prefixes lab-hosts = 10.1.0.128/25\n" +
            "zone a {\n  segment hosts {\n    vlan 10\n    subnet 10.1.0.0/24\n  }\n}\n" +
            "zone b {\n  segment hosts {\n    vlan 20\n    subnet 10.2.0.0/24\n  }\n}\n";

        [Fact]
        public void A_prefix_a_prefix_list_and_except_bind_to_the_zone_that_owns_them()
        {
            var c = Compile(Zones + "allow bastions -> b : tcp/22\nallow a except lab-hosts -> b.hosts : tcp/443\nallow 10.1.0.5 -> 10.2.0.0/25 : tcp/8080\n"
                + "allow a.hosts except 10.1.0.0/26, lab-hosts -> b : tcp/9000\n");
            Assert.DoesNotContain(c.Diagnostics, d => d.IsError);
            var flows = c.Compilation.Model.Flows;
            var addresses = c.Compilation.Addresses;
            Assert.Equal("a", flows[0].Source.Zone!.Name);
            Assert.Equal("bastions", flows[0].Source.ToString());
            Assert.Equal("10.1.0.10/31", string.Join(" ", addresses.Of(flows[0].Source).ToPrefixes()));
            Assert.Equal("a except lab-hosts", flows[1].Source.ToString());
            Assert.Equal("10.1.0.0/25", string.Join(" ", addresses.Of(flows[1].Source).ToPrefixes()));
            Assert.False(flows[1].Destination.IsNarrowed);
            Assert.Equal(("a", "b"), (flows[2].Source.Zone!.Name, flows[2].Destination.Zone!.Name));
            Assert.Equal("10.2.0.0/25", string.Join(" ", addresses.Of(flows[2].Destination).ToPrefixes()));
            Assert.Equal("a.hosts except 10.1.0.0/26, lab-hosts", flows[3].Source.ToString());
            Assert.Equal("10.1.0.64/26", string.Join(" ", addresses.Of(flows[3].Source).ToPrefixes()));
            Assert.Equal("allow a.hosts except 10.1.0.0/26, lab-hosts -> b : tcp/9000", flows[3].Describe());
        }

        [Fact]
        public void Nftables_sets_of_narrow_endpoints_say_what_they_hold_and_where_it_lies()
        {
            var text = Zones + "external web { subnet 203.0.113.0/24 }\nallow bastions -> b : tcp/22\nallow a.hosts except lab-hosts -> 203.0.113.7 : tcp/443\n"
                + "allow a -> b.hosts : tcp/80\ntarget gw nftables {\n  devices \"gw1\"\n  zones a, b, web\n  mode gateway\n}\n";
            var result = EmitTestHelper.Build(text, "gw");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var comments = EmitTestHelper.Artifact(result, "gw/ruleset.nft").Split('\n').Select(l => l.Trim())
                .Where(l => l.StartsWith("# ", StringComparison.Ordinal) && l.EndsWith("(IPv4)", StringComparison.Ordinal)).ToList();
            Assert.Contains("# bastions in zone a (IPv4)", comments);
            Assert.Contains("# a.hosts except lab-hosts in zone a (IPv4)", comments);
            Assert.Contains("# 203.0.113.7 in external zone web (IPv4)", comments);
            Assert.Contains("# zone a (IPv4)", comments);
            Assert.Contains("# segment b.hosts (IPv4)", comments);
        }

        [Fact]
        public void The_checker_works_on_the_narrowed_addresses()
        {
            // The bastions' allow is inside the zone's: it never takes effect. The deny of lab-hosts cuts the zone's allow.
            var c = Compile(Zones + "allow a -> b : tcp/22\nallow bastions -> b : tcp/22\ndeny lab-hosts -> b : tcp/22\nassert never 10.1.0.200 -> b : tcp/22\n"
                + "assert reachable bastions -> b : tcp/22\n");
            c.Single("NP3001");
            c.None("NP3003");
            var broken = Compile(Zones + "allow a -> b : tcp/22\nassert never lab-hosts -> b : tcp/22\n");
            Assert.Contains("never lab-hosts -> b", broken.Single("NP3003").Message);
        }

        [Fact]
        public void NP2029_an_endpoint_across_zones_and_NP2028_outside_every_zone()
        {
            var c = Compile(Zones + "prefixes wide = 10.1.0.0/24, 10.2.0.0/25\nallow wide -> b : tcp/22\nallow a -> 192.0.2.0/24 : tcp/22\n");
            c.Expect("NP2029", "wide", "'wide' spans zone 'a' (10.1.0.0/24), zone 'b' (10.2.0.0/25): an endpoint narrower than a zone lies inside one zone; write one flow per zone", occurrence: 2);
            c.Expect("NP2028", "192.0.2.0/24", "'192.0.2.0/24' is not inside a zone: 192.0.2.0/24 belong to no zone or external zone");
        }

        [Fact]
        public void NP2030_NP2031_NP2032_and_NP1020_on_except_any_interfaces_and_ambiguous_names()
        {
            var c = Compile(Zones + "allow a except 10.9.0.0/16 -> b : tcp/1\nallow a except 10.1.0.0/24 -> b : tcp/2\nallow any except 10.0.0.0/8 -> b : tcp/3\n");
            c.Expect("NP2030", "10.9.0.0/16", "except 10.9.0.0/16 removes no address of 'a'");
            c.Expect("NP2031", "a except 10.1.0.0/24", "'a except 10.1.0.0/24' has no address left: 'except' removes all of a");
            var anyExcept = c.Compilation.Model.Flows.Single(f => f.Source.IsAny).Source;
            Assert.True(anyExcept.IsAny && anyExcept.IsNarrowed);
            Assert.Equal("any except 10.0.0.0/8", anyExcept.ToString());
            Assert.False(c.Compilation.Addresses.Of(anyExcept).Contains(PolicyLang.Analysis.HeaderSpace.IpAddress128.Parse("10.1.0.5")));
            Assert.True(c.Compilation.Addresses.Of(anyExcept).Contains(PolicyLang.Analysis.HeaderSpace.IpAddress128.Parse("192.0.2.1")));
            Assert.Empty(c.All("NP2032"));
            var all = Compile(Zones + "allow any except 0.0.0.0/0, ::/0 -> b : tcp/3\n");
            all.Expect("NP2031", "any except 0.0.0.0/0, ::/0", "'any except 0.0.0.0/0, ::/0' has no address left: 'except' removes all of any");

            var ambiguous = Compile(Zones + "prefixes a = 10.1.0.0/25\nallow a -> b : tcp/1\nallow b except a -> b : tcp/2\n");
            Assert.Equal(2, ambiguous.All("NP1020").Count);
            Assert.All(ambiguous.All("NP1020"), d => Assert.Contains("'a' is both a zone", d.Message));

            var carries = Compile(Zones + "target t arista-eos {\n  device \"s1\" {\n    interface \"Ethernet1\" carries bastions\n  }\n  zones a\n}\n");
            Assert.Contains("an interface carries whole zones or segments", carries.Single("NP2032").Message);
        }

        [Fact]
        public void NP1001_an_unknown_endpoint_name_says_zone_or_prefix_list_when_the_policy_has_lists()
        {
            var c = Compile(Zones + "allow bastoins -> b : tcp/22\n");
            Assert.StartsWith("unknown zone or prefix list 'bastoins'", c.Single("NP1001").Message);
        }

        private static string Target(string name, string platform, string device, string iface, string extra = "") =>
            "target " + name + " " + platform + " {\n  device \"" + device + "\" {\n    interface \"" + iface + "\" carries a.hosts, b.hosts\n  }\n  zones a, b\n" + extra + "}\n";

        [Fact]
        public void Switch_acls_of_narrowed_endpoints_allow_exactly_what_the_policy_allows()
        {
            var text = Zones + "allow bastions -> b : tcp/22\nallow a except lab-hosts -> b.hosts : tcp/443\nallow 10.1.0.5 -> 10.2.0.0/25 : tcp/8080\n"
                + "allow b -> a except 10.1.0.0/26 : udp/53\ndeny 10.1.0.11 -> b : tcp/22 log\nallow any except 10.1.0.0/25 -> b.hosts : tcp/9443\n"
                + Target("sw", "juniper-junos", "sw1", "xe-0/0/1") + Target("eos", "arista-eos", "eos1", "Ethernet1");
            var result = EmitTestHelper.Build(text, "sw", "eos");
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var compilation = EmitTestHelper.Compile(text);
            foreach (var (name, path, reader) in new (string, string, IAclReader)[] { ("sw", "sw/sw1.conf", new JunosAclReader()), ("eos", "eos/eos1.cfg", new EosAclReader()) })
            {
                var target = compilation.Model.Targets.Single(t => t.Name == name);
                var context = new TargetContext(compilation, target, new List<PolicyLang.Diagnostics.Diagnostic>());
                var config = EmitTestHelper.Artifact(result, path);
                Assert.Contains("10.1.0.10/32", config); // the bastion the deny leaves
                Assert.Empty(TranslationValidator.Validate(context, FabricTarget.Facts(target).Single(), config, reader));
            }
        }

        /// <summary>
        /// AWS places rules by zone (a security group per zone, network ACLs per subnet), so a narrowed endpoint has no
        /// exact form there. Azure NSG and GCP rules take address ranges on both sides: they write it
        /// (tests/PolicyLang.E2E/Policies/cloud-narrow.netpolicy proves those outputs exact).
        /// </summary>
        [Theory]
        [InlineData("aws", "  devices \"vpc-0a1b2c3d\"\n", "a except lab-hosts")]
        [InlineData("aws", "  devices \"vpc-0a1b2c3d\"\n", "any except lab-hosts")]
        public void NP4001_cloud_targets_refuse_a_narrowed_endpoint_at_its_span(string platform, string devices, string endpoint)
        {
            var text = Zones + "allow " + endpoint + " -> b : tcp/443\nallow a -> b : tcp/80\n" + "target c " + platform + " {\n" + devices + "  zones a, b\n}\n";
            var result = EmitTestHelper.Build(text);
            Assert.False(result.Succeeded);
            var d = Assert.Single(result.Diagnostics, x => x.Id == "NP4001");
            Assert.Equal(endpoint, text.Substring(d.Span.Start, d.Span.Length));
            Assert.Contains("the endpoint '" + endpoint + "', narrower than a zone or segment", d.Message);
        }

        [Fact]
        public void Kubernetes_writes_a_narrowed_endpoint_outside_its_pods_as_ip_blocks_and_refuses_one_among_them()
        {
            const string pods = "zone k {\n  segment web {\n    kubernetes namespace \"shop\" selector \"app=web\"\n    subnet 10.9.0.0/24\n  }\n}\n";
            const string target = "target c kubernetes {\n  devices \"cluster-one\"\n  zones k\n}\n";
            var outside = Zones + pods + "allow a except lab-hosts -> k.web : tcp/443\n" + target;
            var built = EmitTestHelper.Build(outside);
            Assert.True(built.Succeeded, string.Join("\n", built.Diagnostics));
            var yaml = built.Artifacts.Single(a => a.RelativePath.EndsWith("shop.yaml", System.StringComparison.Ordinal)).Content;
            // What is left of the zone is one prefix: written as it is, not as the zone with an except list.
            Assert.Contains("    - ipBlock:\n        cidr: 10.1.0.0/25\n    ports:", yaml);
            Assert.DoesNotContain("except:", yaml);
            // A zone less one host: the zone's block with the host as its except list (two lines, against eight prefixes).
            var host = EmitTestHelper.Build(Zones + pods + "allow a except 10.1.0.7 -> k.web : tcp/443\n" + target);
            Assert.True(host.Succeeded, string.Join("\n", host.Diagnostics));
            Assert.Contains("    - ipBlock:\n        cidr: 10.1.0.0/24\n        except:\n        - 10.1.0.7/32\n    ports:",
                host.Artifacts.Single(a => a.RelativePath.EndsWith("shop.yaml", System.StringComparison.Ordinal)).Content);
            // Two hosts of a zone (a prefix list): one /31, not the zone with seven holes.
            var two = EmitTestHelper.Build(Zones + pods + "allow a -> k.web : tcp/80\nallow bastions -> k.web : tcp/22 name ssh-bastions\n" + target);
            Assert.True(two.Succeeded, string.Join("\n", two.Diagnostics));
            var twoYaml = two.Artifacts.Single(a => a.RelativePath.EndsWith("shop.yaml", System.StringComparison.Ordinal)).Content;
            Assert.Contains("    - ipBlock:\n        cidr: 10.1.0.10/31\n    ports:", twoYaml);
            Assert.DoesNotContain("except:", twoYaml);
            // The rules name their flows (NetworkPolicy rules have no names of their own).
            Assert.Contains("    policylang.dev/flows: \"ingress[1] ssh-bastions\"\n", twoYaml);
            Assert.DoesNotContain("policylang.dev/flows", yaml); // no named flow, no annotation

            var among = Zones + pods + "allow a -> 10.9.0.5 : tcp/443\n" + target;
            var refused = EmitTestHelper.Build(among);
            var d = Assert.Single(refused.Diagnostics, x => x.Id == "NP4001");
            Assert.Equal("10.9.0.5", among.Substring(d.Span.Start, d.Span.Length));
        }

        [Theory]
        [InlineData("gcp-firewall", "  devices \"projects/my-project/global/networks/vpc-one\"\n  option target-selector tags\n", "10.1.0.0/25", "destination_ranges")]
        [InlineData("azure-nsg", "  devices \"nsg-a\"\n", "10.1.0.0/25", "destination_address_prefix")]
        public void Azure_and_gcp_write_a_narrowed_endpoint_as_its_own_ranges_not_the_zone_selector(string platform, string devices, string range, string field)
        {
            var text = Zones + "allow a except lab-hosts -> b : tcp/443\nallow b -> a except lab-hosts : tcp/80\n" + "target c " + platform + " {\n" + devices + "  zones a, b\n}\n";
            var result = EmitTestHelper.Build(text);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var output = result.Artifacts.Single(a => a.RelativePath.EndsWith(".tf", System.StringComparison.Ordinal)).Content;
            Assert.Contains(range, output);
            Assert.Contains(field, output);
        }
    }
}
