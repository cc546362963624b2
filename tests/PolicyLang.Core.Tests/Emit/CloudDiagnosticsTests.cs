using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.Kubernetes;
using Xunit;

namespace PolicyLang.Tests.Emit
{
    /// <summary>What the cloud and Kubernetes backends refuse, and where they say so.</summary>
    public sealed class CloudDiagnosticsTests
    {
        private const string Zones =
            "zone a {\n  segment pods {\n    kubernetes namespace \"ns-a\" selector \"app=a\"\n    subnet 10.1.0.0/16\n  }\n}\n" +
            "zone b {\n  segment web {\n    kubernetes namespace \"ns-b\" selector \"app=b\"\n    subnet 10.2.0.0/16\n  }\n}\n" +
            "zone c {\n  subnet 10.3.0.0/16\n}\n";

        private static (string Id, string Text, string Message)[] Errors(string text, params string[] targets)
        {
            var result = EmitTestHelper.Build(text, targets);
            return result.Diagnostics.Where(d => d.IsError).Select(d => (d.Id, text.Substring(d.Span.Start, d.Span.Length), d.Message)).ToArray();
        }

        [Fact]
        public void Azure_rejects_services_nsg_rules_cannot_match_at_the_service()
        {
            var text = Zones + "allow a -> c : sctp/3868, icmp echo-request, proto 47, tcp/22\n" +
                "target t azure-nsg {\n  devices \"nsg\"\n  zones a\n}\n";
            var errors = Errors(text, "t");
            Assert.Contains(errors, e => e.Id == "NP4001" && e.Text == "sctp/3868");
            Assert.Contains(errors, e => e.Id == "NP4001" && e.Text == "icmp echo-request");
            Assert.Contains(errors, e => e.Id == "NP4001" && e.Text == "proto 47");
            Assert.Equal(3, errors.Length);
        }

        [Fact]
        public void Gcp_rejects_icmp_types_and_needs_a_network()
        {
            var errors = Errors(Zones + "allow a -> c : icmp echo-request\ntarget t gcp-firewall {\n  zones a\n}\n", "t");
            Assert.Contains(errors, e => e.Id == "NP4001" && e.Text == "icmp echo-request");
            Assert.Contains(errors, e => e.Id == "NP4253" && e.Message.Contains("VPC network"));
        }

        [Fact]
        public void Azure_reports_more_rules_than_priorities_at_the_flow_that_overflows()
        {
            // 3997 single-port flows need one more priority than 100–4095 holds.
            var sb = new System.Text.StringBuilder(Zones);
            for (int i = 0; i < 3997; i++) sb.Append("allow c -> a : tcp/").Append(i + 1).Append('\n');
            sb.Append("target t azure-nsg {\n  devices \"nsg\"\n  zones a\n}\n");
            var errors = Errors(sb.ToString(), "t");
            var e = Assert.Single(errors, x => x.Id == "NP4250");
            Assert.Equal("allow c -> a : tcp/3997", e.Text);
        }

        [Fact]
        public void Azure_reports_the_thousand_rule_quota()
        {
            var sb = new System.Text.StringBuilder(Zones);
            for (int i = 0; i < 1000; i++) sb.Append("allow c -> a : tcp/").Append(i + 1).Append('\n');
            sb.Append("target t azure-nsg {\n  devices \"nsg\"\n  zones a\n}\n");
            var e = Assert.Single(Errors(sb.ToString(), "t"));
            Assert.Equal("NP4251", e.Id);
            Assert.Equal("allow c -> a : tcp/999", e.Text);
        }

        [Fact]
        public void Azure_counts_a_rule_per_protocol_and_source_ports_of_a_flow()
        {
            // Two rules per flow (tcp, and tcp from the high ports: another source-port match): 500 flows take 1,000 inbound
            // rules, with the two defaults 1,002; the 999th flow rule is the first of flow 500.
            var sb = new System.Text.StringBuilder(Zones);
            for (int i = 0; i < 500; i++) sb.Append("allow c -> a : tcp/").Append(i + 1).Append(", tcp/1024-65535 -> ").Append(i + 1).Append('\n');
            sb.Append("target t azure-nsg {\n  devices \"nsg\"\n  zones a\n}\n");
            var e = Assert.Single(Errors(sb.ToString(), "t"));
            Assert.Equal("NP4251", e.Id);
            Assert.Equal("allow c -> a : tcp/500, tcp/1024-65535 -> 500", e.Text);
            Assert.Contains("1002", e.Message);
        }

        [Fact]
        public void Azure_rule_count_of_services_is_the_number_of_rules_their_texts_take()
        {
            string[] pool = { "tcp/22", "udp/53", "tcp/80-90", "icmp", "udp/123 -> 123", "tcp/1024-65535 -> 22", "tcp/1024-65535 -> 80", "udp/5000 -> any", "any", "tcp/443" };
            var random = new System.Random(7);
            for (int n = 0; n < 200; n++)
            {
                var services = string.Join(", ", Enumerable.Range(0, random.Next(1, 6)).Select(_ => pool[random.Next(pool.Length)]).Distinct());
                var compilation = EmitTestHelper.Compile(Zones + "allow a -> c : " + services + "\n");
                var flow = Assert.Single(compilation.Model.Flows);
                Assert.Equal(PolicyLang.Emit.Azure.AzureNsgBackend.Protocols(flow.Services).Count, PolicyLang.Emit.Azure.AzureNsgBackend.ProtocolCount(flow.Services));
            }
        }

