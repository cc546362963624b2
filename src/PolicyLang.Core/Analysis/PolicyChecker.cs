using PolicyLang.Analysis.Rules;
using PolicyLang.Diagnostics;
using PolicyLang.Semantics;

namespace PolicyLang.Analysis
{
    /// <summary>
    /// Runs the checker rules. Value rules always run; rules that reason about the whole policy's traffic (flow
    /// effects, overlaps, assertions, tests) run only once the policy has no errors, since a half-bound policy
    /// would give misleading answers.
    /// </summary>
    public static class PolicyChecker
    {
        public static IReadOnlyList<Diagnostic> Check(PolicyModel model, AddressOwnership addresses, FlowSpace flows, bool hasErrors, CancellationToken cancellationToken = default)
        {
            var diagnostics = new List<Diagnostic>();
            var context = new CheckContext(model, addresses, flows, diagnostics, cancellationToken);
            SegmentRules.Check(context);
            ClassRules.Check(context);
            if (!hasErrors && !diagnostics.Exists(d => d.IsError))
            {
                // Overlap and shadowing findings are about the design: a quarantine's denies would make every flow of its zone "overlap".
                FlowRules.Check(context.WithoutQuarantines);
                AssertionRules.Check(context);
                TestRules.Check(context);
            }
            // Dates need nothing else to be right, and an expired flow should not hide the other findings.
            ExpiryRules.Check(context);
            return diagnostics;
        }

        /// <summary>
        /// Each assertion's verdict, computed the way <see cref="Check"/> reports it: "holds", "fails", "vacuous" (holds only
        /// because a side is empty), or "suspended" (holds without quarantines, not while they last). Only meaningful for a
        /// policy without binding errors.
        /// </summary>
        public static IReadOnlyList<AssertionResult> EvaluateAssertions(PolicyModel model, AddressOwnership addresses, FlowSpace flows)
        {
            var context = new CheckContext(model, addresses, flows, new List<Diagnostic>(), CancellationToken.None);
            return model.Assertions.Select(a => AssertionRules.Verdict(context, a)).ToList();
        }

        /// <summary>
        /// Every test expectation, run as <see cref="Check"/> runs it: against the policy without its quarantines, each marked
        /// <see cref="TestResult.Suspended"/> when it passes so but a quarantine cuts it off while it lasts.
        /// </summary>
        public static IEnumerable<TestResult> RunTests(PolicyModel model, AddressOwnership addresses, FlowSpace flows)
        {
            var context = new CheckContext(model, addresses, flows, new List<Diagnostic>(), CancellationToken.None);
            var design = context.WithoutQuarantines;
            foreach (var r in TestRules.Run(design))
            {
                if (r.Passed && !ReferenceEquals(design, context) && flows.Evaluate(r.Packet).Verdict != r.Expectation.Expected)
                    r.Suspended = true;
                yield return r;
            }
        }
    }
}
