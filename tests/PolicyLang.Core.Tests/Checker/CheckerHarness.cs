using System;
using System.Collections.Generic;
using System.Linq;
using PolicyLang.Diagnostics;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using Xunit;

namespace PolicyLang.Tests.Checker
{
    /// <summary>A compiled snippet (or set of files) and the source text of each file, for span assertions.</summary>
    internal sealed class Compiled
    {
        public Compiled(PolicyCompilation compilation, IReadOnlyDictionary<string, string> sources)
        {
            Compilation = compilation;
            Sources = sources;
        }

        public PolicyCompilation Compilation { get; }
        public IReadOnlyDictionary<string, string> Sources { get; }
        /// <summary>The policy's own diagnostics (binder and checker); target validation has tests of its own.</summary>
        public IReadOnlyList<Diagnostic> Diagnostics => Compilation.PolicyDiagnostics;

        public IReadOnlyList<Diagnostic> All(string code) => Diagnostics.Where(d => d.Id == code).ToList();

        /// <summary>The one diagnostic with this code; fails (listing every diagnostic) when there is none or several.</summary>
        public Diagnostic Single(string code)
        {
            var found = All(code);
            Assert.True(found.Count == 1, "expected exactly one " + code + ", got " + found.Count + ":\n" + Dump());
            return found[0];
        }

        public void None(string code) =>
            Assert.True(All(code).Count == 0, "expected no " + code + ", got:\n" + Dump());

        /// <summary>No diagnostic of any kind.</summary>
        public void Clean() => Assert.True(Diagnostics.Count == 0, "expected no diagnostics, got:\n" + Dump());

        public string SpanText(Diagnostic d) => Sources[d.Path].Substring(d.Span.Start, d.Span.Length);

        /// <summary>
        /// Asserts the diagnostic covers exactly the <paramref name="occurrence"/>-th (1-based) occurrence of
        /// <paramref name="expected"/> in its file: both the text at the span and its position.
        /// </summary>
        /// <remarks>With a <paramref name="prefix"/>, the occurrence searched for is prefix + expected, so that a short
        /// token ("0", "s") is located by its context ("vlan 0").</remarks>
        public void AssertSpan(Diagnostic d, string expected, int occurrence = 1, string prefix = "")
        {
            Assert.Equal(expected, SpanText(d));
            Assert.Equal(CheckerHarness.IndexOf(Sources[d.Path], prefix + expected, occurrence) + prefix.Length, d.Span.Start);
        }

        /// <summary>The one diagnostic with this code, checked for span text, position, full message and severity.</summary>
        public Diagnostic Expect(string code, string spanText, string message, int occurrence = 1, string prefix = "")
        {
            var d = Single(code);
            AssertSpan(d, spanText, occurrence, prefix);
            Assert.Equal(message, d.Message);
            Assert.Equal(CheckerHarness.SeverityOf(code), d.Severity);
            return d;
        }

        public string Dump() => Diagnostics.Count == 0
            ? "  (none)"
            : string.Join("\n", Diagnostics.Select(d => "  " + d.Id + " " + d.Path + " [" + SpanText(d) + "] " + d.Message));
    }

    internal static class CheckerHarness
    {
        public const string DefaultPath = "p.netpolicy";

        public static Compiled Compile(string text) => Compile((DefaultPath, text));

        /// <summary>Several files, parsed with distinct paths and compiled as one policy (imports resolve by path).</summary>
        public static Compiled Compile(params (string Path, string Text)[] files)
        {
            var trees = files.Select(f => PolicySyntaxTree.Parse(f.Text, f.Path)).ToList();
            var syntax = trees.SelectMany(t => t.Diagnostics).ToList();
            Assert.True(syntax.Count == 0, "test snippet has syntax errors: " + string.Join("; ", syntax.Select(d => d.ToString())));
            var sources = files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);
            return new Compiled(PolicyCompilation.Create(trees), sources);
        }

        public static int IndexOf(string text, string value, int occurrence)
        {
            int at = -1;
            for (int i = 0; i < occurrence; i++)
            {
                at = text.IndexOf(value, at + 1, StringComparison.Ordinal);
                Assert.True(at >= 0, "'" + value + "' occurs fewer than " + occurrence + " times in the snippet");
            }
            return at;
        }

        public static DiagnosticSeverity SeverityOf(string code) =>
            (DiagnosticCatalog.Find(code) ?? throw new ArgumentException("no such code " + code)).DefaultSeverity;

        /// <summary>Two internal zones, a (10.0.0.0/24) and b (10.1.0.0/24), as a base for flow snippets.</summary>
        public const string TwoZones =
            "zone a {\n" +
            "  subnet 10.0.0.0/24\n" +
            "}\n" +
            "zone b {\n" +
            "  subnet 10.1.0.0/24\n" +
            "}\n";
    }
}
