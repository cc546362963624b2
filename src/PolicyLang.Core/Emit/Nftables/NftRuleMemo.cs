using System.Runtime.InteropServices;
using PolicyLang.Analysis.HeaderSpace;

namespace PolicyLang.Emit.Nftables
{
    /// <summary>
    /// What rules of nft exports were read as, by the text that decides it, for the exports read after them in a run: border
    /// gateways of many sites run thousands of the same rules (every flow of the internet zone), each in its own table. A
    /// rule's reading depends only on its chain's family, its <c>expr</c> array as the export writes it, and the elements of
    /// the named sets it uses; those are the key, compared in full (a hash only finds the candidates), so a rule is taken from
    /// here only when reading it again would give the same match, verdict and words. A rule is remembered the second time it
    /// is met (the first time only its hash is noted), so exports that share nothing keep nothing but hashes. Thread-safe;
    /// bounded in what it keeps (the keys' text and an estimate of each reading's packet set), past which rules are read as
    /// before.
    /// </summary>
    internal sealed class NftRuleMemo
    {
        /// <summary>The memory kept at most: keys' and sets' text (two bytes a character) and readings (estimated by their largest levels).</summary>
        public const long MaxKeptBytes = 256L * 1024 * 1024;

        /// <summary>Hashes of rules met once, at most (about 20 MB).</summary>
        public const int MaxSeenOnce = 1 << 20;

        /// <summary>A rule as first read: its match, verdict, target, DSCP, uncertainty and words serve every rule of the same key
        /// (its chain, handle and position are the first export's).</summary>
        private sealed class RuleEntry(string family, string expr, int[] sets, NftStateRule reading)
        {
            public readonly string Family = family;
            public readonly string Expr = expr;
            public readonly int[] Sets = sets;
            public readonly NftStateRule Reading = reading;
        }

        private readonly object _gate = new object();
        private readonly Dictionary<ulong, List<RuleEntry>> _rules = new Dictionary<ulong, List<RuleEntry>>();
        private readonly Dictionary<ulong, List<(string Elements, int Id)>> _sets = new Dictionary<ulong, List<(string, int)>>();
        private readonly HashSet<ulong> _seenOnce = new HashSet<ulong>();
        private long _kept;

        /// <summary>How many rules were taken from here (for tests and measurements).</summary>
        public int Hits { get; private set; }

        /// <summary>How many readings are kept (for tests).</summary>
        public int Kept { get; private set; }

        /// <summary>The number that stands for a named set's elements as written (<paramref name="elements"/>); the same text, the same number. -1: not kept (the memo is full).</summary>
        public int SetId(ReadOnlySpan<char> elements)
        {
            ulong hash = Hash(elements, 0x9E3779B97F4A7C15UL);
            lock (_gate)
            {
                if (_sets.TryGetValue(hash, out var list))
                    foreach (var (text, known) in list)
                        if (elements.SequenceEqual(text.AsSpan())) return known;
                if (_kept + 2L * elements.Length > MaxKeptBytes) return -1;
                if (list == null) _sets[hash] = list = new List<(string, int)>(1);
                int id = _nextSetId++;
                list.Add((elements.ToString(), id));
                _kept += 2L * elements.Length;
                return id;
            }
        }

        private int _nextSetId;

        public NftStateRule? Find(string family, ReadOnlySpan<char> expr, int[] sets)
        {
            ulong hash = RuleHash(family, expr, sets);
            lock (_gate)
            {
                if (!_rules.TryGetValue(hash, out var list)) return null;
                foreach (var e in list)
                    if (e.Family == family && e.Sets.AsSpan().SequenceEqual(sets) && expr.SequenceEqual(e.Expr.AsSpan()))
                    {
                        Hits++;
                        return e.Reading;
                    }
                return null;
            }
        }

        /// <summary>Offers a rule just read: kept if a rule of the same hash was met before (and there is room), else its hash is noted.</summary>
        public void Add(string family, ReadOnlySpan<char> expr, int[] sets, NftStateRule reading)
        {
            ulong hash = RuleHash(family, expr, sets);
            long size = 2L * expr.Length + Estimate(reading.Match);
            lock (_gate)
            {
                if (!_seenOnce.Contains(hash))
                {
                    if (_seenOnce.Count < MaxSeenOnce) _seenOnce.Add(hash);
                    return;
                }
                if (_kept + size > MaxKeptBytes) return;
                if (!_rules.TryGetValue(hash, out var list)) _rules[hash] = list = new List<RuleEntry>(1);
                foreach (var e in list)
                    if (e.Family == family && e.Sets.AsSpan().SequenceEqual(sets) && expr.SequenceEqual(e.Expr.AsSpan())) return; // another thread's
                list.Add(new RuleEntry(family, expr.ToString(), sets, reading));
                _kept += size;
                Kept++;
            }
        }

        /// <summary>
        /// The bytes a reading's packet set holds, roughly: the address ranges of its top two levels (a named set of thousands
        /// of prefixes is one of them), as if shared with no other reading.
        /// </summary>
        private static long Estimate(PacketSet match)
        {
            var root = match.Root;
            if (root == null) return 0;
            long ranges = root.Segments.Length;
            foreach (var child in root.Children) ranges += child.Segments.Length;
            return 40L * ranges + 64L * (1 + root.Children.Length);
        }

        private static ulong RuleHash(string family, ReadOnlySpan<char> expr, int[] sets)
        {
            ulong h = Hash(family.AsSpan(), 0xC2B2AE3D27D4EB4FUL);
            h = Hash(expr, h);
            foreach (var s in sets) h = (h ^ (uint)s) * 0x100000001B3UL;
            return h;
        }

        /// <summary>A 64-bit hash of characters, eight bytes at a time: finds candidates, which are then compared in full.</summary>
        private static ulong Hash(ReadOnlySpan<char> chars, ulong seed)
        {
            ulong h = seed ^ (ulong)chars.Length;
            var words = MemoryMarshal.Cast<char, ulong>(chars);
            foreach (var w in words) h = (h ^ w) * 0x9E3779B97F4A7C15UL ^ (h >> 29);
            for (int i = words.Length * 4; i < chars.Length; i++) h = (h ^ chars[i]) * 0x9E3779B97F4A7C15UL;
            return h;
        }
    }
}
