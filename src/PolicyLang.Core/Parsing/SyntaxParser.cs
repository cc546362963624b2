using System.Collections.Concurrent;
using System.Threading.Tasks;
using PolicyLang.Diagnostics;
using PolicyLang.Syntax;
using PolicyLang.Text;

namespace PolicyLang.Parsing
{
    /// <summary>
    /// Lexes a range of text, finds its top-level declaration boundaries, attaches trivia and parses each
    /// declaration on its own. Boundaries: at brace depth 0 a reserved word starts a declaration (except
    /// "class" used as a flow option); a reserved word in column 1 starts one even inside an unclosed block.
    /// </summary>
    internal sealed class SyntaxParser
    {
        private readonly string _text;
        private readonly List<Lexeme> _lexemes = new List<Lexeme>();
        private readonly List<Diagnostic> _lexerDiagnostics = new List<Diagnostic>();
        private readonly List<int> _tokens = new List<int>();
        private readonly StringTable _strings = new StringTable();
        private readonly Dictionary<string, SyntaxTrivia> _trivia = new Dictionary<string, SyntaxTrivia>(StringComparer.Ordinal);
        /// <summary>The first distinct pieces of shared trivia met (the indentations and line breaks of the file's first lines).</summary>
        private readonly List<SyntaxTrivia> _firstTrivia = new List<SyntaxTrivia>();
        private const int FirstTriviaKept = 16;

        /// <summary>When parsing part of a file: the first token after the range, for "found …" in messages.</summary>
        private string? _followingToken;

        private SyntaxParser(string text)
        {
            _text = text;
        }

        /// <summary>Declarations found in text[start..end), and the trailing trivia as an end-of-file node when <paramref name="withEndOfFile"/>.</summary>
        public static (List<DeclarationSyntax> Declarations, EndOfFileSyntax? EndOfFile, bool CleanEnd) ParseRange(
            string text, int start, int end, bool withEndOfFile, CancellationToken cancellationToken = default, string? followingToken = null)
        {
            var p = new SyntaxParser(text) { _followingToken = followingToken };
            // Policies run at about four characters a lexeme (a 100,000-line policy: 3.5 million characters, about 800,000
            // lexemes): room for one in three takes the lexemes in one array, where growing from empty copied them into
            // ever larger ones (24 MB allocated for a list of 12 MB). At most two million up front (24 MB): a file of one huge
            // token (a 10 MB line) should not take room it never fills; a larger policy grows from there.
            p._lexemes.Capacity = Math.Max(16, Math.Min((end - start) / 3, 1 << 21));
            Lexer.Lex(text, start, end, p._lexemes, p._lexerDiagnostics);
            p._tokens.Capacity = Math.Max(16, p._lexemes.Count / 2);
            for (int i = 0; i < p._lexemes.Count; i++)
                if (!p._lexemes[i].IsTrivia) p._tokens.Add(i);
            return p.Run(start, end, withEndOfFile, cancellationToken);
        }

        private Lexeme TokenLexeme(int t) => _lexemes[_tokens[t]];
        private SyntaxKind KindAt(int t) => t < _tokens.Count ? TokenLexeme(t).Kind : SyntaxKind.EndOfFileToken;
        private string TextAt(int t) => _strings.Get(_text, TokenLexeme(t).Start, TokenLexeme(t).Length);

        private bool AtColumnOne(int t)
        {
            int s = TokenLexeme(t).Start;
            return s == 0 || _text[s - 1] == '\n' || _text[s - 1] == '\r';
        }

        private bool IsReservedAt(int t)
        {
            var l = TokenLexeme(t);
            return l.Kind == SyntaxKind.IdentifierToken && l.Length <= SyntaxFacts.LongestReservedWord && SyntaxFacts.IsReservedWord(_strings.Get(_text, l.Start, l.Length));
        }

        private bool FirstOnLine(int t)
        {
            if (t == 0) return true;
            var previous = TokenLexeme(t - 1);
            int start = TokenLexeme(t).Start;
            return _text.IndexOf('\n', previous.End, start - previous.End) >= 0 || _text.IndexOf('\r', previous.End, start - previous.End) >= 0;
        }

