using System.Text.Json;
using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Emit.State;
using PolicyLang.Operations;
using PolicyLang.Text;

namespace PolicyLang.Cli.Commands
{
    /// <summary>
    /// <c>policyc verify [paths…] --state DIR [--target T…]</c>: compares the exported running state of each target's
    /// devices and resources (<c>DIR/&lt;target&gt;/&lt;device&gt;.&lt;ext&gt;</c>) with the policy.
    /// </summary>
    public static class VerifyCommand
    {
        /// <summary>State files larger than this are refused (an export of a switch is a few megabytes).</summary>
        public const long MaxStateFileBytes = 256L * 1024 * 1024;

        private static readonly string[] s_extensions = { ".json", ".txt", ".cfg", ".conf", ".set", ".yaml", ".yml", ".xml", ".log", ".nvue", ".nft" };

        public static Command Create(CliContext context)
        {
            var paths = CommonOptions.Paths("Policy files or folders holding one policy. Default: the current folder.");
            var state = new Option<string>("--state")
            {
                Description = "The folder of exported running state: <target>/<device>.<ext> per device (docs/operations.md says how to export each platform).",
                Required = true,
            };
            var targets = new Option<string[]>("--target", "-t") { Description = "Verify only these targets (repeatable). Default: every target.", AllowMultipleArgumentsPerToken = true };
            var failOn = new Option<string>("--fail-on")
            {
                Description = "Exit 1 on: 'exposure' (the default: traffic the policy denies is open, or a file is unreadable), or 'drift' (any difference, and missing state).",
                DefaultValueFactory = _ => "exposure",
            };
            failOn.AcceptOnlyFromAmong("exposure", "drift");
            var plan = new Option<bool>("--plan") { Description = "Also say, per device or resource, what applying the build again changes: the findings it fixes, those that stay (objects the build does not manage) and, for switches, the configuration lines that change." };
            var cache = new Option<string>("--cache")
            {
                Description = "The folder that remembers exports found clean, so that a repeated run compares only what changed (the export, the policy or policyc). "
                    + "Default: $XDG_CACHE_HOME/policyc/verify or ~/.cache/policyc/verify.",
            };
            var noCache = new Option<bool>("--no-cache") { Description = "Compare every export again, whatever earlier runs found (for evidence taken afresh); the cache is neither read nor written." };
            var format = CommonOptions.Format(sarif: true);
            var command = CommonOptions.Command("verify",
                "Compare the running state exported from devices, cloud accounts and clusters with the policy: traffic open that the policy denies (error), "
                + "traffic dropped that the policy allows (warning), and marking differences, each with an example packet and the running-state object responsible.",
                paths, state, targets, failOn, plan, cache, noCache, format);
            command.SetAction(parse => Run(context, parse.PathsOf(paths), parse.GetValue(state)!, parse.GetValue(targets) ?? new string[0],
                parse.GetValue(format) ?? "text", parse.GetValue(failOn) ?? "exposure", parse.GetValue(plan),
                parse.GetValue(noCache) ? "" : parse.GetValue(cache) ?? FolderVerificationCache.DefaultFolder() ?? ""));
            return command;
        }

