namespace PolicyLang.Emit
{
    /// <summary>One generated file: a path relative to the build output folder, and its text.</summary>
    public sealed class Artifact(string target, string platform, string relativePath, string content)
    {
        public string Target { get; } = target;
        public string Platform { get; } = platform;

        /// <summary>Forward slashes, no leading slash, no "..".</summary>
        public string RelativePath { get; } = relativePath;
        public string Content { get; } = content;
    }
}
