using System;
using System.Collections.Generic;
using System.Linq;
using PolicyLang.Syntax;
using PolicyLang.Tests.Robustness;

namespace PolicyLang.Tests.Invariants
{
    /// <summary>A corpus input with its tree, or why there is none (the parse threw or timed out).</summary>
    public sealed class ParsedInput
    {
        public ParsedInput(FuzzInput input, PolicySyntaxTree? tree, string? failure)
        {
            Input = input;
            Tree = tree;
            Failure = failure;
        }

        public FuzzInput Input { get; }
        public PolicySyntaxTree? Tree { get; }
        public string? Failure { get; }
    }

    /// <summary>
    /// The mutated corpus parsed once (each parse under the small-input timeout) and shared by the invariant tests,
    /// which only read the trees.
    /// </summary>
    public static class ParsedCorpus
    {
        private static readonly Lazy<IReadOnlyList<ParsedInput>> s_mutants = new Lazy<IReadOnlyList<ParsedInput>>(
            () => FuzzCorpus.Mutants.Select(Parse).ToList());

        public static IReadOnlyList<ParsedInput> Mutants => s_mutants.Value;

        private static ParsedInput Parse(FuzzInput input)
        {
            var run = ParseGuard.Run(ct =>
            {
                var tree = PolicySyntaxTree.Parse(input.Text, "fuzz.netpolicy", ct);
                _ = tree.Diagnostics; // computed lazily: make it throw here, under the guard, if it throws at all
                return tree;
            }, ParseGuard.SmallInputTimeout);
            return run.Ok ? new ParsedInput(input, run.Value, null) : new ParsedInput(input, null, "Parse " + run.Describe(ParseGuard.SmallInputTimeout));
        }
    }
}
