using PolicyLang.Analysis.HeaderSpace;
using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Emit.State;
using PolicyLang.Platforms;
using PolicyLang.Review;
using PolicyLang.Semantics;
using PolicyLang.Text;

namespace PolicyLang.Operations
{
    /// <summary>The exported running state of one target: the files of <c>DIR/&lt;target&gt;/</c>, or null when the folder is missing.</summary>
    public sealed class TargetState(string target, string folder, IReadOnlyList<StateFile>? files)
    {
        public string Target { get; } = target;

        /// <summary>The folder as the user would write it, for messages: "state/edge-gw/".</summary>
        public string Folder { get; } = folder;
        public IReadOnlyList<StateFile>? Files { get; } = files;
    }

    /// <summary>
    /// An entry of the state folder beside the target folders that belongs to no target: a folder named after no target of
    /// the policy (a typo, a renamed target, another policy's), or a file where only target folders go. It is not read.
    /// </summary>
    public sealed class StrayStateEntry(string path, string name, bool isFolder)
    {
        /// <summary>As the user would write it, for the message and the diagnostic's file: "state/edge-gw2".</summary>
        public string Path { get; } = path;
        public string Name { get; } = name;
        public bool IsFolder { get; } = isFolder;
    }

    /// <summary>One compared device or resource: its file (or a cloud account's or cluster's files), its findings (as data and as diagnostics).</summary>
    public sealed class DeviceVerification(string target, string platform, string device, IReadOnlyList<StateFile> files, IReadOnlyList<DriftFinding> findings,
        IReadOnlyList<Diagnostic> diagnostics, bool reused = false)
    {
        /// <summary>Whether the result is a verification cache's: the same export was found clean with the same policy and policyc before.</summary>
        public bool Reused { get; } = reused;

        public string Target { get; } = target;
        public string Platform { get; } = platform;
        public IReadOnlyList<StateFile> Files { get; } = files;

        /// <summary>The device's file (the first of several).</summary>
        public StateFile File => Files[0];
        public string Device { get; } = device;
        public IReadOnlyList<DriftFinding> Findings { get; } = findings;
        public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
        public bool IsClean => Findings.Count == 0;
    }

    public sealed class VerificationResult(IReadOnlyList<DeviceVerification> devices, IReadOnlyList<Diagnostic> diagnostics)
    {
        /// <summary>Every compared file, by target then device name.</summary>
        public IReadOnlyList<DeviceVerification> Devices { get; } = devices;

        /// <summary>Every diagnostic: the findings' and the folder's (missing, unknown, not verifiable), sorted.</summary>
        public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;

        public int Count(DriftKind kind) => Devices.Sum(d => d.Findings.Count(f => f.Kind == kind));
    }

    /// <summary>
    /// <c>policyc verify</c>: compares the running state operators export with the policy, per target and device, on
    /// packet sets. The folder layout is <c>DIR/&lt;target&gt;/&lt;device&gt;.&lt;ext&gt;</c>; each file goes to its
    /// target's platform (<see cref="IStateVerifier"/>), which reads it by content. Devices without a file, files of no
    /// device and platforms without a reader are diagnostics too, so nothing passes unseen.
    /// </summary>
    public static class StateVerification
    {
        /// <param name="cache">Clean comparisons of earlier runs (<see cref="IVerificationCache"/>): a device whose export,
        /// policy and policyc are all unchanged since one is not compared again. Null: compare everything.</param>
        /// <param name="strays">Entries of the state folder that belong to no target (<see cref="StrayStateEntry"/>): NP6009 for each
        /// folder whose name is near a verified target's, and for each file.</param>
        public static VerificationResult Verify(PolicyCompilation compilation, IEnumerable<TargetState> states, IVerificationCache? cache = null,
            IEnumerable<StrayStateEntry>? strays = null)
        {
            var all = states.ToList();
            var policyKey = cache != null ? VerificationKey.ForPolicy(compilation) : null;
            var devices = new DeviceVerification[all.Count][];
            var folderDiagnostics = new List<Diagnostic>[all.Count];
            // Targets are independent (a context per target, as in a build).
            // At most one target per core: with long-running bodies the thread pool would otherwise add threads over time, and
            // each target's packet sets in flight at once (a 100,000-line policy's run grew to 17 GB that way).
            System.Threading.Tasks.Parallel.For(0, all.Count, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                folderDiagnostics[i] = new List<Diagnostic>();
                devices[i] = VerifyTarget(compilation, all[i], folderDiagnostics[i], cache, policyKey).ToArray();
            });
            var compared = devices.SelectMany(d => d).OrderBy(d => d.Target, StringComparer.Ordinal).ThenBy(d => d.Device, StringComparer.Ordinal).ToList();
            var verified = new HashSet<string>(all.Select(s => s.Target), StringComparer.Ordinal);
            var stray = (strays ?? Enumerable.Empty<StrayStateEntry>()).Select(e => Stray(compilation, e, verified)).Where(d => d != null).Select(d => d!);
            var diagnostics = folderDiagnostics.SelectMany(d => d).Concat(compared.SelectMany(d => d.Diagnostics)).Concat(stray).OrderBy(d => d).ToList();
            return new VerificationResult(compared, diagnostics);
        }

