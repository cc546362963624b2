using PolicyLang.Workspace;

namespace PolicyLang.Operations
{
    /// <summary>
    /// The disk as it would be after a quarantine change: some files replaced by new text, some deleted, one perhaps
    /// added. The policy is loaded through it and checked before anything is written; folders enumerate the added file
    /// and leave out a deleted one, as they will once the change is on the disk.
    /// </summary>
    internal sealed class QuarantineFileSystem : IPolicyFileSystem
    {
        private readonly IPolicyFileSystem _disk;
        private readonly Dictionary<string, string?> _changes = new Dictionary<string, string?>(StringComparer.Ordinal);

        /// <param name="changes">Full paths and their new text; null deletes the file.</param>
        public QuarantineFileSystem(IPolicyFileSystem disk, IEnumerable<KeyValuePair<string, string?>>? changes = null)
        {
            _disk = disk;
            foreach (var change in changes ?? Enumerable.Empty<KeyValuePair<string, string?>>()) _changes[Full(change.Key)] = change.Value;
        }

        public bool FileExists(string path) => _changes.TryGetValue(Full(path), out var text) ? text != null : _disk.FileExists(path);

        public bool DirectoryExists(string path) => _disk.DirectoryExists(path);

        public string GetFullPath(string path) => _disk.GetFullPath(path);

        public bool TryReadFile(string path, out string text, out string error)
        {
            if (!_changes.TryGetValue(Full(path), out var changed)) return _disk.TryReadFile(path, out text, out error);
            text = changed ?? "";
            error = changed == null ? "no such file" : "";
            return changed != null;
        }

        public IEnumerable<string> EnumeratePolicyFiles(string directory)
        {
            var root = Full(directory);
            var files = _disk.EnumeratePolicyFiles(directory).Where(f => !_changes.TryGetValue(Full(f), out var text) || text != null).ToList();
            foreach (var change in _changes)
            {
                if (change.Value == null || !change.Key.EndsWith(".netpolicy", StringComparison.Ordinal) || !ImportPaths.IsInside(change.Key, root)) continue;
                if (files.Any(f => Full(f) == change.Key)) continue;
                files.Add(Path.Combine(directory, change.Key.Substring(root.TrimEnd('/', '\\').Length).TrimStart('/', '\\')));
            }
            return files.OrderBy(f => f, StringComparer.Ordinal).ToList();
        }

        private string Full(string path)
        {
            try { return _disk.GetFullPath(path); }
            catch (ArgumentException) { return path; }
        }
    }
}
