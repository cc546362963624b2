using PolicyLang.Emit;
using PolicyLang.Review;
using PolicyLang.Semantics;
using PolicyLang.Text;
using PolicyLang.Workspace;

namespace PolicyLang.Cli.Commands
{
    /// <summary>
    /// <c>policyc diff OLD NEW</c> or <c>policyc diff --base REV [paths…]</c>: what a change does to the network (traffic
    /// newly allowed and denied per zone pair, treatment changes, assertions and tests that flipped, new and resolved
    /// diagnostics, the generated files that change), as text, JSON, markdown for a pull request, or SARIF.
    /// </summary>
    public static class DiffCommand
    {
        public static Command Create(CliContext context)
        {
            var paths = CommonOptions.Paths("OLD and NEW (policy folders or entry files); with --base, the paths to compare with REV (default: the current folder).");
            var baseRevision = new Option<string>("--base", "-b") { Description = "Compare the paths in the working tree with the same paths at this git revision (a branch, tag or commit, e.g. origin/main)." };
            var format = new Option<string>("--format")
            {
                Description = "text, json (see docs/diff.schema.json), markdown (for a pull-request comment) or sarif (the findings: traffic allowed or denied by the change, flipped assertions and tests, new diagnostics).",
                DefaultValueFactory = _ => "text",
            };
            format.AcceptOnlyFromAmong("text", "json", "markdown", "sarif");
            var failOn = new Option<string>("--fail-on")
            {
                Description = "Exit with 1 when the change widens access (widened: any traffic newly allowed) or changes anything (any). Default: never; the exit code is 1 only when the new policy has errors.",
                DefaultValueFactory = _ => "none",
            };
            failOn.AcceptOnlyFromAmong("none", "widened", "any");
            var artifacts = new Option<bool>("--artifacts") { Description = "Also show the unified diff of each generated file that changes." };
            var command = CommonOptions.Command("diff", "Show what a change to a policy does to the network: traffic newly allowed or denied per zone pair (with a packet and the flows that decide it), class and rate changes, assertions and tests that flip, new and resolved diagnostics, and the generated files that change.",
                paths, baseRevision, format, failOn, artifacts);
            command.SetAction(parse => Run(context, parse.PathsOf(paths), parse.GetValue(baseRevision), parse.GetValue(format) ?? "text",
                parse.GetValue(failOn) ?? "none", parse.GetValue(artifacts)));
            return command;
        }

        /// <summary>One side of the comparison: its policies, how its files are named in the report, and its build.</summary>
        internal sealed class Side(string label, IReadOnlyList<PolicyCompilation> policies, Func<string, string> fileKey, Func<string, string> display)
        {
            public string Label { get; } = label;
            public IReadOnlyList<PolicyCompilation> Policies { get; } = policies;
            public Func<string, string> FileKey { get; } = fileKey;
            public Func<string, string> Display { get; } = display;
            public BuildResult? Build { get; set; }
        }

