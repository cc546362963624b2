using PolicyLang.Syntax;

namespace PolicyLang.Workspace
{
    /// <summary>
    /// The one way from an import's text to a file path. An import names a file relative to the importing file's
    /// folder, inside the policy's root folder (the folder of the file or folder the policy was loaded from, unless
    /// the caller names a wider one): empty paths, control and format characters, absolute paths, paths that climb
    /// out of the root and links that point out of it are refused with a reason, and the file system is never asked
    /// about them. A pull request cannot make the compiler read files outside the repository.
    /// </summary>
    public static class ImportPaths
    {
        /// <summary>The outcome: the file to read, or why the import is refused.</summary>
        public readonly struct Resolution(string? path, string? problem)
        {
            public string? Path { get; } = path;
            public string? Problem { get; } = problem;
            public bool Ok => Path != null;
        }

        /// <summary>
        /// Resolves the quoted path token of an import in <paramref name="importingFile"/>. With a <paramref name="root"/>,
        /// the result must lie inside it (after following links, where <paramref name="fileSystem"/> is the disk).
        /// </summary>
        public static Resolution Resolve(string importingFile, string quotedPath, string? root = null, IPolicyFileSystem? fileSystem = null)
        {
            var value = StringSyntax.Unquote(quotedPath);
            if (BuiltinBaselines.IsBuiltin(value)) return BuiltinBaselines.Resolve(value);
            if (value.Trim().Length == 0) return Refuse("it is empty; name a .netpolicy file relative to this file's folder");
            foreach (var c in value)
            {
                if (char.IsControl(c) || DiagnosticTextIsFormat(c))
                    return Refuse("it contains the character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + "; a path is printable text");
            }
            if (Path.IsPathRooted(value) || value.StartsWith("~", StringComparison.Ordinal) || (value.Length >= 2 && value[1] == ':'))
                return Refuse("it is absolute; an import names a file relative to the importing file's folder");
            var dir = Path.GetDirectoryName(importingFile) ?? "";
            var combined = Path.Combine(dir, value);
            if (root == null) return new Resolution(combined, null);

            string full, rootFull;
            try
            {
                full = Path.GetFullPath(combined);
                rootFull = Path.GetFullPath(root);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is IOException)
            {
                return Refuse("it is not a valid path (" + e.Message + ")");
            }
            if (!IsInside(full, rootFull))
                return Refuse("it leaves the policy's folder (imports stay below the folder the policy is loaded from; policyc's --import-root names a wider one)");
            if (fileSystem is PhysicalFileSystem)
            {
                var real = RealPath(full);
                var realRoot = RealPath(rootFull);
                if (real != null && realRoot != null && !IsInside(real, realRoot))
                    return Refuse("it is a link to a file outside the policy's folder");
            }
            return new Resolution(combined, null);
        }

        /// <summary>
        /// The deepest folder that holds every one of <paramref name="files"/> (full paths): the import root of a set of
        /// files handed over one by one, as a C# project's policy files are. Null for no files.
        /// </summary>
        public static string? CommonFolder(IEnumerable<string> files)
        {
            string[]? common = null;
            foreach (var f in files)
            {
                var dir = (Path.GetDirectoryName(f) ?? "").Replace('\\', '/').Split('/');
                if (common == null) { common = dir; continue; }
                int n = 0;
                while (n < common.Length && n < dir.Length && common[n] == dir[n]) n++;
                Array.Resize(ref common, n);
            }
            if (common == null) return null;
            var joined = string.Join("/", common);
            return joined.Length == 0 ? "/" : joined;
        }

        /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or below it (both full paths).</summary>
        public static bool IsInside(string path, string root)
        {
            var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var r = root.TrimEnd('/', '\\');
            if (r.Length == 0) return true;
            return string.Equals(path, r, comparison)
                || (path.StartsWith(r, comparison) && path.Length > r.Length && (path[r.Length] == '/' || path[r.Length] == '\\'));
        }

        /// <summary>The path with every link on the way resolved; null when it cannot be told.</summary>
        public static string? RealPath(string fullPath)
        {
#if NET
            try
            {
                // Resolve each component in turn: a link may sit anywhere on the path.
                var root = Path.GetPathRoot(fullPath) ?? "/";
                var parts = fullPath.Substring(root.Length).Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries);
                var current = root;
                int hops = 0;
                for (int i = 0; i < parts.Length; i++)
                {
                    var next = Path.Combine(current, parts[i]);
                    FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
                    while (info.Exists && info.LinkTarget != null)
                    {
                        if (++hops > 40) return null;
                        var target = info.LinkTarget;
                        next = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(Path.GetDirectoryName(next) ?? root, target));
                        info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
                    }
                    current = next;
                }
                return current;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return null;
            }
#else
            return fullPath;
#endif
        }

        private static bool DiagnosticTextIsFormat(char c) =>
            c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\uFEFF';

        private static Resolution Refuse(string problem) => new Resolution(null, problem);
    }
}
