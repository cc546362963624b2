using PolicyLang.Diagnostics;
using PolicyLang.Platforms;
using PolicyLang.Semantics;

namespace PolicyLang.Emit
{
    /// <summary>
    /// Checks policies, then runs each selected target's backend. Output is deterministic: artifacts and manifest
    /// entries are ordered by path, and nothing depends on time, machine or absolute paths.
    /// </summary>
    public static class PolicyBuilder
    {
        public const string ManifestFileName = "manifest.json";

        /// <summary>
        /// Everything a build of every target would report, without emitting: each policy's diagnostics (its checks and
        /// every target's validation) and targets of the same name in two policies. What <c>policyc check</c>, the
        /// language server and the analyzer show.
        /// </summary>
        public static IReadOnlyList<Diagnostic> Check(IReadOnlyList<PolicyCompilation> compilations, CancellationToken cancellationToken = default)
        {
            var diagnostics = new List<Diagnostic>();
            foreach (var compilation in compilations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                diagnostics.AddRange(compilation.Diagnostics);
            }
            Select(compilations, null, diagnostics, cancellationToken);
            return Sorted(Distinct(diagnostics));
        }

        /// <summary>The targets to build; reports a target whose name another policy already uses (NP4003).</summary>
        private static List<(PolicyCompilation Compilation, TargetSymbol Target)> Select(IReadOnlyList<PolicyCompilation> compilations,
            IReadOnlyCollection<string>? targets, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var seen = new Dictionary<string, (PolicyCompilation, TargetSymbol)>(StringComparer.Ordinal);
            var jobs = new List<(PolicyCompilation, TargetSymbol)>();
            foreach (var compilation in compilations)
            {
                foreach (var target in compilation.Model.Targets)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (targets != null && targets.Count > 0 && !targets.Contains(target.Name)) continue;
                    if (seen.TryGetValue(target.Name, out var other))
                    {
                        diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.TargetNameClash, target.Location.Path, target.Location.Span,
                            target.Name, other.Item1.Name, other.Item2.Location.Display));
                        continue;
                    }
                    seen[target.Name] = (compilation, target);
                    jobs.Add((compilation, target));
                }
            }
            return jobs;
        }

        private static List<Diagnostic> Distinct(List<Diagnostic> diagnostics) =>
            diagnostics.GroupBy(d => (d.Path, d.Span, d.Id, d.Message)).Select(g => g.First()).ToList();

        /// <param name="targets">Target names to build; null or empty builds every target.</param>
        public static BuildResult Build(IReadOnlyList<PolicyCompilation> compilations, IReadOnlyCollection<string>? targets = null, CancellationToken cancellationToken = default)
        {
            // The policy's own diagnostics, then each selected target's validation (computed once per compilation and
            // shared with check), so a build of every target reports exactly what check reports.
            var clashes = new List<Diagnostic>();
            var selected = Select(compilations, targets, clashes, cancellationToken);

            // Targets are independent: each is validated and emitted on its own, in parallel, and the results are merged in
            // declaration order, so the output is the same as a sequential build. What targets share (address sets, flow
            // packet sets, device models) is memoized per compilation in thread-safe caches. Each policy's whole-policy
            // checks read the same bound model and depend on no target: they are the first work items (one long one per
            // policy) while the other cores take targets, as check runs them.
            foreach (var compilation in compilations) compilation.PrepareForParallelChecks();
            var policy = new IReadOnlyList<Diagnostic>[compilations.Count];
            var validation = new IReadOnlyList<Diagnostic>[selected.Count];
            ForEach(compilations.Count + selected.Count, i =>
            {
                if (i < compilations.Count) policy[i] = compilations[i].PolicyDiagnostics;
                else validation[i - compilations.Count] = selected[i - compilations.Count].Compilation.TargetDiagnostics(selected[i - compilations.Count].Target);
            }, cancellationToken);
            var diagnostics = new List<Diagnostic>();
            foreach (var p in policy) diagnostics.AddRange(p);
            diagnostics.AddRange(clashes);
            foreach (var v in validation) diagnostics.AddRange(v);
            diagnostics = Distinct(diagnostics);
            if (diagnostics.Any(d => d.IsError)) return new BuildResult(Array.Empty<Artifact>(), Sorted(diagnostics), "");

            var emitted = new (IReadOnlyList<Artifact> Artifacts, List<Diagnostic> Diagnostics)[selected.Count];
            ForEach(selected.Count, i =>
            {
                var (compilation, target) = selected[i];
                var backend = PlatformRegistry.Find(target.Platform.Value)!;
                var emitDiagnostics = new List<Diagnostic>();
                emitted[i] = (VerbatimOutput.Apply(target, backend.Emit(new TargetContext(compilation, target, emitDiagnostics))), emitDiagnostics);
            }, cancellationToken);
            // Validation reports everything a backend can refuse, so emitting reports nothing; should a backend still
            // report here (a bug: check would not have shown it), the report is kept and an error still fails the build.
            foreach (var e in emitted) diagnostics.AddRange(e.Diagnostics);
            diagnostics = Distinct(diagnostics);
            if (diagnostics.Any(d => d.IsError)) return new BuildResult(Array.Empty<Artifact>(), Sorted(diagnostics), "");
            var artifacts = new List<Artifact>();
            foreach (var e in emitted) artifacts.AddRange(e.Artifacts);
            artifacts.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
            return new BuildResult(artifacts, Sorted(diagnostics), Manifest(compilations, artifacts));
        }

        private static void ForEach(int count, Action<int> body, CancellationToken cancellationToken)
        {
            if (count > 1 && Environment.ProcessorCount > 1)
            {
                try
                {
                    System.Threading.Tasks.Parallel.For(0, count, new System.Threading.Tasks.ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, body);
                }
                catch (AggregateException e) when (e.InnerExceptions.Count > 0)
                {
                    // A bug in one backend: rethrow it as a sequential build would have.
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                }
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    body(i);
                }
            }
        }

        private static IReadOnlyList<Diagnostic> Sorted(List<Diagnostic> diagnostics)
        {
            diagnostics.Sort();
            return diagnostics;
        }

        public static string Sha256(string text)
        {
            return PolicyLang.Text.Sha256.HexOfUtf8(text);
        }

        /// <summary>A hash of a policy's sources: file names relative to its first file's folder, and their text.</summary>
        public static string PolicyHash(PolicyCompilation compilation)
        {
            var root = compilation.Trees.Count > 0 ? Path.GetDirectoryName(Path.GetFullPath(compilation.Trees[0].Path)) ?? "" : "";
            var sb = new StringBuilder();
            foreach (var tree in compilation.Trees.OrderBy(t => Relative(root, t.Path), StringComparer.Ordinal))
            {
                sb.Append(Relative(root, tree.Path)).Append('\n').Append(tree.Text.Length).Append('\n').Append(tree.Text.Text);
            }
            return Sha256(sb.ToString());
        }

        private static string Relative(string root, string path)
        {
            var full = Path.GetFullPath(path);
            var rel = root.Length > 0 && full.StartsWith(root, StringComparison.Ordinal) ? full.Substring(root.Length).TrimStart('/', '\\') : Path.GetFileName(full);
            return rel.Replace('\\', '/');
        }

        private static string Manifest(IReadOnlyList<PolicyCompilation> compilations, IReadOnlyList<Artifact> artifacts)
        {
            var sb = new StringBuilder();
            sb.Append("{\n  \"generator\": \"policyc\",\n  \"policies\": [");
            var ordered = compilations.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
            for (int i = 0; i < ordered.Count; i++)
            {
                sb.Append(i == 0 ? "\n" : ",\n");
                sb.Append("    { \"name\": ").Append(Json(ordered[i].Name)).Append(", \"sha256\": ").Append(Json(PolicyHash(ordered[i]))).Append(" }");
            }
            sb.Append(ordered.Count > 0 ? "\n  ],\n" : "],\n");
            sb.Append("  \"artifacts\": [");
            var hashes = ArtifactDigests(artifacts, out var sizes);
            for (int i = 0; i < artifacts.Count; i++)
            {
                var a = artifacts[i];
                sb.Append(i == 0 ? "\n" : ",\n");
                sb.Append("    { \"path\": ").Append(Json(a.RelativePath))
                  .Append(", \"target\": ").Append(Json(a.Target))
                  .Append(", \"platform\": ").Append(Json(a.Platform))
                  .Append(", \"bytes\": ").Append(sizes[i])
                  .Append(", \"sha256\": ").Append(Json(hashes[i])).Append(" }");
            }
            sb.Append(artifacts.Count > 0 ? "\n  ]\n}\n" : "]\n}\n");
            return sb.ToString();
        }

        /// <summary>
        /// From this many characters of artifacts in all, the manifest's digests are the platform's (OpenSSL on Linux): the managed
        /// implementation hashed about 135 MB/s under a profiler, so loading OpenSSL (about 40 ms and 3 MiB, see
        /// <see cref="PolicyLang.Text.Sha256"/>) pays from about 5 MB on. The fabric build's 62 MB took the managed one about 5 %
        /// of its processor time; the Capirca comparison's builds at scale 10 (Kubernetes 0.9 MB, Junos 4.2 MB) stay managed.
        /// </summary>
        internal const long PlatformDigestsFrom = 8L << 20;

        /// <summary>
        /// The SHA-256 of each artifact's UTF-8 bytes (hex) and their sizes. Hashing is most of the manifest's cost: each
        /// artifact on its own, encoded once for its digest and its size, by the platform where they add up to
        /// <see cref="PlatformDigestsFrom"/>.
        /// </summary>
        internal static string[] ArtifactDigests(IReadOnlyList<Artifact> artifacts, out int[] sizes)
        {
            long total = 0;
            foreach (var a in artifacts) total += a.Content.Length;
            bool platform = total >= PlatformDigestsFrom;
            var hashes = new string[artifacts.Count];
            var byteCounts = new int[artifacts.Count];
            System.Threading.Tasks.Parallel.For(0, artifacts.Count, i =>
            {
                var bytes = new UTF8Encoding(false).GetBytes(artifacts[i].Content);
                byteCounts[i] = bytes.Length;
                hashes[i] = PolicyLang.Text.Sha256.Hex(platform ? PolicyLang.Text.Sha256.Platform(bytes) : PolicyLang.Text.Sha256.Hash(bytes));
            });
            sizes = byteCounts;
            return hashes;
        }

        /// <summary>A JSON string literal; every character outside printable ASCII is escaped.</summary>
        public static string Json(string value)
        {
            var sb = new StringBuilder("\"");
            foreach (char c in value)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c < 0x20 || c > 0x7E) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }
    }
}
