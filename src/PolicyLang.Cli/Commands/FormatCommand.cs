using PolicyLang.Formatting;
using PolicyLang.IO;
using PolicyLang.Syntax;
using PolicyLang.Text;
using PolicyLang.Workspace;

namespace PolicyLang.Cli.Commands
{
    /// <summary><c>policyc fmt [--check] [paths…]</c>: rewrite policies in canonical layout.</summary>
    public static class FormatCommand
    {
        public static Command Create(CliContext context)
        {
            var paths = CommonOptions.Paths("Policy files or folders (searched recursively for *.netpolicy). Default: the current folder.");
            var check = new Option<bool>("--check") { Description = "Change nothing; list files that are not in canonical format and exit 1 if there are any." };
            var format = CommonOptions.Format();
            var command = CommonOptions.Command("fmt", "Format policies in canonical layout, keeping every comment. Files with syntax errors are never rewritten.", paths, check, format);
            command.SetAction(parse => Run(context, parse.PathsOf(paths), parse.GetValue(check), parse.GetValue(format) ?? "text"));
            return command;
        }

        public static int Run(CliContext context, string[] paths, bool checkOnly, string format)
        {
            if (paths.Length == 0) paths = new[] { "." };
            var inputErrors = new List<string>();
            var files = PolicySourceSet.ExpandInputs(paths, PhysicalFileSystem.Instance, inputErrors);
            if (inputErrors.Count > 0)
            {
                foreach (var e in inputErrors) context.Error.WriteLine("policyc: error: " + e);
                return ExitCodes.UsageOrIoError;
            }

            int exit = ExitCodes.Success;
            foreach (var file in files.Distinct(StringComparer.Ordinal))
            {
                if (!PhysicalFileSystem.Instance.TryReadFile(file, out var text, out var error))
                {
                    context.Error.WriteLine("policyc: error: " + PolicyLang.Diagnostics.DiagnosticCatalog.FileNotFound.Format(file, error));
                    return ExitCodes.UsageOrIoError;
                }
                var tree = PolicySyntaxTree.Parse(new SourceText(text, file));
                if (tree.HasErrors)
                {
                    DiagnosticPrinter.Print(context.Out, tree.Diagnostics, new Dictionary<string, SourceText> { [file] = tree.Text }, format);
                    context.Error.WriteLine($"policyc: {CliContext.DisplayPath(file)} has syntax errors and was not formatted");
                    exit = ExitCodes.PolicyErrors;
                    continue;
                }
                var formatted = PolicyFormatter.Format(tree);
                if (formatted == text) continue;
                if (checkOnly)
                {
                    context.Out.WriteLine(CliContext.DisplayPath(file) + ": not in canonical format");
                    exit = ExitCodes.PolicyErrors;
                }
                else
                {
                    try
                    {
                        AtomicFile.WriteAllText(file, formatted);
                        context.Out.WriteLine(CliContext.DisplayPath(file) + ": formatted");
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        context.Error.WriteLine($"policyc: error: cannot write '{CliContext.DisplayPath(file)}': {e.Message}");
                        return ExitCodes.UsageOrIoError;
                    }
                }
            }
            return exit;
        }
    }
}
