using PolicyLang.Platforms;

namespace PolicyLang.Emit.Kubernetes
{
    /// <summary>What a target of platform <c>kubernetes</c> accepts and can enforce (see <see cref="PlatformDescription"/>).</summary>
    public static class KubernetesPlatform
    {
        public static readonly PlatformDescription Description = new PlatformDescription(
            "kubernetes",
            "Kubernetes",
            PlatformKind.Kubernetes,
            PlatformCapabilities.Deny | PlatformCapabilities.IPv6 | PlatformCapabilities.AnyProtocol,
            options: new[]
            {
                new TargetOptionSpec("admin-network-policy", TargetOptionKind.Boolean,
                    "the cluster supports AdminNetworkPolicy (policy.networking.k8s.io/v1alpha1): denies that override allows become its Deny rules"),
                new TargetOptionSpec("admin-network-policy-priority", TargetOptionKind.Integer, "priority of the generated AdminNetworkPolicies (default 50)", null, 0, 1000),
            });
    }
}