        /// <summary>
        /// A reserved word first on its line starts a declaration ("zone test {" is a zone with a bad name, not two
        /// declarations). "class" does so only before a "{" — otherwise it continues a flow — unless in column 1.
        /// Inside an unclosed block only a reserved word in column 1 starts one.
        /// </summary>
        private bool StartsDeclaration(int t, bool insideBlock)
        {
            if (!IsReservedAt(t))
            {
                // 'quarantine ADDRESS' and 'baseline NAME {' first on a line start declarations; elsewhere the words are names.
                var lexeme = TokenLexeme(t);
                if (lexeme.Kind != SyntaxKind.IdentifierToken || (lexeme.Length != 8 && lexeme.Length != 10) || !FirstOnLine(t) || (insideBlock && !AtColumnOne(t))) return false;
                var word = TextAt(t);
                // '{' right after the word is no name's continuation either: a declaration with its name or address missing.
                if (word == "quarantine") return KindAt(t + 1) == SyntaxKind.AddressToken || KindAt(t + 1) == SyntaxKind.OpenBraceToken;
                if (word == "baseline") return (KindAt(t + 1) == SyntaxKind.IdentifierToken && KindAt(t + 2) == SyntaxKind.OpenBraceToken) || KindAt(t + 1) == SyntaxKind.OpenBraceToken;
                return false;
            }
            if (!FirstOnLine(t)) return false;
            if (insideBlock) return AtColumnOne(t);
            if (TextAt(t) != "class") return true;
            return KindAt(t + 1) == SyntaxKind.OpenBraceToken || KindAt(t + 2) == SyntaxKind.OpenBraceToken || AtColumnOne(t);
        }

        private (List<DeclarationSyntax>, EndOfFileSyntax?, bool) Run(int start, int end, bool withEndOfFile, CancellationToken ct)
        {
            var declarations = new List<DeclarationSyntax>();
            var pending = new List<PendingDeclaration>();
            int lexemeCursor = 0;
            int t = 0;
            bool cleanEnd = true;
            while (t < _tokens.Count)
            {
                if ((declarations.Count & 63) == 0) ct.ThrowIfCancellationRequested();
                int first = t;
                int depth = 0;
                int innermostOpen = -1;
                var opens = new Stack<int>();
                for (; t < _tokens.Count; t++)
                {
                    if (t > first && StartsDeclaration(t, depth > 0)) break;
                    var kind = KindAt(t);
                    if (kind == SyntaxKind.OpenBraceToken) { opens.Push(t); depth++; }
                    else if (kind == SyntaxKind.CloseBraceToken && depth > 0) { opens.Pop(); depth--; }
                }
                if (depth > 0) { innermostOpen = opens.Count > 0 ? opens.ToArray()[0] : -1; cleanEnd = false; }
                int lastLexeme = _tokens[t - 1];
                int segmentEndLexeme = TrailingEnd(lastLexeme);
                string followedBy = t < _tokens.Count ? FollowedBy(TextAt(t))
                    : _followingToken != null ? FollowedBy(_followingToken) : "the end of the file";
                pending.Add(Prepare(lexemeCursor, segmentEndLexeme, first, t, innermostOpen, followedBy));
                lexemeCursor = segmentEndLexeme;
            }
            // The grammar runs on each declaration's own tokens, so declarations parse independently: a large file's are
            // spread over the cores (a 100,000-line policy has tens of thousands), a small one's stay on this thread.
            var parsed = new DeclarationSyntax[pending.Count];
            if (pending.Count >= ParallelDeclarations && Environment.ProcessorCount > 1)
            {
                var options = new ParallelOptions { CancellationToken = ct };
                Parallel.ForEach(Partitioner.Create(0, pending.Count, Math.Max(64, pending.Count / (Environment.ProcessorCount * 8))), options,
                    range => { for (int i = range.Item1; i < range.Item2; i++) parsed[i] = pending[i].Parse(); });
            }
            else
            {
                for (int i = 0; i < pending.Count; i++) parsed[i] = pending[i].Parse();
            }
            declarations.AddRange(parsed);

            EndOfFileSyntax? eof = null;
            if (withEndOfFile)
            {
                int eofStart = lexemeCursor < _lexemes.Count ? _lexemes[lexemeCursor].Start : end;
                var leading = MakeTrivia(lexemeCursor, _lexemes.Count, eofStart);
                var token = new SyntaxToken(SyntaxKind.EndOfFileToken, end - eofStart, "", leading, SyntaxToken.NoTrivia);
                var node = (EndOfFileSyntax)new EndOfFileSyntax(token).WithStart(eofStart);
                node.WithParseDiagnostics(RelativeLexerDiagnostics(eofStart, end + 1));
                eof = node;
            }
            else if (lexemeCursor < _lexemes.Count)
            {
                cleanEnd = false;
            }
            if (_lexemes.Count > 0 && _lexemes[_lexemes.Count - 1].Kind == SyntaxKind.BlockCommentTrivia)
            {
                foreach (var d in _lexerDiagnostics)
                    if (d.Descriptor == DiagnosticCatalog.UnterminatedComment) cleanEnd = false;
            }
            return (declarations, eof, cleanEnd);
        }

