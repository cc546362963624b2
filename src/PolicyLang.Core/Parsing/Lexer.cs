using PolicyLang.Diagnostics;
using PolicyLang.Syntax;
using PolicyLang.Text;

namespace PolicyLang.Parsing
{
    /// <summary>
    /// Hand-written lexer: turns text into a flat list of token and trivia lexemes. It never fails: anything it
    /// cannot read becomes a <see cref="SyntaxKind.BadToken"/> with a diagnostic, and every character lands in
    /// exactly one lexeme, so the tree built on top prints back the source byte for byte.
    /// </summary>
    internal sealed class Lexer
    {
        private readonly string _text;
        private readonly int _end;
        private int _pos;
        private readonly List<Lexeme> _lexemes;
        private readonly List<Diagnostic> _diagnostics;
        private int _noColonUntil;

        private Lexer(string text, int start, int end, List<Lexeme> lexemes, List<Diagnostic> diagnostics)
        {
            _text = text;
            _pos = start;
            _end = end;
            _lexemes = lexemes;
            _diagnostics = diagnostics;
        }

        /// <summary>Lexes text[start..end); diagnostics carry absolute spans and an empty path.</summary>
        public static void Lex(string text, int start, int end, List<Lexeme> lexemes, List<Diagnostic> diagnostics)
        {
            new Lexer(text, start, end, lexemes, diagnostics).Run();
        }

        private char Peek(int ahead = 0) => _pos + ahead < _end ? _text[_pos + ahead] : '\0';
        private bool More(int ahead = 0) => _pos + ahead < _end;

        private void Add(SyntaxKind kind, int start) => _lexemes.Add(new Lexeme(kind, start, _pos - start));

        private void Report(DiagnosticDescriptor d, int start, int length, params object?[] args) =>
            _diagnostics.Add(Diagnostic.Create(d, "", new TextSpan(start, length), args));

