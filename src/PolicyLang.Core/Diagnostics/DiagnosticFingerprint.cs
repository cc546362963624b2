using PolicyLang.Text;

namespace PolicyLang.Diagnostics
{
    /// <summary>
    /// A diagnostic's identity across edits: the rule, the file (as the caller names it, e.g. relative to the policy's
    /// folder) and the text of the diagnostic's line and of each related location's line, trimmed; never line numbers or
    /// the message (messages name other flows by line). Identical keys are told apart by their order, so one instance of
    /// <see cref="DiagnosticFingerprint"/> fingerprints one run's diagnostics. SARIF's partialFingerprints and
    /// <c>policyc diff</c>'s new and resolved diagnostics both use it.
    /// </summary>
    public sealed class DiagnosticFingerprint(Func<string, string> fileKey, Func<string, SourceText?> textOf)
    {
        private readonly Dictionary<string, int> _seen = new Dictionary<string, int>(StringComparer.Ordinal);

        /// <summary>32 lowercase hex digits (the first 128 bits of a SHA-256).</summary>
        public string Of(Diagnostic d)
        {
            var key = new StringBuilder(d.Id).Append('\n').Append(fileKey(d.Path)).Append('\n').Append(LineText(d.Path, d.Span));
            foreach (var r in d.Related) key.Append('\n').Append(fileKey(r.Path)).Append(' ').Append(LineText(r.Path, r.Span));
            var k = key.ToString();
            _seen.TryGetValue(k, out int n);
            _seen[k] = n + 1;
            var hash = PolicyLang.Text.Sha256.Hash(Encoding.UTF8.GetBytes(k + "\n" + n.ToString(CultureInfo.InvariantCulture)));
            return PolicyLang.Text.Sha256.Hex(hash, 16);
        }

        /// <summary>The trimmed text of the line a span starts on ("" when the file is unknown).</summary>
        public static string LineText(SourceText? text, TextSpan span)
        {
            if (text == null || span.Start > text.Length) return "";
            int index = text.GetLineIndex(span.Start);
            int start = text.LineStarts[index];
            int end = index + 1 < text.LineCount ? text.LineStarts[index + 1] : text.Length;
            return text.Text.Substring(start, end - start).Trim();
        }

        private string LineText(string path, TextSpan span) => LineText(textOf(path), span);
    }
}
