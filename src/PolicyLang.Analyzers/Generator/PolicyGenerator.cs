using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace PolicyLang.Analyzers.Generator
{
    /// <summary>
    /// Generates a C# view of the project's policies (see <see cref="CSharpWriter"/>). The pipeline's values are
    /// value-equatable records, so an edit to a C# file, or to an additional file that is not a policy, leaves every
    /// policy stage cached. It reports no diagnostics: <see cref="PolicyAnalyzer"/> reports the checker's findings once.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class PolicyGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline's stages (for incrementality tests).</summary>
        public const string FilesStep = "PolicyLang.Files";
        public const string FileSetStep = "PolicyLang.FileSet";
        public const string ViewStep = "PolicyLang.View";
        public const string OptionsStep = "PolicyLang.Options";

        public const string NamespaceProperty = "build_property.PolicyLangNamespace";
        public const string ClassNameProperty = "build_property.PolicyLangClassName";
        public const string RootNamespaceProperty = "build_property.RootNamespace";
        public const string DefaultNamespace = "PolicyLang.Generated";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var files = context.AdditionalTextsProvider
                .Where(static t => PolicyInputs.IsPolicyFile(t.Path))
                .Select(static (t, ct) => new PolicyFile(t.Path, t.GetText(ct)?.ToString() ?? ""))
                .WithTrackingName(FilesStep);

            var fileSet = files.Collect()
                .Select(static (all, _) => new EquatableArray<PolicyFile>(all.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray()))
                .WithTrackingName(FileSetStep);

            var view = fileSet
                .Select(static (set, ct) => PolicyViewBuilder.Build(set, ct))
                .WithTrackingName(ViewStep);

            var options = context.AnalyzerConfigOptionsProvider
                .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
                .WithTrackingName(OptionsStep);

            context.RegisterSourceOutput(view.Combine(options), static (spc, pair) =>
            {
                if (pair.Left.Policies.Count == 0) return;
                spc.AddSource(CSharpWriter.HintName, SourceText.From(CSharpWriter.Write(pair.Left, pair.Right), System.Text.Encoding.UTF8));
            });
        }

        internal static GeneratorOptions ReadOptions(AnalyzerConfigOptions options)
        {
            string ns = DefaultNamespace;
            if (options.TryGetValue(NamespaceProperty, out var configured) && !string.IsNullOrWhiteSpace(configured)) ns = configured.Trim();
            else if (options.TryGetValue(RootNamespaceProperty, out var root) && !string.IsNullOrWhiteSpace(root)) ns = root.Trim();
            string className = "Policy";
            if (options.TryGetValue(ClassNameProperty, out var cls) && !string.IsNullOrWhiteSpace(cls)) className = cls.Trim();
            return new GeneratorOptions(ns, className);
        }
    }
}
