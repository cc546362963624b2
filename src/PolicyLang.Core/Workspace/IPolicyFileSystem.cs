namespace PolicyLang.Workspace
{
    /// <summary>Where policy text comes from: the disk, an editor's open buffers, or a build's additional files.</summary>
    public interface IPolicyFileSystem
    {
        bool FileExists(string path);
        bool DirectoryExists(string path);

        /// <summary>Reads a file; returns false with a reason instead of throwing.</summary>
        bool TryReadFile(string path, out string text, out string error);

        /// <summary>Every *.netpolicy file below a directory, in ordinal order.</summary>
        IEnumerable<string> EnumeratePolicyFiles(string directory);

        string GetFullPath(string path);
    }
}
