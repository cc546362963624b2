using System;
using System.IO;
using System.Linq;
using System.Reflection;
using PolicyLang.E2E.Lab;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.E2E.Cloud
{
    /// <summary>
    /// The validators the cloud tests run: bicep from the restored NuGet package Azure.Bicep.CommandLine.linux-x64, and
    /// node with @cdktf/hcl2json from tests/PolicyLang.E2E/tools (npm ci). A missing tool skips the test with its name,
    /// except under CI=true, where it fails (.ci/install-prerequisites provides them).
    /// </summary>
    public static class CloudTools
    {
        public static string ToolsDirectory => Path.Combine(RepositoryPaths.Root, "tests", "PolicyLang.E2E", "tools");

        public static string? Bicep
        {
            get
            {
                var package = typeof(CloudTools).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "BicepPackagePath")?.Value;
                if (string.IsNullOrEmpty(package)) return null;
                var path = Path.Combine(package, "tools", "bicep");
                return File.Exists(path) ? path : null;
            }
        }

        public static string? Hcl2JsonScript
        {
            get
            {
                var module = Path.Combine(ToolsDirectory, "node_modules", "@cdktf", "hcl2json", "package.json");
                return File.Exists(module) && ToolPaths.Find("node") != null ? Path.Combine(ToolsDirectory, "hcl2json.mjs") : null;
            }
        }

        public static string RequireBicep() => Require(Bicep, "bicep (NuGet package Azure.Bicep.CommandLine.linux-x64, restored with the E2E project)");

        public static string RequireHcl2Json() => Require(Hcl2JsonScript, "node and @cdktf/hcl2json (npm ci in tests/PolicyLang.E2E/tools)");

        private static string Require(string? path, string what)
        {
            if (path != null) return path;
            var message = "missing " + what;
            if (E2EPrerequisites.IsCi) Assert.Fail(message + " [CI=true, so this is a failure, not a skip]");
            Skip.If(true, message);
            return "";
        }

        /// <summary>The JSON form of an HCL file, or a failed assertion with the parser's message.</summary>
        public static string Hcl2Json(string file)
        {
            var script = RequireHcl2Json();
            var run = HostCommand.Run(ToolPaths.Find("node")!, new[] { script, file }, TimeSpan.FromSeconds(60));
            Assert.True(run.Succeeded, "hcl2json " + file + ":\n" + run.Stderr);
            return run.Stdout;
        }

        public static string TempDirectory()
        {
            var dir = Path.Combine(Path.GetTempPath(), "pl-cloud-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
