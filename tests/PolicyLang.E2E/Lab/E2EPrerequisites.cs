using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Xunit;

namespace PolicyLang.E2E.Lab
{
    /// <summary>
    /// What the real-packet tests need: Linux, root, <c>ip</c>, <c>nft</c>, <c>socat</c>, <c>ping</c> and <c>conntrack</c>, and a
    /// working <c>ip netns add</c>. Call <see cref="Require"/> first in every <c>[SkippableFact]</c>: when something
    /// is missing the test is skipped with a message naming it, except under <c>CI=true</c>, where it fails
    /// (CI installs everything through <c>.ci/install-prerequisites</c>, so a gap there is a bug).
    /// </summary>
    public static class E2EPrerequisites
    {
        private static readonly Lazy<IReadOnlyList<string>> LazyMissing = new(FindMissing);

        /// <summary>Each missing prerequisite, described; empty when the lab can run.</summary>
        public static IReadOnlyList<string> Missing => LazyMissing.Value;

        /// <summary>The environment says this is CI (<c>CI=true</c>), where a missing prerequisite fails the test.</summary>
        public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>Returns when everything is there; otherwise fails the test under CI=true and skips it elsewhere.</summary>
        public static void Require()
        {
            var missing = Missing;
            if (missing.Count == 0) return;
            var message = "end-to-end prerequisites missing: " + string.Join("; ", missing)
                + " (as root, .ci/install-prerequisites installs the tools)";
            if (IsCi) Assert.Fail(message + " [CI=true, so this is a failure, not a skip]");
            Skip.If(true, message);
        }

        private static IReadOnlyList<string> FindMissing()
        {
            var missing = new List<string>();
            if (!OperatingSystem.IsLinux())
            {
                missing.Add("Linux (network namespaces)");
                return missing;
            }
            if (NativeMethods.geteuid() != 0) missing.Add("root (effective uid is " + NativeMethods.geteuid() + ")");
            foreach (var tool in new[] { "ip", "nft", "socat", "ping", "conntrack" })
            {
                if (ToolPaths.Find(tool) == null) missing.Add($"'{tool}' on PATH");
            }
            if (missing.Count == 0)
            {
                var failure = NamespaceNames.TryAddAndDeleteProbeNamespace();
                if (failure != null) missing.Add("a working 'ip netns add': " + failure);
            }
            return missing;
        }

        private static class NativeMethods
        {
            [DllImport("libc", SetLastError = false)]
#pragma warning disable SYSLIB1054 // one trivial call; LibraryImport would need AllowUnsafeBlocks
            internal static extern uint geteuid();
#pragma warning restore SYSLIB1054
        }
    }
}