        /// <param name="cacheDir">The verification cache's folder; empty: none (every export is compared).</param>
        public static int Run(CliContext context, string[] paths, string stateDir, string[] targetNames, string format, string failOn = "exposure", bool plan = false,
            string cacheDir = "")
        {
            if (!Directory.Exists(stateDir))
            {
                context.Error.WriteLine("policyc: error: the state folder '" + stateDir + "' does not exist");
                return ExitCodes.UsageOrIoError;
            }
            var errorFormat = format == "sarif" ? "text" : format;
            if (PolicyLoader.TryLoadOne(context, paths, "verify", errorFormat, out var compilation, out var policyTexts, checkNow: false) is int stop) return stop;
            var unknown = targetNames.Where(t => compilation.Model.Targets.All(x => x.Name != t)).ToList();
            if (unknown.Count > 0)
            {
                context.Error.WriteLine("policyc: error: no target " + string.Join(", ", unknown.Select(u => "'" + u + "'")) + " in policy '" + compilation.Name
                    + "'; its targets: " + string.Join(", ", compilation.Model.Targets.Select(t => t.Name)));
                return ExitCodes.UsageOrIoError;
            }
            // Each target's models (its compiled ACLs and scopes) serve only the devices of that target, unless a plan renders the
            // builds again afterwards: dropped once its devices are compared, so a run over hundreds of targets does not hold them all.
            compilation.KeepTargetModels = plan;
            var states = ReadStates(context, compilation, stateDir, targetNames, out var failed);
            if (failed) return ExitCodes.UsageOrIoError;

            VerificationResult result;
            var texts = new Dictionary<string, SourceText>(policyTexts.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);
            try
            {
                // The policy's own checks run beside the comparison; an error among them stops the run, as before it started.
                if (!compilation.TryWhileChecking(() => StateVerification.Verify(compilation, states, cacheDir.Length > 0 ? new FolderVerificationCache(cacheDir) : null,
                    StrayEntries(compilation, stateDir, everyTarget: targetNames.Length == 0)), out result, out var policyDiagnostics))
                    return PolicyLoader.StopOnErrors(context, policyDiagnostics, policyTexts, "verify", errorFormat) ?? ExitCodes.PolicyErrors;
                // Positions are printed only for files with findings; the others were released after they were compared.
                foreach (var d in result.Devices.Where(d => !d.IsClean))
                    foreach (var f in d.Files.Where(f => d.Findings.Any(x => (x.File ?? d.File) == f))) texts[f.Path] = new SourceText(f.Text, f.Path);
            }
            catch (Exception e) when (ReadFailure(e) is { } io)
            {
                return ReadFailed(context, io, "verify");
            }
            int reused = result.Devices.Count(d => d.Reused);
            // On the error stream, so that what a run reports does not depend on what an earlier run saw.
            if (reused > 0)
                context.Error.WriteLine("policyc: " + reused + " of " + result.Devices.Count + " export(s) unchanged since a run that found them clean with the same policy and policyc"
                    + " (cache " + CliContext.DisplayPath(cacheDir) + "; --no-cache compares them again)");
            var plans = plan ? ReapplyPlan.For(compilation, result) : null;
            if (format == "json") PrintJson(context.Out, compilation, stateDir, result, texts, plans);
            else if (format == "sarif") SarifPrinter.Print(context.Out, result.Diagnostics, texts);
            else
            {
                PrintText(context, result, texts);
                if (plans != null) PrintPlans(context.Out, plans);
            }

            bool fail = result.Diagnostics.Any(d => d.IsError) || (failOn == "drift" && result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Warning));
            return fail ? ExitCodes.PolicyErrors : ExitCodes.Success;
        }

        /// <summary>For tests: runs after the state folder is listed and before anything is read for comparing (a file removed here
        /// has gone away in the middle of a run).</summary>
        internal static readonly System.Threading.AsyncLocal<Action?> AfterListing = new System.Threading.AsyncLocal<Action?>();

        /// <summary>
        /// Every state file was opened when the folder was listed: one that went away or became unreadable since (an export being
        /// rewritten, a folder being synced) stops the run with nothing printed, as a file that cannot be read at listing does.
        /// </summary>
        internal static int ReadFailed(CliContext context, Exception io, string verb)
        {
            context.Error.WriteLine("policyc: error: cannot read a state file while comparing it: " + io.Message
                + " (it changed after the state folder was listed; run " + verb + " again once the exports are complete)");
            return ExitCodes.UsageOrIoError;
        }

        /// <summary>The read failure an exception is, unwrapped from the parallel comparison's aggregate; null for anything else (a bug).</summary>
        internal static Exception? ReadFailure(Exception e)
        {
            if (e is IOException or UnauthorizedAccessException) return e;
            if (e is AggregateException a)
            {
                var inner = a.Flatten().InnerExceptions;
                if (inner.Count > 0 && inner.All(x => x is IOException or UnauthorizedAccessException)) return inner[0];
            }
            return null;
        }

