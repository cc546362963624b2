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
            // Not on a pool thread (a language server's or an analyzer host's request): the other half would be queued to the pool
            // among the host's other work, and this thread would wait for it once started. When the first half's thread still
            // waited for an unstarted half too (before ParseInHalves took it back), a cancellation in the language server came
            // too late in 4 runs of 8 (its test of a cancelled long request); with the split left to other callers, in none of 10.
            if (text.Length >= SplitLength && Environment.ProcessorCount > 1 && !Thread.CurrentThread.IsThreadPoolThread
                && ParseInHalves(text, text.Length / 2, cancellationToken) is { } halves)
                return halves;
            return ParseWhole(text, cancellationToken);
        }

        /// <summary>The tree of the whole text parsed as one range.</summary>
        internal static PolicySyntaxTree ParseWhole(SourceText text, CancellationToken cancellationToken = default)
        {
            var (declarations, eof, _) = SyntaxParser.ParseRange(text.Text, 0, text.Length, withEndOfFile: true, cancellationToken);
            return new PolicySyntaxTree(text, declarations, eof!);
        }

        /// <summary>From this many characters on (a policy of about 15,000 lines), a file is lexed in two halves at once.</summary>
        internal const int SplitLength = 512 * 1024;

        /// <summary>
        /// The tree of a large file parsed as two ranges at once, split at a declaration boundary after <paramref name="near"/>;
        /// null when no boundary is found or the halves do not join as a whole parse would (then the caller parses it whole).
        /// Lexing and finding the declarations run on one thread per range (the declarations themselves are parsed in parallel
        /// either way): a 100,000-line policy's check spent about 7 % of its time lexing on one core while the other waited.
        /// <para>
        /// The halves give the whole parse's tree when the first ends cleanly (every block closed, no comment left open, no
        /// trivia after its last declaration) and the second starts with a declaration at the split: the whole parse is then at
        /// brace depth 0 there, with a reserved word (not 'class', not a contextual word) first on its line, and starts a
        /// declaration there too; the lexer starts the line in the same state (only block comments span lines). The split sits
        /// where the previous declaration's trailing trivia ends: the blank and comment lines before the reserved word are the
        /// next declaration's leading trivia, as in the whole parse.
        /// </para>
        /// </summary>
        internal static PolicySyntaxTree? ParseInHalves(SourceText text, int near, CancellationToken cancellationToken)
        {
            var s = text.Text;
            int split = SplitPoint(s, near, out var keyword);
            if (split <= 0) return null;
            // The second half is offered to the pool and the first parsed here; whichever thread claims the second first parses it.
            // This thread takes it back when the pool has not started it by the time the first is done: a pool busy with other
            // work (a test run's other tests, a host's requests) queues the item behind all of theirs, and a wait for it took
            // more than 30 s in one clean-clone CI run. GetResult rethrows the second's exception as it was (a cancellation stays
            // an OperationCanceledException).
            int claimed = 0;
            (List<DeclarationSyntax> Declarations, EndOfFileSyntax? EndOfFile, bool CleanEnd) ParseSecond() =>
                SyntaxParser.ParseRange(s, split, s.Length, withEndOfFile: true, cancellationToken);
            var offered = System.Threading.Tasks.Task.Factory.StartNew(() =>
                Interlocked.Exchange(ref claimed, 1) == 0 ? ParseSecond() : default((List<DeclarationSyntax>, EndOfFileSyntax?, bool)?),
                CancellationToken.None, System.Threading.Tasks.TaskCreationOptions.DenyChildAttach, SecondHalfScheduler);
            (List<DeclarationSyntax> Declarations, EndOfFileSyntax? EndOfFile, bool CleanEnd) head;
            try
            {
                head = SyntaxParser.ParseRange(s, 0, split, withEndOfFile: false, cancellationToken, keyword);
            }
            catch
            {
                // Cancelled (or a bug): the second half is not started if it was not already.
                Interlocked.Exchange(ref claimed, 1);
                throw;
            }
            (List<DeclarationSyntax> Declarations, EndOfFileSyntax? EndOfFile, bool CleanEnd) tail =
                Interlocked.Exchange(ref claimed, 1) == 0 ? ParseSecond() : offered.GetAwaiter().GetResult()!.Value;
            if (!head.CleanEnd || head.Declarations.Count == 0 || tail.Declarations.Count == 0 || tail.EndOfFile == null) return null;
            var last = head.Declarations[head.Declarations.Count - 1];
            var first = tail.Declarations[0];
            if (last is ErrorDeclarationSyntax || last.Start + last.FullSpan.End != split || first.Start != split || first is ErrorDeclarationSyntax
                || first.Keyword?.Text != keyword)
                return null;
            var declarations = new List<DeclarationSyntax>(head.Declarations.Count + tail.Declarations.Count);
            declarations.AddRange(head.Declarations);
            declarations.AddRange(tail.Declarations);
            return new PolicySyntaxTree(text, declarations, tail.EndOfFile);
        }

        /// <summary>Where the second half is offered (as by Task.Run); tests offer it to a scheduler that never runs it.</summary>
        internal static System.Threading.Tasks.TaskScheduler SecondHalfScheduler = System.Threading.Tasks.TaskScheduler.Default;

        /// <summary>
        /// The first line from <paramref name="near"/> on that starts (in column 1, after a line feed) with a reserved word other
        /// than 'class', followed by a space or tab; moved back over the blank and comment lines before it. 0 when there is none
        /// within a stretch of the text.
        /// </summary>
        private static int SplitPoint(string s, int near, out string keyword)
        {
            keyword = "";
            int limit = Math.Min(s.Length, near + 64 * 1024);
            for (int i = s.IndexOf('\n', near); i >= 0 && i < limit; i = s.IndexOf('\n', i + 1))
            {
                int start = i + 1, end = start;
                while (end < s.Length && end - start <= SyntaxFacts.LongestReservedWord && s[end] >= 'a' && s[end] <= 'z') end++;
                if (end == start || end >= s.Length || (s[end] != ' ' && s[end] != '\t')) continue;
                var word = s.Substring(start, end - start);
                if (word == "class" || !SyntaxFacts.IsReservedWord(word)) continue;
                // Back over the blank and comment lines before it: s[line..] is a line, ended by the '\n' at line - 1.
                int line = start;
                while (line > 0)
                {
                    int previous = line - 1 > 0 ? s.LastIndexOf('\n', line - 2) + 1 : 0;
                    int c = previous;
                    while (c < line - 1 && (s[c] == ' ' || s[c] == '\t' || s[c] == '\r')) c++;
                    bool trivia = c == line - 1 || s[c] == '#' || (s[c] == '/' && c + 1 < line - 1 && s[c + 1] == '/');
                    if (!trivia || previous == 0) break;
                    line = previous;
                }
                if (line <= 0) return 0;
                keyword = word;
                return line;
            }
            return 0;
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
