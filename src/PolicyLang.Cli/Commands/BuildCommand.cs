using PolicyLang.Emit;
using PolicyLang.IO;

namespace PolicyLang.Cli.Commands
{
    /// <summary><c>policyc build [paths…] [--target NAME…] -o DIR</c>: check, then compile each target.</summary>
    public static class BuildCommand
    {
        public static Command Create(CliContext context)
        {
            var paths = CommonOptions.Paths("Policy files or folders. Default: the current folder.");
            var targets = new Option<string[]>("--target", "-t") { Description = "Build only these targets (repeatable). Default: every target.", AllowMultipleArgumentsPerToken = true };
            var output = new Option<string>("--output", "-o") { Description = "Output folder. It is replaced as a whole; a failed build leaves it untouched.", Required = true };
            var format = CommonOptions.Format(sarif: true);
            var command = CommonOptions.Command("build", "Check policies and compile their targets into configuration files, with a manifest of sha256 hashes.", paths, targets, output, format);
            command.SetAction(parse => Run(context, parse.PathsOf(paths), parse.GetValue(targets) ?? new string[0],
                parse.GetValue(output)!, parse.GetValue(format) ?? "text"));
            return command;
        }

        public static int Run(CliContext context, string[] paths, string[] targets, string output, string format)
        {
            if (!PolicyLoader.TryLoad(context, paths, out var compilations, out var texts, out var files)) return ExitCodes.UsageOrIoError;
            var known = compilations.SelectMany(c => c.Model.Targets).Select(t => t.Name).ToList();
            var unknown = targets.Where(t => !known.Contains(t)).ToList();
            if (unknown.Count > 0)
            {
                context.Error.WriteLine($"policyc: error: unknown target{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => "'" + u + "'"))}; the policies declare: {(known.Count == 0 ? "no targets" : string.Join(", ", known))}");
                return ExitCodes.UsageOrIoError;
            }
            var result = PolicyBuilder.Build(compilations, targets);
            DiagnosticPrinter.Print(context.Out, result.Diagnostics, texts, format);
            if (!result.Succeeded)
            {
                context.Error.WriteLine(DiagnosticPrinter.Summary(result.Diagnostics.ToList(), files) + "; nothing written");
                return ExitCodes.PolicyErrors;
            }
            try
            {
                if (!BuildOutput.TryWrite(output, result, out var error))
                {
                    context.Error.WriteLine("policyc: error: " + error);
                    return ExitCodes.UsageOrIoError;
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                context.Error.WriteLine($"policyc: error: cannot write '{output}': {e.Message}");
                return ExitCodes.UsageOrIoError;
            }
            if (format != "json")
            {
                foreach (var a in result.Artifacts) context.Error.WriteLine($"wrote {CliContext.DisplayPath(Path.Combine(output, a.RelativePath))} ({a.Platform})");
                context.Error.WriteLine($"{result.Artifacts.Count} artifact{(result.Artifacts.Count == 1 ? "" : "s")}, manifest {CliContext.DisplayPath(Path.Combine(output, PolicyBuilder.ManifestFileName))}");
            }
            return ExitCodes.Success;
        }
    }
}