        [Fact]
        public void Gcp_reports_priorities_past_65535()
        {
            var sb = new System.Text.StringBuilder(Zones);
            for (int i = 0; i < 10; i++) sb.Append("allow c -> a : tcp/").Append(i + 1).Append('\n');
            sb.Append("target t gcp-firewall {\n  devices \"vpc\"\n  zones a\n  option first-priority 65530\n}\n");
            var e = Assert.Single(Errors(sb.ToString(), "t"));
            Assert.Equal("NP4250", e.Id);
            Assert.Equal("allow c -> a : tcp/7", e.Text);
        }

        [Fact]
        public void Kubernetes_deny_that_overrides_an_allow_needs_admin_network_policy()
        {
            var text = Zones + "allow b -> a : tcp/1-1000\ndeny b -> a : tcp/22\ndeny a -> b : tcp/22\n" +
                "target t kubernetes {\n  devices \"k\"\n  zones a, b\n}\n";
            var e = Assert.Single(Errors(text, "t"));
            Assert.Equal("NP4001", e.Id);
            Assert.Equal("deny b -> a : tcp/22", e.Text);
            Assert.Contains("admin-network-policy on", e.Message);
            var withAnp = text.Replace("zones a, b\n", "zones a, b\n  option admin-network-policy on\n");
            Assert.Empty(Errors(withAnp, "t"));
        }

        [Fact]
        public void Kubernetes_cannot_deny_into_pods_from_outside_addresses()
        {
            var text = Zones + "allow c -> a : tcp/1-1000\ndeny c -> a : tcp/22\n" +
                "target t kubernetes {\n  devices \"k\"\n  zones a\n  option admin-network-policy on\n}\n";
            var e = Assert.Single(Errors(text, "t"));
            Assert.Equal("deny c -> a : tcp/22", e.Text);
            Assert.Contains("AdminNetworkPolicy ingress rules select pods", e.Message);
        }

        [Fact]
        public void Kubernetes_rejects_icmp_and_port_zero_at_the_service()
        {
            var errors = Errors(Zones + "allow c -> a : icmp, tcp/0-10\ntarget t kubernetes {\n  devices \"k\"\n  zones a\n}\n", "t");
            Assert.Contains(errors, e => e.Id == "NP4001" && e.Text == "icmp");
            Assert.Contains(errors, e => e.Id == "NP4001" && e.Text == "tcp/0-10");
        }

        [Theory]
        [InlineData("namespace \"Bad_NS\" selector \"app=a\"", "NP4270")]
        [InlineData("namespace \"ns\" selector \"app=a\\ninjected: true\"", "NP4271")]
        [InlineData("namespace \"ns\" selector \"app in ()\"", "NP4271")]
        [InlineData("namespace \"ns\" selector \"app=a, app notin (a)\"", "NP4271")]
        public void Kubernetes_rejects_bad_namespaces_and_selectors(string k8s, string id)
        {
            var text = "zone a {\n  segment pods {\n    kubernetes " + k8s + "\n    subnet 10.1.0.0/16\n  }\n}\nzone c {\n  subnet 10.3.0.0/16\n}\n" +
                "allow c -> a : tcp/80\ntarget t kubernetes {\n  devices \"k\"\n  zones a\n}\n";
            var errors = Errors(text, "t");
            Assert.Contains(errors, e => e.Id == id);
        }

        [Fact]
        public void Kubernetes_reports_segments_that_select_the_same_pods()
        {
            var text = "zone a {\n  segment all {\n    kubernetes namespace \"ns\"\n    subnet 10.1.0.0/24\n  }\n" +
                "  segment web {\n    kubernetes namespace \"ns\" selector \"app=web\"\n    subnet 10.1.1.0/24\n  }\n}\n" +
                "target t kubernetes {\n  devices \"k\"\n  zones a\n}\n";
            var e = Assert.Single(Errors(text, "t"));
            Assert.Equal("NP4273", e.Id);
        }

        [Fact]
        public void Kubernetes_target_without_pods_is_an_error()
        {
            var e = Assert.Single(Errors("zone c {\n  subnet 10.3.0.0/16\n}\ntarget t kubernetes {\n  devices \"k\"\n  zones c\n}\n", "t"));
            Assert.Equal("NP4272", e.Id);
        }

        [Fact]
        public void A_class_is_left_to_another_target_that_carries_the_flow_and_can_mark()
        {
            var text = Zones + "class c1 {\n  dscp 10\n}\nallow c -> a : tcp/80 class c1\n" +
                "target t azure-nsg {\n  devices \"nsg\"\n  zones a\n}\n";
            var e = Assert.Single(Errors(text, "t"));
            Assert.Equal("NP4001", e.Id);
            var withGateway = text + "target gw nftables {\n  zones c\n}\n";
            Assert.Empty(Errors(withGateway, "t"));
        }

        [Theory]
        [InlineData("app=a", "{app=a}")]
        [InlineData("tier in (x, y), !legacy", "{tier=x}")]
        [InlineData("app.kubernetes.io/name==envoy,gpu", "{app.kubernetes.io/name=envoy, gpu=x}")]
        public void Selectors_parse_into_requirements_a_representative_pod_meets(string text, string representative)
        {
            var s = LabelSelector.Parse(text, out var error);
            Assert.True(s != null, error);
            var pod = s!.Representative()!;
            Assert.Equal(representative, "{" + string.Join(", ", pod.Select(kv => kv.Key + "=" + kv.Value)) + "}");
            Assert.True(s.Matches(pod));
        }
    }
}
