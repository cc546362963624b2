using System.Collections.Generic;

namespace PolicyLang.Emit
{
    /// <summary>
    /// A compiler backend for one platform. It declares what it can express; <see cref="TargetValidator"/> reports
    /// anything else before <see cref="Emit"/> runs, so a backend never has to drop a rule.
    /// </summary>
    public interface IBackend
    {
        string Platform { get; }
        BackendCapabilities Capabilities { get; }

        /// <summary>Platform-specific checks (limits, names), reported through the context.</summary>
        void Validate(TargetContext context);

        IReadOnlyList<Artifact> Emit(TargetContext context);
    }
}
