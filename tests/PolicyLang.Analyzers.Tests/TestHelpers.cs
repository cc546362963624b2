using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace PolicyLang.Analyzers.Tests
{
    /// <summary>Reference assemblies from Basic.Reference.Assemblies: nothing is downloaded while tests run.</summary>
    internal static class References
    {
        public static readonly ReferenceAssemblies None = new ReferenceAssemblies("net8.0-basic");

        public static IEnumerable<MetadataReference> Net80 => Basic.Reference.Assemblies.Net80.References.All;
    }

    /// <summary>An additional file held in memory.</summary>
    internal sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text, Encoding.UTF8);
        }

        public override string Path { get; }
        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>Global analyzer options (the build properties MSBuild passes to generators).</summary>
    internal sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly TestOptions _global;

        public TestOptionsProvider(IDictionary<string, string> global) => _global = new TestOptions(global);

        public override AnalyzerConfigOptions GlobalOptions => _global;
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestOptions.Empty;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => TestOptions.Empty;

        private sealed class TestOptions : AnalyzerConfigOptions
        {
            public static readonly TestOptions Empty = new TestOptions(new Dictionary<string, string>());
            private readonly ImmutableDictionary<string, string> _values;

            public TestOptions(IDictionary<string, string> values) => _values = values.ToImmutableDictionary();

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }

    internal static class Compile
    {
        public static CSharpCompilation Create(params string[] sources) => CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: "File" + i + ".cs")),
            References.Net80,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }
}