        /// <summary>Reads DIR/&lt;target&gt;/* of the selected targets (all when none is named); a file that cannot be read sets <paramref name="failed"/>.</summary>
        public static List<TargetState> ReadStates(CliContext context, Semantics.PolicyCompilation compilation, string stateDir, string[] targetNames, out bool failed)
        {
            failed = false;
            var selected = compilation.Model.Targets.Where(t => targetNames.Length == 0 || targetNames.Contains(t.Name)).ToList();
            var states = new List<TargetState>();
            foreach (var t in selected)
            {
                var folder = Path.Combine(stateDir, t.Name);
                var shown = CliContext.DisplayPath(folder) + "/";
                if (!Directory.Exists(folder))
                {
                    states.Add(new TargetState(t.Name, shown, null));
                    continue;
                }
                var files = new List<StateFile>();
                foreach (var f in Directory.EnumerateFiles(folder).OrderBy(f => f, StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(f);
                    if (name.StartsWith(".", StringComparison.Ordinal)) continue;
                    try
                    {
                        long length = new FileInfo(f).Length;
                        if (length > MaxStateFileBytes)
                        {
                            context.Error.WriteLine("policyc: error: " + CliContext.DisplayPath(f) + " is larger than " + (MaxStateFileBytes >> 20) + " MB; is it a state export?");
                            failed = true;
                            return states;
                        }
                        // An empty file is not opened: a named pipe or a device has no size either, and reading one would wait for a
                        // writer or never end. It is an empty export, which its reader reports.
                        if (length == 0)
                        {
                            files.Add(new StateFile(f, DeviceName(name), ""));
                            continue;
                        }
                        var path = f;
                        // Opened once now, so that a link to nothing or a file that cannot be read is a usage error here, naming the
                        // file, and not a failure halfway through the comparisons.
                        using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1)) { }
                        files.Add(new StateFile(f, DeviceName(name), () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan)));
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        context.Error.WriteLine("policyc: error: cannot read " + CliContext.DisplayPath(f) + ": " + e.Message);
                        failed = true;
                        return states;
                    }
                }
                states.Add(new TargetState(t.Name, shown, files));
            }
            AfterListing.Value?.Invoke();
            return states;
        }

        /// <summary>
        /// The entries of the state folder that are no target's folder, for NP6009 (<see cref="StateVerification"/> says which
        /// to report: folders whose name is near a verified target's): folders that hold a file, named after no target of the
        /// policy, and, when every target is verified, files with an export's extension beside the target folders. Names
        /// starting with '.' are left out, as in a target's folder, and so are other files (a README) and empty folders. A
        /// folder that differs from a target's name only in case is that target's where the file system ignores case (it was
        /// read), and stray elsewhere.
        /// </summary>
        public static List<StrayStateEntry> StrayEntries(Semantics.PolicyCompilation compilation, string stateDir, bool everyTarget)
        {
            var stray = new List<StrayStateEntry>();
            var targets = compilation.Model.Targets.Select(t => t.Name).ToList();
            try
            {
                var entries = new DirectoryInfo(stateDir).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
                var listed = new HashSet<string>(entries.Select(e => e.Name), StringComparer.Ordinal);
                foreach (var entry in entries)
                {
                    var name = entry.Name;
                    if (name.StartsWith(".", StringComparison.Ordinal)) continue;
                    if (entry is DirectoryInfo folder)
                    {
                        // Read as target t's folder: named t, or named t in other case where no folder is named t exactly and yet t opens.
                        if (targets.Any(t => t == name || (!listed.Contains(t) && string.Equals(t, name, StringComparison.OrdinalIgnoreCase)
                            && Directory.Exists(Path.Combine(stateDir, t)))))
                            continue;
                        if (!folder.EnumerateFiles().Any(f => !f.Name.StartsWith(".", StringComparison.Ordinal))) continue;
                        stray.Add(new StrayStateEntry(CliContext.DisplayPath(entry.FullName), name, isFolder: true));
                    }
                    else if (everyTarget && s_extensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase))
                        stray.Add(new StrayStateEntry(CliContext.DisplayPath(entry.FullName), name, isFolder: false));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                // The target folders were read; a listing that fails now only loses the warning.
            }
            return stray;
        }

        /// <summary>"gw1.dc1.example.net.json" names device "gw1.dc1.example.net": the last extension goes when it is one an export has.</summary>
        public static string DeviceName(string fileName)
        {
            var ext = Path.GetExtension(fileName);
            return s_extensions.Contains(ext, StringComparer.OrdinalIgnoreCase) ? fileName.Substring(0, fileName.Length - ext.Length) : fileName;
        }

        private static void PrintText(CliContext context, VerificationResult result, IReadOnlyDictionary<string, SourceText> texts)
        {
            DiagnosticPrinter.Print(context.Out, result.Diagnostics, texts, "text", related: true);
            foreach (var d in result.Devices)
            {
                var counts = Counts(d.Findings);
                context.Out.WriteLine("verify: " + d.Target + " " + d.Device + " (" + d.Platform + "): " + (d.IsClean ? "matches the policy" : counts));
            }
            context.Out.WriteLine("verify: " + result.Devices.Count + " state file(s) compared; " + (result.Devices.All(d => d.IsClean) ? "no drift" : Counts(result.Devices.SelectMany(d => d.Findings).ToList()))
                + (result.Diagnostics.Any(x => x.Id is "NP6005" or "NP6006" or "NP6007" or "NP6009") ? "; " + result.Diagnostics.Count(x => x.Id is "NP6005" or "NP6006" or "NP6007" or "NP6009") + " file(s) missing or not compared" : ""));
        }

        private static void PrintPlans(TextWriter output, IReadOnlyList<DevicePlan> plans)
        {
            foreach (var p in plans)
            {
                var d = p.Device;
                output.WriteLine();
                output.WriteLine("plan: " + d.Target + " " + d.Device + " (" + d.Platform + "): " + p.How);
                if (d.Findings.Count == 0 && p.Added + p.Removed == 0)
                {
                    output.WriteLine("  re-applying the build changes nothing");
                    continue;
                }
                output.WriteLine("  re-applying the build fixes " + p.Fixes.Count + " of " + d.Findings.Count + " finding(s)" + (p.Stays.Count > 0 ? "; " + p.Stays.Count + " stay:" : ""));
                foreach (var f in p.Stays) output.WriteLine("    stays: " + f.Responsible + " (" + f.Kind.ToString().ToLowerInvariant() + ", for example " + f.Detail + "): remove it by hand");
                if (p.Added + p.Removed > 0)
                {
                    output.WriteLine("  configuration lines that change: " + p.Added + " added, " + p.Removed + " removed");
                    foreach (var line in p.Changes) output.WriteLine("    " + line);
                    if (p.Changes.Count == ReapplyPlan.MaxChangeLines) output.WriteLine("    …");
                }
            }
        }

        private static string Counts(IReadOnlyCollection<DriftFinding> findings)
        {
            var parts = new List<string>();
            void Add(DriftKind k, string one, string many)
            {
                int n = findings.Count(f => f.Kind == k);
                if (n > 0) parts.Add(n + " " + (n == 1 ? one : many));
            }
            Add(DriftKind.Exposure, "exposure", "exposures");
            Add(DriftKind.Outage, "outage", "outages");
            Add(DriftKind.Treatment, "treatment difference", "treatment differences");
            Add(DriftKind.Unreadable, "unreadable file", "unreadable files");
            return string.Join(", ", parts);
        }

        private static void PrintJson(TextWriter output, Semantics.PolicyCompilation compilation, string stateDir, VerificationResult result, IReadOnlyDictionary<string, SourceText> texts,
            IReadOnlyList<DevicePlan>? plans)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("policy", compilation.Name);
                w.WriteString("state", CliContext.DisplayPath(stateDir));
                w.WriteStartArray("devices");
                foreach (var d in result.Devices)
                {
                    w.WriteStartObject();
                    w.WriteString("target", d.Target);
                    w.WriteString("platform", d.Platform);
                    w.WriteString("device", d.Device);
                    w.WriteString("file", CliContext.DisplayPath(d.File.Path));
                    if (d.Files.Count > 1)
                    {
                        w.WriteStartArray("files");
                        foreach (var f in d.Files) w.WriteStringValue(CliContext.DisplayPath(f.Path));
                        w.WriteEndArray();
                    }
                    w.WriteBoolean("clean", d.IsClean);
                    w.WriteStartArray("findings");
                    for (int i = 0; i < d.Findings.Count; i++)
                    {
                        var f = d.Findings[i];
                        var diagnostic = d.Diagnostics[i];
                        w.WriteStartObject();
                        w.WriteString("kind", f.Kind.ToString().ToLowerInvariant());
                        w.WriteString("code", diagnostic.Id);
                        w.WriteString("severity", DiagnosticFormatter.Severity(diagnostic.Severity));
                        w.WriteString("scope", f.Scope);
                        if (f.Witness is Packet p) WritePacket(w, p);
                        if (f.Region != null) w.WriteString("traffic", StateVerification.Traffic(compilation, f));
                        w.WriteString("detail", f.Detail);
                        w.WriteString("responsible", f.Responsible);
                        var path = (f.File ?? d.File).Path;
                        if (d.Files.Count > 1) w.WriteString("in", CliContext.DisplayPath(path));
                        if (texts.TryGetValue(path, out var text) && f.Span.End <= text.Length)
                        {
                            var at = text.GetLinePosition(f.Span.Start);
                            w.WriteNumber("line", at.Line + 1);
                            w.WriteNumber("column", at.Column);
                        }
                        w.WriteString("message", diagnostic.Message);
                        if (diagnostic.Related.Count > 0)
                        {
                            w.WriteString("policy", diagnostic.Related[0].Message);
                            JsonFlow.WriteName(w, "name", StateVerification.DecidingFlow(compilation, f));
                        }
                        w.WriteBoolean("staysAfterReapply", f.Foreign);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    var plan = plans?.FirstOrDefault(p => p.Device == d);
                    if (plan != null)
                    {
                        w.WriteStartObject("plan");
                        w.WriteString("how", plan.How);
                        w.WriteNumber("fixes", plan.Fixes.Count);
                        w.WriteNumber("stays", plan.Stays.Count);
                        w.WriteNumber("linesAdded", plan.Added);
                        w.WriteNumber("linesRemoved", plan.Removed);
                        w.WriteStartArray("changes");
                        foreach (var c in plan.Changes) w.WriteStringValue(c);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("diagnostics");
                foreach (var d in result.Diagnostics.Where(x => result.Devices.All(dev => !dev.Diagnostics.Contains(x))))
                {
                    w.WriteStartObject();
                    w.WriteString("code", d.Id);
                    w.WriteString("severity", DiagnosticFormatter.Severity(d.Severity));
                    w.WriteString("path", d.Path.Length > 0 ? CliContext.DisplayPath(d.Path) : "");
                    w.WriteString("message", d.Message);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartObject("summary");
                w.WriteNumber("files", result.Devices.Count);
                w.WriteNumber("exposures", result.Count(DriftKind.Exposure));
                w.WriteNumber("outages", result.Count(DriftKind.Outage));
                w.WriteNumber("treatment", result.Count(DriftKind.Treatment));
                w.WriteNumber("unreadable", result.Count(DriftKind.Unreadable));
                w.WriteNumber("notCompared", result.Diagnostics.Count(x => x.Id is "NP6005" or "NP6006" or "NP6007" or "NP6009"));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        }

        private static void WritePacket(Utf8JsonWriter w, Packet p)
        {
            w.WriteStartObject("witness");
            w.WriteString("source", p.Src.ToString());
            w.WriteString("destination", p.Dst.ToString());
            w.WriteNumber("protocol", p.Protocol);
            if (p.Protocol is Packet.Tcp or Packet.Udp or Packet.Sctp)
            {
                w.WriteNumber("port", p.DstPort);
                w.WriteNumber("sourcePort", p.SrcPort);
            }
            if (p.Protocol is Packet.Icmp or Packet.IcmpV6)
            {
                w.WriteNumber("icmpType", p.IcmpType);
                w.WriteNumber("icmpCode", p.IcmpCode);
            }
            w.WriteString("text", p.ToString());
            w.WriteEndObject();
        }
    }
}
