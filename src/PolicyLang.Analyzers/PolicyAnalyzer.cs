using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using CoreDiagnostic = PolicyLang.Diagnostics.Diagnostic;
using CoreSourceText = PolicyLang.Text.SourceText;

namespace PolicyLang.Analyzers
{
    /// <summary>
    /// Checks the project's <c>*.netpolicy</c> additional files with the core checker and reports every NPxxxx
    /// diagnostic at its exact span. The policies are loaded and checked once per compilation; each additional file's
    /// action reports the diagnostics located in that file, so editors show them per file. Diagnostics located in files
    /// that are not additional files (imports resolved on disk) are reported with the first policy file.
    /// This is the only component that reports the checker's diagnostics: the generator reports none.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PolicyAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => RoslynDescriptors.All;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext start)
        {
            var files = start.Options.AdditionalFiles
                .Where(f => PolicyInputs.IsPolicyFile(f.Path))
                .OrderBy(f => f.Path, StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0) return;
            var cancellation = start.CancellationToken;
            var result = new Lazy<CheckResult>(() => CheckResult.Compute(files, cancellation), LazyThreadSafetyMode.ExecutionAndPublication);
            var first = PolicyFileSystem.Normalize(files[0].Path);
            var options = start.Options.AnalyzerConfigOptionsProvider;
            var severities = new Lazy<SeverityConfiguration>(
                () => SeverityConfiguration.Create(start.Options.AdditionalFiles, start.Compilation.Options, cancellation),
                LazyThreadSafetyMode.ExecutionAndPublication);

            start.RegisterAdditionalFileAction(fileContext =>
            {
                var file = fileContext.AdditionalFile;
                if (!PolicyInputs.IsPolicyFile(file.Path)) return;
                var path = PolicyFileSystem.Normalize(file.Path);
                var checkResult = result.Value;
                var fileOptions = options.GetOptions(file);
                if (checkResult.ByFile.TryGetValue(path, out var here))
                {
                    foreach (var d in here) Report(fileContext, d, checkResult, severities.Value, fileOptions);
                }
                if (path == first)
                {
                    foreach (var d in checkResult.Elsewhere) Report(fileContext, d, checkResult, severities.Value, options.GlobalOptions);
                    // policyc and the build task stop on a POLICYLANG_TODAY that is not a day; here the checker has judged expiry
                    // dates against the real day, and the build says why it did.
                    if (PolicyLang.Semantics.PolicyClock.EnvironmentProblem() is { } problem)
                        fileContext.ReportDiagnostic(Diagnostic.Create(RoslynDescriptors.Get("NP9003"), Location.None, problem));
                }
            });
        }

        private static void Report(AdditionalFileAnalysisContext context, CoreDiagnostic d, CheckResult result, SeverityConfiguration severities, AnalyzerConfigOptions options)
        {
            if (!RoslynDescriptors.TryGet(d.Id, out var descriptor)) return;
            var severity = severities.Effective(PolicyFileSystem.Normalize(d.Path), options, descriptor, context.CancellationToken);
            if (severity == ReportDiagnostic.Suppress) return;
            var location = result.LocationOf(d.Path, d.Span);
            // The places the diagnostic speaks of (the other flow of an overlap or a shadowing) go along as additional locations.
            var related = d.Related.Select(r => result.LocationOf(r.Path, r.Span)).Where(l => l != Location.None).ToList();
            var diagnostic = severity == ReportDiagnostic.Default
                ? Diagnostic.Create(descriptor, location, related, d.Message)
                : Diagnostic.Create(descriptor, location, SeverityConfiguration.ToSeverity(severity), related, null, d.Message);
            context.ReportDiagnostic(diagnostic);
        }

        /// <summary>The checker's diagnostics of one compilation's policies, grouped by file.</summary>
        private sealed class CheckResult
        {
            private readonly Dictionary<string, CoreSourceText> _texts;

            private CheckResult(Dictionary<string, List<CoreDiagnostic>> byFile, List<CoreDiagnostic> elsewhere, Dictionary<string, CoreSourceText> texts)
            {
                ByFile = byFile;
                Elsewhere = elsewhere;
                _texts = texts;
            }

            public Dictionary<string, List<CoreDiagnostic>> ByFile { get; }
            public List<CoreDiagnostic> Elsewhere { get; }

            public static CheckResult Compute(IReadOnlyList<AdditionalText> files, CancellationToken cancellationToken)
            {
                var inputs = new List<KeyValuePair<string, string>>();
                foreach (var f in files)
                {
                    var text = f.GetText(cancellationToken);
                    if (text != null) inputs.Add(new KeyValuePair<string, string>(f.Path, text.ToString()));
                }
                var (set, compilations) = PolicyInputs.Load(inputs, cancellationToken);
                var texts = new Dictionary<string, CoreSourceText>(StringComparer.Ordinal);
                foreach (var t in set.Trees) texts[t.Path] = t.Text;
                var additional = new HashSet<string>(inputs.Select(i => PolicyFileSystem.Normalize(i.Key)), StringComparer.Ordinal);

                var seen = new HashSet<(string, int, int, string, string)>();
                var byFile = new Dictionary<string, List<CoreDiagnostic>>(StringComparer.Ordinal);
                var elsewhere = new List<CoreDiagnostic>();
                var all = set.Diagnostics.Concat(PolicyLang.Emit.PolicyBuilder.Check(compilations, cancellationToken)).ToList();
                all.Sort();
                foreach (var d in all)
                {
                    if (!seen.Add((d.Path, d.Span.Start, d.Span.Length, d.Id, d.Message))) continue;
                    var path = PolicyFileSystem.Normalize(d.Path);
                    if (d.Path.Length > 0 && additional.Contains(path))
                    {
                        if (!byFile.TryGetValue(path, out var list)) byFile[path] = list = new List<CoreDiagnostic>();
                        list.Add(d);
                    }
                    else
                    {
                        elsewhere.Add(d);
                    }
                }
                return new CheckResult(byFile, elsewhere, texts);
            }

            public Location LocationOf(string path, PolicyLang.Text.TextSpan span)
            {
                if (path.Length == 0 || !_texts.TryGetValue(path, out var text)) return Location.None;
                int start = Math.Min(span.Start, text.Length);
                int end = Math.Min(span.End, text.Length);
                var s = text.GetLinePosition(start);
                var e = text.GetLinePosition(end);
                return Location.Create(path, TextSpan.FromBounds(start, end),
                    new LinePositionSpan(new LinePosition(s.Line, s.Character), new LinePosition(e.Line, e.Character)));
            }
        }
    }
}
