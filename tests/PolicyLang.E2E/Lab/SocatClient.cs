using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace PolicyLang.E2E.Lab
{
    /// <summary>
    /// A socat client in a namespace that sends one line and succeeds as soon as the same line comes back.
    /// It is killed on success, on the deadline, or returns early when socat gives up by itself
    /// (connection refused, ICMP unreachable).
    /// </summary>
    internal static class SocatClient
    {
        public static bool Exchange(string ip, string @namespace, IReadOnlyList<string> socatArguments, string line, TimeSpan timeout, Action<string> log)
        {
            var arguments = new List<string> { "netns", "exec", @namespace, ToolPaths.Socat };
            arguments.AddRange(socatArguments);
            log("client: " + HostCommand.Format(ip, arguments));

            using var echoed = new ManualResetEventSlim();
            using var exited = new ManualResetEventSlim();
            using var process = new Process { StartInfo = HostCommand.StartInfo(ip, arguments), EnableRaisingEvents = true };
            var stderr = new System.Text.StringBuilder();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data != null && e.Data.Trim() == line) SetQuietly(echoed);
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data);
            };
            process.Exited += (_, _) => SetQuietly(exited);
            var watch = Stopwatch.StartNew();
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                try
                {
                    process.StandardInput.Write(line + "\n");
                    process.StandardInput.Close();
                }
                catch (System.IO.IOException)
                {
                    // socat already gave up; its exit is handled below.
                }

                WaitHandle.WaitAny(new[] { echoed.WaitHandle, exited.WaitHandle }, timeout);
                if (!echoed.IsSet && exited.IsSet)
                {
                    // Exited: wait for the end of its output, which may still hold the echoed line.
                    process.WaitForExit();
                }
                var ok = echoed.IsSet;
                string errors;
                lock (stderr) errors = stderr.ToString().Trim();
                log($"  -> {(ok ? "reply" : "no reply")} after {watch.ElapsedMilliseconds} ms" + (errors.Length > 0 ? ": " + errors : ""));
                return ok;
            }
            finally
            {
                HostCommand.Kill(process);
            }
        }

        private static void SetQuietly(ManualResetEventSlim handle)
        {
            try
            {
                handle.Set();
            }
            catch (ObjectDisposedException)
            {
                // An event raised after the probe finished.
            }
        }
    }
}