        private static string FollowedBy(string token) => "the next declaration, starting with '" + token + "'";

        /// <summary>The lexeme index just after a token's trailing trivia: same-line trivia up to and including the line break.</summary>
        private int TrailingEnd(int tokenLexeme)
        {
            int i = tokenLexeme + 1;
            while (i < _lexemes.Count && _lexemes[i].IsTrivia)
            {
                var kind = _lexemes[i].Kind;
                i++;
                if (kind == SyntaxKind.EndOfLineTrivia) break;
            }
            return i;
        }

        /// <summary>Whitespace and line breaks repeat endlessly; one immutable instance of each serves every token.</summary>
        private SyntaxTrivia Trivia(Lexeme l)
        {
            if (!Shared(l))
                return new SyntaxTrivia(l.Kind, _text.Substring(l.Start, l.Length));
            // The text is interned, so the same whitespace is the same string: the few kinds of indentation and line break that
            // recur are found by reference among the first pieces met, before a dictionary keyed by the characters.
            var text = _strings.Get(_text, l.Start, l.Length);
            var first = _firstTrivia;
            for (int i = 0; i < first.Count; i++)
                if (ReferenceEquals(first[i].Text, text)) return first[i];
            if (!_trivia.TryGetValue(text, out var trivia)) _trivia[text] = trivia = new SyntaxTrivia(l.Kind, text);
            if (first.Count < FirstTriviaKept) first.Add(trivia);
            return trivia;
        }

        // A token's trivia is most often one shared piece (an indentation, a line break) or two (a space and a line break): one
        // read-only array of each such run serves every token (a 100,000-line policy made 409,000 of them, 13 MB kept live).
        private readonly Dictionary<SyntaxTrivia, SyntaxTrivia[]> _singles = new Dictionary<SyntaxTrivia, SyntaxTrivia[]>();
        private readonly Dictionary<(SyntaxTrivia, SyntaxTrivia), SyntaxTrivia[]> _pairs = new Dictionary<(SyntaxTrivia, SyntaxTrivia), SyntaxTrivia[]>();

        private static bool Shared(Lexeme l) => (l.Kind == SyntaxKind.WhitespaceTrivia || l.Kind == SyntaxKind.EndOfLineTrivia) && l.Length <= 16;

