using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Semantics;
using PolicyLang.Workspace;

namespace PolicyLang.Cli.Commands
{
    /// <summary><c>policyc check [paths…]</c>: parse and check policies, following imports.</summary>
    public static class CheckCommand
    {
        public static Command Create(CliContext context)
        {
            var paths = CommonOptions.Paths("Policy files or folders (searched recursively for *.netpolicy). Default: the current folder.");
            var format = CommonOptions.Format(sarif: true);
            var command = CommonOptions.Command("check", "Check policies for errors; exit 0 when clean, 1 when a policy has errors, 2 on a usage or I/O error.", paths, format);
            command.SetAction(parse => Run(context, parse.PathsOf(paths), parse.GetValue(format) ?? "text"));
            return command;
        }

        public static int Run(CliContext context, string[] paths, string format)
        {
            if (!PolicyLoader.TryLoad(context, paths, out var compilations, out var texts, out var files)) return ExitCodes.UsageOrIoError;
            // Everything a build of every target would report (target validation included), without emitting.
            // Nothing is built after the check: no target's models need outlive its validation.
            foreach (var c in compilations) c.KeepTargetModels = false;
            var diagnostics = PolicyBuilder.Check(compilations);
            DiagnosticPrinter.Print(context.Out, diagnostics, texts, format);
            if (format == "text") context.Error.WriteLine(DiagnosticPrinter.Summary(diagnostics, files));
            return diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? ExitCodes.PolicyErrors : ExitCodes.Success;
        }
    }
}
