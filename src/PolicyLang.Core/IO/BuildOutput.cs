using System;
using System.IO;
using PolicyLang.Emit;

namespace PolicyLang.IO
{
    /// <summary>
    /// Writes a build into its output folder as a whole: everything goes to a fresh sibling folder first, which then
    /// replaces the old one. A failed or interrupted build leaves the previous output in place and no partial files.
    /// </summary>
    public static class BuildOutput
    {
        /// <summary>Writes the artifacts and manifest; returns false (with a reason) when the folder is not ours to replace.</summary>
        public static bool TryWrite(string directory, BuildResult result, out string error)
        {
            var full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).GetEnumerator().MoveNext()
                && !File.Exists(Path.Combine(full, PolicyBuilder.ManifestFileName)))
            {
                error = $"the output folder '{directory}' is not empty and has no {PolicyBuilder.ManifestFileName}; refusing to replace a folder policyc did not write";
                return false;
            }
            var parent = Path.GetDirectoryName(full) ?? ".";
            Directory.CreateDirectory(parent);
            var staging = Path.Combine(parent, "." + Path.GetFileName(full) + ".staging-" + Guid.NewGuid().ToString("N"));
            var retired = Path.Combine(parent, "." + Path.GetFileName(full) + ".old-" + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(staging);
                foreach (var artifact in result.Artifacts)
                {
                    var path = Path.Combine(staging, artifact.RelativePath.Replace('/', Path.DirectorySeparatorChar));
                    if (!Path.GetFullPath(path).StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        throw new InvalidOperationException("Artifact path escapes the output folder: " + artifact.RelativePath);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    AtomicFile.WriteAllText(path, artifact.Content);
                }
                AtomicFile.WriteAllText(Path.Combine(staging, PolicyBuilder.ManifestFileName), result.Manifest);
                if (Directory.Exists(full)) Directory.Move(full, retired);
                Directory.Move(staging, full);
                if (Directory.Exists(retired)) Directory.Delete(retired, recursive: true);
                error = "";
                return true;
            }
            finally
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
                if (Directory.Exists(retired) && !Directory.Exists(full)) Directory.Move(retired, full);
            }
        }
    }
}
