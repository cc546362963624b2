using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PolicyLang.Syntax;
using PolicyLang.Tests.Invariants;
using PolicyLang.Text;
using Xunit;

namespace PolicyLang.Tests.Robustness
{
    /// <summary>
    /// Whatever the input, <see cref="PolicySyntaxTree.Parse(string, string, System.Threading.CancellationToken)"/> returns a
    /// tree that prints back the input, with well-formed diagnostics (at most 200 plus a summary), in bounded time.
    /// Inputs: thousands of seeded mutations of every sample, and a few very large or pathological texts.
    /// </summary>
    public class NeverThrowsTests
    {
        [Fact]
        public void Parse_NeverThrows_OnMutatedSamples()
        {
            var log = new TreeChecks.FailureLog("Parse on mutated samples");
            foreach (var input in FuzzCorpus.SamplesAndMutants)
            {
                log.Checked++;
                var problems = CheckParse(input.Text, ParseGuard.SmallInputTimeout, withSpans: false);
                log.Add(input, problems);
            }
            Assert.True(log.Checked >= 3000, $"expected thousands of inputs, got {log.Checked}");
            log.AssertNone();
        }

        public static IEnumerable<object[]> BigInputNames() => BigInputs.Keys.Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(BigInputNames))]
        public void Parse_NeverThrows_OnBigInput(string name)
        {
            string text = BigInputs[name]();
            var problems = CheckParse(text, ParseGuard.BigInputTimeout, withSpans: true);
            Assert.True(problems.Count == 0,
                $"big input '{name}' (length {text.Length}, base seed {FuzzCorpus.BaseSeed}):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }

        public static IEnumerable<object[]> SampleNames() => FuzzCorpus.Samples.Select(s => new object[] { s.Origin });

        /// <summary>Each sample wrapped in 100,000 unclosed-then-closed braces, after a keyword and bare.</summary>
        [Theory]
        [MemberData(nameof(SampleNames))]
        public void Parse_NeverThrows_OnSampleWrappedInDeepNesting(string origin)
        {
            var sample = FuzzCorpus.Samples.Single(s => s.Origin == origin).Text;
            const int depth = 100_000;
            var open = new string('{', depth);
            var close = new string('}', depth);
            var variants = new Dictionary<string, string>
            {
                ["zone wrapper"] = "zone deep " + open + "\n" + sample + "\n" + close + "\n",
                ["bare braces"] = open + sample + close,
                ["class option after a flow"] = "allow a -> b : ssh class " + open + sample + close,
            };
            var failures = new List<string>();
            foreach (var v in variants)
            {
                var problems = CheckParse(v.Value, ParseGuard.BigInputTimeout, withSpans: true);
                if (problems.Count > 0) failures.Add($"{origin} {v.Key} (depth {depth}): " + string.Join("; ", problems));
            }
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }

        /// <summary>Parses under a timeout and checks the never-throws contract; returns the violations.</summary>
        internal static List<string> CheckParse(string text, TimeSpan timeout, bool withSpans)
        {
            var run = ParseGuard.Run(ct =>
            {
                var tree = PolicySyntaxTree.Parse(text, "fuzz.netpolicy", ct);
                var problems = new List<string>();
                problems.AddRange(TreeChecks.RoundTrip(tree, text));
                problems.AddRange(TreeChecks.DiagnosticsWellFormed(tree, text));
                if (withSpans) problems.AddRange(TreeChecks.Spans(tree, text));
                return problems;
            }, timeout);
            if (!run.Ok) return new List<string> { "Parse " + run.Describe(timeout) };
            return run.Value!;
        }

        private const int MB = 1 << 20;

        /// <summary>Large inputs, built on demand from fixed seeds.</summary>
        internal static readonly Dictionary<string, Func<string>> BigInputs = new Dictionary<string, Func<string>>(StringComparer.Ordinal)
        {
            ["one 10 MB identifier after a keyword"] = () => "zone " + Identifier(10 * MB) + " { }\n",
            ["one 10 MB number"] = () => "ports p = " + new string('7', 10 * MB) + "\n",
            ["one 10 MB line of identifiers and digits"] = () => "service s = " + Words(10 * MB, 1, separator: " ") + "\n",
            ["1 MB comma list of identifiers and digits"] = () => "ports p = " + Words(MB, 2, separator: ", ") + "\n",
            ["1 MB of '{'"] = () => new string('{', MB),
            ["1 MB of '{' after a keyword"] = () => "zone z " + new string('{', MB),
            ["1 MB of '}'"] = () => new string('}', MB),
            ["1 MB of binary garbage decoded as UTF-8"] = () => SourceText.Decode(RandomBytes(MB, 3)),
            ["1 MB of random UTF-16 code units (lone surrogates, NUL, controls)"] = () => RandomChars(MB, 4),
            ["1 MB of '/*' never closed"] = () => "zone z { }\n/*" + Identifier(MB),
            ["1 MB of unterminated strings"] = () => Repeat("description \"open\n", MB),
            ["1 MB of one-line declarations with a bad character each"] = () => Repeat("deny ;\n", MB),
            ["1 MB of reserved words at column 1"] = () => Repeat("zone\n", MB),
            ["1 MB of valid declarations"] = () => Repeat(FuzzCorpus.Samples.First(s => s.Origin.StartsWith("campus", StringComparison.Ordinal)).Text + "\n", MB),
            ["1 MB of NUL"] = () => new string('\0', MB),
            ["1 MB of CR"] = () => new string('\r', MB),
            ["1 MB of ':'"] = () => new string(':', MB),
            ["1 MB of '-'"] = () => "ports p = 1" + new string('-', MB),
        };

        private static string Identifier(int length)
        {
            var sb = new StringBuilder(length);
            const string chars = "abcdefghijklmnopqrstuvwxyz0123456789_";
            sb.Append('x');
            for (int i = 1; i < length; i++) sb.Append(chars[i % chars.Length]);
            return sb.ToString();
        }

        private static string Words(int length, int seed, string separator)
        {
            var r = new Random(seed);
            var sb = new StringBuilder(length + 32);
            while (sb.Length < length)
            {
                if (sb.Length > 0) sb.Append(separator);
                if (r.Next(2) == 0) sb.Append(r.Next(0, 100000));
                else sb.Append("name").Append(r.Next(0, 1000));
            }
            return sb.ToString();
        }

        private static string Repeat(string unit, int length)
        {
            var sb = new StringBuilder(length + unit.Length);
            while (sb.Length < length) sb.Append(unit);
            return sb.ToString();
        }

        private static byte[] RandomBytes(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        private static string RandomChars(int length, int seed)
        {
            var r = new Random(seed);
            var chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = (char)r.Next(0, 0x10000);
            return new string(chars);
        }
    }
}
