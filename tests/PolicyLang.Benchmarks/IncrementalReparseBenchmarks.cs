using System;
using BenchmarkDotNet.Attributes;
using PolicyLang.Syntax;
using PolicyLang.TestSupport;
using PolicyLang.Text;

namespace PolicyLang.Benchmarks
{
    /// <summary>
    /// A one-character edit (a digit of a VLAN id in a zone in the middle of a 10,000-line policy) applied with
    /// <see cref="PolicySyntaxTree.WithChange"/>, against a full parse of the edited text.
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn, MinColumn]
    public class IncrementalReparseBenchmarks
    {
        public const int Lines = 10_000;

        private PolicySyntaxTree _tree = PolicySyntaxTree.Parse("");
        private TextChange _change;
        private string _editedText = "";

        [GlobalSetup]
        public void Setup()
        {
            var text = SyntheticPolicy.Generate(Lines);
            _tree = PolicySyntaxTree.Parse(text);
            const string Vlan = "\n    vlan ";
            int zones = text.IndexOf("\nzone ", StringComparison.Ordinal);
            int middle = zones + (text.LastIndexOf("\nzone ", StringComparison.Ordinal) - zones) / 2;
            int pos = text.IndexOf(Vlan, middle, StringComparison.Ordinal) + Vlan.Length;
            _change = new TextChange(new PolicyLang.Text.TextSpan(pos, 1), text[pos] == '7' ? "3" : "7");
            _editedText = text.Substring(0, pos) + _change.NewText + text.Substring(pos + 1);

            // Make sure the benchmark measures the incremental path, not a silent fallback to a full parse.
            var edited = _tree.WithChange(_change);
            var last = _tree.Declarations.Count - 1;
            if (!ReferenceEquals(edited.Declarations[last].FirstToken, _tree.Declarations[last].FirstToken)
                || edited.ToFullString() != _editedText)
                throw new InvalidOperationException("The edit was not applied incrementally.");
        }

        [Benchmark]
        public PolicySyntaxTree OneCharacterEdit() => _tree.WithChange(_change);

        [Benchmark(Baseline = true)]
        public PolicySyntaxTree FullParseOfEditedText() => PolicySyntaxTree.Parse(_editedText);
    }
}