        private SyntaxTrivia[] MakeTrivia(int from, int to, int origin)
        {
            if (from >= to) return SyntaxToken.NoTrivia;
            if (to - from == 1 && Shared(_lexemes[from]))
            {
                var only = Trivia(_lexemes[from]);
                if (!_singles.TryGetValue(only, out var single)) _singles[only] = single = new[] { only };
                return single;
            }
            if (to - from == 2 && Shared(_lexemes[from]) && Shared(_lexemes[from + 1]))
            {
                var key = (Trivia(_lexemes[from]), Trivia(_lexemes[from + 1]));
                if (!_pairs.TryGetValue(key, out var pair)) _pairs[key] = pair = new[] { key.Item1, key.Item2 };
                return pair;
            }
            var result = new SyntaxTrivia[to - from];
            for (int i = from; i < to; i++)
            {
                var l = _lexemes[i];
                result[i - from] = Trivia(l);
            }
            return result;
        }

        /// <summary>Below this many declarations a file is parsed on the calling thread (an editor's file, a sample); tests
        /// change it to compare the two ways.</summary>
        internal static int ParallelDeclarations = 512;

        /// <summary>One declaration's tokens and context, ready for the grammar; <see cref="Parse"/> touches nothing shared.</summary>
        private sealed class PendingDeclaration(SyntaxToken[] tokens, string? unclosed, string followedBy, List<Diagnostic> diagnostics, int origin)
        {
            public DeclarationSyntax Parse() =>
                DeclarationParser.Parse(tokens, unclosed, followedBy, diagnostics, diagnostics.Count > 0).PlacedAt(origin).WithParseDiagnostics(diagnostics);
        }

        private PendingDeclaration Prepare(int lexemeFrom, int lexemeTo, int firstToken, int endToken, int unclosedOpenToken, string followedBy)
        {
            int origin = _lexemes[lexemeFrom].Start;
            int segmentEnd = _lexemes[lexemeTo - 1].End;
            var tokens = new SyntaxToken[endToken - firstToken];
            int cursor = lexemeFrom;
            for (int k = firstToken; k < endToken; k++)
            {
                int li = _tokens[k];
                int trailingEnd = k + 1 < endToken ? TrailingEnd(li) : lexemeTo;
                if (k + 1 < endToken && trailingEnd > _tokens[k + 1]) trailingEnd = _tokens[k + 1];
                var l = _lexemes[li];
                tokens[k - firstToken] = new SyntaxToken(l.Kind, l.Start - origin, _strings.Get(_text, l.Start, l.Length),
                    MakeTrivia(cursor, li, origin), MakeTrivia(li + 1, trailingEnd, origin));
                cursor = trailingEnd;
            }

            var diagnostics = RelativeLexerDiagnostics(origin, segmentEnd);
            string? unclosed = unclosedOpenToken >= 0 ? OpenerText(unclosedOpenToken, firstToken) : null;
            return new PendingDeclaration(tokens, unclosed, followedBy, diagnostics, origin);
        }

        /// <summary>The text that opens a block, for messages: "segment gpu-fabric {".</summary>
        private string OpenerText(int openToken, int firstToken)
        {
            int from = openToken;
            while (from > firstToken && openToken - from < 3)
            {
                var prev = TokenLexeme(from - 1);
                if (_text.IndexOfAny(new[] { '\n', '\r' }, prev.End, TokenLexeme(from).Start - prev.End) >= 0) break;
                from--;
            }
            var parts = new List<string>();
            for (int k = from; k <= openToken; k++) parts.Add(TextAt(k));
            return string.Join(" ", parts);
        }

        /// <summary>
        /// Lexer diagnostics inside [origin, end), made relative. Declarations are built in text order and lexer
        /// diagnostics are in text order too, so one cursor walks them once for the whole file.
        /// </summary>
        private List<Diagnostic> RelativeLexerDiagnostics(int origin, int end)
        {
            var result = new List<Diagnostic>();
            while (_diagnosticCursor < _lexerDiagnostics.Count && _lexerDiagnostics[_diagnosticCursor].Span.Start < origin) _diagnosticCursor++;
            int i = _diagnosticCursor;
            while (i < _lexerDiagnostics.Count && _lexerDiagnostics[i].Span.Start < end)
            {
                var d = _lexerDiagnostics[i++];
                result.Add(d.WithSpan(d.Span.Shift(-origin)));
            }
            return result;
        }

        private int _diagnosticCursor;
    }
}
