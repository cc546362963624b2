using System;
using PolicyLang.LanguageServer.Protocol;
using Range = PolicyLang.LanguageServer.Protocol.Range;
using PolicyLang.Text;
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

        /// <summary>The offset of an LSP position, or null when the position lies outside the text.</summary>
        public static int? ToOffset(SourceText text, Position? position)
        {
            if (position == null || position.Line < 0 || position.Character < 0 || position.Line >= text.LineCount) return null;
            int lineStart = text.LineStarts[position.Line];
            int lineEnd = position.Line + 1 < text.LineCount ? text.LineStarts[position.Line + 1] : text.Length;
            long offset = (long)lineStart + position.Character;
            return offset > lineEnd ? (int?)null : (int)offset;
        }

        /// <summary>The offset of an edit's position, clamped into the text (editors may send a line past the end).</summary>
        public static int ToClampedOffset(SourceText text, Position? position) =>
            position == null ? 0 : text.GetPosition(position.Line, position.Character);

        public static int ToSeverity(CoreSeverity severity) => severity switch
        {
            CoreSeverity.Error => DiagnosticSeverityCode.Error,
            CoreSeverity.Warning => DiagnosticSeverityCode.Warning,
            CoreSeverity.Info => DiagnosticSeverityCode.Information,
            _ => DiagnosticSeverityCode.Hint,
        };
    }
}
