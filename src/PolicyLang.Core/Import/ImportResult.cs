namespace PolicyLang.Import
{
    /// <summary>Something an importer could not carry over exactly, with the place in the source it comes from.</summary>
    public sealed class ImportMessage(string file, int line, string text)
    {
        public string File { get; } = file;
        public int Line { get; } = line;
        public string Text { get; } = text;

        public override string ToString() => File + (Line > 0 ? ":" + Line.ToString(CultureInfo.InvariantCulture) : "") + ": " + Text;
    }

    /// <summary>The .netpolicy files an import writes (relative path → text, formatted) and what it could not carry over.</summary>
    public sealed class ImportResult
    {
        public SortedDictionary<string, string> Files { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
        public List<ImportMessage> Warnings { get; } = new List<ImportMessage>();

        /// <summary>Errors that stop the import (an unreadable file, an unknown name): nothing should be written.</summary>
        public List<ImportMessage> Errors { get; } = new List<ImportMessage>();
    }
}