        public static int Run(CliContext context, string[] paths, string? baseRevision, string format, string failOn, bool artifacts)
        {
            Side? before, after;
            if (baseRevision == null)
            {
                if (paths.Length != 2)
                {
                    context.Error.WriteLine("policyc: error: diff compares two policies: give OLD and NEW, or --base REV and the paths to compare with that revision");
                    return ExitCodes.UsageOrIoError;
                }
                (before, after) = Both(context, e => LoadFolder(context, e, paths[0]), e => LoadFolder(context, e, paths[1]));
            }
            else
            {
                if (paths.Length == 0) paths = new[] { "." };
                var missing = paths.FirstOrDefault(p => !File.Exists(p) && !Directory.Exists(p));
                if (missing != null)
                {
                    context.Error.WriteLine("policyc: error: cannot read '" + CliContext.DisplayPath(missing) + "': no such file or folder in the working tree");
                    return ExitCodes.UsageOrIoError;
                }
                var git = GitRevision.Open(paths[0], baseRevision, out var error);
                if (git == null)
                {
                    context.Error.WriteLine("policyc: error: " + error);
                    return ExitCodes.UsageOrIoError;
                }
                var outside = paths.FirstOrDefault(p => git.InRepository(p) == null);
                if (outside != null)
                {
                    context.Error.WriteLine("policyc: error: '" + CliContext.DisplayPath(outside) + "' is not in the repository of '" + CliContext.DisplayPath(paths[0]) + "'");
                    return ExitCodes.UsageOrIoError;
                }
                // Paths that did not exist at the base revision are compared with nothing.
                var atBase = paths.Where(p => git.FileExists(p) || git.DirectoryExists(p)).ToArray();
                (before, after) = Both(context,
                    e => Load(context, e, atBase, git, baseRevision, CliContext.DisplayPath, p => baseRevision + ":" + git.InRepository(p)),
                    e => Load(context, e, paths, PhysicalFileSystem.Instance, "working tree", CliContext.DisplayPath, CliContext.DisplayPath));
            }
            if (before == null || after == null) return ExitCodes.UsageOrIoError;

            // The two sides are checked and built at once (the comparison then reads their cached diagnostics).
            System.Threading.Tasks.Parallel.Invoke(
                () => before.Build = PolicyBuilder.Build(before.Policies),
                () => after.Build = PolicyBuilder.Build(after.Policies));
            var diffs = PolicyDiff.Compare(before.Policies, after.Policies, before.FileKey, after.FileKey);
            IReadOnlyList<ArtifactChange> changes = Array.Empty<ArtifactChange>();
            if (before.Build!.Succeeded && after.Build!.Succeeded) changes = ArtifactDiff.Compare(before.Build.Artifacts, after.Build.Artifacts);

            var report = new DiffReport(before, after, diffs, changes, artifacts);
            switch (format)
            {
                case "json": report.WriteJson(context.Out); break;
                case "markdown": report.WriteMarkdown(context.Out); break;
                case "sarif": SarifPrinter.Print(context.Out, report.Findings(), after.Policies.SelectMany(p => p.Trees).GroupBy(t => t.Path).ToDictionary(g => g.Key, g => g.First().Text)); break;
                default: report.WriteText(context.Out); break;
            }
            if (diffs.Any(d => d.NewErrors > 0))
            {
                context.Error.WriteLine("policyc: the new policy has errors (see the new diagnostics)");
                return ExitCodes.PolicyErrors;
            }
            bool gate = failOn switch
            {
                "widened" => diffs.Any(d => d.Widens),
                "any" => diffs.Any(d => !d.IsEmpty) || changes.Count > 0,
                _ => false,
            };
            if (gate) context.Error.WriteLine("policyc: the change " + (failOn == "widened" ? "allows traffic the old policy denied" : "changes the policy") + " (--fail-on " + failOn + ")");
            return gate ? ExitCodes.PolicyErrors : ExitCodes.Success;
        }

        /// <summary>Loads (reads and parses) the two sides at once; what each reports is printed in order, old side first.</summary>
        private static (Side?, Side?) Both(CliContext context, Func<TextWriter, Side?> loadOld, Func<TextWriter, Side?> loadNew)
        {
            var errors = new[] { new StringWriter(), new StringWriter() };
            Side? before = null, after = null;
            System.Threading.Tasks.Parallel.Invoke(() => before = loadOld(errors[0]), () => after = loadNew(errors[1]));
            foreach (var e in errors) context.Error.Write(e.ToString());
            return (before, after);
        }

        /// <summary>OLD or NEW: a folder, or an entry file with its imports; files are keyed relative to it so the two sides line up.</summary>
        private static Side? LoadFolder(CliContext context, TextWriter errors, string path)
        {
            var root = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            var rootFull = Path.GetFullPath(root);
            string Key(string p) => Path.GetRelativePath(rootFull, Path.GetFullPath(p)).Replace('\\', '/');
            return Load(context, errors, new[] { path }, PhysicalFileSystem.Instance, CliContext.DisplayPath(path), Key, CliContext.DisplayPath);
        }

        private static Side? Load(CliContext context, TextWriter errors, string[] paths, IPolicyFileSystem fs, string label, Func<string, string> key, Func<string, string> display)
        {
            if (paths.Length == 0) return new Side(label, Array.Empty<PolicyCompilation>(), key, display);
            var set = PolicySourceSet.Load(paths, fs, importRoot: context.ImportRoot);
            if (set.InputErrors.Count > 0)
            {
                foreach (var e in set.InputErrors) errors.WriteLine("policyc: error: " + (fs is GitRevision g ? g.Revision + ": " : "") + e);
                return null;
            }
            return new Side(label, PolicyCompilation.FromSourceSet(set), key, display);
        }
    }
}
