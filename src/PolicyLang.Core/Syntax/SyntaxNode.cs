using PolicyLang.Text;

namespace PolicyLang.Syntax
{
    /// <summary>An immutable node: an ordered list of tokens and nodes that together cover its text.</summary>
    public class SyntaxNode : SyntaxElement
    {
        // The first and last tokens are found when asked (a walk down the tree's edge, a few levels) rather than kept: a
        // 100,000-line policy keeps about 260,000 nodes alive, and two references each were 4 MB of them.
        private readonly SyntaxElement[] _children;

        public SyntaxNode(SyntaxKind kind, params SyntaxElement?[] children)
            : base(kind)
        {
            _children = WithoutNulls(children);
        }

        public IReadOnlyList<SyntaxElement> Children => _children;

        private static SyntaxElement[] WithoutNulls(SyntaxElement?[] children)
        {
            int count = 0;
            foreach (var c in children) if (c != null) count++;
            if (count == children.Length) return children!;
            var result = new SyntaxElement[count];
            int i = 0;
            foreach (var c in children) if (c != null) result[i++] = c;
            return result;
        }

        public SyntaxToken? FirstToken => FindFirst(_children);
        public SyntaxToken? LastToken => FindLast(_children);

        public override TextSpan Span => FirstToken is { } first ? TextSpan.FromBounds(first.Span.Start, LastToken!.Span.End) : default;
        public override TextSpan FullSpan => FirstToken is { } first ? TextSpan.FromBounds(first.FullSpan.Start, LastToken!.FullSpan.End) : default;

        /// <summary>Every token of this node, in text order.</summary>
        public IEnumerable<SyntaxToken> Tokens()
        {
            var stack = new Stack<IEnumerator<SyntaxElement>>();
            stack.Push(((IEnumerable<SyntaxElement>)_children).GetEnumerator());
            while (stack.Count > 0)
            {
                var e = stack.Peek();
                if (!e.MoveNext()) { stack.Pop(); continue; }
                if (e.Current is SyntaxToken t) yield return t;
                else stack.Push(((IEnumerable<SyntaxElement>)((SyntaxNode)e.Current).Children).GetEnumerator());
            }
        }

        /// <summary>Every node below this one (not including it), in text order.</summary>
        public IEnumerable<SyntaxNode> DescendantNodes()
        {
            foreach (var c in _children)
            {
                if (c is SyntaxNode n)
                {
                    yield return n;
                    foreach (var d in n.DescendantNodes()) yield return d;
                }
            }
        }

        public override void WriteTo(StringBuilder builder)
        {
            foreach (var t in Tokens()) t.WriteTo(builder);
        }

        private static SyntaxToken? FindFirst(SyntaxElement[] children)
        {
            foreach (var c in children)
            {
                var t = c as SyntaxToken ?? ((SyntaxNode)c).FirstToken;
                if (t != null) return t;
            }
            return null;
        }

        private static SyntaxToken? FindLast(SyntaxElement[] children)
        {
            for (int i = children.Length - 1; i >= 0; i--)
            {
                var t = children[i] as SyntaxToken ?? ((SyntaxNode)children[i]).LastToken;
                if (t != null) return t;
            }
            return null;
        }

        public override string ToString() => ToFullString().Trim();
    }
}