        private static IEnumerable<DeviceVerification> VerifyTarget(PolicyCompilation compilation, TargetState state, List<Diagnostic> diagnostics,
            IVerificationCache? cache, string? policyKey)
        {
            var target = compilation.Model.Targets.FirstOrDefault(t => t.Name == state.Target)
                ?? throw new ArgumentException("no target '" + state.Target + "' in policy '" + compilation.Name + "'", nameof(state));
            var backend = PlatformRegistry.Find(target.Platform.Value);
            var context = new TargetContext(compilation, target, new List<Diagnostic>()) { StateFiles = state.Files ?? (IReadOnlyList<StateFile>)System.Array.Empty<StateFile>() };
            if (backend is not IStateVerifier verifier)
            {
                if (state.Files != null && state.Files.Count > 0)
                    diagnostics.Add(At(DiagnosticCatalog.StateNotVerifiable, target.Location, target.Name, target.Platform.Value, state.Folder));
                yield break;
            }
            var expected = verifier.ExpectedStates(context);
            if (state.Files == null || state.Files.Count == 0)
            {
                diagnostics.Add(At(DiagnosticCatalog.StateMissing, target.Location, "target '" + target.Name + "'", state.Folder, verifier.StateFormat));
                yield break;
            }
            // What the devices run includes the target's verbatim text, which the intent does not: say so once per target, so that
            // drift it causes is not taken for drift of the policy's own rules.
            if (target.Verbatim.Count > 0)
                diagnostics.Add(At(DiagnosticCatalog.StateHasVerbatim, target.Verbatim[0].Location, target.Name, target.Platform.Value,
                    target.Verbatim.Sum(v => v.Lines.Count)));
            if (verifier.CombinesFiles)
            {
                var files = state.Files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
                var device = expected.FirstOrDefault() ?? target.Name;
                var key = cache != null ? VerificationKey.For(policyKey!, target.Name, target.Platform.Value, files) : null;
                if (key != null && cache!.IsClean(key))
                {
                    yield return new DeviceVerification(target.Name, target.Platform.Value, device, files, new DriftFinding[0], new Diagnostic[0], reused: true);
                    yield break;
                }
                var all = Run(verifier, context, files);
                if (all.Count == 0 && key != null) cache!.RecordClean(key, target.Name + " " + string.Join(" ", files.Select(f => f.Name)));
                var found = all.Select(f => Diagnose(compilation, verifier, f.File ?? files[0], f)).ToList();
                foreach (var f in files.Where(f => all.All(x => (x.File ?? files[0]) != f))) f.Release();
                yield return new DeviceVerification(target.Name, target.Platform.Value, device, files, all, found);
                yield break;
            }
            var byName = state.Files.GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            foreach (var device in expected)
            {
                if (!byName.ContainsKey(device))
                {
                    var where = target.FactsFor(device)?.Location
                        ?? target.Devices.Where(d => d.Value == device).Select(d => (SourceLocation?)d.Location).FirstOrDefault()
                        ?? target.Location;
                    diagnostics.Add(At(DiagnosticCatalog.StateMissing, where, "device '" + device + "' of target '" + target.Name + "'", state.Folder, verifier.StateFormat));
                }
            }
            foreach (var file in state.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                if (expected.Count > 0 && !expected.Contains(file.Name, StringComparer.Ordinal))
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.StateUnknown, file.Path, new TextSpan(0, 0),
                        file.Path, target.Name, string.Join(", ", expected.Select(e => "'" + e + "'"))));
                    continue;
                }
                var key = cache != null ? VerificationKey.For(policyKey!, target.Name, target.Platform.Value, new[] { file }) : null;
                if (key != null && cache!.IsClean(key))
                {
                    yield return new DeviceVerification(target.Name, target.Platform.Value, file.Name, new[] { file }, new DriftFinding[0], new Diagnostic[0], reused: true);
                    continue;
                }
                var findings = Run(verifier, context, new[] { file });
                if (findings.Count == 0 && key != null) cache!.RecordClean(key, target.Name + " " + file.Name);
                var found = findings.Select(f => Diagnose(compilation, verifier, f.File ?? file, f)).ToList();
                if (findings.Count == 0) file.Release();
                yield return new DeviceVerification(target.Name, target.Platform.Value, file.Name, new[] { file }, findings, found);
            }
        }

        private static IReadOnlyList<DriftFinding> Run(IStateVerifier verifier, TargetContext context, IReadOnlyList<StateFile> files)
        {
            try
            {
                return verifier.Verify(context, files);
            }
            catch (StateReadException e)
            {
                return new[] { DriftSets.Unreadable(files[0], e.Offset, e.Message) };
            }
            catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException)
            {
                // A reader must turn bad input into a finding; should one miss a case, the file is still reported, not the run lost.
                return new[] { DriftSets.Unreadable(files[0], 0, e.Message) };
            }
        }

        /// <summary>
        /// NP6009 for an entry of the state folder that belongs to no target, or null when it is not worth a warning: a folder is
        /// reported when its name is near a verified target's (differs only in case, or by a typo: <see cref="Semantics.Binder.Suggest"/>),
        /// so that the folders of another policy sharing the state folder, or of nothing, do not fail a run; a file (the caller
        /// passes those with an export's extension) always.
        /// </summary>
        private static Diagnostic? Stray(PolicyCompilation compilation, StrayStateEntry e, ISet<string> verified)
        {
            string why;
            if (e.IsFolder)
            {
                var names = compilation.Model.Targets.Select(t => t.Name).Where(verified.Contains).ToList();
                var meant = names.FirstOrDefault(n => string.Equals(n, e.Name, StringComparison.OrdinalIgnoreCase))
                    ?? Semantics.Binder.Suggest(e.Name, names);
                if (meant == null) return null;
                why = "the policy has no target '" + e.Name + "'; did you mean '" + meant + "'?";
            }
            else
                why = "a state file goes in its target's folder, as " + (System.IO.Path.GetDirectoryName(e.Path) is { Length: > 0 } dir ? dir.Replace('\\', '/') + "/" : "")
                    + "<target>/" + e.Name;
            return Diagnostic.Create(DiagnosticCatalog.StateOfNoTarget, e.Path, new TextSpan(0, 0), e.Path + (e.IsFolder ? "/" : ""), compilation.Name, why);
        }

        private static Diagnostic At(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args) =>
            Diagnostic.Create(descriptor, location.Path, location.Span, args);

        private static Diagnostic Diagnose(PolicyCompilation compilation, IStateVerifier verifier, StateFile file, DriftFinding f)
        {
            Diagnostic d = f.Kind switch
            {
                DriftKind.Exposure => Diagnostic.Create(DiagnosticCatalog.DriftExposure, file.Path, f.Span, f.Device, f.Scope, Traffic(compilation, f), f.Responsible),
                DriftKind.Outage => Diagnostic.Create(DiagnosticCatalog.DriftOutage, file.Path, f.Span, f.Device, f.Scope, Traffic(compilation, f), f.Responsible),
                DriftKind.Treatment => Diagnostic.Create(DiagnosticCatalog.DriftTreatment, file.Path, f.Span, f.Device, f.Scope, f.Detail, f.Responsible),
                _ => Diagnostic.Create(DiagnosticCatalog.StateUnreadable, file.Path, f.Span, file.Path, verifier.StateFormat, f.Detail),
            };
            if (f.Witness is Packet w && f.Kind != DriftKind.Unreadable)
            {
                var (verdict, flow) = compilation.Flows.Evaluate(w);
                var why = (verdict == FlowAction.Allow ? "the policy allows it: " : "the policy denies it: ")
                    + (flow == null ? "default " + (verdict == FlowAction.Allow ? "allow" : "deny") : PolicyQuery.Written(flow));
                var location = flow?.Location ?? compilation.Model.Header?.Location;
                if (location is SourceLocation l) d = d.WithRelated(new[] { new RelatedLocation(l.Path, l.Span, why) });
            }
            return d;
        }

        /// <summary>The flow of the policy that decides a finding's witness; null for the default action or a finding without a witness.</summary>
        public static FlowRule? DecidingFlow(PolicyCompilation compilation, DriftFinding f) =>
            f.Witness is Packet w && f.Kind != DriftKind.Unreadable ? compilation.Flows.Evaluate(w).DecidedBy : null;

        /// <summary>
        /// "10.60.16.0 (dev.notebooks) -> 10.50.0.0 (pii) tcp/5432": the witness with the zones (or segments) of its
        /// addresses, and the whole region when it is short to write.
        /// </summary>
        public static string Traffic(PolicyCompilation compilation, DriftFinding f)
        {
            if (f.Witness is not Packet w) return f.Detail;
            string Where(IpAddress128 a)
            {
                var zone = compilation.Addresses.ZoneOf(a);
                if (zone == null) return "";
                var segment = zone.Segments.FirstOrDefault(s => compilation.Addresses.Of(s).Contains(a));
                return " (" + zone.Name + (segment != null ? "." + segment.Name : "") + ")";
            }
            var text = w.Src + Where(w.Src) + " -> " + w.Dst + Where(w.Dst) + " " + w.DescribeService();
            if (f.Region != null && !f.Region.IsEmpty)
            {
                var lines = PolicyQuery.Describe(f.Region, 1, out var more, maxPrefixes: 2);
                if (lines.Count == 1 && more == 0 && !lines[0].Contains(" more prefixes")) text += " (of " + lines[0] + ")";
            }
            return text;
        }
    }
}
