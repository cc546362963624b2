using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using PolicyLang.TestSupport;
using Xunit;

namespace PolicyLang.Analyzers.Tests
{
    /// <summary>Tests that set POLICYLANG_TODAY for the whole process: they run alone, after the others.</summary>
    [CollectionDefinition("process environment", DisableParallelization = true)]
    public sealed class ProcessEnvironmentCollection { }

    /// <summary>
    /// policyc and the build task stop on a POLICYLANG_TODAY that is not a day (NP9003). An analyzer inside a compiler cannot
    /// stop: it checks against the real day and reports NP9003, so the build still says why expiry dates were judged as they were.
    /// </summary>
    [Collection("process environment")]
    public sealed class PolicyTodayTests
    {
        private const string Policy = "zone a { subnet 10.0.0.0/24 }\nzone b { subnet 10.1.0.0/24 }\nallow a -> b : tcp/22\n";

        private static CSharpAnalyzerTest<PolicyAnalyzer, DefaultVerifier> Test()
        {
            var test = new CSharpAnalyzerTest<PolicyAnalyzer, DefaultVerifier> { ReferenceAssemblies = References.None, TestCode = "public class Consumer { }" };
            test.TestState.AdditionalReferences.AddRange(References.Net80);
            test.TestState.AdditionalFiles.Add(("/src/main.netpolicy", Policy));
            return test;
        }

        [Fact]
        public async Task A_POLICYLANG_TODAY_that_is_not_a_day_is_reported_as_NP9003()
        {
            var previous = Environment.GetEnvironmentVariable("POLICYLANG_TODAY");
            try
            {
                Environment.SetEnvironmentVariable("POLICYLANG_TODAY", "next-tuesday");
                var bad = Test();
                bad.ExpectedDiagnostics.Add(new DiagnosticResult("NP9003", DiagnosticSeverity.Error)
                    .WithMessage("POLICYLANG_TODAY is 'next-tuesday', not a day written YYYY-MM-DD: set it to a day such as 2027-01-31, or unset it to take today's UTC date"));
                await bad.RunAsync();

                Environment.SetEnvironmentVariable("POLICYLANG_TODAY", "2026-03-01");
                await Test().RunAsync();
            }
            finally
            {
                Environment.SetEnvironmentVariable("POLICYLANG_TODAY", previous);
            }
        }
    }
}
