using PolicyLang.Syntax;

namespace PolicyLang.Formatting
{
    /// <summary>
    /// Prints a syntax tree in canonical layout: two-space indentation, every block item on its own line,
    /// single spaces between tokens (none around '/', '.', '-' and before ','), at most one blank line kept
    /// where the author had one, every comment kept, a flow's log options in one order. Formatting a formatted file changes nothing.
    /// The tree must be free of syntax errors: an error declaration is printed verbatim.
    /// </summary>
    public sealed class PolicyFormatter
    {
        private const string IndentUnit = "  ";
        private readonly StringBuilder _out = new StringBuilder();
        private int _indent;
        private bool _atLineStart = true;
        private bool _continuation;
        private bool _lineStartRequested;
        private bool _forceBreak;
        private bool _blankAllowed;
        private bool _previousEndedLine;
        private SyntaxToken? _previous;

        private PolicyFormatter() { }

        public static string Format(PolicySyntaxTree tree)
        {
            if (tree is null) throw new ArgumentNullException(nameof(tree));
            var f = new PolicyFormatter();
            foreach (var declaration in tree.Declarations)
            {
                f._lineStartRequested = true;
                if (declaration is ErrorDeclarationSyntax)
                {
                    f.Verbatim(declaration);
                    continue;
                }
                f.Element(declaration);
                f._blankAllowed = true;
            }
            f._lineStartRequested = true;
            f.LeadingTrivia((SyntaxToken)tree.EndOfFile.Children[0]);
            if (!f._atLineStart) f.NewLine();
            return f._out.ToString();
        }

        private void Verbatim(DeclarationSyntax declaration)
        {
            if (!_atLineStart) NewLine();
            _out.Append(declaration.ToFullString().Trim('\r', '\n'));
            NewLine();
            _previous = null;
            _previousEndedLine = true;
        }

        private void Element(SyntaxElement element)
        {
            switch (element)
            {
                case SyntaxToken token:
                    Token(token);
                    break;
                case BlockSyntax block:
                    Block(block);
                    break;
                case SettingSyntax log when log.Keyword.IsIdentifier("log") && log.Children.Count % 2 == 1:
                    LogSetting(log);
                    break;
                case SyntaxNode node:
                    foreach (var child in node.Children) Element(child);
                    break;
            }
        }

        /// <summary><c>log</c> with its options in canonical order (<c>prefix</c>, then <c>level</c>), whichever order they were written in.</summary>
        private void LogSetting(SettingSyntax log)
        {
            Token(log.Keyword);
            foreach (var (keyword, value) in LogOptions.Of(log).OrderBy(o => LogOptions.Rank(o.Keyword.Text)))
            {
                Token(keyword);
                Element(value);
            }
        }

        private void Block(BlockSyntax block)
        {
            bool empty = block.Children.Count == 2 && !HasComment(block.CloseBrace);
            Token(block.OpenBrace);
            if (empty)
            {
                Token(block.CloseBrace);
                return;
            }
            _indent++;
            _blankAllowed = false;
            foreach (var item in block.Items)
            {
                _lineStartRequested = true;
                Element(item);
                _blankAllowed = true;
            }
            _indent--;
            _blankAllowed = false;
            _lineStartRequested = true;
            Token(block.CloseBrace);
            _blankAllowed = true;
        }

        private static bool HasComment(SyntaxToken token)
        {
            foreach (var t in token.LeadingTrivia) if (t.IsComment) return true;
            return false;
        }

        private void Token(SyntaxToken token)
        {
            int lineBreaks = LeadingTrivia(token);
            if (_lineStartRequested)
            {
                StartLine(lineBreaks);
                _lineStartRequested = false;
                _continuation = false;
            }
            else if (_forceBreak)
            {
                if (!_atLineStart) NewLine();
                _continuation = true;
            }
            Emit(token.Text, NeedsSpace(_previous, token));
            _forceBreak = false;
            _previous = token;
            _previousEndedLine = false;
            foreach (var t in token.TrailingTrivia)
            {
                if (t.IsComment)
                {
                    Emit(t.Text.TrimEnd(), true);
                    if (t.Kind == SyntaxKind.LineCommentTrivia) _forceBreak = true;
                }
                else if (t.Kind == SyntaxKind.EndOfLineTrivia)
                {
                    _previousEndedLine = true;
                }
            }
        }

        /// <summary>Prints the comments before a token; returns the line breaks between the last of them and the token.</summary>
        private int LeadingTrivia(SyntaxToken token)
        {
            int lineBreaks = _previousEndedLine ? 1 : 0;
            foreach (var t in token.LeadingTrivia)
            {
                if (t.Kind == SyntaxKind.EndOfLineTrivia)
                {
                    lineBreaks++;
                }
                else if (t.IsComment)
                {
                    // A comment that starts a line (in the source, or because the previous comment ended one)
                    // gets a line of its own, so a second formatting pass sees the same layout.
                    if (lineBreaks > 0 || _lineStartRequested || (_atLineStart && _out.Length > 0))
                    {
                        StartLine(lineBreaks);
                        if (!_lineStartRequested) _continuation = true;
                        Emit(t.Text.TrimEnd(), false);
                        NewLine();
                        _blankAllowed = true;
                    }
                    else
                    {
                        Emit(t.Text.TrimEnd(), _previous != null);
                        if (t.Kind == SyntaxKind.LineCommentTrivia) _forceBreak = true;
                    }
                    lineBreaks = 0;
                }
            }
            return lineBreaks;
        }

        private void StartLine(int lineBreaks)
        {
            if (!_atLineStart) NewLine();
            if (lineBreaks >= 2 && _blankAllowed && _out.Length > 0) NewLine();
        }

        private static bool NeedsSpace(SyntaxToken? previous, SyntaxToken token)
        {
            if (previous == null) return false;
            switch (token.Kind)
            {
                case SyntaxKind.CommaToken:
                case SyntaxKind.SlashToken:
                case SyntaxKind.DotToken:
                case SyntaxKind.MinusToken:
                    return false;
            }
            switch (previous.Kind)
            {
                case SyntaxKind.SlashToken:
                case SyntaxKind.DotToken:
                case SyntaxKind.MinusToken:
                    return false;
            }
            return true;
        }

        private void Emit(string text, bool spaceBefore)
        {
            if (_atLineStart)
            {
                for (int i = 0; i < _indent + (_continuation ? 1 : 0); i++) _out.Append(IndentUnit);
                _atLineStart = false;
            }
            else if (spaceBefore)
            {
                _out.Append(' ');
            }
            _out.Append(text);
        }

        private void NewLine()
        {
            _out.Append('\n');
            _atLineStart = true;
        }
    }
}
