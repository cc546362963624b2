using CoreSeverity = PolicyLang.Diagnostics.DiagnosticSeverity;

namespace PolicyLang.LanguageServer.Features
{
    /// <summary>Offsets and spans to LSP positions and ranges and back. Both count UTF-16 code units.</summary>
    public static class Conversions
    {
        public static Position ToPosition(SourceText text, int offset)
        {
            offset = Math.Max(0, Math.Min(offset, text.Length));
            var p = text.GetLinePosition(offset);
            return new Position(p.Line, p.Character);
        }

        public static Range ToRange(SourceText text, TextSpan span) =>
            new Range(ToPosition(text, span.Start), ToPosition(text, span.End));

        /// <summary>
        /// The offset of an LSP position, or null when its line is not in the text or a number is negative. A character
        /// past the end of the line means the end of the line, before its line break (LSP: "If the character value is
        /// greater than the line length it defaults back to the line length").
        /// </summary>
        public static int? ToOffset(SourceText text, Position? position)
        {
            if (position == null || position.Line < 0 || position.Character < 0 || position.Line >= text.LineCount) return null;
            int lineStart = text.LineStarts[position.Line];
            return lineStart + Math.Min(position.Character, LineEnd(text, position.Line) - lineStart);
        }

        /// <summary>
        /// The offset of an edit's position, clamped into the text: a line past the end means the end of the text (editors
        /// may send one), a negative line its start; a character past the end of its line the end of the line, before the
        /// line break (as LSP says), a negative character the line's start.
        /// </summary>
        public static int ToClampedOffset(SourceText text, Position? position)
        {
            if (position == null || position.Line < 0) return 0;
            if (position.Line >= text.LineCount) return text.Length;
            int lineStart = text.LineStarts[position.Line];
            return lineStart + Math.Max(0, Math.Min(position.Character, LineEnd(text, position.Line) - lineStart));
        }

        /// <summary>The span an LSP range covers, each end clamped as <see cref="ToClampedOffset"/> does; a reversed range is put in order.</summary>
        public static TextSpan ToClampedSpan(SourceText text, Range range)
        {
            int start = ToClampedOffset(text, range.Start), end = ToClampedOffset(text, range.End);
            return TextSpan.FromBounds(Math.Min(start, end), Math.Max(start, end));
        }

        /// <summary>The offset of the end of a line's content: before its line break (CR, LF or CRLF).</summary>
        public static int LineEnd(SourceText text, int line)
        {
            int start = text.LineStarts[line];
            int end = line + 1 < text.LineCount ? text.LineStarts[line + 1] : text.Length;
            var chars = text.Text;
            if (end > start && chars[end - 1] == '\n') end--;
            if (end > start && chars[end - 1] == '\r') end--;
            return end;
        }

        public static int ToSeverity(CoreSeverity severity) => severity switch
        {
            CoreSeverity.Error => DiagnosticSeverityCode.Error,
            CoreSeverity.Warning => DiagnosticSeverityCode.Warning,
            CoreSeverity.Info => DiagnosticSeverityCode.Information,
            _ => DiagnosticSeverityCode.Hint,
        };
    }
}
