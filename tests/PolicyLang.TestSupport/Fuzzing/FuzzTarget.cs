using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PolicyLang.Diagnostics;
using PolicyLang.Emit;
using PolicyLang.Formatting;
using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.Text;
using PolicyLang.Workspace;

namespace PolicyLang.TestSupport.Fuzzing
{
    /// <summary>What a fuzz input may exercise: the front end alone, or the front end and every target's emit.</summary>
    public enum FuzzStage
    {
        Check,
        Build,
    }

    /// <summary>
    /// Runs one fuzz input through the whole core as the CLI does (load with imports, parse, bind, check with target
    /// validation, run the policy's tests, format clean trees, and build every target of an error-free policy) and
    /// returns the violated invariants. An exception is a finding too; it propagates to the caller.
    /// An input holds one or more files: a line <c>//@file NAME</c> starts a file; text before the first such line
    /// is <c>main.netpolicy</c>. Files live in memory under <see cref="Root"/>; nothing on disk is read.
    /// </summary>
    public static class FuzzTarget
    {
        public const string Root = "/fuzz/policy";
        public const string FileMarker = "//@file ";

        /// <summary>Inputs larger than this are cut (the engine never makes them; seeds may be).</summary>
        public const int MaxInputChars = 256 * 1024;

        public static MemoryFileSystem Files(string input)
        {
            var fs = new MemoryFileSystem(Root);
            string name = "main.netpolicy";
            var sb = new StringBuilder();
            int i = 0;
            while (i <= input.Length)
            {
                int eol = input.IndexOf('\n', i);
                int end = eol < 0 ? input.Length : eol + 1;
                var line = input.Substring(i, end - i);
                if (line.StartsWith(FileMarker, StringComparison.Ordinal))
                {
                    if (sb.Length > 0 || name != "main.netpolicy") fs.Add(name, sb.ToString());
                    sb.Clear();
                    name = SafeName(line.Substring(FileMarker.Length).Trim());
                }
                else
                {
                    sb.Append(line);
                }
                if (eol < 0) break;
                i = end;
            }
            fs.Add(name, sb.ToString());
            return fs;
        }

        /// <summary>A file name for the in-memory tree: the marker line is the fuzzer's, not the policy's, so it stays tame.</summary>
        private static string SafeName(string name)
        {
            var sb = new StringBuilder();
            foreach (var c in name)
                if (char.IsLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.' || c == '/') sb.Append(c);
            var s = sb.ToString().Replace("..", "_").Trim('/');
            if (s.Length == 0) s = "file";
            if (!s.EndsWith(".netpolicy", StringComparison.Ordinal)) s += ".netpolicy";
            return s;
        }

        /// <summary>Runs the input; returns the invariant violations (empty when all hold).</summary>
        public static List<string> Run(string input, FuzzStage stage = FuzzStage.Build)
        {
            if (input.Length > MaxInputChars) input = input.Substring(0, MaxInputChars);
            var problems = new List<string>();
            var fs = Files(input);
            var set = PolicySourceSet.Load(new[] { Root }, fs);
            foreach (var tree in set.Trees)
            {
                if (tree.ToFullString() != tree.Text.Text) problems.Add("tree of " + tree.Path + " does not print back to its text");
                CheckIncremental(tree, problems);
                CheckDiagnostics(tree.Diagnostics, fs, problems, "syntax");
                if (tree.Diagnostics.Count == 0)
                {
                    var formatted = PolicyFormatter.Format(tree);
                    var again = PolicySyntaxTree.Parse(formatted, tree.Path);
                    if (again.Diagnostics.Count > 0) problems.Add("formatted " + tree.Path + " has diagnostics: " + again.Diagnostics[0]);
                    else if (PolicyFormatter.Format(again) != formatted) problems.Add("formatting " + tree.Path + " is not idempotent");
                }
            }
            var compilations = PolicyCompilation.FromSourceSet(set);
            foreach (var compilation in compilations)
            {
                CheckDiagnostics(compilation.Diagnostics, fs, problems, "check");
                compilation.RunTests();
            }
            var checkErrors = new HashSet<string>(PolicyBuilder.Check(compilations).Where(d => d.IsError).Select(Key), StringComparer.Ordinal);
            if (stage == FuzzStage.Build)
            {
                var result = PolicyBuilder.Build(compilations);
                CheckDiagnostics(result.Diagnostics, fs, problems, "build");
                foreach (var d in result.Diagnostics.Where(d => d.IsError))
                    if (!checkErrors.Contains(Key(d))) problems.Add("build reports an error that check does not: " + d);
            }
            return problems;
        }

        /// <summary>
        /// An edit chosen from the text itself (so the input decides it): re-parsing incrementally, as the language server
        /// does on every keystroke, must give what parsing the edited text from scratch gives.
        /// </summary>
        private static void CheckIncremental(PolicySyntaxTree tree, List<string> problems)
        {
            var text = tree.Text.Text;
            uint h = 2166136261;
            foreach (var c in text) h = (h ^ c) * 16777619;
            int start = text.Length == 0 ? 0 : (int)(h % (uint)(text.Length + 1));
            int length = (int)((h >> 8) % 4);
            if (start + length > text.Length) length = text.Length - start;
            var insert = Mutator.Dictionary[(int)((h >> 16) % (uint)Mutator.Dictionary.Length)] + ((h & 1) == 0 ? "\n" : " ");
            var edited = tree.WithChange(new TextChange(new TextSpan(start, length), insert));
            var fresh = PolicySyntaxTree.Parse(text.Substring(0, start) + insert + text.Substring(start + length), tree.Path);
            if (edited.ToFullString() != fresh.Text.Text) problems.Add("incremental re-parse of " + tree.Path + " does not print back to the edited text");
            var a = string.Join("\n", edited.Diagnostics.Select(d => d.Span + d.Id + d.Message));
            var b = string.Join("\n", fresh.Diagnostics.Select(d => d.Span + d.Id + d.Message));
            if (a != b) problems.Add("incremental re-parse of " + tree.Path + " gives other diagnostics than a full parse");
        }

        private static string Key(Diagnostic d) => d.Path + "|" + d.Span.Start + "|" + d.Span.Length + "|" + d.Id + "|" + d.Message;

        /// <summary>Every diagnostic lies inside its file and is one line of printable text.</summary>
        private static void CheckDiagnostics(IEnumerable<Diagnostic> diagnostics, MemoryFileSystem fs, List<string> problems, string phase)
        {
            foreach (var d in diagnostics)
            {
                if (fs.TryReadFile(d.Path, out var text, out _))
                {
                    if (d.Span.Start < 0 || d.Span.End > text.Length) problems.Add(phase + ": span out of the file: " + d.Id + " " + d.Span + " in " + text.Length + " chars");
                }
                else if (d.Path.Length > 0 && d.Id != "NP9001")
                {
                    problems.Add(phase + ": diagnostic in a file that does not exist: " + d.Id + " at " + Printable(d.Path));
                }
                foreach (var c in d.Message)
                {
                    if (char.IsControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069'))
                    {
                        problems.Add(phase + ": " + d.Id + " message carries the raw character U+" + ((int)c).ToString("X4") + ": " + Printable(d.Message));
                        break;
                    }
                }
            }
        }

        public static string Printable(string s)
        {
            var sb = new StringBuilder();
            foreach (var c in s.Length > 200 ? s.Substring(0, 200) + "…" : s)
                sb.Append(c < 0x20 || c == 0x7F || (c >= 0x2028 && c <= 0x202E) ? "\\u" + ((int)c).ToString("X4") : c.ToString());
            return sb.ToString();
        }
    }
}
