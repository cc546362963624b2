using PolicyLang.Workspace;

namespace PolicyLang.Analyzers
{
    /// <summary>
    /// The policy files a compilation sees: its additional files first (their text as the build or the editor has it),
    /// then the disk for imports that name files outside the project's additional files.
    /// </summary>
    internal sealed class PolicyFileSystem : IPolicyFileSystem
    {
        private readonly Dictionary<string, string> _files;
        private readonly IPolicyFileSystem _disk;

        public PolicyFileSystem(IEnumerable<KeyValuePair<string, string>> files, IPolicyFileSystem? disk = null)
        {
            _files = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var f in files)
            {
                var key = Normalize(f.Key);
                if (!_files.ContainsKey(key)) _files.Add(key, f.Value);
            }
            _disk = disk ?? PhysicalFileSystem.Instance;
        }

        public static string Normalize(string path)
        {
            try { return Path.GetFullPath(path); }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException) { return path; }
        }

        public bool FileExists(string path) => _files.ContainsKey(Normalize(path)) || _disk.FileExists(path);

        public bool DirectoryExists(string path) => _disk.DirectoryExists(path);

        public bool TryReadFile(string path, out string text, out string error)
        {
            if (_files.TryGetValue(Normalize(path), out var found))
            {
                text = found;
                error = "";
                return true;
            }
            return _disk.TryReadFile(path, out text, out error);
        }

        public IEnumerable<string> EnumeratePolicyFiles(string directory) => _disk.EnumeratePolicyFiles(directory);

        public string GetFullPath(string path) => Normalize(path);

        public IReadOnlyCollection<string> Paths => _files.Keys.ToList();
    }
}
