using PolicyLang.Text;

namespace PolicyLang.Import
{
    /// <summary>How the importers read their sources: a file that cannot be read is an error naming it, never an exception.</summary>
    internal static class ImportFiles
    {
        /// <summary>
        /// The text of a source file, or null with an error. A file found in a folder or included that has no size is read as
        /// empty without opening it (<see cref="SourceFiles.HasNoSize"/>: a named pipe would wait for a writer); a file
        /// named on the command line is read as it is.
        /// </summary>
        public static string? Read(string path, bool named, List<ImportMessage> errors)
        {
            if (!named && SourceFiles.HasNoSize(path)) return "";
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                errors.Add(new ImportMessage(Path.GetFileName(path), 0, "cannot read the file: " + e.Message));
                return null;
            }
        }
    }
}
