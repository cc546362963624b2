using System.Globalization;
using System.Linq;
using System.Text;
using PolicyLang.Diagnostics;
using PolicyLang.Syntax;

namespace PolicyLang.Tests.Baselines
{
    /// <summary>A readable dump of a syntax tree (absolute spans) and its diagnostics, for baselines.</summary>
    public static class SyntaxDump
    {
        public static string Diagnostics(PolicySyntaxTree tree)
        {
            var sb = new StringBuilder();
            foreach (var d in tree.Diagnostics)
                sb.Append(DiagnosticFormatter.Format(d, tree.Text, "input")).Append('\n');
            return sb.Length == 0 ? "(none)\n" : sb.ToString();
        }

        public static string Tree(PolicySyntaxTree tree)
        {
            var sb = new StringBuilder();
            foreach (var d in tree.Declarations.Concat(new DeclarationSyntax[] { tree.EndOfFile }))
                Node(sb, d, d.Start, 0);
            return sb.ToString();
        }

        private static void Node(StringBuilder sb, SyntaxElement element, int origin, int depth)
        {
            sb.Append(' ', depth * 2);
            var span = element.Span.Shift(origin);
            if (element is SyntaxToken t)
            {
                sb.Append(t.Kind).Append(' ').Append(Span(span)).Append(' ').Append(Quote(t.Text));
                if (t.LeadingTrivia.Count > 0) sb.Append(" lead:").Append(string.Join(",", t.LeadingTrivia.Select(Trivia)));
                if (t.TrailingTrivia.Count > 0) sb.Append(" trail:").Append(string.Join(",", t.TrailingTrivia.Select(Trivia)));
                sb.Append('\n');
                return;
            }
            var node = (SyntaxNode)element;
            sb.Append(node.Kind);
            if (node.FirstToken != null) sb.Append(' ').Append(Span(span));
            sb.Append('\n');
            foreach (var c in node.Children) Node(sb, c, origin, depth + 1);
        }

        private static string Trivia(SyntaxTrivia t) => t.Kind switch
        {
            SyntaxKind.WhitespaceTrivia => "ws",
            SyntaxKind.EndOfLineTrivia => "eol",
            _ => Quote(t.Text),
        };

        private static string Span(PolicyLang.Text.TextSpan s) => string.Format(CultureInfo.InvariantCulture, "[{0}..{1})", s.Start, s.End);

        private static string Quote(string text)
        {
            var sb = new StringBuilder("\"");
            foreach (char c in text)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c < 0x20 || c > 0x7E) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }
    }
}
