namespace PolicyLang.Text
{
    /// <summary>
    /// The same string for the same short text, without allocating for text seen recently: the words of a configuration or
    /// an export (permit, tcp, host, member names, families, addresses used again) repeat thousands of times. Direct-mapped
    /// and bounded: a slot holds the last string that hashed to it, so a stream of distinct texts costs a new string each
    /// and keeps no more than the table (the parser's string table, by contrast, keeps every name of a policy).
    /// </summary>
    internal sealed class RecentStrings
    {
        private readonly string?[] _slots;
        private readonly int _longest;

        /// <param name="slots">Table size, a power of two.</param>
        /// <param name="longest">Longer texts are not looked up: a new string each.</param>
        public RecentStrings(int slots, int longest)
        {
            if (slots <= 0 || (slots & (slots - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(slots), "a power of two");
            _slots = new string?[slots];
            _longest = longest;
        }

        /// <summary>A string equal to <paramref name="chars"/>: the one kept for it, or a new one (then kept).</summary>
        public string Get(ReadOnlySpan<char> chars)
        {
            if (chars.Length > _longest) return chars.ToString();
            uint hash = 2166136261;
            foreach (var c in chars) hash = (hash ^ c) * 16777619;
            ref var slot = ref _slots[hash & (uint)(_slots.Length - 1)];
            if (slot != null && chars.SequenceEqual(slot.AsSpan())) return slot;
            return slot = chars.ToString();
        }
    }
}
