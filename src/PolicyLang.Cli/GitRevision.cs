using System.Diagnostics;
using PolicyLang.Text;
using PolicyLang.Workspace;

namespace PolicyLang.Cli
{
    /// <summary>
    /// The files of one git revision, read through <c>git</c> without touching the working tree, so that
    /// <c>policyc diff --base REV PATH</c> loads PATH as it was at REV. Paths are the working tree's (relative or absolute);
    /// each is mapped into the repository that holds it.
    /// </summary>
    internal sealed class GitRevision : IPolicyFileSystem
    {
        private readonly string _root;
        private readonly HashSet<string> _files = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _directories = new HashSet<string>(StringComparer.Ordinal) { "" };

        private GitRevision(string root, string revision, string commit)
        {
            _root = root;
            Revision = revision;
            Commit = commit;
        }

        /// <summary>The revision as the user wrote it.</summary>
        public string Revision { get; }

        /// <summary>The commit it names.</summary>
        public string Commit { get; }

        /// <summary>Opens <paramref name="revision"/> of the repository holding <paramref name="path"/>; null with <paramref name="error"/> otherwise.</summary>
        public static GitRevision? Open(string path, string revision, out string error)
        {
            var full = Path.GetFullPath(path);
            var dir = Directory.Exists(full) ? full : Path.GetDirectoryName(full) ?? full;
            while (!Directory.Exists(dir) && Path.GetDirectoryName(dir) is { } parent && parent != dir) dir = parent;
            if (revision.StartsWith("-", StringComparison.Ordinal) || revision.Any(char.IsControl))
            {
                error = "'" + revision.Replace("\n", " ") + "' is not a git revision";
                return null;
            }
            if (!Run(dir, out var top, out error, "rev-parse", "--show-toplevel")) { error = "'" + CliContext.DisplayPath(path) + "' is not in a git repository (" + error + ")"; return null; }
            var root = Path.GetFullPath(top.Trim());
            if (!Run(root, out var commit, out error, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"))
            {
                error = "'" + revision + "' is not a revision of the repository at " + CliContext.DisplayPath(root) + (error.Length > 0 ? " (" + error + ")" : "");
                return null;
            }
            var git = new GitRevision(root, revision, commit.Trim());
            if (!Run(root, out var listing, out error, "ls-tree", "-r", "-z", "--full-tree", "--name-only", git.Commit)) return null;
            foreach (var file in listing.Split('\0').Where(f => f.Length > 0))
            {
                git._files.Add(file);
                for (var d = Parent(file); d.Length > 0; d = Parent(d)) git._directories.Add(d);
            }
            error = "";
            return git;
        }

        private static string Parent(string path)
        {
            int slash = path.LastIndexOf('/');
            return slash < 0 ? "" : path.Substring(0, slash);
        }

        /// <summary>The path inside the repository ('/'-separated), or null when it lies outside it.</summary>
        public string? InRepository(string path)
        {
            var rel = Path.GetRelativePath(_root, Path.GetFullPath(path)).Replace('\\', '/');
            if (rel == ".") return "";
            return rel.StartsWith("../", StringComparison.Ordinal) || rel == ".." || Path.IsPathRooted(rel) ? null : rel;
        }

        public bool FileExists(string path) => InRepository(path) is { } p && _files.Contains(p);

        public bool DirectoryExists(string path) => InRepository(path) is { } p && _directories.Contains(p);

        public string GetFullPath(string path) => Path.GetFullPath(path);

        public bool TryReadFile(string path, out string text, out string error)
        {
            text = "";
            var p = InRepository(path);
            if (p == null || !_files.Contains(p))
            {
                error = _directories.Contains(p ?? "\0") ? "it is a directory" : "no such file at " + Revision;
                return false;
            }
            if (!RunBytes(_root, out var bytes, out error, "cat-file", "blob", Commit + ":" + p)) return false;
            if (bytes.Length > PhysicalFileSystem.MaxFileBytes)
            {
                error = $"the file is larger than {PhysicalFileSystem.MaxFileBytes / (1024 * 1024)} MB";
                return false;
            }
            text = SourceText.Decode(bytes);
            return true;
        }

        public IEnumerable<string> EnumeratePolicyFiles(string directory)
        {
            var p = InRepository(directory);
            if (p == null) return Array.Empty<string>();
            var prefix = p.Length == 0 ? "" : p + "/";
            // Paths keep the caller's spelling of the folder, as the working tree's enumeration does.
            var baseDir = directory.TrimEnd('/', '\\');
            return _files.Where(f => f.StartsWith(prefix, StringComparison.Ordinal) && f.EndsWith(".netpolicy", StringComparison.Ordinal))
                .Select(f => baseDir + "/" + f.Substring(prefix.Length))
                .OrderBy(f => f, StringComparer.Ordinal).ToList();
        }

        private static bool Run(string directory, out string output, out string error, params string[] args)
        {
            var ok = RunBytes(directory, out var bytes, out error, args);
            output = Encoding.UTF8.GetString(bytes);
            return ok;
        }

        private static bool RunBytes(string directory, out byte[] output, out string error, params string[] args)
        {
            output = Array.Empty<byte>();
            var start = new ProcessStartInfo("git")
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in args) start.ArgumentList.Add(a);
            // No pager, no prompts, no repository configuration that runs programs.
            start.Environment["GIT_TERMINAL_PROMPT"] = "0";
            start.Environment["GIT_PAGER"] = "cat";
            try
            {
                using var process = Process.Start(start)!;
                var stderr = process.StandardError.ReadToEndAsync();
                using var memory = new MemoryStream();
                process.StandardOutput.BaseStream.CopyTo(memory);
                process.WaitForExit();
                output = memory.ToArray();
                error = stderr.Result.Trim();
                if (process.ExitCode != 0 && error.Length == 0) error = "git " + args[0] + " exited with " + process.ExitCode.ToString(CultureInfo.InvariantCulture);
                return process.ExitCode == 0;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException || e is IOException)
            {
                error = "cannot run git: " + e.Message;
                return false;
            }
        }
    }
}
