using PolicyLang.Import;
using PolicyLang.Import.Capirca;
using PolicyLang.IO;

namespace PolicyLang.Cli.Commands
{
    /// <summary>
    /// <c>policyc import capirca|aerleon --pol FILE --defs DIR -o OUTDIR</c>: a Capirca or Aerleon policy and its definitions as formatted
    /// .netpolicy files, one per filter, each checked against the first-match evaluation of its terms. What cannot be
    /// carried over is a warning on stderr and a comment in the file. Files are written atomically, and only when the
    /// import has no error.
    /// </summary>
    public static class ImportCommand
    {
        public static Command Create(CliContext context)
        {
            var import = new Command("import", "Import policies from other tools as .netpolicy files.");
            var pol = new Option<string>("--pol") { Description = "The Capirca policy (.pol).", Required = true };
            var defs = new Option<string>("--defs") { Description = "The folder of Capirca's network (.net) and service (.svc) definitions.", Required = true };
            var output = new Option<string>("--output", "-o") { Description = "The folder to write the .netpolicy files to.", Required = true };
            var baseDir = new Option<string>("--base") { Description = "The folder '#include' paths are relative to (Capirca's --base_directory). Default: the folder above the policy's." };
            var capirca = CommonOptions.Command("capirca",
                "Import a Capirca policy: network definitions become prefix lists, terms named flows with their counters, logging, expiry and comments. "
                + "Each filter becomes a policy file, checked against the first-match evaluation of its terms.",
                pol, defs, output, baseDir);
            capirca.SetAction(parse => Run(context, SourceTool.Capirca, parse.GetValue(pol)!, parse.GetValue(defs)!, parse.GetValue(output)!, parse.GetValue(baseDir)));
            import.Subcommands.Add(capirca);

            var apol = new Option<string>("--pol") { Description = "The Aerleon policy: YAML (.yaml, with 'filters:') or Capirca's .pol.", Required = true };
            var adefs = new Option<string>("--defs") { Description = "The folder of Aerleon's definitions: YAML (networks:, services:) and Capirca's .net/.svc files.", Required = true };
            var aoutput = new Option<string>("--output", "-o") { Description = "The folder to write the .netpolicy files to.", Required = true };
            var abase = new Option<string>("--base") { Description = "The folder 'include:' paths are relative to. Default: the folder above the policy's." };
            var aerleon = CommonOptions.Command("aerleon",
                "Import an Aerleon policy (YAML or .pol) as Capirca's: definitions become prefix lists, terms named flows; each filter a policy file, "
                + "checked against the first-match evaluation of its terms.",
                apol, adefs, aoutput, abase);
            aerleon.SetAction(parse => Run(context, SourceTool.Aerleon, parse.GetValue(apol)!, parse.GetValue(adefs)!, parse.GetValue(aoutput)!, parse.GetValue(abase)));
            import.Subcommands.Add(aerleon);
            return import;
        }

        public static int Run(CliContext context, SourceTool tool, string pol, string defs, string output, string? baseDirectory)
        {
            if (!File.Exists(pol)) { context.Error.WriteLine("policyc: error: no policy file " + pol); return 2; }
            if (!Directory.Exists(defs)) { context.Error.WriteLine("policyc: error: no definitions folder " + defs); return 2; }
            var result = CapircaImporter.Import(pol, defs, baseDirectory, tool);
            return Finish(context, result, output);
        }

        private static int Finish(CliContext context, ImportResult result, string output)
        {
            foreach (var w in result.Warnings) context.Error.WriteLine("warning: " + w);
            foreach (var e in result.Errors) context.Error.WriteLine("error: " + e);
            if (result.Errors.Count > 0)
            {
                context.Error.WriteLine(result.Errors.Count.ToString(CultureInfo.InvariantCulture) + " error(s); nothing written");
                return 1;
            }
            Directory.CreateDirectory(output);
            foreach (var f in result.Files)
            {
                AtomicFile.WriteAllText(Path.Combine(output, f.Key), f.Value);
                context.Out.WriteLine("wrote " + CliContext.DisplayPath(Path.Combine(output, f.Key)));
            }
            context.Error.WriteLine(result.Files.Count.ToString(CultureInfo.InvariantCulture) + " file(s), " + result.Warnings.Count.ToString(CultureInfo.InvariantCulture) + " warning(s)");
            return 0;
        }
    }
}
