using PolicyLang.Semantics;
using PolicyLang.Syntax;
using PolicyLang.Text;

namespace PolicyLang.Operations
{
    /// <summary>
    /// The text edits of <c>policyc quarantine</c>: the overlay's header and entries in canonical layout, the import line
    /// of the entry file, and removing whole lines. Every edit touches only the lines it adds or removes, so the rest of a
    /// file stays byte for byte as it was (comments, layout, line endings).
    /// </summary>
    internal static class QuarantineText
    {
        public const string Marker = "# quarantined ";

        public static string ImportLine(string overlayName) => "import " + StringSyntax.Quote(overlayName);

        /// <summary>What the overlay is and how to undo it, at the top of a new overlay.</summary>
        public static string Header(string newline) => string.Join(newline, new[]
        {
            "# Quarantined addresses. Each one below loses every flow, both ways, on every target that can",
            "# enforce it. Written by 'policyc quarantine'. Release one with",
            "# 'policyc quarantine PATHS --release ADDRESS', then check, build and roll out as usual;",
            "# when the last one goes, this file and its import go too. Runbook: docs/quarantine.md.",
        }) + newline;

        /// <summary>One entry: the comment line saying when, then the declaration.</summary>
        public static string Entry(QuarantineAddress address, string? reason, DateTime? expires, DateTime today, string newline)
        {
            var sb = new StringBuilder(Marker).Append(PolicyClock.Format(today)).Append(" with policyc quarantine").Append(newline);
            sb.Append("quarantine ").Append(address.Text);
            if (reason != null || expires != null)
            {
                sb.Append(" {").Append(newline);
                if (reason != null) sb.Append("  reason ").Append(StringSyntax.Quote(reason)).Append(newline);
                if (expires != null) sb.Append("  expires ").Append(PolicyClock.Format(expires.Value)).Append(newline);
                sb.Append('}');
            }
            return sb.Append(newline).ToString();
        }

        /// <summary>A new overlay (header, blank line, entry), or the existing one with the entry after a blank line.</summary>
        public static string Append(string? existing, string entry, string newline)
        {
            if (existing == null || existing.Trim().Length == 0) return Header(newline) + newline + entry;
            var sb = new StringBuilder(existing);
            if (!EndsWithLineBreak(existing)) sb.Append(newline);
            if (!EndsWithBlankLine(sb.ToString())) sb.Append(newline);
            return sb.Append(entry).ToString();
        }

        /// <summary>The file with the import line after its last import, or after its policy header when it has none.</summary>
        public static string WithImport(PolicySyntaxTree tree, string importLine)
        {
            var text = tree.Text;
            var newline = NewLine(text.Text);
            var last = tree.Declarations.OfType<ImportDeclarationSyntax>().LastOrDefault();
            var anchor = (DeclarationSyntax?)last ?? tree.Declarations.FirstOrDefault(d => d.Kind == SyntaxKind.PolicyDeclaration);
            if (anchor == null) return text.Text + (EndsWithLineBreak(text.Text) || text.Length == 0 ? "" : newline) + importLine + newline;
            int end = anchor.AbsoluteSpan(anchor).End;
            int line = text.GetLineIndex(Math.Max(end - 1, 0));
            int insertAt = line + 1 < text.LineCount ? text.LineStarts[line + 1] : text.Length;
            var before = text.Text.Substring(0, insertAt);
            var insert = (EndsWithLineBreak(before) ? "" : newline) + (last == null ? newline : "") + importLine + newline;
            return before + insert + text.Text.Substring(insertAt);
        }

        /// <summary>
        /// The file without a declaration's lines. With <paramref name="withComments"/>, the comment lines right above it
        /// go too (up to a blank line, never the comment block the file starts with). A blank line left between two
        /// blank lines, or before the end of the file, goes as well, so the file keeps the layout it had before the lines
        /// were added.
        /// </summary>
        public static string WithoutLines(PolicySyntaxTree tree, DeclarationSyntax declaration, bool withComments)
        {
            var text = tree.Text;
            var span = declaration.AbsoluteSpan(declaration);
            int first = text.GetLineIndex(span.Start);
            int last = text.GetLineIndex(Math.Max(span.End - 1, span.Start));
            if (LineText(text, first).Substring(0, span.Start - text.LineStarts[first]).Trim().Length != 0
                || !IsBlankOrComment(LineText(text, last).Substring(span.End - text.LineStarts[last])))
            {
                // Another declaration shares a line with this one (not canonical layout): only the declaration goes.
                return text.Text.Substring(0, span.Start) + text.Text.Substring(span.End);
            }
            if (withComments)
            {
                int top = first;
                while (top > 0 && IsComment(LineText(text, top - 1))) top--;
                // A run of comments that reaches the first line is the file's own header: keep it, but not a marker line.
                if (top == 0) top = first > 0 && LineText(text, first - 1).StartsWith(Marker, StringComparison.Ordinal) ? first - 1 : first;
                first = top;
            }
            bool blankAbove = first > 0 && LineText(text, first - 1).Trim().Length == 0;
            bool blankOrEndBelow = last + 1 >= text.LineCount || LineText(text, last + 1).Trim().Length == 0;
            if (blankAbove && blankOrEndBelow) first--;
            int start = text.LineStarts[first];
            int end = last + 1 < text.LineCount ? text.LineStarts[last + 1] : text.Length;
            return text.Text.Substring(0, start) + text.Text.Substring(end);
        }

        /// <summary>"\r\n" when the text uses it, else "\n".</summary>
        public static string NewLine(string text) => text.IndexOf("\r\n", StringComparison.Ordinal) >= 0 ? "\r\n" : "\n";

        private static string LineText(SourceText text, int line)
        {
            int start = text.LineStarts[line];
            int end = line + 1 < text.LineCount ? text.LineStarts[line + 1] : text.Length;
            return text.Text.Substring(start, end - start).TrimEnd('\r', '\n');
        }

        private static bool IsComment(string line)
        {
            var t = line.TrimStart();
            return t.StartsWith("#", StringComparison.Ordinal) || t.StartsWith("//", StringComparison.Ordinal);
        }

        private static bool IsBlankOrComment(string rest) => rest.Trim().Length == 0 || IsComment(rest);

        private static bool EndsWithLineBreak(string text) => text.Length > 0 && (text[text.Length - 1] == '\n' || text[text.Length - 1] == '\r');

        private static bool EndsWithBlankLine(string text)
        {
            var trimmed = text.TrimEnd(' ', '\t');
            if (!EndsWithLineBreak(trimmed)) return false;
            var withoutLast = trimmed.EndsWith("\r\n", StringComparison.Ordinal) ? trimmed.Substring(0, trimmed.Length - 2) : trimmed.Substring(0, trimmed.Length - 1);
            int lineStart = Math.Max(withoutLast.LastIndexOf('\n'), withoutLast.LastIndexOf('\r')) + 1;
            return withoutLast.Length == 0 || withoutLast.Substring(lineStart).Trim().Length == 0;
        }
    }
}
