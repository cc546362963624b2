namespace PolicyLang.E2E.Lab
{
    /// <summary>The outcome of one <see cref="HostCommand.Run"/>.</summary>
    internal sealed record CommandResult(string CommandLine, int ExitCode, string Stdout, string Stderr, bool TimedOut)
    {
        public bool Succeeded => !TimedOut && ExitCode == 0;

        public string Describe() =>
            $"`{CommandLine}` " + (TimedOut ? "timed out" : $"exited {ExitCode}")
            + (Stderr.Length > 0 ? ": " + Stderr.Trim() : "");
    }
}
