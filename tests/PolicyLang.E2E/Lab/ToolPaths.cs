using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace PolicyLang.E2E.Lab
{
    /// <summary>Finds the system tools the lab runs, on PATH or in the sbin folders a non-login PATH may lack.</summary>
    internal static class ToolPaths
    {
        private static readonly string[] ExtraDirectories = { "/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin" };

        public static string? Find(string name)
        {
            var path = Environment.GetEnvironmentVariable("PATH") ?? "";
            IEnumerable<string> directories = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(ExtraDirectories);
            foreach (var directory in directories.Distinct(StringComparer.Ordinal))
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate) && IsExecutable(candidate)) return candidate;
            }
            return null;
        }

        public static string Require(string name) =>
            Find(name) ?? throw new InvalidOperationException($"'{name}' not found on PATH or in the sbin folders (run .ci/install-prerequisites as root)");

        public static string Ip => Require("ip");
        public static string Nft => Require("nft");
        public static string Socat => Require("socat");
        public static string Ping => Require("ping");

        private static bool IsExecutable(string file)
        {
            if (OperatingSystem.IsWindows()) return true;
            var mode = File.GetUnixFileMode(file);
            return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
    }
}
