using PolicyLang.Platforms;

namespace PolicyLang.Emit
{
    /// <summary>
    /// A compiler backend for one platform. Its <see cref="Description"/> declares what the platform accepts and can
    /// express; <see cref="TargetValidator"/> reports anything else before <see cref="Emit"/> runs, so a backend never
    /// has to drop a rule.
    /// </summary>
    public interface IBackend
    {
        PlatformDescription Description { get; }

        /// <summary>Platform-specific checks (limits, names), reported through the context.</summary>
        void Validate(TargetContext context);

        IReadOnlyList<Artifact> Emit(TargetContext context);
    }

    /// <summary>
    /// A backend whose platform cannot write every endpoint narrower than a zone or segment
    /// (<see cref="PlatformCapabilities.NarrowEndpoints"/> unset) but can write some: Kubernetes writes addresses outside
    /// its pods as ipBlocks, though it selects pods only by labels.
    /// </summary>
    public interface INarrowEndpoints
    {
        /// <summary>Whether the target writes exactly this narrowed endpoint's addresses.</summary>
        bool Expresses(TargetContext context, Semantics.Endpoint endpoint);
    }
}
