namespace PolicyLang.Emit
{
    /// <summary>One generated file: a path relative to the build output folder, and its text.</summary>
    public sealed class Artifact
    {
        public Artifact(string target, string platform, string relativePath, string content)
        {
            Target = target;
            Platform = platform;
            RelativePath = relativePath;
            Content = content;
        }

        public string Target { get; }
        public string Platform { get; }

        /// <summary>Forward slashes, no leading slash, no "..".</summary>
        public string RelativePath { get; }
        public string Content { get; }
    }
}
