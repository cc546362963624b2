using System.Runtime.InteropServices;
using PolicyLang.Emit;

namespace PolicyLang.IO
{
    /// <summary>
    /// Writes a build into its output folder as a whole, with no moment at which the folder is missing or partly
    /// written: everything goes to a fresh sibling folder (<c>.NAME.staging-*</c>), which is then swapped with the
    /// output folder in one atomic step (Linux <c>renameat2(RENAME_EXCHANGE)</c>); the old output, now under the
    /// staging name, is deleted. A killed or failed build leaves the previous output in place under its own name.
    /// Where the kernel or file system cannot exchange (other systems, some network file systems) the old folder is
    /// renamed aside (<c>.NAME.old-*</c>) and the new one renamed in: a kill between those two renames leaves no
    /// output folder, and the next build puts the newest complete old one back before it starts.
    /// Every build first removes the staging and old siblings that killed builds left, under an exclusive lock
    /// (<c>.NAME.lock</c>, deleted when the build ends) that also keeps two builds from replacing the same folder at once.
    /// </summary>
    public static class BuildOutput
    {
        /// <summary>
        /// Test hook: the name of a step (<see cref="Steps"/>) at which the process ends at once (as kill -9 would), to
        /// prove that every step leaves a complete output behind.
        /// </summary>
        public const string FailpointVariable = "POLICYLANG_BUILD_FAILPOINT";

        /// <summary>The steps of a replacement, in order.</summary>
        public static readonly IReadOnlyList<string> Steps = new[]
        {
            "locked", "cleaned", "staging-created", "artifact-written", "staging-complete", "exchanged", "retired", "moved-in", "old-removed",
        };

