using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace PolicyLang.E2E.Lab
{
    /// <summary>
    /// Names, creation and removal of the lab's namespaces. Every name is <c>pl-RANDOM-PID-ROLE</c>:
    /// the owner's process id in the name lets a later run remove namespaces whose owner died without
    /// touching those of a run still going on.
    /// </summary>
    internal static class NamespaceNames
    {
        private static readonly Regex Owned = new(@"^pl-[0-9a-f]{6}-(\d+)-(gw|z\d+|chk)$", RegexOptions.CultureInvariant);
        private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);
        private static readonly object StaleLock = new();
        private static bool staleCleaned;

        private static int Pid => Environment.ProcessId;

        public static string NewLabId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();

        public static string Gateway(string labId) => $"pl-{labId}-{Pid}-gw";

        public static string Zone(string labId, int index) => $"pl-{labId}-{Pid}-z{index.ToString(CultureInfo.InvariantCulture)}";

        /// <summary>Adds and deletes a throwaway namespace; returns why that failed, or null.</summary>
        public static string? TryAddAndDeleteProbeNamespace()
        {
            var name = $"pl-{NewLabId()}-{Pid}-chk";
            var ip = ToolPaths.Require("ip");
            var add = HostCommand.Run(ip, new[] { "netns", "add", name }, CommandTimeout);
            if (!add.Succeeded) return add.Describe();
            var delete = HostCommand.Run(ip, new[] { "netns", "delete", name }, CommandTimeout);
            return delete.Succeeded ? null : delete.Describe();
        }

        /// <summary>Names of all named network namespaces on the machine.</summary>
        public static IReadOnlyList<string> List()
        {
            var result = HostCommand.Run(ToolPaths.Ip, new[] { "netns", "list" }, CommandTimeout);
            if (!result.Succeeded) return Array.Empty<string>();
            // Lines look like "name (id: 3)" or just "name".
            return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => l.Split(' ')[0])
                .ToArray();
        }

        /// <summary>
        /// Once per process: removes lab namespaces left by test processes that no longer run
        /// (a crashed or killed test host never reached its Dispose).
        /// </summary>
        public static void CleanStaleOnce(Action<string> log)
        {
            lock (StaleLock)
            {
                if (staleCleaned) return;
                staleCleaned = true;
                foreach (var name in List())
                {
                    var match = Owned.Match(name);
                    if (!match.Success) continue;
                    if (!int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var owner)) continue;
                    if (owner == Pid || IsRunning(owner)) continue;
                    log($"removing stale namespace {name} (owner process {owner} is gone)");
                    var error = Delete(name);
                    if (error != null) log("  " + error);
                }
            }
        }

        /// <summary>Kills every process inside the namespace, then deletes it (its veth ends go with it). Returns an error or null.</summary>
        public static string? Delete(string name)
        {
            var ip = ToolPaths.Ip;
            var pids = HostCommand.Run(ip, new[] { "netns", "pids", name }, CommandTimeout);
            if (pids.Succeeded)
            {
                foreach (var text in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Pid) continue;
                    try
                    {
                        using var process = Process.GetProcessById(pid);
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit(2000);
                    }
                    catch (ArgumentException)
                    {
                        // Already gone.
                    }
                    catch (InvalidOperationException)
                    {
                        // Already gone.
                    }
                    catch (System.ComponentModel.Win32Exception)
                    {
                        // Exited meanwhile.
                    }
                }
            }
            var delete = HostCommand.Run(ip, new[] { "netns", "delete", name }, CommandTimeout);
            if (delete.Succeeded) return null;
            // Not there (never created, or removed already) is not an error.
            return List().Contains(name, StringComparer.Ordinal) ? delete.Describe() : null;
        }

        private static bool IsRunning(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }
}
