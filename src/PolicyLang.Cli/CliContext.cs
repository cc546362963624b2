namespace PolicyLang.Cli
{
    /// <summary>The writers a command prints to, and how it shows paths.</summary>
    public sealed class CliContext(TextWriter stdout, TextWriter stderr)
    {
        public TextWriter Out { get; } = stdout;
        public TextWriter Error { get; } = stderr;

        /// <summary>--import-root: the folder imports may reach; null for each input's own folder.</summary>
        public string? ImportRoot { get; set; }

        /// <summary>A path as the user reads it: relative to the current folder when inside it, with '/' separators.</summary>
        public static string DisplayPath(string path)
        {
            try
            {
                var full = Path.GetFullPath(path);
                var cwd = Path.GetFullPath(Environment.CurrentDirectory);
                var rel = Path.GetRelativePath(cwd, full);
                var shown = rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel) ? full : rel;
                return shown.Replace('\\', '/');
            }
            catch (ArgumentException)
            {
                return path;
            }
        }
    }
}
