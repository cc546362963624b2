using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace PolicyLang.E2E.Lab
{
    /// <summary>Runs a host program with arguments (no shell), bounded in time.</summary>
    internal static class HostCommand
    {
        public static CommandResult Run(string file, IReadOnlyList<string> arguments, TimeSpan timeout, string? stdin = null)
        {
            using var process = new Process { StartInfo = StartInfo(file, arguments) };
            var commandLine = Format(file, arguments);
            process.Start();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                if (stdin != null) process.StandardInput.Write(stdin);
                process.StandardInput.Close();
            }
            catch (System.IO.IOException)
            {
                // The program exited without reading its input; its exit code tells the rest.
            }

            var timedOut = !process.WaitForExit((int)timeout.TotalMilliseconds);
            if (timedOut) Kill(process);
            // Bounded: after the kill the pipes close unless a grandchild escaped the process tree.
            Task.WaitAll(new Task[] { stdout, stderr }, TimeSpan.FromSeconds(5));
            return new CommandResult(
                commandLine,
                timedOut ? -1 : process.ExitCode,
                stdout.IsCompletedSuccessfully ? stdout.Result : "",
                stderr.IsCompletedSuccessfully ? stderr.Result : "",
                timedOut);
        }

        public static ProcessStartInfo StartInfo(string file, IReadOnlyList<string> arguments)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments) info.ArgumentList.Add(argument);
            // Stable, parseable messages from the tools whatever the machine's locale.
            info.Environment["LC_ALL"] = "C";
            return info;
        }

        public static void Kill(Process process)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Exited between the check and the kill.
            }
        }

        public static string Format(string file, IEnumerable<string> arguments) =>
            string.Join(" ", new[] { file }.Concat(arguments).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) || a.Contains('\'') ? "'" + a.Replace("'", "'\\''") + "'" : a));
    }
}
