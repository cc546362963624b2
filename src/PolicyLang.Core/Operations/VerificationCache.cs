using PolicyLang.Emit;
using PolicyLang.IO;
using PolicyLang.Semantics;

namespace PolicyLang.Operations
{
    /// <summary>
    /// Remembers which exports were compared with which policy and found clean, so that a verify run repeated by a cron
    /// job compares again only the devices whose export (or the policy, or policyc itself) changed since. A comparison is
    /// a pure function of the policy's sources, the compiler and the export's bytes; the key hashes all three, so a hit
    /// gives exactly the answer the comparison would. Only clean results are kept: a device with findings is compared
    /// again each time, so its findings always come with their witnesses and positions.
    /// </summary>
    public interface IVerificationCache
    {
        bool IsClean(string key);

        void RecordClean(string key, string description);
    }

    /// <summary>
    /// A cache in a folder: one small file per clean comparison, named by its key. Entries are written atomically (a
    /// reader sees a whole entry or none) and hold their own key, so a truncated or foreign file is a miss, never a hit.
    /// Deleting the folder at any time is safe.
    /// </summary>
    public sealed class FolderVerificationCache(string folder) : IVerificationCache
    {
        public string Folder { get; } = folder;

        public bool IsClean(string key)
        {
            var path = PathOf(key);
            try
            {
                if (!File.Exists(path)) return false;
                var text = File.ReadAllText(path);
                return text.StartsWith(key + "\n", StringComparison.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        public void RecordClean(string key, string description)
        {
            try
            {
                AtomicFile.WriteAllText(PathOf(key), key + "\n" + description.Replace('\n', ' ') + "\n", durable: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A cache that cannot be written costs time on the next run, not a result.
            }
        }

        // Two levels, as git's objects: a folder of tens of thousands of entries stays quick to list.
        private string PathOf(string key) => Path.Combine(Folder, key.Substring(0, 2), key.Substring(2));

        /// <summary>$XDG_CACHE_HOME/policyc/verify, else ~/.cache/policyc/verify; null when there is no home to put it in.</summary>
        public static string? DefaultFolder()
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "policyc", "verify");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "policyc", "verify");
        }
    }

    /// <summary>The keys of <see cref="IVerificationCache"/>.</summary>
    public static class VerificationKey
    {
        private const string Version = "policyc-verify-1";

        /// <summary>This build of policyc: the module version id changes whenever its code does (deterministic builds derive it from the content).</summary>
        private static readonly string s_compiler = typeof(VerificationKey).Assembly.ManifestModule.ModuleVersionId.ToString("N");

        /// <summary>What every key of one run shares: the format, policyc's build and the policy's sources (names and text).</summary>
        public static string ForPolicy(PolicyCompilation compilation) => Version + "\n" + s_compiler + "\n" + PolicyBuilder.PolicyHash(compilation);

        /// <summary>The key of comparing <paramref name="files"/> (their names and bytes) on target <paramref name="target"/>.</summary>
        public static string For(string policyKey, string target, string platform, IEnumerable<Emit.State.StateFile> files)
        {
            var sb = new StringBuilder(policyKey).Append('\n').Append(target).Append('\n').Append(platform);
            foreach (var f in files) sb.Append('\n').Append(f.Name).Append('\n').Append(f.Sha256);
            return PolicyBuilder.Sha256(sb.ToString());
        }
    }
}
