using PolicyLang.Diagnostics;
using PolicyLang.Parsing;
using PolicyLang.Text;

namespace PolicyLang.Syntax
{
    /// <summary>
    /// The syntax tree of one file. A tree always exists, whatever the input; problems are diagnostics.
    /// Printing the tree gives back the source byte for byte.
    /// </summary>
    public sealed class PolicySyntaxTree
    {
        /// <summary>Past this many syntax errors in one file, the rest are counted, not listed.</summary>
        public const int MaxReportedErrors = 200;

        private IReadOnlyList<Diagnostic>? _diagnostics;

        private PolicySyntaxTree(SourceText text, IReadOnlyList<DeclarationSyntax> declarations, EndOfFileSyntax endOfFile)
        {
            Text = text;
            Declarations = declarations;
            EndOfFile = endOfFile;
        }

        public SourceText Text { get; }
        public string Path => Text.Path;

        /// <summary>Top-level declarations in source order, error declarations included.</summary>
        public IReadOnlyList<DeclarationSyntax> Declarations { get; }

        /// <summary>Trivia after the last declaration.</summary>
        public EndOfFileSyntax EndOfFile { get; }

        public static PolicySyntaxTree Parse(string text, string path = "", CancellationToken cancellationToken = default) =>
            Parse(new SourceText(text, path), cancellationToken);

        public static PolicySyntaxTree Parse(SourceText text, CancellationToken cancellationToken = default)
        {
            var (declarations, eof, _) = SyntaxParser.ParseRange(text.Text, 0, text.Length, withEndOfFile: true, cancellationToken);
            return new PolicySyntaxTree(text, declarations, eof!);
        }

        /// <summary>
        /// The tree after an edit. When the edit lies inside one declaration and does not move any declaration
        /// boundary, only that declaration is lexed and parsed again; every other declaration node is reused.
        /// </summary>
        public PolicySyntaxTree WithChange(TextChange change, CancellationToken cancellationToken = default)
        {
            var newText = Text.WithChange(change);
            int index = FindEnclosingDeclaration(change.Span);
            if (index >= 0 && CanReparseAlone(index))
            {
                var old = Declarations[index];
                int start = old.Start;
                int end = old.Start + old.FullSpan.End + change.Delta;
                bool endsAtLineBreak = end == newText.Length || (end > start && (newText[end - 1] == '\n' || newText[end - 1] == '\r'));
                if (endsAtLineBreak && !(end < newText.Length && newText[end - 1] == '\r' && newText[end] == '\n'))
                {
                    var following = index + 1 < Declarations.Count ? Declarations[index + 1].FirstToken?.Text : null;
                    var (reparsed, _, clean) = SyntaxParser.ParseRange(newText.Text, start, end, withEndOfFile: false, cancellationToken, following);
                    if (clean && reparsed.Count == 1 && reparsed[0].FullSpan.End == end - start
                        && !(reparsed[0] is ErrorDeclarationSyntax e && e.RecognizedKeyword == null)
                        && !(index > 0 && (reparsed[0].Keyword?.Text == "class" || IsContextual(reparsed[0]))))
                    {
                        var list = new DeclarationSyntax[Declarations.Count];
                        for (int i = 0; i < list.Length; i++)
                        {
                            var d = Declarations[i];
                            list[i] = i < index ? d : i == index ? reparsed[0] : d.WithStart(d.Start + change.Delta);
                        }
                        var eof = (EndOfFileSyntax)EndOfFile.WithStart(EndOfFile.Start + change.Delta);
                        return new PolicySyntaxTree(newText, list, eof);
                    }
                }
            }
            return ReparseWindow(change, newText, cancellationToken) ?? Parse(newText, cancellationToken);
        }

