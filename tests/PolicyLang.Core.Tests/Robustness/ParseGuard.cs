using System;
using System.Threading;
using PolicyLang.Syntax;

namespace PolicyLang.Tests.Robustness
{
    /// <summary>The outcome of one guarded call: a value, an exception, or a timeout.</summary>
    public sealed class Guarded<T>
    {
        public T? Value { get; set; }
        public Exception? Exception { get; set; }
        public bool TimedOut { get; set; }
        public TimeSpan Elapsed { get; set; }

        public bool Ok => !TimedOut && Exception == null;

        public string Describe(TimeSpan timeout) =>
            TimedOut ? $"did not finish within {timeout.TotalSeconds:0.#} s (hang?)"
            : Exception != null ? "threw " + Exception.GetType().FullName + ": " + Exception.Message + Environment.NewLine + Exception.StackTrace
            : "ok";
    }

    /// <summary>
    /// Runs code on its own thread and waits a bounded time for it, so that a hang in the parser fails a test
    /// instead of stalling the run. This is a guard against hangs, not a performance assertion.
    /// </summary>
    public static class ParseGuard
    {
        public static readonly TimeSpan SmallInputTimeout = TimeSpan.FromSeconds(5);
        public static readonly TimeSpan BigInputTimeout = TimeSpan.FromSeconds(30);

        public static Guarded<T> Run<T>(Func<CancellationToken, T> work, TimeSpan timeout)
        {
            var result = new Guarded<T>();
            using var cts = new CancellationTokenSource();
            var started = DateTime.UtcNow;
            var thread = new Thread(() =>
            {
                try { result.Value = work(cts.Token); }
                catch (Exception e) { result.Exception = e; }
            })
            {
                IsBackground = true,
                Name = "ParseGuard",
            };
            thread.Start();
            if (!thread.Join(timeout))
            {
                // Ask the parser to stop; a thread that ignores it stays a background thread and cannot block the run.
                cts.Cancel();
                result.TimedOut = true;
            }
            result.Elapsed = DateTime.UtcNow - started;
            return result;
        }

        public static Guarded<PolicySyntaxTree> Parse(string text, TimeSpan timeout) =>
            Run(ct => PolicySyntaxTree.Parse(text, "fuzz.netpolicy", ct), timeout);
    }
}
