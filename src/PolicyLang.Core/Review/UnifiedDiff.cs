namespace PolicyLang.Review
{
    /// <summary>
    /// Line diffs in the unified format of <c>diff -u</c> and <c>git diff</c>: Myers' O(ND) shortest edit script on the
    /// lines left after the common head and tail are cut, with hunks of <c>context</c> lines around each change. When the
    /// two texts share almost nothing (more than <see cref="MaxEdits"/> edits), the middle is shown as removed and added
    /// whole rather than searched for a minimal script.
    /// </summary>
    public static class UnifiedDiff
    {
        public const int MaxEdits = 1000;

        private enum Op { Keep, Delete, Insert }

        /// <summary>The lines added and removed from <paramref name="before"/> to <paramref name="after"/>.</summary>
        public static (int Added, int Removed) Count(string before, string after)
        {
            int added = 0, removed = 0;
            foreach (var (op, _) in Script(Lines(before), Lines(after)))
            {
                if (op == Op.Insert) added++;
                else if (op == Op.Delete) removed++;
            }
            return (added, removed);
        }

        /// <summary>The unified diff (empty when the texts are equal), with "--- a" and "+++ b" headers.</summary>
        public static string Create(string before, string after, string beforeName, string afterName, int context = 3)
        {
            var a = Lines(before);
            var b = Lines(after);
            var script = Script(a, b);
            if (script.All(s => s.Op == Op.Keep)) return "";
            var sb = new StringBuilder();
            sb.Append("--- ").Append(beforeName).Append('\n').Append("+++ ").Append(afterName).Append('\n');
            // Positions of each script step in a and b.
            var steps = new List<(Op Op, string Line, int A, int B)>();
            int ia = 0, ib = 0;
            foreach (var (op, line) in script)
            {
                steps.Add((op, line, ia, ib));
                if (op != Op.Insert) ia++;
                if (op != Op.Delete) ib++;
            }
            int i = 0;
            while (i < steps.Count)
            {
                if (steps[i].Op == Op.Keep) { i++; continue; }
                int start = Math.Max(0, i - context);
                int end = i;
                // Extend the hunk while the next change is within 2 * context kept lines.
                while (true)
                {
                    while (end < steps.Count && steps[end].Op != Op.Keep) end++;
                    int next = end;
                    while (next < steps.Count && steps[next].Op == Op.Keep) next++;
                    if (next < steps.Count && next - end <= 2 * context) { end = next; continue; }
                    end = Math.Min(steps.Count, end + context);
                    break;
                }
                int aStart = steps[start].A, bStart = steps[start].B;
                int aCount = 0, bCount = 0;
                for (int k = start; k < end; k++)
                {
                    if (steps[k].Op != Op.Insert) aCount++;
                    if (steps[k].Op != Op.Delete) bCount++;
                }
                sb.Append("@@ -").Append(Range(aStart, aCount)).Append(" +").Append(Range(bStart, bCount)).Append(" @@\n");
                for (int k = start; k < end; k++)
                    sb.Append(steps[k].Op == Op.Keep ? ' ' : steps[k].Op == Op.Delete ? '-' : '+').Append(steps[k].Line).Append('\n');
                i = end;
            }
            return sb.ToString();
        }

        private static string Range(int start, int count) =>
            (count == 0 ? start : start + 1).ToString(CultureInfo.InvariantCulture) + (count == 1 ? "" : "," + count.ToString(CultureInfo.InvariantCulture));

        private static string[] Lines(string text)
        {
            if (text.Length == 0) return Array.Empty<string>();
            var lines = text.Replace("\r\n", "\n").Split('\n');
            return text.EndsWith("\n", StringComparison.Ordinal) ? lines.Take(lines.Length - 1).ToArray() : lines;
        }

        private static List<(Op Op, string Line)> Script(string[] a, string[] b)
        {
            int head = 0;
            while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
            int tail = 0;
            while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail]) tail++;
            var script = new List<(Op, string)>();
            for (int k = 0; k < head; k++) script.Add((Op.Keep, a[k]));
            script.AddRange(Middle(a, head, a.Length - tail, b, head, b.Length - tail));
            for (int k = a.Length - tail; k < a.Length; k++) script.Add((Op.Keep, a[k]));
            return script;
        }

        /// <summary>Myers' greedy forward search with a saved frontier per edit count, then the path walked back.</summary>
        private static IEnumerable<(Op, string)> Middle(string[] a, int a0, int a1, string[] b, int b0, int b1)
        {
            int n = a1 - a0, m = b1 - b0;
            if (n == 0 || m == 0 || Math.Abs(n - m) > MaxEdits)
                return Whole(a, a0, a1, b, b0, b1);
            int max = Math.Min(n + m, MaxEdits);
            int offset = max + 1;
            var v = new int[2 * max + 3];
            var trace = new List<int[]>();
            for (int d = 0; d <= max; d++)
            {
                trace.Add((int[])v.Clone());
                for (int k = -d; k <= d; k += 2)
                {
                    int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                    int y = x - k;
                    while (x < n && y < m && a[a0 + x] == b[b0 + y]) { x++; y++; }
                    v[offset + k] = x;
                    if (x >= n && y >= m) return Walk(trace, d, offset, a, a0, n, b, b0, m);
                }
            }
            return Whole(a, a0, a1, b, b0, b1);
        }

        private static IEnumerable<(Op, string)> Walk(List<int[]> trace, int dEnd, int offset, string[] a, int a0, int n, string[] b, int b0, int m)
        {
            var steps = new List<(Op, string)>();
            int x = n, y = m;
            for (int d = dEnd; d > 0; d--)
            {
                var v = trace[d];
                int k = x - y;
                int prevK = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
                int prevX = v[offset + prevK];
                int prevY = prevX - prevK;
                while (x > prevX && y > prevY) { steps.Add((Op.Keep, a[a0 + x - 1])); x--; y--; }
                if (prevK == k + 1) { steps.Add((Op.Insert, b[b0 + y - 1])); y--; }
                else { steps.Add((Op.Delete, a[a0 + x - 1])); x--; }
            }
            while (x > 0 && y > 0) { steps.Add((Op.Keep, a[a0 + x - 1])); x--; y--; }
            steps.Reverse();
            return steps;
        }

        private static IEnumerable<(Op, string)> Whole(string[] a, int a0, int a1, string[] b, int b0, int b1)
        {
            for (int k = a0; k < a1; k++) yield return (Op.Delete, a[k]);
            for (int k = b0; k < b1; k++) yield return (Op.Insert, b[k]);
        }
    }
}
