namespace PolicyLang.LanguageServer
{
    /// <summary>Converts between LSP document URIs and the paths the core uses for files.</summary>
    public static class DocumentUris
    {
        /// <summary>A file URI's full local path; any other URI (untitled:, …) is used as the path unchanged.</summary>
        public static string ToPath(string uri)
        {
            if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile)
            {
                try { return Path.GetFullPath(parsed.LocalPath); }
                catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException) { return parsed.LocalPath; }
            }
            return uri;
        }

        /// <summary>A file URI for a path; a path that is not rooted (it came from a non-file URI) is returned as is.</summary>
        public static string FromPath(string path)
        {
            if (!Path.IsPathRooted(path)) return path;
            try { return new Uri(path).AbsoluteUri; }
            catch (UriFormatException) { return path; }
        }

        /// <summary>The normalized full form of a path, for comparing files.</summary>
        public static string Normalize(string path)
        {
            try { return Path.GetFullPath(path); }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException) { return path; }
        }
    }
}
