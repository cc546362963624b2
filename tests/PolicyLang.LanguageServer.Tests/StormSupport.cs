using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using PolicyLang.Semantics;
using PolicyLang.Workspace;

namespace PolicyLang.LanguageServer.Tests
{
    /// <summary>
    /// A document's text as an LSP client keeps it, written from the specification, not from the server: line breaks
    /// are CR, LF and CRLF; positions count UTF-16 code units; a character past the end of its line means the end of
    /// the line, before its break ("If the character value is greater than the line length it defaults back to the line
    /// length"). What the specification leaves open follows the server's documented choice: a line past the end means
    /// the end of the text, negative numbers mean 0, and a reversed range is the same range forwards.
    /// </summary>
    internal sealed class LspText
    {
        private int[]? _lineStarts;

        public LspText(string text)
        {
            Text = text;
        }

        public string Text { get; private set; }

        public int[] LineStarts => _lineStarts ??= ComputeLineStarts(Text);

        public int LineCount => LineStarts.Length;

        /// <summary>The length of a line's content, without its line break.</summary>
        public int LineLength(int line) => ContentEnd(line) - LineStarts[line];

        private int ContentEnd(int line)
        {
            int start = LineStarts[line];
            int end = line + 1 < LineCount ? LineStarts[line + 1] : Text.Length;
            if (end > start && Text[end - 1] == '\n') end--;
            if (end > start && Text[end - 1] == '\r') end--;
            return end;
        }

        public int OffsetOf(int line, int character)
        {
            if (line < 0) return 0;
            if (line >= LineCount) return Text.Length;
            return LineStarts[line] + Math.Clamp(character, 0, LineLength(line));
        }

        /// <summary>The position of an offset: its line and its UTF-16 distance from the line's start.</summary>
        public (int Line, int Character) PositionOf(int offset)
        {
            int index = Array.BinarySearch(LineStarts, offset);
            int line = index >= 0 ? index : ~index - 1;
            return (line, offset - LineStarts[line]);
        }

        /// <summary>Applies one content change: a range and its new text, or (range null) the whole new text.</summary>
        public void Apply((int Line, int Character)? start, (int Line, int Character)? end, string newText)
        {
            if (start == null || end == null)
            {
                Text = newText;
            }
            else
            {
                int a = OffsetOf(start.Value.Line, start.Value.Character);
                int b = OffsetOf(end.Value.Line, end.Value.Character);
                if (b < a) (a, b) = (b, a);
                Text = string.Concat(Text.AsSpan(0, a), newText, Text.AsSpan(b));
            }
            _lineStarts = null;
        }

        private static int[] ComputeLineStarts(string text)
        {
            var starts = new List<int> { 0 };
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\r')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                    starts.Add(i + 1);
                }
                else if (text[i] == '\n')
                {
                    starts.Add(i + 1);
                }
            }
            return starts.ToArray();
        }
    }

    /// <summary>One published diagnostic as the test compares it: code, range and message.</summary>
    internal sealed record LspDiagnosticKey(string Code, int StartLine, int StartCharacter, int EndLine, int EndCharacter, string Message)
    {
        public override string ToString() =>
            FormattableString.Invariant($"{Code} ({StartLine},{StartCharacter})-({EndLine},{EndCharacter}) {Malformed.Printable(Message)}");

        public static List<LspDiagnosticKey> FromPublish(JsonObject publish) =>
            publish["diagnostics"]!.AsArray().Select(d => new LspDiagnosticKey(
                (string)d!["code"]!,
                (int)d["range"]!["start"]!["line"]!, (int)d["range"]!["start"]!["character"]!,
                (int)d["range"]!["end"]!["line"]!, (int)d["range"]!["end"]!["character"]!,
                (string)d["message"]!)).OrderBy(k => k.ToString(), StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// What <c>policyc check</c> reports for a document, computed the way the CLI does it (<see cref="PolicySourceSet.Load"/>
    /// following imports on disk, <see cref="PolicyCompilation.FromSourceSet"/>), except that the document itself is read
    /// from memory, so that its text reaches the core exactly (a file would lose a leading BOM or a lone surrogate).
    /// </summary>
    internal static class CoreCheck
    {
        public static List<LspDiagnosticKey> Diagnostics(string path, string text)
        {
            var set = PolicySourceSet.Load(new[] { path }, new OverlayFileSystem(path, text));
            if (set.InputErrors.Count > 0) throw new InvalidOperationException(string.Join("; ", set.InputErrors));
            var compilations = PolicyCompilation.FromSourceSet(set);
            var lsp = new LspText(text);
            return compilations
                .SelectMany(c => c.Diagnostics)
                .Where(d => d.Path == path)
                .Select(d =>
                {
                    var (l0, c0) = lsp.PositionOf(d.Span.Start);
                    var (l1, c1) = lsp.PositionOf(d.Span.End);
                    return new LspDiagnosticKey(d.Id, l0, c0, l1, c1, OnTheWire(d.Message));
                })
                .OrderBy(k => k.ToString(), StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>A string as JSON in UTF-8 can carry it: a lone surrogate becomes U+FFFD.</summary>
        public static string OnTheWire(string s)
        {
            var sb = new StringBuilder(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    sb.Append(s[i]).Append(s[i + 1]);
                    i++;
                }
                else sb.Append(char.IsSurrogate(s[i]) ? '\uFFFD' : s[i]);
            }
            return sb.ToString();
        }

        private sealed class OverlayFileSystem : IPolicyFileSystem
        {
            private readonly string _path;
            private readonly string _text;

            public OverlayFileSystem(string path, string text)
            {
                _path = path;
                _text = text;
            }

            private bool IsDocument(string path)
            {
                try { return Path.GetFullPath(path) == _path; }
                catch (ArgumentException) { return false; }
            }

            public bool FileExists(string path) => IsDocument(path) || PhysicalFileSystem.Instance.FileExists(path);

            public bool DirectoryExists(string path) => PhysicalFileSystem.Instance.DirectoryExists(path);

            public bool TryReadFile(string path, out string text, out string error)
            {
                if (IsDocument(path))
                {
                    text = _text;
                    error = "";
                    return true;
                }
                return PhysicalFileSystem.Instance.TryReadFile(path, out text, out error);
            }

            public IEnumerable<string> EnumeratePolicyFiles(string directory) => PhysicalFileSystem.Instance.EnumeratePolicyFiles(directory);

            public string GetFullPath(string path) => PhysicalFileSystem.Instance.GetFullPath(path);
        }
    }
}
