using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyLang.Workspace;

namespace PolicyLang.TestSupport.Fuzzing
{
    /// <summary>
    /// Policy files held in memory under one root folder. Paths go through the same normalization as on disk
    /// (<see cref="Path.GetFullPath(string)"/>), so path text that would break the physical file system breaks here
    /// too, but nothing outside the root is ever read: a fuzzed <c>import "/dev/zero"</c> finds no file.
    /// </summary>
    public sealed class MemoryFileSystem : IPolicyFileSystem
    {
        private readonly Dictionary<string, string> _files = new Dictionary<string, string>(StringComparer.Ordinal);

        public MemoryFileSystem(string root)
        {
            Root = Path.GetFullPath(root);
        }

        public string Root { get; }

        public void Add(string relativePath, string text) => _files[Path.GetFullPath(Path.Combine(Root, relativePath))] = text;

        public IReadOnlyCollection<string> Paths => _files.Keys;

        public bool FileExists(string path) => _files.ContainsKey(Path.GetFullPath(path));

        public bool DirectoryExists(string path)
        {
            var full = Path.GetFullPath(path).TrimEnd('/');
            return full == Root.TrimEnd('/') || _files.Keys.Any(f => f.StartsWith(full + "/", StringComparison.Ordinal));
        }

        public bool TryReadFile(string path, out string text, out string error)
        {
            if (_files.TryGetValue(Path.GetFullPath(path), out var found))
            {
                text = found;
                error = "";
                return true;
            }
            text = "";
            error = DirectoryExists(path) ? "it is a directory" : "no such file";
            return false;
        }

        public IEnumerable<string> EnumeratePolicyFiles(string directory)
        {
            var full = Path.GetFullPath(directory).TrimEnd('/') + "/";
            return _files.Keys.Where(f => f.StartsWith(full, StringComparison.Ordinal) && f.EndsWith(".netpolicy", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal).ToList();
        }

        public string GetFullPath(string path) => Path.GetFullPath(path);
    }
}
