namespace PolicyLang.Analysis
{
    /// <summary>Positions (indexes into a list) kept in ascending lists, as the flow and zone-group indexes keep them.</summary>
    internal static class SortedPositions
    {
        /// <summary>Past this many lists, concatenating and sorting beats looking at every list's head for each position.</summary>
        private const int MostMerged = 8;

        /// <summary>
        /// The union of ascending lists, ascending and without repeats. A target asks this for every zone it holds, with the
        /// flows (or zone groups) from and to 'any': a few lists of thousands of positions, merged by their heads instead
        /// of sorted again (sorting them was about 2 % of a large policy's check).
        /// </summary>
        public static List<int> Union(List<List<int>> lists)
        {
            int total = 0;
            foreach (var l in lists) total += l.Count;
            var result = new List<int>(total);
            if (lists.Count > MostMerged)
            {
                foreach (var l in lists) result.AddRange(l);
                result.Sort();
                int kept = 0;
                for (int i = 0; i < result.Count; i++)
                    if (kept == 0 || result[i] != result[kept - 1]) result[kept++] = result[i];
                result.RemoveRange(kept, result.Count - kept);
                return result;
            }
            var at = new int[lists.Count];
            int last = -1;
            while (true)
            {
                int best = -1, value = 0;
                for (int k = 0; k < lists.Count; k++)
                {
                    if (at[k] == lists[k].Count) continue;
                    int v = lists[k][at[k]];
                    if (best < 0 || v < value) { best = k; value = v; }
                }
                if (best < 0) return result;
                at[best]++;
                if (value != last || result.Count == 0) result.Add(value);
                last = value;
            }
        }
    }
}
