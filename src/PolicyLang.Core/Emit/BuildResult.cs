using PolicyLang.Diagnostics;

namespace PolicyLang.Emit
{
    public sealed class BuildResult(
        IReadOnlyList<Artifact> artifacts, IReadOnlyList<Diagnostic> diagnostics, string manifest)
    {
        /// <summary>Generated files, ordered by path; empty when the build has errors.</summary>
        public IReadOnlyList<Artifact> Artifacts { get; } = artifacts;
        public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;

        /// <summary>manifest.json: each artifact with its sha256, and the hash of the policy sources.</summary>
        public string Manifest { get; } = manifest;
        public bool Succeeded => !Diagnostics.Any(d => d.IsError);
    }
}
