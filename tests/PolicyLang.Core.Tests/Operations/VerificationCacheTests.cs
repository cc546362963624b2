using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.Emit.State;
using PolicyLang.Operations;
using PolicyLang.Semantics;
using PolicyLang.Workspace;
using Xunit;
using static PolicyLang.Tests.Operations.StateFiles;

namespace PolicyLang.Tests.Operations
{
    /// <summary>
    /// The verification cache: a repeated run skips only an export that is byte for byte one found clean with the same
    /// policy and policyc, and any change to either is compared again (a cache that answered "clean" for a changed
    /// export would be a silent pass).
    /// </summary>
    public sealed class VerificationCacheTests
    {
        private sealed class Recording : IVerificationCache
        {
            public readonly Dictionary<string, string> Entries = new Dictionary<string, string>();
            public int Hits;

            public bool IsClean(string key)
            {
                lock (Entries)
                {
                    if (!Entries.ContainsKey(key)) return false;
                    Hits++;
                    return true;
                }
            }

            public void RecordClean(string key, string description)
            {
                lock (Entries) Entries[key] = description;
            }
        }

        private static string Export => Read("small-gw1.json");

        private static VerificationResult Run(PolicyCompilation compilation, IVerificationCache cache, params StateFile[] files) =>
            StateVerification.Verify(compilation, new[] { new TargetState("gw", "state/gw/", files) }, cache);

        private static StateFile Gw1(string text) => new StateFile("state/gw/gw1.json", "gw1", text);

        /// <summary>The export with a hand-added rule that opens everything (an operator's "temporary" fix): an exposure.</summary>
        private static string Opened()
        {
            const string anchor = "{\"rule\": {\"family\": \"inet\", \"table\": \"policylang_gw\", \"chain\": \"forward\", \"handle\": 12,";
            int at = Export.IndexOf(anchor, System.StringComparison.Ordinal);
            Assert.True(at > 0);
            return Export.Insert(at, "{\"rule\": {\"family\": \"inet\", \"table\": \"policylang_gw\", \"chain\": \"forward\", \"handle\": 99, \"expr\": [{\"accept\": null}]}}, ");
        }

        [Fact]
        public void A_clean_export_is_remembered_and_the_next_run_reuses_it()
        {
            var cache = new Recording();
            var first = Run(Small(), cache, Gw1(Export));
            Assert.True(first.Devices.Single().IsClean);
            Assert.False(first.Devices.Single().Reused);
            Assert.Equal("gw gw1", Assert.Single(cache.Entries).Value);

            var second = Run(Small(), cache, Gw1(Export));
            Assert.True(second.Devices.Single().Reused);
            Assert.True(second.Devices.Single().IsClean);
            Assert.Equal(1, cache.Hits);
        }

        [Fact]
        public void A_changed_export_is_compared_again_and_findings_are_never_remembered()
        {
            var cache = new Recording();
            Run(Small(), cache, Gw1(Export));
            for (int i = 0; i < 2; i++)
            {
                var edited = Run(Small(), cache, Gw1(Opened()));
                var device = edited.Devices.Single();
                Assert.False(device.Reused);
                Assert.Contains(edited.Diagnostics, d => d.Id == "NP6001");
            }
            Assert.Single(cache.Entries);
            Assert.Equal(0, cache.Hits);
        }

        [Fact]
        public void A_changed_policy_or_another_device_name_misses()
        {
            var cache = new Recording();
            Run(Small(), cache, Gw1(Export));
            // The same export under another device's name, or on another target, is another comparison.
            var policy = VerificationKey.ForPolicy(Small());
            var key = VerificationKey.For(policy, "gw", "nftables", new[] { Gw1(Export) });
            Assert.Contains(key, cache.Entries.Keys);
            Assert.NotEqual(key, VerificationKey.For(policy, "gw", "nftables", new[] { new StateFile("state/gw/gw2.json", "gw2", Export) }));
            Assert.NotEqual(key, VerificationKey.For(policy, "gw-b", "nftables", new[] { Gw1(Export) }));

            // One character more in the policy (a comment) is another policy: nothing of the first run is reused.
            var dir = Directory.CreateTempSubdirectory("policyc-cache-").FullName;
            try
            {
                var path = Path.Combine(dir, "small.netpolicy");
                File.WriteAllText(path, File.ReadAllText(Path.Combine(Folder, "small.netpolicy")) + "\n# reviewed\n");
                var changed = PolicyCompilation.FromSourceSet(PolicySourceSet.Load(new[] { path })).Single();
                var result = Run(changed, cache, Gw1(Export));
                Assert.False(result.Devices.Single().Reused);
                Assert.True(result.Devices.Single().IsClean);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
            Assert.Equal(0, cache.Hits);
        }

        [Fact]
        public void The_folder_cache_reads_back_what_it_wrote_and_treats_a_damaged_entry_as_a_miss()
        {
            var dir = Directory.CreateTempSubdirectory("policyc-cache-").FullName;
            try
            {
                var cache = new FolderVerificationCache(Path.Combine(dir, "verify"));
                var key = new string('a', 64);
                Assert.False(cache.IsClean(key));
                cache.RecordClean(key, "edge gw1\nsecond line");
                Assert.True(cache.IsClean(key));
                var file = Path.Combine(dir, "verify", "aa", new string('a', 62));
                Assert.Equal(key + "\nedge gw1 second line\n", File.ReadAllText(file));

                // Truncated (a crash between create and write) or someone else's file under that name: a miss.
                File.WriteAllText(file, "");
                Assert.False(cache.IsClean(key));
                File.WriteAllText(file, new string('b', 64) + "\n");
                Assert.False(cache.IsClean(key));
                Assert.False(cache.IsClean(new string('c', 64)));

                // A cache that cannot be written costs time, not the run.
                var blocked = new FolderVerificationCache(Path.Combine(file, "below-a-file"));
                blocked.RecordClean(key, "x");
                Assert.False(blocked.IsClean(key));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void A_file_hashed_from_its_bytes_has_the_key_of_the_same_text()
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(Export);
            var streamed = new StateFile("state/gw/gw1.json", "gw1", () => Export, () => System.Security.Cryptography.SHA256.HashData(bytes));
            Assert.Equal(Gw1(Export).Sha256, streamed.Sha256);
            // As the command line reads state files: through a stream, for the hash, the text and the pooled characters.
            var opened = new StateFile("state/gw/gw1.json", "gw1", () => new MemoryStream(bytes, writable: false));
            Assert.Equal(Gw1(Export).Sha256, opened.Sha256);
            Assert.Equal(Export, opened.WithChars(chars => chars.ToString()));
            Assert.Equal(Export, opened.Text);
        }
    }
}
