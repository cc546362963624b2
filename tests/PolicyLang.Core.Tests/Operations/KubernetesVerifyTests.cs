using System;
using System.Linq;
using PolicyLang.Emit;
using PolicyLang.Emit.State;
using PolicyLang.Operations;
using PolicyLang.Semantics;
using PolicyLang.Tests.Emit;
using Xunit;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// <c>verify</c> of a kubernetes target: the built objects exported as kubectl prints them (a List, in JSON and in
    /// YAML with the fields the API server adds) match; a hand-written NetworkPolicy that opens the pods and an
    /// AdminNetworkPolicy that denies what the policy allows are found, each at its rule.
    /// </summary>
    public sealed class KubernetesVerifyTests
    {
        private static readonly Lazy<(PolicyCompilation Compilation, BuildResult Build)> s_ai = new(() =>
        {
            var c = EmitTestHelper.Sample("ai-platform").Single();
            return (c, PolicyBuilder.Build(new[] { c }, new[] { "inference-k8s" }));
        });

        private static string[] BuiltYaml => s_ai.Value.Build.Artifacts.Where(a => a.RelativePath.EndsWith(".yaml", StringComparison.Ordinal)).Select(a => a.Content).ToArray();

        private static VerificationResult Verify(params StateFile[] files) =>
            StateFiles.Verify(s_ai.Value.Compilation, "inference-k8s", files);

        /// <summary>The built YAML documents as one kubectl List in YAML, with server-added metadata and unquoted keys.</summary>
        private static string KubectlYaml(string extra = "")
        {
            var docs = string.Join("\n", BuiltYaml).Split(new[] { "\n---\n" }, StringSplitOptions.RemoveEmptyEntries)
                .Select(d => string.Join("\n", d.Split('\n').Where(l => !l.StartsWith("#", StringComparison.Ordinal) && l.Trim() != "---" && l.Trim().Length > 0)))
                .Where(d => d.Length > 0).ToList();
            var sb = new System.Text.StringBuilder("apiVersion: v1\nitems:\n");
            foreach (var d in docs)
            {
                var lines = d.Replace("\"", "").Split('\n');
                sb.Append("- ").Append(lines[0]).Append('\n');
                foreach (var l in lines.Skip(1))
                {
                    sb.Append("  ").Append(l).Append('\n');
                    if (l == "metadata:") sb.Append("    creationTimestamp: \"2026-12-01T10:00:00Z\"\n    resourceVersion: \"4242\"\n    uid: 0f0f0f0f-1111-2222-3333-444455556666\n");
                }
            }
            sb.Append(extra);
            sb.Append("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
            return sb.ToString();
        }

        [Fact]
        public void The_built_objects_match_as_files_and_as_a_kubectl_list()
        {
            var files = BuiltYaml.Select((t, i) => new StateFile("state/k/" + i + ".yaml", i.ToString(), t)).ToArray();
            Assert.Empty(Verify(files).Diagnostics);
            var list = KubectlYaml();
            Assert.Empty(Verify(new StateFile("state/k/all.yaml", "all", list)).Diagnostics);
            Assert.Empty(Verify(new StateFile("state/k/all.json", "all", StateYamlTests.ToJson(StateYaml.Parse(list)))).Diagnostics);
        }

        [Fact]
        public void A_hand_written_network_policy_that_opens_the_pods_is_an_exposure_at_its_rule()
        {
            var extra = "- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata:\n    annotations:\n      kubectl.kubernetes.io/last-applied-configuration: |\n"
                + "        {\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\"}\n    name: debug-allow-all # incident 4711\n    namespace: inference\n"
                + "  spec:\n    ingress:\n    - ports:\n      - port: 22\n        protocol: TCP\n    podSelector:\n      matchLabels:\n        app: triton\n    policyTypes:\n    - Ingress\n";
            var text = KubectlYaml(extra);
            var result = Verify(new StateFile("state/k/all.yaml", "all", text));
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal("NP6001", d.Id);
            Assert.Contains("(inference.serving) tcp/22", d.Message);
            Assert.Contains("let through by NetworkPolicy inference/debug-allow-all (not policyc's), ingress rule 1", d.Message);
            Assert.Equal("ports:", text.Substring(d.Span.Start, d.Span.Length).Trim());
            Assert.True(result.Devices.Single().Findings.Single().Foreign, "kubectl apply of the build leaves a policy it does not hold");
        }

        [Fact]
        public void An_admin_network_policy_deny_is_an_outage_and_its_allow_an_exposure()
        {
            var deny = "- apiVersion: policy.networking.k8s.io/v1alpha1\n  kind: AdminNetworkPolicy\n  metadata:\n    name: freeze-inference\n  spec:\n    priority: 5\n"
                + "    subject:\n      namespaces:\n        matchLabels:\n          kubernetes.io/metadata.name: inference\n    ingress:\n    - name: no-ingress\n      action: Deny\n"
                + "      from:\n      - namespaces: {}\n    egress:\n    - name: allow-dns-anywhere\n      action: Allow\n      to:\n      - networks:\n        - 0.0.0.0/0\n      ports:\n      - portNumber:\n          protocol: UDP\n          port: 53\n";
            var result = Verify(new StateFile("state/k/all.yaml", "all", KubectlYaml(deny)));
            var findings = result.Devices.Single().Findings;
            Assert.Contains(findings, f => f.Kind == DriftKind.Outage && f.Responsible == "AdminNetworkPolicy freeze-inference (not policyc's), ingress rule no-ingress (Deny)");
            Assert.Contains(findings, f => f.Kind == DriftKind.Exposure && f.Witness!.Value.DstPort == 53 && f.Responsible.Contains("allow-dns-anywhere (Allow)"));
        }

        private static string DebugPolicy(string port) =>
            "- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata:\n    name: debug\n    namespace: inference\n"
            + "  spec:\n    ingress:\n    - ports:\n      - port: " + port + "\n        protocol: TCP\n    podSelector:\n      matchLabels:\n        app: triton\n    policyTypes:\n    - Ingress\n";

        /// <summary>
        /// A port is a number or a container port name (IANA_SVC_NAME); the API server refuses anything else. Read as a name,
        /// a hand-edited 1.5 or "80" would have opened every port (a named port resolves per pod, so it is read as any port).
        /// </summary>
        [Theory]
        [InlineData("1.5")]
        [InlineData("-0.0e-5")]
        [InlineData("1e999999")]
        [InlineData("\"80\"")]
        [InlineData("-web")]
        [InlineData("Web")]
        [InlineData("a-very-long-port-name")]
        [InlineData("web\n        endPort: 90")]
        public void A_port_that_is_neither_a_number_nor_a_port_name_is_unreadable(string port)
        {
            var text = KubectlYaml(DebugPolicy(port));
            var d = Assert.Single(Verify(new StateFile("state/k/all.yaml", "all", text)).Diagnostics);
            Assert.Equal("NP6004", d.Id);
            Assert.Contains(port.Contains("endPort") ? "endPort with the named port 'web'" : "expected a port number 1-65535 or a port name", d.Message);
            Assert.True(port.Contains("endPort") ? text.Substring(d.Span.Start).StartsWith("port: web", StringComparison.Ordinal)
                : text.Substring(d.Span.Start).StartsWith(port, StringComparison.Ordinal), "the span starts at the port: " + text.Substring(d.Span.Start, 20));
        }

        private static string BlockPolicy(string block) =>
            "- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata:\n    name: debug\n    namespace: inference\n"
            + "  spec:\n    ingress:\n    - from:\n      - ipBlock:\n" + block + "    podSelector:\n      matchLabels:\n        app: triton\n    policyTypes:\n    - Ingress\n";

        /// <summary>What the API server refuses in an ipBlock or a port range is unreadable at the value, not read some other way:
        /// an address without a length (it was read as one host), an except outside its cidr or equal to it, an endPort that
        /// is no integer (it was read as no endPort).</summary>
        [Theory]
        [InlineData("          cidr: 10.20.0.0\n", "10.20.0.0", "expected a CIDR")]
        [InlineData("        cidr: 10.20.0.0/16\n", "\n        cidr", "an ipBlock without a cidr")]
        [InlineData("          cidr: 10.0.0.0/8\n          except:\n          - 11.0.0.0/8\n", "11.0.0.0/8", "not a strict subset of its cidr (10.0.0.0/8)")]
        [InlineData("          cidr: 10.0.0.0/8\n          except:\n          - 10.0.0.0/8\n", "10.0.0.0/8\n    pod", "not a strict subset")]
        [InlineData("          cidr: \"::/0\"\n          except:\n          - 10.0.0.0/8\n", "10.0.0.0/8", "not a strict subset")]
        public void An_ip_block_the_api_server_refuses_is_unreadable(string block, string at, string message)
        {
            var text = KubectlYaml(BlockPolicy(block));
            var d = Assert.Single(Verify(new StateFile("state/k/all.yaml", "all", text)).Diagnostics);
            Assert.Equal("NP6004", d.Id);
            Assert.Contains(message, d.Message);
            Assert.StartsWith(at, text.Substring(d.Span.Start), StringComparison.Ordinal);
        }

        [Fact]
        public void An_end_port_that_is_no_integer_is_unreadable()
        {
            var text = KubectlYaml(DebugPolicy("8000\n        endPort: 8001.0"));
            var d = Assert.Single(Verify(new StateFile("state/k/all.yaml", "all", text)).Diagnostics);
            Assert.Equal("NP6004", d.Id);
            Assert.Contains("expected an endPort number, found 8001.0", d.Message);
            Assert.StartsWith("8001.0", text.Substring(d.Span.Start), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("web")]
        [InlineData("grpc-2")]
        [InlineData("h2c")]
        public void A_named_port_reads_as_any_port_of_the_pods(string port)
        {
            var d = Assert.Single(Verify(new StateFile("state/k/all.yaml", "all", KubectlYaml(DebugPolicy(port)))).Diagnostics);
            Assert.Equal("NP6001", d.Id);
            Assert.Contains("let through by NetworkPolicy inference/debug (not policyc's), ingress rule 1", d.Message);
        }

        /// <summary>
        /// A Pass hands the packets it matches to the NetworkPolicies, past every later admin rule: a lower-priority deny of
        /// all ingress into the namespace does not take what a higher-priority Pass handed over, so the build's policies still
        /// decide and nothing breaks. Without the Pass, the same deny is an outage.
        /// </summary>
        [Fact]
        public void An_admin_pass_skips_later_admin_rules_and_the_network_policies_decide()
        {
            const string Deny = "- apiVersion: policy.networking.k8s.io/v1alpha1\n  kind: AdminNetworkPolicy\n  metadata:\n    name: freeze-inference\n  spec:\n    priority: 20\n"
                + "    subject:\n      namespaces:\n        matchLabels:\n          kubernetes.io/metadata.name: inference\n    ingress:\n    - name: no-ingress\n      action: Deny\n"
                + "      from:\n      - networks:\n        - 0.0.0.0/0\n        - ::/0\n";
            const string Pass = "- apiVersion: policy.networking.k8s.io/v1alpha1\n  kind: AdminNetworkPolicy\n  metadata:\n    name: delegate-inference\n  spec:\n    priority: 5\n"
                + "    subject:\n      namespaces:\n        matchLabels:\n          kubernetes.io/metadata.name: inference\n    ingress:\n    - name: to-the-namespace\n      action: Pass\n"
                + "      from:\n      - networks:\n        - 0.0.0.0/0\n        - ::/0\n";
            var denied = Verify(new StateFile("state/k/all.yaml", "all", KubectlYaml(Deny))).Devices.Single().Findings;
            Assert.Contains(denied, f => f.Kind == DriftKind.Outage && f.Responsible.Contains("freeze-inference", StringComparison.Ordinal));
            var passed = Verify(new StateFile("state/k/all.yaml", "all", KubectlYaml(Pass + Deny)));
            Assert.True(passed.Diagnostics.Count == 0, string.Join("\n", passed.Diagnostics));
        }

        /// <summary>
        /// The BaselineAdminNetworkPolicy decides only for pods no NetworkPolicy isolates: the build isolates every pod it
        /// manages, so a baseline deny of everything changes nothing for them. A baseline rule that passes is refused.
        /// </summary>
        [Fact]
        public void A_baseline_admin_policy_decides_after_the_network_policies()
        {
            const string Baseline = "- apiVersion: policy.networking.k8s.io/v1alpha1\n  kind: BaselineAdminNetworkPolicy\n  metadata:\n    name: default\n  spec:\n"
                + "    subject:\n      namespaces: {}\n    ingress:\n    - name: default-deny\n      action: Deny\n      from:\n      - namespaces: {}\n"
                + "    egress:\n    - name: default-deny\n      action: ACTION\n      to:\n      - networks:\n        - 0.0.0.0/0\n";
            var result = Verify(new StateFile("state/k/all.yaml", "all", KubectlYaml(Baseline.Replace("ACTION", "Deny"))));
            Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
            var bad = Assert.Single(Verify(new StateFile("state/k/all.yaml", "all", KubectlYaml(Baseline.Replace("ACTION", "Pass")))).Diagnostics);
            Assert.Equal("NP6004", bad.Id);
            Assert.Contains("a baseline rule allows or denies", bad.Message);
        }

        [Fact]
        public void Exports_that_are_not_kubernetes_objects_are_unreadable()
        {
            var d = Assert.Single(Verify(new StateFile("state/k/x.json", "x", "{\"SecurityGroups\": []}")).Diagnostics);
            Assert.Equal("NP6004", d.Id);
            Assert.Contains("an object without kind", d.Message);
            var bad = Assert.Single(Verify(new StateFile("state/k/x.yaml", "x", "items:\n- kind: NetworkPolicy\n  metadata:\n    name: a\n   namespace: b\n")).Diagnostics);
            Assert.Equal("NP6004", bad.Id);
        }
    }
}
