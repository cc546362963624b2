using System;
using System.IO;

namespace PolicyLang.TestSupport
{
    /// <summary>Locates folders of this repository from a test or benchmark binary.</summary>
    public static class RepositoryPaths
    {
        public static string Root
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PolicyLang.sln"))) dir = dir.Parent;
                return dir?.FullName ?? throw new InvalidOperationException("PolicyLang.sln not found above " + AppContext.BaseDirectory);
            }
        }

        public static string Samples => Path.Combine(Root, "samples");
    }
}