        /// <summary>
        /// An edit at or across declaration boundaries (typing on a new line between two declarations, deleting a line
        /// break, pasting a block) re-parses the run of declarations from the last one that starts before the edit to
        /// the first one that ends after it. The result is the full parse's when the run starts where a full parse
        /// would start a declaration and ends cleanly at a line break at brace depth 0; otherwise null.
        /// </summary>
        private PolicySyntaxTree? ReparseWindow(TextChange change, SourceText newText, CancellationToken cancellationToken)
        {
            int count = Declarations.Count;
            if (count == 0) return null;
            int a = -1;
            for (int lo = 0, hi = count - 1; lo <= hi;)
            {
                int mid = (lo + hi) / 2;
                if (Declarations[mid].Start < change.Span.Start) { a = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            if (a < 0) a = 0;
            int b = -1;
            for (int lo = a, hi = count - 1; lo <= hi;)
            {
                int mid = (lo + hi) / 2;
                if (Declarations[mid].Start + Declarations[mid].FullSpan.End > change.Span.End) { b = mid; hi = mid - 1; }
                else lo = mid + 1;
            }
            if (!CanReparseAlone(a)) return null;
            if (a > 0 && Declarations[a].Start >= change.Span.Start) return null;
            int start = Declarations[a].Start;
            if (b < 0)
            {
                // The edit reaches the trailing trivia of the file: re-parse from declaration a to the end.
                var (tail, tailEof, _) = SyntaxParser.ParseRange(newText.Text, start, newText.Length, withEndOfFile: true, cancellationToken);
                if (tailEof == null) return null;
                if (a > 0 && tail.Count > 0 && (tail[0].Start != start
                    || tail[0] is ErrorDeclarationSyntax te && te.RecognizedKeyword == null || tail[0].Keyword?.Text == "class" || IsContextual(tail[0])))
                    return null;
                var head = new List<DeclarationSyntax>(a + tail.Count);
                for (int i = 0; i < a; i++) head.Add(Declarations[i]);
                head.AddRange(tail);
                return new PolicySyntaxTree(newText, head, tailEof);
            }
            int end = Declarations[b].Start + Declarations[b].FullSpan.End + change.Delta;
            if (end <= start || end > newText.Length) return null;
            bool endsAtLineBreak = end == newText.Length || newText[end - 1] == '\n' || newText[end - 1] == '\r';
            if (!endsAtLineBreak || (end < newText.Length && newText[end - 1] == '\r' && newText[end] == '\n')) return null;
            var following = b + 1 < count ? Declarations[b + 1].FirstToken?.Text : null;
            var (reparsed, _, clean) = SyntaxParser.ParseRange(newText.Text, start, end, withEndOfFile: false, cancellationToken, following);
            if (!clean || reparsed.Count == 0) return null;
            var last = reparsed[reparsed.Count - 1];
            if (reparsed[0].Start != start || last.Start + last.FullSpan.End != end) return null;
            if (a > 0 && (reparsed[0] is ErrorDeclarationSyntax e && e.RecognizedKeyword == null || reparsed[0].Keyword?.Text == "class" || IsContextual(reparsed[0])))
                return null;
            var list = new List<DeclarationSyntax>(count - (b - a + 1) + reparsed.Count);
            for (int i = 0; i < a; i++) list.Add(Declarations[i]);
            list.AddRange(reparsed);
            for (int i = b + 1; i < count; i++) list.Add(Declarations[i].WithStart(Declarations[i].Start + change.Delta));
            var eof = (EndOfFileSyntax)EndOfFile.WithStart(EndOfFile.Start + change.Delta);
            return new PolicySyntaxTree(newText, list, eof);
        }

        /// <summary>
        /// Whether a declaration's boundaries depend only on its own text: not when the one before it is broken
        /// (an unclosed block ends only at a reserved word in column 1) or when it is a class after a flow.
        /// </summary>
        private bool CanReparseAlone(int index)
        {
            if (index == 0) return true;
            var previous = Declarations[index - 1];
            if (previous is ErrorDeclarationSyntax) return false;
            // 'quarantine' and 'baseline' start a declaration only before an address, a name or '{': an edit may undo that.
            if (IsContextual(Declarations[index])) return false;
            return !(previous is FlowDeclarationSyntax && Declarations[index].Keyword?.Text == "class");
        }

        /// <summary>A declaration that starts with a contextual word: whether it starts one depends on the tokens after it.</summary>
        private static bool IsContextual(DeclarationSyntax d) =>
            d.Keyword is { Kind: SyntaxKind.IdentifierToken } k && SyntaxFacts.IsContextualDeclarationWord(k.Text);

        /// <summary>The index of the declaration whose text strictly contains the span, or -1.</summary>
        private int FindEnclosingDeclaration(TextSpan span)
        {
            int lo = 0, hi = Declarations.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                var d = Declarations[mid];
                int start = d.Start, end = d.Start + d.FullSpan.End;
                if (span.End <= start) hi = mid - 1;
                else if (span.Start >= end) lo = mid + 1;
                else return span.Start > start && span.End < end ? mid : -1;
            }
            return -1;
        }

        /// <summary>Lexer and parser diagnostics with absolute spans and this file's path, in source order.</summary>
        public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics ??= CollectDiagnostics();

        private IReadOnlyList<Diagnostic> CollectDiagnostics()
        {
            var all = new List<Diagnostic>();
            foreach (var d in Declarations.Concat(new DeclarationSyntax[] { EndOfFile }))
                foreach (var diag in d.ParseDiagnostics)
                    all.Add(new Diagnostic(diag.Descriptor, diag.Severity, Path, diag.Span.Shift(d.Start), diag.Message));
            all.Sort();
            if (all.Count > MaxReportedErrors)
            {
                int hidden = all.Count - MaxReportedErrors;
                var last = all[MaxReportedErrors - 1];
                all.RemoveRange(MaxReportedErrors, hidden);
                all.Add(Diagnostic.Create(DiagnosticCatalog.TooManyErrors, Path, new TextSpan(last.Span.End, 0), hidden));
            }
            return all;
        }

        public bool HasErrors => Diagnostics.Any(d => d.IsError);

        public string ToFullString()
        {
            var sb = new StringBuilder(Text.Length);
            foreach (var d in Declarations) d.WriteTo(sb);
            EndOfFile.WriteTo(sb);
            return sb.ToString();
        }

        /// <summary>The declaration that contains an absolute position, or null.</summary>
        public DeclarationSyntax? DeclarationAt(int position)
        {
            foreach (var d in Declarations)
                if (position >= d.Start && position < d.Start + d.FullSpan.End) return d;
            return null;
        }
    }
}
