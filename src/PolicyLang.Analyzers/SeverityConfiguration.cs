using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PolicyLang.Analyzers
{
    /// <summary>
    /// Applies <c>.editorconfig</c> severities to diagnostics in policy files. The compiler applies
    /// <c>dotnet_diagnostic.ID.severity</c> only to diagnostics in C# syntax trees (dotnet/roslyn#31916), and does not
    /// even pass those keys to analyzers for additional files. So the package's build targets hand the project's
    /// .editorconfig/.globalconfig files to the analyzer as additional files, and the analyzer evaluates them with
    /// Roslyn's own <see cref="AnalyzerConfigSet"/> for each policy file's path: same sections, globs, <c>root</c>
    /// and precedence as for C# files. Then, as in the compiler: the code's own key, the category's key, the
    /// all-analyzers key, and the compilation's global options (.globalconfig, NoWarn, WarningsAsErrors).
    /// </summary>
    internal sealed class SeverityConfiguration
    {
        private readonly AnalyzerConfigSet? _configs;
        private readonly CompilationOptions _compilationOptions;

        public SeverityConfiguration(AnalyzerConfigSet? configs, CompilationOptions compilationOptions)
        {
            _configs = configs;
            _compilationOptions = compilationOptions;
        }

        public static bool IsConfigFile(string path)
        {
            var name = System.IO.Path.GetFileName(path);
            return name.Equals(".editorconfig", System.StringComparison.OrdinalIgnoreCase)
                || name.EndsWith(".globalconfig", System.StringComparison.OrdinalIgnoreCase)
                || name.EndsWith(".GeneratedMSBuildEditorConfig.editorconfig", System.StringComparison.OrdinalIgnoreCase);
        }

        public static SeverityConfiguration Create(System.Collections.Generic.IEnumerable<AdditionalText> files, CompilationOptions compilationOptions, System.Threading.CancellationToken cancellationToken)
        {
            var configs = new System.Collections.Generic.List<AnalyzerConfig>();
            foreach (var f in files)
            {
                if (!IsConfigFile(f.Path)) continue;
                var text = f.GetText(cancellationToken);
                if (text != null) configs.Add(AnalyzerConfig.Parse(text, f.Path));
            }
            return new SeverityConfiguration(configs.Count == 0 ? null : AnalyzerConfigSet.Create(configs), compilationOptions);
        }

        public ReportDiagnostic Effective(string path, AnalyzerConfigOptions options, DiagnosticDescriptor descriptor, System.Threading.CancellationToken cancellationToken)
        {
            if (_configs != null && path.Length > 0)
            {
                var result = _configs.GetOptionsForSourcePath(path);
                if (result.TreeOptions.TryGetValue(descriptor.Id, out var fromFile)) return fromFile;
            }
            var r = Effective(options, descriptor);
            if (r != ReportDiagnostic.Default) return r;
            if (_configs != null && _configs.GlobalConfigOptions.TreeOptions.TryGetValue(descriptor.Id, out var fromGlobal)) return fromGlobal;
            if (_compilationOptions.SyntaxTreeOptionsProvider != null
                && _compilationOptions.SyntaxTreeOptionsProvider.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out var global)) return global;
            if (_compilationOptions.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out var specific)) return specific;
            return ReportDiagnostic.Default;
        }

        public static ReportDiagnostic Effective(AnalyzerConfigOptions options, DiagnosticDescriptor descriptor)
        {
            if (TryRead(options, "dotnet_diagnostic." + descriptor.Id + ".severity", out var r)) return r;
            if (TryRead(options, "dotnet_analyzer_diagnostic.category-" + descriptor.Category + ".severity", out r)) return r;
            if (TryRead(options, "dotnet_analyzer_diagnostic.severity", out r)) return r;
            return ReportDiagnostic.Default;
        }

        private static bool TryRead(AnalyzerConfigOptions options, string key, out ReportDiagnostic report)
        {
            report = ReportDiagnostic.Default;
            return options.TryGetValue(key, out var value) && TryParse(value, out report);
        }

        public static bool TryParse(string value, out ReportDiagnostic report)
        {
            switch (value.Trim().ToLowerInvariant())
            {
                case "default": report = ReportDiagnostic.Default; return true;
                case "error": report = ReportDiagnostic.Error; return true;
                case "warning": report = ReportDiagnostic.Warn; return true;
                case "suggestion": report = ReportDiagnostic.Info; return true;
                case "silent":
                case "refactoring": report = ReportDiagnostic.Hidden; return true;
                case "none": report = ReportDiagnostic.Suppress; return true;
                default: report = ReportDiagnostic.Default; return false;
            }
        }

        public static DiagnosticSeverity ToSeverity(ReportDiagnostic report) => report switch
        {
            ReportDiagnostic.Error => DiagnosticSeverity.Error,
            ReportDiagnostic.Warn => DiagnosticSeverity.Warning,
            ReportDiagnostic.Info => DiagnosticSeverity.Info,
            _ => DiagnosticSeverity.Hidden,
        };
    }
}
