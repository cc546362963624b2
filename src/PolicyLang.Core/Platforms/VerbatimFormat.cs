namespace PolicyLang.Platforms
{
    /// <summary>
    /// How a platform's configuration takes a target's <c>verbatim</c> text: the comment that fences it, the files it goes
    /// into, and whether it goes before a final <c>end</c> line (EOS, IOS XE), after which nothing is read as configuration.
    /// A platform without one writes structured documents a pasted line would break, and refuses verbatim text.
    /// </summary>
    public sealed class VerbatimFormat(string commentLeader, string fileExtension, bool beforeFinalEnd = false)
    {
        /// <summary>"!" or "#".</summary>
        public string CommentLeader { get; } = commentLeader;

        /// <summary>The extension of the configuration files that take the text: ".cfg", ".conf", ".nvue", ".nft".</summary>
        public string FileExtension { get; } = fileExtension;

        public bool BeforeFinalEnd { get; } = beforeFinalEnd;
    }
}
