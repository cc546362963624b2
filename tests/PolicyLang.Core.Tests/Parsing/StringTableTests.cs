using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using PolicyLang.Parsing;
using Xunit;

namespace PolicyLang.Tests.Parsing
{
    /// <summary>
    /// The parser's string table interns substrings of the source: the same characters give the same instance, other
    /// characters another string, whatever the hashes, and the table keeps every string while it grows.
    /// </summary>
    public class StringTableTests
    {
        [Fact]
        public void Equal_substrings_are_one_instance_and_different_ones_are_their_own_text()
        {
            // Words drawn from a small alphabet repeat and share prefixes; some are longer than what is interned.
            Gen.String[Gen.Char["az-09."], 0, 60].Array[1, 400].Sample(words =>
            {
                var text = string.Join(" ", words);
                var table = new StringTable();
                var seen = new Dictionary<string, string>(StringComparer.Ordinal);
                int start = 0;
                foreach (var w in words)
                {
                    var got = table.Get(text, start, w.Length);
                    Assert.Equal(w, got);
                    if (w.Length <= 48)
                    {
                        if (seen.TryGetValue(w, out var first)) Assert.Same(first, got);
                        else seen[w] = got;
                    }
                    start += w.Length + 1;
                }
            }, iter: 300);
        }

        [Fact]
        public void Strings_with_the_same_hash_stay_apart_and_growth_keeps_every_one()
        {
            // "Aa" and "BB" have the same hash (31 * 'A' + 'a' == 31 * 'B' + 'B'), so all 2^10 words of ten such pairs
            // collide; with numbered names they make the table grow several times.
            var words = new List<string>();
            for (int bits = 0; bits < 1 << 10; bits++)
                words.Add(string.Concat(Enumerable.Range(0, 10).Select(k => (bits >> k & 1) == 0 ? "Aa" : "BB")));
            for (int i = 0; i < 20_000; i++) words.Add("zone-" + i);
            Assert.Single(words.Take(1 << 10).Select(w => StringTable.Hash(w, 0, w.Length)).Distinct());
            var text = string.Join(" ", words);
            var table = new StringTable();
            var firsts = new List<string>();
            int start = 0;
            foreach (var w in words)
            {
                firsts.Add(table.Get(text, start, w.Length));
                start += w.Length + 1;
            }
            start = 0;
            for (int i = 0; i < words.Count; i++)
            {
                var again = table.Get(text, start, words[i].Length);
                Assert.Equal(words[i], again);
                Assert.Same(firsts[i], again);
                start += words[i].Length + 1;
            }
        }
    }
}
