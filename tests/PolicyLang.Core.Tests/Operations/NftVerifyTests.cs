using System.Linq;
using PolicyLang.Diagnostics;
using PolicyLang.Emit.State;
using PolicyLang.Semantics;
using Xunit;
using static PolicyLang.Tests.Operations.StateFiles;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// <c>verify</c> of an nftables gateway, on small-gw1.json: what nft 1.0.6 exported after loading the ruleset policyc
    /// built from small.netpolicy. The file is compared as is, then with the edits an operator makes by hand.
    /// </summary>
    public sealed class NftVerifyTests
    {
        private static StateFile Gw1(string text) => new StateFile("state/gw/gw1.json", "gw1", text);

        private static string Export => Read("small-gw1.json");

        /// <summary>The export with the rule of that handle taken out (an entry deleted on the box).</summary>
        private static string Without(string json, int handle)
        {
            int at = json.IndexOf("{\"rule\": {\"family\": \"inet\", \"table\": \"policylang_gw\", \"chain\": \"forward\", \"handle\": " + handle + ",", System.StringComparison.Ordinal);
            Assert.True(at > 0);
            int end = json.IndexOf("]}}", at, System.StringComparison.Ordinal) + 3;
            if (json[end] == ',') end++;
            return json.Remove(at, end - at).Replace(", ]}", "]}");
        }

        [Fact]
        public void The_exported_build_matches_the_policy()
        {
            var result = Verify(Small(), "gw", Gw1(Export));
            Assert.Empty(result.Diagnostics);
            Assert.True(result.Devices.Single().IsClean);
        }

        [Fact]
        public void A_deleted_deny_exposes_its_traffic_and_names_the_rule_that_now_lets_it_through()
        {
            var result = Verify(Small(), "gw", Gw1(Without(Export, 12)));
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal("NP6001", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Contains("the running state allows 10.3.0.0 (ops) -> 10.2.0.0 (db) tcp/22 (of 10.3.0.0/16 -> 10.2.0.0/16 tcp port 22), which the policy denies", d.Message);
            Assert.Contains("rule handle 15 in inet policylang_gw forward (ip saddr @z5_ops_v4 tcp dport 22 accept)", d.Message);
            // The span is the rule object in the export; the related location is the deny in the policy.
            var rule = Without(Export, 12).Substring(d.Span.Start, d.Span.Length);
            Assert.StartsWith("{\"family\": \"inet\", \"table\": \"policylang_gw\", \"chain\": \"forward\", \"handle\": 15", rule);
            Assert.EndsWith("{\"accept\": null}]}", rule);
            var related = Assert.Single(d.Related);
            Assert.EndsWith("small.netpolicy", related.Path);
            Assert.Equal("the policy denies it: deny ops -> db : tcp/22", related.Message);
        }

        [Fact]
        public void A_deleted_allow_is_an_outage_blamed_on_the_chain_policy()
        {
            var result = Verify(Small(), "gw", Gw1(Without(Export, 13)));
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal("NP6002", d.Id);
            Assert.Contains("the running state drops 10.1.0.0 (web) -> 10.2.0.0 (db) tcp/5432", d.Message);
            Assert.Contains("dropped by the policy drop of chain inet policylang_gw forward", d.Message);
        }

        /// <summary>
        /// Flows from and to 'any' belong to the intent of every covered zone: one the policy adds that the exported ruleset
        /// does not have is an outage, from a covered zone to one the gateway does not cover ('any' as the source), from that
        /// zone into a covered one ('any' as the destination), and into or out of a covered zone.
        /// </summary>
        [Theory]
        [InlineData("allow any -> ext : tcp/8080", "(ext) tcp/8080")]
        [InlineData("allow ext -> any : udp/514", "udp/514")]
        [InlineData("allow any -> web : tcp/8080", "(web) tcp/8080")]
        [InlineData("allow db -> any : udp/514", "udp/514")]
        public void Flows_from_and_to_any_are_part_of_each_covered_zone_intent(string flow, string dropped)
        {
            var text = Read("small.netpolicy").Replace("deny ops -> db : tcp/22", "deny ops -> db : tcp/22\nzone ext {\n  subnet 192.0.2.0/24\n}\n" + flow);
            var compilation = PolicyCompilation.Create(new[] { Syntax.PolicySyntaxTree.Parse(text, System.IO.Path.Combine(Folder, "small.netpolicy")) });
            var d = Assert.Single(Verify(compilation, "gw", Gw1(Export)).Diagnostics);
            Assert.Equal("NP6002", d.Id);
            Assert.StartsWith("gw1 hook forward: the running state drops ", d.Message);
            Assert.Contains(dropped, d.Message);
            Assert.Contains("which the policy allows; dropped by the policy drop of chain inet policylang_gw forward", d.Message);
        }

        [Fact]
        public void A_changed_dscp_is_a_treatment_difference()
        {
            var json = Export.Replace("{\"protocol\": \"ip\", \"field\": \"dscp\"}}, \"value\": \"af41\"", "{\"protocol\": \"ip\", \"field\": \"dscp\"}}, \"value\": \"ef\"");
            var d = Assert.Single(Verify(Small(), "gw", Gw1(json)).Diagnostics);
            Assert.Equal("NP6003", d.Id);
            Assert.Contains("10.1.0.0 -> 10.2.0.0 tcp/5432 leaves with DSCP 46, the build marks it DSCP 34", d.Message);
        }

        [Fact]
        public void A_foreign_table_and_an_appended_accept_count()
        {
            var foreign = Export.Replace("{\"nftables\": [", "{\"nftables\": ["
                + "{\"table\": {\"family\": \"ip\", \"name\": \"legacy\", \"handle\": 9}},"
                + "{\"chain\": {\"family\": \"ip\", \"table\": \"legacy\", \"name\": \"FORWARD\", \"handle\": 1, \"type\": \"filter\", \"hook\": \"forward\", \"prio\": 0, \"policy\": \"drop\"}},");
            var outage = Verify(Small(), "gw", Gw1(foreign)).Diagnostics;
            Assert.Contains(outage, d => d.Id == "NP6002" && d.Message.Contains("10.1.0.0 (web) -> 10.2.0.0 (db) tcp/5432") && d.Message.Contains("the policy drop of chain ip legacy FORWARD"));
            // IPv6 is not the ip table's to drop.
            Assert.DoesNotContain(outage, d => d.Message.Contains("fd00:"));

            var appended = Export.Replace("]}}]}", "]}}, {\"rule\": {\"family\": \"inet\", \"table\": \"policylang_gw\", \"chain\": \"forward\", \"handle\": 99, \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": {\"range\": [8000, 8100]}}}, {\"accept\": null}]}}]}");
            var exposure = Assert.Single(Verify(Small(), "gw", Gw1(appended)).Diagnostics);
            Assert.Equal("NP6001", exposure.Id);
            Assert.Contains("tcp/8000", exposure.Message);
            Assert.Contains("rule handle 99", exposure.Message);
            Assert.Contains("(tcp dport 8000-8100 accept)", exposure.Message);
        }

        [Fact]
        public void Unreadable_missing_and_unknown_files_are_reported_not_passed()
        {
            var truncated = Export.Substring(0, Export.Length / 2);
            var d = Assert.Single(Verify(Small(), "gw", Gw1(truncated)).Diagnostics);
            Assert.Equal("NP6004", d.Id);
            Assert.Contains("cannot read state/gw/gw1.json as nft -j list ruleset", d.Message);

            var config = Assert.Single(Verify(Small(), "gw", Gw1("hostname gw1\ninterface eth0\n")).Diagnostics);
            Assert.Equal("NP6004", config.Id);
            Assert.Equal(0, config.Span.Start);

            var other = Verify(Small(), "gw", new StateFile("state/gw/gw9.json", "gw9", Export)).Diagnostics;
            Assert.Contains(other, x => x.Id == "NP6006" && x.Message.Contains("expected one of 'gw1'"));
            Assert.Contains(other, x => x.Id == "NP6005" && x.Message.Contains("device 'gw1' of target 'gw'"));
            Assert.Empty(Verify(Small(), "gw", new StateFile("state/gw/gw9.json", "gw9", Export)).Devices);
        }
    }
}