        private void Run()
        {
            while (_pos < _end)
            {
                int start = _pos;
                char c = _text[_pos];
                switch (c)
                {
                    case ' ': case '\t': case '\f': case '\v':
                        while (More() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\f' || Peek() == '\v')) _pos++;
                        Add(SyntaxKind.WhitespaceTrivia, start);
                        break;
                    case '\r':
                        _pos++;
                        if (Peek() == '\n') _pos++;
                        Add(SyntaxKind.EndOfLineTrivia, start);
                        break;
                    case '\n':
                        _pos++;
                        Add(SyntaxKind.EndOfLineTrivia, start);
                        break;
                    case '#':
                        SkipToEndOfLine();
                        Add(SyntaxKind.LineCommentTrivia, start);
                        break;
                    case '/':
                        if (Peek(1) == '/') { SkipToEndOfLine(); Add(SyntaxKind.LineCommentTrivia, start); }
                        else if (Peek(1) == '*') LexBlockComment(start);
                        else { _pos++; Add(SyntaxKind.SlashToken, start); }
                        break;
                    case '"':
                        LexString(start);
                        break;
                    case '{': _pos++; Add(SyntaxKind.OpenBraceToken, start); break;
                    case '}': _pos++; Add(SyntaxKind.CloseBraceToken, start); break;
                    case ',': _pos++; Add(SyntaxKind.CommaToken, start); break;
                    case '.': _pos++; Add(SyntaxKind.DotToken, start); break;
                    case '=':
                        _pos++;
                        if (Peek() == '=') { _pos++; Add(SyntaxKind.EqualsEqualsToken, start); }
                        else Add(SyntaxKind.EqualsToken, start);
                        break;
                    case '-':
                        _pos++;
                        if (Peek() == '>') { _pos++; Add(SyntaxKind.ArrowToken, start); }
                        else Add(SyntaxKind.MinusToken, start);
                        break;
                    case '>':
                        _pos++;
                        if (Peek() == '=') { _pos++; Add(SyntaxKind.GreaterEqualsToken, start); }
                        else Add(SyntaxKind.GreaterToken, start);
                        break;
                    case '<':
                        _pos++;
                        if (Peek() == '=') { _pos++; Add(SyntaxKind.LessEqualsToken, start); }
                        else Add(SyntaxKind.LessToken, start);
                        break;
                    case ':':
                        if (Peek(1) == ':' && TryLexIPv6(start)) break;
                        _pos++;
                        Add(SyntaxKind.ColonToken, start);
                        break;
                    default:
                        if (SyntaxFacts.IsDigit(c)) LexNumberOrAddress(start);
                        else if (SyntaxFacts.IsIdentifierStart(c)) LexIdentifierOrAddress(start);
                        else LexBad(start);
                        break;
                }
            }
        }

        private void SkipToEndOfLine()
        {
            while (More() && Peek() != '\n' && Peek() != '\r') _pos++;
        }

        private void LexBlockComment(int start)
        {
            _pos += 2;
            while (More() && !(Peek() == '*' && Peek(1) == '/')) _pos++;
            if (More()) _pos += 2;
            else Report(DiagnosticCatalog.UnterminatedComment, start, 2);
            Add(SyntaxKind.BlockCommentTrivia, start);
        }

        private void LexString(int start)
        {
            _pos++;
            while (true)
            {
                if (!More() || Peek() == '\n' || Peek() == '\r')
                {
                    Report(DiagnosticCatalog.UnterminatedString, start, _pos - start);
                    break;
                }
                char c = Peek();
                if (c == '"') { _pos++; break; }
                if (c == '\\')
                {
                    int escStart = _pos;
                    _pos++;
                    char e = Peek();
                    if (e == '"' || e == '\\' || e == 'n' || e == 'r' || e == 't') { _pos++; continue; }
                    if (e == 'u' && Peek(1) == '{')
                    {
                        int p = _pos + 2, digits = 0;
                        while (p < _end && SyntaxFacts.IsHexDigit(_text[p]) && digits < 7) { p++; digits++; }
                        if (p < _end && _text[p] == '}' && digits >= 1 && digits <= 6 && IsScalar(_text.Substring(_pos + 2, digits)))
                        {
                            _pos = p + 1;
                            continue;
                        }
                    }
                    if (More() && Peek() != '\n' && Peek() != '\r') _pos++;
                    Report(DiagnosticCatalog.InvalidEscape, escStart, _pos - escStart, _text.Substring(escStart, _pos - escStart));
                    continue;
                }
                _pos++;
            }
            Add(SyntaxKind.StringToken, start);
        }

        private static bool IsScalar(string hex)
        {
            int v = int.Parse(hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            return v <= 0x10FFFF && (v < 0xD800 || v > 0xDFFF);
        }

        private void LexIdentifierOrAddress(int start)
        {
            if (TryLexIPv6(start)) return;
            _pos++;
            while (More())
            {
                char c = Peek();
                if (SyntaxFacts.IsIdentifierPart(c)) _pos++;
                else if (c == '-' && SyntaxFacts.IsIdentifierPart(Peek(1))) _pos += 2;
                else break;
            }
            Add(SyntaxKind.IdentifierToken, start);
        }

        private void LexNumberOrAddress(int start)
        {
            if (TryLexIPv6(start)) return;
            int p = _pos;
            bool dotted = false;
            while (p < _end && (SyntaxFacts.IsDigit(_text[p]) || (_text[p] == '.' && p + 1 < _end && SyntaxFacts.IsDigit(_text[p + 1]))))
            {
                if (_text[p] == '.') dotted = true;
                p++;
            }
            if (dotted)
            {
                _pos = p;
                LexPrefixLength();
                Add(SyntaxKind.AddressToken, start);
                return;
            }
            _pos = p;
            // A unit runs on from the digits: 150KB, 20%, 100Mbps. Anything glued on is part of it, so 1e5 is one token.
            if (More() && (Peek() == '%' || SyntaxFacts.IsIdentifierStart(Peek())))
            {
                _pos++;
                while (More() && (SyntaxFacts.IsIdentifierPart(Peek()) || Peek() == '%')) _pos++;
            }
            Add(SyntaxKind.NumberToken, start);
        }

        private void LexPrefixLength()
        {
            if (Peek() == '/' && SyntaxFacts.IsDigit(Peek(1)))
            {
                _pos++;
                while (More() && SyntaxFacts.IsDigit(Peek())) _pos++;
            }
        }

        /// <summary>
        /// An IPv6 address is a run of hex digits, ':' and '.' that contains "::" or at least seven ':'.
        /// Anything else with a single ':' is a name, a colon and a name ("a:b").
        /// </summary>
        private bool TryLexIPv6(int start)
        {
            // A run of hex digits and dots already scanned without a ':' cannot hold an address at any later start
            // inside it; remembering that keeps lexing linear on inputs like "dead.beef.dead.beef…".
            if (start < _noColonUntil) return false;
            int p = start, colons = 0;
            bool doubleColon = false;
            while (p < _end)
            {
                char c = _text[p];
                if (c == ':')
                {
                    colons++;
                    if (p + 1 < _end && _text[p + 1] == ':') doubleColon = true;
                }
                else if (!(SyntaxFacts.IsHexDigit(c) || c == '.')) break;
                p++;
            }
            if (colons == 0)
            {
                _noColonUntil = p;
                return false;
            }
            if (!(doubleColon || colons >= 7)) return false;
            // Do not swallow an identifier that merely starts with hex letters: "face::" is fine, "faces::" is not an address.
            if (p < _end && (SyntaxFacts.IsIdentifierPart(_text[p]) || (_text[p] == '-' && p + 1 < _end && SyntaxFacts.IsIdentifierPart(_text[p + 1])))) return false;
            _pos = p;
            LexPrefixLength();
            Add(SyntaxKind.AddressToken, start);
            return true;
        }

        private void LexBad(int start)
        {
            _pos++;
            if (char.IsHighSurrogate(_text[start]) && More() && char.IsLowSurrogate(Peek())) _pos++;
            while (More() && IsBad(Peek())) _pos++;
            Add(SyntaxKind.BadToken, start);
            var shown = _text.Substring(start, _pos - start);
            var descriptor = char.IsLetter(shown, 0) ? DiagnosticCatalog.NonAsciiName : DiagnosticCatalog.UnexpectedCharacter;
            Report(descriptor, start, _pos - start, Quote(shown));
        }

        private static bool IsBad(char c)
        {
            if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' || c == '\n') return false;
            if (SyntaxFacts.IsIdentifierPart(c)) return false;
            return "#/\"{},.=-><:".IndexOf(c) < 0;
        }

        internal static string Quote(string text)
        {
            const int max = 40;
            var sb = new System.Text.StringBuilder("'");
            int n = 0;
            foreach (char ch in text)
            {
                if (n++ == max) { sb.Append("…"); break; }
                if (ch < 0x20 || ch == 0x7F || ch == 0xFFFD || (ch >= 0x80 && ch < 0xA0)) sb.Append("U+").Append(((int)ch).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(ch);
            }
            return sb.Append('\'').ToString();
        }
    }
}
