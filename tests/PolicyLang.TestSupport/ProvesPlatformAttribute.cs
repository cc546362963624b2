using System;

namespace PolicyLang.TestSupport
{
    /// <summary>What a test proves about a platform's output; the architecture test requires each kind for every platform.</summary>
    public enum PlatformProof
    {
        /// <summary>The output is read back (by the platform's reader, a real tool or an emulator) and admits exactly the
        /// traffic the policy allows: no more, no less, with a witness packet for any difference.</summary>
        Exact,

        /// <summary>Hostile names, labels and strings from a policy never add a line, statement, member or expression to
        /// the output.</summary>
        HostileNames,
    }

    /// <summary>
    /// Marks a test class as proof of <see cref="Proof"/> for the platforms it names. ArchitectureTests
    /// (tests/PolicyLang.E2E) reads these marks from the test assemblies: a platform registered without them fails.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ProvesPlatformAttribute : Attribute
    {
        public ProvesPlatformAttribute(PlatformProof proof, params string[] platforms)
        {
            Proof = proof;
            Platforms = platforms;
        }

        public PlatformProof Proof { get; }
        public string[] Platforms { get; }
    }
}
