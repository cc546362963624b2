using PolicyLang.Text;

namespace PolicyLang.Workspace
{
    public sealed class PhysicalFileSystem : IPolicyFileSystem
    {
        public static readonly PhysicalFileSystem Instance = new PhysicalFileSystem();

        /// <summary>Files larger than this are refused rather than read into memory.</summary>
        public const long MaxFileBytes = 256L * 1024 * 1024;

        public bool FileExists(string path) => File.Exists(path);
        public bool DirectoryExists(string path) => Directory.Exists(path);
        public string GetFullPath(string path) => Path.GetFullPath(path);

        public bool TryReadFile(string path, out string text, out string error)
        {
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    text = "";
                    error = Directory.Exists(path) ? "it is a directory" : "no such file";
                    return false;
                }
                if (info.Length > MaxFileBytes)
                {
                    text = "";
                    error = $"the file is larger than {MaxFileBytes / (1024 * 1024)} MB";
                    return false;
                }
                text = SourceText.Decode(File.ReadAllBytes(path));
                error = "";
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                text = "";
                error = e.Message;
                return false;
            }
        }

        public IEnumerable<string> EnumeratePolicyFiles(string directory)
        {
            var options = new EnumerationOptionsShim();
            return options.Enumerate(directory).OrderBy(p => p, StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// Recursive enumeration that skips unreadable folders instead of failing the whole walk, and visits each real
        /// folder once: a link that loops back (or points at a folder already walked) is not followed again, and a
        /// link to a folder outside the one enumerated is not followed at all.
        /// </summary>
        private sealed class EnumerationOptionsShim
        {
            public IEnumerable<string> Enumerate(string root)
            {
                var realRoot = ImportPaths.RealPath(Path.GetFullPath(root)) ?? Path.GetFullPath(root);
                var visited = new HashSet<string>(StringComparer.Ordinal);
                var pending = new Stack<string>();
                pending.Push(root);
                while (pending.Count > 0)
                {
                    var dir = pending.Pop();
                    var real = ImportPaths.RealPath(Path.GetFullPath(dir));
                    if (real != null && (!visited.Add(real) || !ImportPaths.IsInside(real, realRoot))) continue;
                    string[] files, dirs;
                    try
                    {
                        files = Directory.GetFiles(dir, "*.netpolicy");
                        dirs = Directory.GetDirectories(dir);
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        continue;
                    }
                    foreach (var f in files) yield return f;
                    foreach (var d in dirs)
                    {
                        var name = Path.GetFileName(d);
                        if (name == "bin" || name == "obj" || name == "node_modules" || name.StartsWith(".", StringComparison.Ordinal)) continue;
                        pending.Push(d);
                    }
                }
            }
        }
    }
}
