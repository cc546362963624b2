namespace PolicyLang.Text
{
    /// <summary>What the readers of source files on disk (policies, imports, other tools' definitions) share.</summary>
    public static class SourceFiles
    {
        /// <summary>
        /// Whether the file exists and has no size: an empty file, or a named pipe or a device, which have none either. Opening a
        /// pipe waits for a writer and reading /dev/zero never ends, so a file found in a folder or imported is read as empty when
        /// it has no size; a file named on the command line is read (a pipe given on purpose, as <c>&lt;(generate)</c>).
        /// </summary>
        public static bool HasNoSize(string path)
        {
            try
            {
                var info = new FileInfo(path);
                return info.Exists && info.Length == 0;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                return false;
            }
        }
    }
}
