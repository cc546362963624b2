namespace PolicyLang.Operations
{
    /// <summary>One file a quarantine change writes or deletes, with the text it was computed from.</summary>
    public sealed class QuarantineFileWrite(string path, string? content, string? original, string purpose)
    {
        /// <summary>The file's path as the policy was loaded with it.</summary>
        public string Path { get; } = path;

        /// <summary>The new text; null deletes the file.</summary>
        public string? Content { get; } = content;

        /// <summary>The text the change was computed from; null when the file did not exist.</summary>
        public string? Original { get; } = original;

        /// <summary>What the write does, for the report: <c>import "quarantine.netpolicy" added</c>.</summary>
        public string Purpose { get; } = purpose;

        public bool Deletes => Content == null;
    }
}
