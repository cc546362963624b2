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
}
