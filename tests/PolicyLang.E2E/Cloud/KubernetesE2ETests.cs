using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using k8s;
using k8s.Models;
using PolicyLang.Emit;
using PolicyLang.Emit.Kubernetes;
using PolicyLang.Semantics;
using PolicyLang.TestSupport.Cloud;
using Xunit;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using PolicyLang.TestSupport;

namespace PolicyLang.E2E.Cloud
{
    /// <summary>
    /// Every kubernetes target: the YAML deserializes strictly into the official models (KubernetesClient's
    /// V1NetworkPolicy; the AdminNetworkPolicy CRD's fields for the admin policies), and the objects, evaluated with
    /// NetworkPolicy and AdminNetworkPolicy semantics over the policy's pod segments and every other address, allow
    /// exactly the policy's intent for all traffic with a pod at either end.
    /// </summary>
    [ProvesPlatform(PlatformProof.Exact, "kubernetes")]
    public sealed class KubernetesE2ETests
    {
        public static TheoryData<string> Policies() => new TheoryData<string>(CloudPolicySet.Paths);

        [Theory]
        [MemberData(nameof(Policies))]
        public void Policies_deserialize_strictly_and_allow_exactly_the_intent(string path)
        {
            foreach (var (compilation, target, artifacts) in CloudPolicySet.Build(path, "kubernetes"))
            {
                var (policies, admin) = Read(artifacts);
                var context = CloudIntent.Context(compilation, target.Name);
                var mismatch = Mismatch(context, policies, admin);
                Assert.True(mismatch == null, target.Name + ": " + mismatch);
            }
        }

        [Fact]
        public void The_evaluator_catches_a_missing_rule_and_a_missing_admin_policy()
        {
            var (compilation, target, artifacts) = CloudPolicySet.Build("tests/PolicyLang.E2E/Policies/cloud.netpolicy", "kubernetes").Single();
            var (policies, admin) = Read(artifacts);
            var context = CloudIntent.Context(compilation, target.Name);
            Assert.Null(Mismatch(context, policies, admin));
            Assert.NotNull(Mismatch(context, policies, new List<AdminNetworkPolicy>()));
            var withoutOne = policies.Where(p => p.Spec.Ingress == null || p.Spec.Ingress.Count == 0).ToList();
            Assert.NotEqual(policies.Count, withoutOne.Count);
            Assert.NotNull(Mismatch(context, withoutOne, admin));
        }

        public static string? Mismatch(TargetContext context, IReadOnlyList<V1NetworkPolicy> policies, IReadOnlyList<AdminNetworkPolicy> admin)
        {
            var pods = KubernetesBackend.PodSegments(context, report: false)
                .Select(p => new WorldPod(p.Segment.QualifiedName, p.Namespace, p.Selector.Representative()!, p.Addresses)).ToList();
            var semantics = new NetworkPolicySemantics(pods, policies, admin);
            var region = semantics.Region();
            var intent = CloudIntent.AllowedEverywhere(context).Intersect(region);
            var actual = semantics.AllowedTraffic().Intersect(region);
            return intent.SetEquals(actual) ? null : CloudIntent.Difference(intent, actual);
        }

        public static (List<V1NetworkPolicy>, List<AdminNetworkPolicy>) Read(IReadOnlyList<Artifact> artifacts)
        {
            var policies = new List<V1NetworkPolicy>();
            var admin = new List<AdminNetworkPolicy>();
            foreach (var a in artifacts)
            {
                if (a.RelativePath.EndsWith("/admin-network-policies.yaml", StringComparison.Ordinal))
                {
                    admin.AddRange(ReadAdmin(a.Content));
                    continue;
                }
                var ns = Path.GetFileNameWithoutExtension(a.RelativePath);
                var objects = KubernetesYaml.LoadAllFromString(a.Content, null, strict: true);
                Assert.NotEmpty(objects);
                foreach (var o in objects)
                {
                    var np = Assert.IsType<V1NetworkPolicy>(o);
                    Assert.Equal("networking.k8s.io/v1", np.ApiVersion);
                    Assert.Equal(ns, np.Metadata.NamespaceProperty);
                    Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", np.Metadata.Name);
                    Assert.True(np.Metadata.Name.Length <= 63, np.Metadata.Name);
                    Assert.NotNull(np.Spec.PodSelector);
                    policies.Add(np);
                }
            }
            return (policies, admin);
        }

        private static IEnumerable<AdminNetworkPolicy> ReadAdmin(string yaml)
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
            var parser = new Parser(new StringReader(yaml));
            parser.Consume<StreamStart>();
            while (parser.Accept<DocumentStart>(out _))
            {
                var anp = deserializer.Deserialize<AdminNetworkPolicy>(parser);
                Assert.Equal("policy.networking.k8s.io/v1alpha1", anp.ApiVersion);
                Assert.Equal("AdminNetworkPolicy", anp.Kind);
                Assert.InRange(anp.Spec.Priority, 0, 1000);
                Assert.All(anp.Spec.Ingress.Concat(anp.Spec.Egress), r => Assert.InRange(r.Name.Length, 1, 100));
                yield return anp;
            }
        }
    }
}
