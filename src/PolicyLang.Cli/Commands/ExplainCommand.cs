using PolicyLang.Diagnostics;

namespace PolicyLang.Cli.Commands
{
    /// <summary><c>policyc explain NPxxxx</c>: a diagnostic code's documentation; with no code, the whole catalog.</summary>
    public static class ExplainCommand
    {
        public static Command Create(CliContext context)
        {
            var code = new Argument<string?>("code") { Description = "A diagnostic code such as NP0010. Omit it to list every code.", Arity = ArgumentArity.ZeroOrOne };
            var command = CommonOptions.Command("explain", "Print the documentation of a diagnostic code.", code);
            command.SetAction(parse => Run(context, parse.GetValue(code)));
            return command;
        }

        public static int Run(CliContext context, string? code)
        {
            if (string.IsNullOrEmpty(code))
            {
                foreach (var d in DiagnosticCatalog.All)
                    context.Out.WriteLine($"{d.Id}  {DiagnosticFormatter.Severity(d.DefaultSeverity),-7}  {d.Title}");
                return ExitCodes.Success;
            }
            var descriptor = DiagnosticCatalog.Find(code!);
            if (descriptor == null)
            {
                var replacements = DiagnosticCatalog.ReplacementsOf(code!);
                if (replacements.Count == 0)
                {
                    context.Error.WriteLine($"policyc: error: unknown diagnostic code '{code}'; run 'policyc explain' to list them");
                    return ExitCodes.UsageOrIoError;
                }
                context.Out.WriteLine($"{code!.ToUpperInvariant()} is retired: the same mistake is now reported as {string.Join(" or ", replacements)}, one code for this kind of mistake on every platform.");
                foreach (var replacement in replacements)
                {
                    context.Out.WriteLine();
                    Print(context, DiagnosticCatalog.Find(replacement)!);
                }
                return ExitCodes.Success;
            }
            Print(context, descriptor);
            return ExitCodes.Success;
        }

        private static void Print(CliContext context, DiagnosticDescriptor descriptor)
        {
            context.Out.WriteLine($"{descriptor.Id}: {descriptor.Title}");
            context.Out.WriteLine($"Default severity: {DiagnosticFormatter.Severity(descriptor.DefaultSeverity)}");
            context.Out.WriteLine($"Message: {descriptor.MessageFormat.Replace("{{", "{").Replace("}}", "}")}");
            context.Out.WriteLine();
            context.Out.WriteLine(descriptor.Description);
            context.Out.WriteLine();
            context.Out.WriteLine("More: " + descriptor.HelpLink);
        }
    }
}