        /// <summary>Writes the artifacts and manifest; returns false (with a reason) when the folder is not ours to replace.</summary>
        public static bool TryWrite(string directory, BuildResult result, out string error)
        {
            var full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            var parent = Path.GetDirectoryName(full) ?? ".";
            var name = Path.GetFileName(full);
            Directory.CreateDirectory(parent);
            using var gate = Lock(parent, name, out error);
            if (gate == null) return false;
            try
            {
                return Write(directory, full, parent, name, result, out error);
            }
            finally
            {
                // The lock file goes with the build that made it: nothing is left beside the output.
                try { File.Delete(gate.Name); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }

        private static bool Write(string directory, string full, string parent, string name, BuildResult result, out string error)
        {
            Failpoint("locked");
            Recover(parent, name, full);
            Failpoint("cleaned");
            if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).GetEnumerator().MoveNext()
                && !File.Exists(Path.Combine(full, PolicyBuilder.ManifestFileName)))
            {
                error = $"the output folder '{directory}' is not empty and has no {PolicyBuilder.ManifestFileName}; refusing to replace a folder policyc did not write";
                return false;
            }
            var staging = Path.Combine(parent, "." + name + ".staging-" + Guid.NewGuid().ToString("N"));
            var retired = Path.Combine(parent, "." + name + ".old-" + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(staging);
                Failpoint("staging-created");
                var paths = new string[result.Artifacts.Count];
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var folders = new HashSet<string>(StringComparer.Ordinal) { staging };
                var toCreate = new List<string>();
                for (int i = 0; i < paths.Length; i++)
                {
                    var artifact = result.Artifacts[i];
                    var path = Path.Combine(staging, artifact.RelativePath.Replace('/', Path.DirectorySeparatorChar));
                    if (!Path.GetFullPath(path).StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        throw new InvalidOperationException("Artifact path escapes the output folder: " + artifact.RelativePath);
                    if (!seen.Add(Path.GetFullPath(path)))
                        throw new InvalidOperationException("Two artifacts have the same path: " + artifact.RelativePath);
                    // Each folder once (a fabric build writes about 1,500 files into about 600 folders).
                    var folder = Path.GetDirectoryName(path)!;
                    if (folders.Add(folder)) toCreate.Add(folder);
                    paths[i] = path;
                }
                // Several at once: making a folder is the file system's work (ext4 took about 0.4 s of one core for the fabric
                // build's folders, looking for free inodes among those a previous build's removal had just freed). A folder made
                // by two threads at once (a parent of two) is made once; Directory.CreateDirectory takes an existing one.
                InParallel(toCreate.Count, i => Directory.CreateDirectory(toCreate[i]));
                // The staging folder is this build's alone until the exchange below makes it the output in one step, so each
                // file is written in place (no temporary file and rename of its own) and is on the disk before that step.
                // Several at once (a fabric build writes about 1,500 files). On Linux the file system is then flushed once
                // (syncfs), files and folders together, instead of each file on its own: the fabric build's 1,498 flushes took
                // about 0.9 s here, one syncfs about 0.2 s. Where that fails, each file is flushed after all.
                bool atOnce = CanSyncFileSystem;
                InParallel(paths.Length, i =>
                {
                    WriteNew(paths[i], result.Artifacts[i].Content, flush: !atOnce);
                    Failpoint("artifact-written");
                });
                var manifest = Path.Combine(staging, PolicyBuilder.ManifestFileName);
                WriteNew(manifest, result.Manifest, flush: !atOnce);
                if (atOnce && !TrySyncFileSystem(manifest))
                {
                    InParallel(paths.Length, i => FlushToDisk(paths[i]));
                    FlushToDisk(manifest);
                }
                Failpoint("staging-complete");
                if (Directory.Exists(full) && TryExchange(staging, full))
                {
                    // The output is the new build; the old one now sits under the staging name.
                    Failpoint("exchanged");
                    DeleteTree(staging);
                }
                else
                {
                    if (Directory.Exists(full))
                    {
                        Directory.Move(full, retired);
                        Failpoint("retired");
                    }
                    Directory.Move(staging, full);
                    Failpoint("moved-in");
                    if (Directory.Exists(retired)) DeleteTree(retired);
                }
                Failpoint("old-removed");
                error = "";
                return true;
            }
            finally
            {
                if (Directory.Exists(staging)) TryDelete(staging);
                if (Directory.Exists(retired) && !Directory.Exists(full)) Directory.Move(retired, full);
            }
        }

        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false);

        /// <summary>Deletes the previous output: its subfolders on several threads (a fabric build's are about 300), then the rest.</summary>
        private static void DeleteTree(string path)
        {
            var subfolders = Directory.GetDirectories(path);
            InParallel(subfolders.Length, i => Directory.Delete(subfolders[i], recursive: true));
            Directory.Delete(path, recursive: true);
        }

        /// <summary>
        /// Runs file-system work four items at a time. A failure (a full disk, a permission) surfaces as the exception
        /// itself, as on one thread, not wrapped in an AggregateException: callers report IOException to the user.
        /// </summary>
        private static void InParallel(int count, Action<int> body)
        {
            try
            {
                System.Threading.Tasks.Parallel.For(0, count, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 4 }, body);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }

        /// <summary>Writes a file that must not exist yet (UTF-8 without a byte-order mark), flushed to the disk when <paramref name="flush"/>.</summary>
        private static void WriteNew(string path, string content, bool flush = true)
        {
            var bytes = s_utf8.GetBytes(content);
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            stream.Write(bytes, 0, bytes.Length);
            if (flush) stream.Flush(true);
        }

        /// <summary>Flushes a written file to the disk (fsync of a new descriptor: it flushes the file, whoever wrote it).</summary>
        private static void FlushToDisk(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            stream.Flush(true);
        }

        /// <summary>Test hook: set to 1 to take the path of a failed syncfs (each file flushed on its own after all are written).</summary>
        public const string NoSyncFsVariable = "POLICYLANG_BUILD_NO_SYNCFS";

        private static bool CanSyncFileSystem => RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
        private static extern int SyncFs(int fd);

