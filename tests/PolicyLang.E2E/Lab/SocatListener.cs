using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;

namespace PolicyLang.E2E.Lab
{
    /// <summary>
    /// A socat server running in a namespace. <see cref="Start"/> returns only once socat reports that its
    /// socket is bound (its "listening on" / "receiving on" notice), so a probe never races the listener.
    /// Disposing kills socat and every child it forked.
    /// </summary>
    internal sealed class SocatListener : IDisposable
    {
        private readonly Process process;
        private readonly StringBuilder stderr = new();
        private readonly ManualResetEventSlim ready = new();
        private readonly ManualResetEventSlim exited = new();

        private SocatListener(Process process)
        {
            this.process = process;
        }

        public static SocatListener Start(string ip, string @namespace, IReadOnlyList<string> socatArguments, TimeSpan readyTimeout, Action<string> log)
        {
            var arguments = new List<string> { "netns", "exec", @namespace, ToolPaths.Socat, "-d", "-d" };
            arguments.AddRange(socatArguments);
            log("listener: " + HostCommand.Format(ip, arguments));
            var process = new Process { StartInfo = HostCommand.StartInfo(ip, arguments), EnableRaisingEvents = true };
            var listener = new SocatListener(process);
            process.ErrorDataReceived += (_, e) => listener.OnStderr(e.Data);
            process.OutputDataReceived += (_, _) => { };
            process.Exited += (_, _) => listener.exited.Set();
            process.Start();
            process.StandardInput.Close();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();

            WaitHandle.WaitAny(new[] { listener.ready.WaitHandle, listener.exited.WaitHandle }, readyTimeout);
            if (!listener.ready.IsSet)
            {
                var why = listener.exited.IsSet ? "exited before listening" : $"did not listen within {readyTimeout.TotalSeconds:0.#} s";
                listener.Dispose();
                throw new InvalidOperationException($"socat listener in {@namespace} {why}: {listener.Stderr.Trim()}");
            }
            return listener;
        }

        public string Stderr
        {
            get { lock (stderr) return stderr.ToString(); }
        }

        public void Dispose()
        {
            HostCommand.Kill(process);
            process.Dispose();
            ready.Dispose();
            exited.Dispose();
        }

        private void OnStderr(string? line)
        {
            if (line == null) return;
            lock (stderr) stderr.AppendLine(line);
            if (line.Contains(" listening on ", StringComparison.Ordinal) || line.Contains(" receiving on ", StringComparison.Ordinal))
            {
                try
                {
                    ready.Set();
                }
                catch (ObjectDisposedException)
                {
                    // A late line after Dispose.
                }
            }
        }
    }
}
