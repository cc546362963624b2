using System.Linq;
using PolicyLang.Syntax;
using PolicyLang.Tests.Robustness;
using Xunit;

namespace PolicyLang.Tests.Invariants
{
    /// <summary>The tree prints back its source byte for byte: every sample and every mutated input.</summary>
    public class RoundTripTests
    {
        [Fact]
        public void Samples_RoundTripByteForByte()
        {
            var log = new TreeChecks.FailureLog("Round trip of samples");
            foreach (var input in FuzzCorpus.Samples)
            {
                log.Checked++;
                var tree = PolicySyntaxTree.Parse(input.Text, input.Origin);
                log.Add(input, TreeChecks.RoundTrip(tree, input.Text));
                // The samples are valid files: a diagnostic here would make the other invariants test only error recovery.
                log.Add(input, tree.Diagnostics.Select(d => "unexpected diagnostic in a sample: " + d));
            }
            Assert.NotEmpty(FuzzCorpus.Samples);
            log.AssertNone();
        }

        [Fact]
        public void MutatedInputs_RoundTripByteForByte()
        {
            var log = new TreeChecks.FailureLog("Round trip of mutated inputs");
            foreach (var parsed in ParsedCorpus.Mutants)
            {
                log.Checked++;
                if (parsed.Tree == null) log.Add(parsed.Input, parsed.Failure!);
                else log.Add(parsed.Input, TreeChecks.RoundTrip(parsed.Tree, parsed.Input.Text));
            }
            log.AssertNone();
        }
    }
}