        /// <summary>
        /// Writes every file of the file system holding <paramref name="path"/> to the disk and waits for it (Linux syncfs, which
        /// since Linux 5.8 also reports a failed write-back); false where the call is missing or fails (the caller then flushes
        /// each file).
        /// </summary>
        private static bool TrySyncFileSystem(string path)
        {
            if (Environment.GetEnvironmentVariable(NoSyncFsVariable) == "1") return false;
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
                bool added = false;
                stream.SafeFileHandle.DangerousAddRef(ref added);
                try
                {
                    return SyncFs(stream.SafeFileHandle.DangerousGetHandle().ToInt32()) == 0;
                }
                finally
                {
                    if (added) stream.SafeFileHandle.DangerousRelease();
                }
            }
            catch (Exception e) when (e is EntryPointNotFoundException || e is DllNotFoundException)
            {
                return false;
            }
        }

        /// <summary>The exclusive lock of one output folder, or null (with a reason) when another build holds it.</summary>
        private static FileStream? Lock(string parent, string name, out string error)
        {
            var path = Path.Combine(parent, "." + name + ".lock");
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    error = "";
                    var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    // The build that held it before may have deleted the file after we opened it: lock the one on disk.
                    if (File.Exists(path)) return stream;
                    stream.Dispose();
                    continue;
                }
                catch (IOException) when (attempt < 600)
                {
                    // Another build is replacing the same folder: wait for it (up to a minute).
                    System.Threading.Thread.Sleep(100);
                }
                catch (IOException e)
                {
                    error = $"another build is still writing '{name}' ({e.Message})";
                    return null;
                }
            }
        }

        /// <summary>
        /// Puts back an output that a build killed between its two renames left aside (the newest complete old folder),
        /// then removes every staging and old sibling: with the lock held, no other build is using them.
        /// </summary>
        private static void Recover(string parent, string name, string full)
        {
            var siblings = Directory.GetDirectories(parent, "." + name + ".*")
                .Where(d => Path.GetFileName(d).StartsWith("." + name + ".staging-", StringComparison.Ordinal)
                         || Path.GetFileName(d).StartsWith("." + name + ".old-", StringComparison.Ordinal))
                .ToList();
            if (!Directory.Exists(full))
            {
                var newest = siblings.Where(d => Path.GetFileName(d).StartsWith("." + name + ".old-", StringComparison.Ordinal)
                                               && File.Exists(Path.Combine(d, PolicyBuilder.ManifestFileName)))
                    .OrderByDescending(d => Directory.GetLastWriteTimeUtc(d)).FirstOrDefault();
                if (newest != null)
                {
                    Directory.Move(newest, full);
                    siblings.Remove(newest);
                }
            }
            foreach (var s in siblings) TryDelete(s);
        }

        private static void TryDelete(string path)
        {
            try { Directory.Delete(path, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        /// <summary>Test hook: set to 1 to take the two-rename path a system without RENAME_EXCHANGE takes.</summary>
        public const string NoExchangeVariable = "POLICYLANG_BUILD_NO_EXCHANGE";

        private static readonly string? s_failpoint = Environment.GetEnvironmentVariable(FailpointVariable);

        private static void Failpoint(string step)
        {
            if (s_failpoint == step) Environment.FailFast("policyc: failpoint " + step);
        }

        private const int AtFdCwd = -100;
        private const uint RenameExchange = 2;

        [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
        private static extern int RenameAt2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);

        /// <summary>Swaps two folders in one step; false where the system cannot (then nothing changed).</summary>
        private static bool TryExchange(string a, string b)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || Environment.GetEnvironmentVariable(NoExchangeVariable) == "1") return false;
            try
            {
                return RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0;
            }
            catch (Exception e) when (e is EntryPointNotFoundException || e is DllNotFoundException)
            {
                return false;
            }
        }
    }
}
