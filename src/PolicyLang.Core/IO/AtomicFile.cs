namespace PolicyLang.IO
{
    /// <summary>Writes a file so that readers see either the old content or the new, never half of it.</summary>
    public static class AtomicFile
    {
        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false);

        public static void WriteAllText(string path, string content, bool durable = true) => WriteAllBytes(path, s_utf8.GetBytes(content), durable);

        /// <param name="durable">Whether to flush the content to the disk before the rename (false for a cache, where a lost entry only costs time).</param>
        public static void WriteAllBytes(string path, byte[] content, bool durable = true)
        {
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full) ?? ".";
            Directory.CreateDirectory(dir);
            var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(durable);
                }
                if (File.Exists(full)) File.Replace(temp, full, null);
                else File.Move(temp, full);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
    }
}
