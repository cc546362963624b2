using PolicyLang.Cli.Commands;
using PolicyLang.Semantics;

namespace PolicyLang.Cli
{
    /// <summary>The <c>policyc</c> command line: a verb per job, each a thin layer over PolicyLang.Core.</summary>
    public static class CliApp
    {
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, Environment.GetEnvironmentVariable);

        /// <param name="environment">Reads an environment variable (tests give their own, as the process's is shared).</param>
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
        {
            var root = new RootCommand("policyc — compile network intent (.netpolicy) into device, cloud and Kubernetes configurations.");
            var context = new CliContext(stdout, stderr);
            root.Subcommands.Add(CheckCommand.Create(context));
            root.Subcommands.Add(BuildCommand.Create(context));
            root.Subcommands.Add(TestCommand.Create(context));
            root.Subcommands.Add(QueryCommand.Create(context));
            root.Subcommands.Add(DiffCommand.Create(context));
            root.Subcommands.Add(VerifyCommand.Create(context));
            root.Subcommands.Add(AuditCommand.Create(context));
            root.Subcommands.Add(ReportCommand.Create(context));
            root.Subcommands.Add(FormatCommand.Create(context));
            root.Subcommands.Add(ExplainCommand.Create(context));
            root.Subcommands.Add(ImportCommand.Create(context));
            root.Subcommands.Add(QuarantineCommand.Create(context));
            var importRoot = new Option<string?>("--import-root")
            {
                Description = "The folder imports may reach (default: the folder given, or the folder of the file given); imports never leave it.",
                Recursive = true,
            };
            root.Options.Add(importRoot);

            var parse = root.Parse(args);
            var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            if (parse.Errors.Count > 0 && !WantsHelp(args))
            {
                foreach (var e in parse.Errors) stderr.WriteLine("policyc: " + e.Message);
                stderr.WriteLine("Run 'policyc --help' for usage.");
                return ExitCodes.UsageOrIoError;
            }
            var today = PolicyClock.DayOf(environment(PolicyClock.EnvironmentVariable), out var problem);
            if (problem != null && !WantsHelp(args))
            {
                stderr.WriteLine("policyc: error NP9003: " + problem);
                return ExitCodes.UsageOrIoError;
            }
            context.ImportRoot = parse.GetValue(importRoot);
            using var clock = today is { } day ? PolicyClock.Use(day) : null;
            return parse.Invoke(config);
        }

        private static bool WantsHelp(string[] args) =>
            Array.Exists(args, a => a == "--help" || a == "-h" || a == "-?" || a == "--version");
    }
}
