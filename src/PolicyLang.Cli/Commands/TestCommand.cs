using PolicyLang.Semantics;

namespace PolicyLang.Cli.Commands
{
    /// <summary><c>policyc test [paths…]</c>: run every test block and report each expectation.</summary>
    public static class TestCommand
    {
        public static Command Create(CliContext context)
        {
            var paths = CommonOptions.Paths("Policy files or folders. Default: the current folder.");
            var command = CommonOptions.Command("test", "Run the policies' test blocks: each expectation is a packet and the verdict the policy must give it.", paths);
            command.SetAction(parse => Run(context, parse.PathsOf(paths)));
            return command;
        }

        public static int Run(CliContext context, string[] paths)
        {
            if (!PolicyLoader.TryLoad(context, paths, out var compilations, out var texts, out _)) return ExitCodes.UsageOrIoError;
            var errors = compilations.SelectMany(c => c.PolicyDiagnostics).Where(d => d.IsError && d.Id != "NP3004")
                .GroupBy(d => (d.Path, d.Span, d.Id)).Select(g => g.First()).ToList();
            if (errors.Count > 0)
            {
                DiagnosticPrinter.Print(context.Out, errors, texts, "text");
                context.Error.WriteLine("policyc: the policy has errors; fix them before running its tests");
                return ExitCodes.PolicyErrors;
            }
            int passed = 0, failed = 0;
            foreach (var c in compilations)
            {
                foreach (var r in c.RunTests())
                {
                    var verdict = r.Expectation.Expected == FlowAction.Allow ? "allow" : "deny";
                    var where = r.Expectation.Location.Display;
                    if (r.Passed)
                    {
                        passed++;
                        context.Out.WriteLine($"PASS {r.Test.Name}: expect {verdict} {r.Packet}"
                            + (r.Suspended ? " (suspended by a quarantine while it lasts: the policy now denies it)" : ""));
                    }
                    else
                    {
                        failed++;
                        context.Out.WriteLine($"FAIL {r.Test.Name}: expect {verdict} {r.Packet}: the policy {r.Explanation} [{where}]");
                    }
                }
            }
            context.Out.WriteLine($"{passed} passed, {failed} failed");
            return failed > 0 ? ExitCodes.PolicyErrors : ExitCodes.Success;
        }
    }
}
